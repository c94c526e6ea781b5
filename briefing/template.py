"""Start a new brief from a template: a valid id from the title, today's date, a draft status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from slugify import slugify as _transliterated_slug

from .load import fields, unfinished
from .load.files import brief_files
from .wording import q

MAX_ID_LENGTH = 60


def slugify(title: str) -> str:
    """A brief id from a title: its words transliterated to ASCII (python-slugify's tables:
    "Заявление МИД" is ``zaiavlenie-mid``), lowercase, joined by single hyphens, cut at a word
    within ``MAX_ID_LENGTH``; empty when the title holds nothing to spell an id with."""
    return _transliterated_slug(title, max_length=MAX_ID_LENGTH, word_boundary=True)


def id_problem(root: Path, brief_id: str) -> str | None:
    """Why ``brief_id`` cannot name a new brief under ``root``, or None: the checker's rules for a
    file name (the id pattern, the reserved ids) and an id no brief in the tree has yet."""
    if not brief_id:
        return "the title gives no id (it holds no letters or digits)"
    if not fields.ID_PATTERN.fullmatch(brief_id):
        return (
            f"{q(brief_id)} is not a valid brief id: use lowercase letters, digits and "
            "single hyphens"
        )
    why = fields.RESERVED_IDS["brief"].get(brief_id)
    if why:
        return f"brief id {q(brief_id)} is reserved: {why}"
    existing = [p for p in brief_files(root) if p.stem == brief_id] if root.is_dir() else []
    if existing:
        return f"a brief with id '{brief_id}' already exists: {existing[0]}"
    return None


def _quoted(value: str) -> str:
    # JSON strings are valid YAML double-quoted scalars, so any title is written safely.
    return json.dumps(value, ensure_ascii=False)


TODO_SUMMARY = unfinished.SUMMARY  # each placeholder is an error once the brief is published


def render_template(
    title: str, *, topics: list[str], actors: list[str], today: dt.date, summary: str | None = None
) -> str:
    topic_lines = "".join(f"  - {t}\n" for t in topics)
    actor_lines = "".join(f"  - {a}\n" for a in actors)
    return (
        "---\n"
        f"title: {_quoted(title)}\n"
        f"summary: {_quoted(summary or TODO_SUMMARY)}\n"
        f"date: {today.isoformat()}\n"
        "status: draft  # change to published when the brief is ready\n"
        "# marking: TLP:GREEN  # who may read it (TLP 2.0); none: the site's default\n"
        f"topics:\n{topic_lines}"
        f"actors:\n{actor_lines}"
        "events: []\n"
        "sources:\n"
        "  - id: s1\n"
        f"    title: {_quoted(unfinished.SOURCE_TITLE)}\n"
        f"    publisher: {_quoted(unfinished.SOURCE_PUBLISHER)}\n"
        "    reliability: F  # Admiralty A–F: how far the source has been reliable\n"
        "    credibility: 6  # Admiralty 1–6: how far this information is confirmed\n"
        "judgments: []  # each: text, likelihood (a term of the site's scale), "
        "confidence, sources: [s1]\n"
        "---\n\n"
        f"## What happened\n\n{unfinished.BODY}\n\n"
        f"## Why it matters\n\n{unfinished.BODY}\n"
    )


class NewBriefError(Exception):
    """The brief cannot be created; the message says why."""


def create(
    root: Path,
    title: str,
    *,
    topics: list[str],
    actors: list[str],
    today: dt.date | None = None,
    summary: str | None = None,
    brief_id: str | None = None,
) -> Path:
    """Write the new brief under ``root/YYYY/`` (the year of its date, ``today``) and return its
    path; never overwrites. Its id is ``brief_id`` or, when None, made from the title."""
    today = today or dt.date.today()
    brief_id = slugify(title) if brief_id is None else brief_id
    if problem := id_problem(root, brief_id):
        raise NewBriefError(problem)
    path = root / str(today.year) / f"{brief_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(
                render_template(title, topics=topics, actors=actors, today=today, summary=summary)
            )
    except FileExistsError:
        raise NewBriefError(f"{path} already exists; not overwriting it") from None
    return path
