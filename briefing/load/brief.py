"""One brief file into the model: front matter validated against the schema, the body kept with its
line.

Every file either becomes a ``Brief`` or is named in a ``Problem``; nothing here raises for bad
input. Cross-file checks (unknown ids, duplicates) live in ``briefing.check``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..body.tree import parse_body
from ..markings import parse as parse_marking
from ..model import (
    Brief,
    Change,
    Confidence,
    Event,
    Judgment,
    Marking,
    Problem,
    Severity,
    Source,
    Status,
)
from ..wording import did_you_mean, q
from . import schema, unfinished
from .fields import BRIEF, ID_PATTERN
from .files import (
    display_path,
    printable,
    read_text,
)
from .frontmatter import FrontMatterError, split
from .schema import Validator
from .yamltext import MAX_NODES, Document, YamlError, parse

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_NO_DATE = dt.date.min  # the date of a brief whose own date is missing or invalid (reported)


@dataclass
class Loaded:
    """What one file gave: its value (or None) and its problems."""

    value: Brief | None
    problems: list[Problem] = field(default_factory=list)
    # A file that could not be made into a brief but says "status: draft": its problems are
    # never quoted where readers or editors might see them (the editors' page).
    draft: bool = False
    # A file that could not be made into a brief: the marking its front matter's text gives
    # (``unmarked``: it has no marking line, so the site's default). Neither: a file whose marking
    # is not known, shown to no audience (briefing.audience).
    marking: Marking | None = None
    unmarked: bool = False

    @property
    def failed(self) -> bool:
        return self.value is None or any(p.severity is Severity.ERROR for p in self.problems)


def parse_yaml(
    text: str, shown: str, *, first_line: int = 1, max_nodes: int = MAX_NODES
) -> tuple[Document | None, list[Problem]]:
    try:
        return parse(text, first_line=first_line, max_nodes=max_nodes), []
    except YamlError as err:
        return None, [Problem(shown, err.line, Severity.ERROR, err.message)]


def load_brief(path: Path, *, shown: str | None = None) -> Loaded:
    """Load one brief file; its id is the file name without ``.md``."""
    return load_brief_text(path, shown=shown)[1]


def load_brief_text(path: Path, *, shown: str | None = None) -> tuple[str | None, Loaded]:
    """``load_brief``, with the text the brief was made from (None where the file was not read):
    what the brief cache knows it by."""
    shown = shown or display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, Loaded(None, problems)
    return text, brief_from_text(text, shown, printable(path.name[: -len(".md")]))


_MARKING_LINE = re.compile(r"^marking[ \t]*:(.*?)\r?$", re.MULTILINE)
_SAYS_DRAFT = re.compile(r"""^status[ \t]*:[ \t]*(["']?)draft\1[ \t]*(?:#.*)?\r?$""", re.MULTILINE)


def brief_from_text(text: str, shown: str, brief_id: str) -> Loaded:
    """Turn a brief's text into a ``Brief``; the pure core of ``load_brief``."""
    loaded = _from_text(text, shown, brief_id)
    if loaded.value is None:  # its status is unknown: look for the line, in the front matter
        end = text.find("\n---", 3)
        front = text if end < 0 else text[:end]
        loaded.draft = bool(_SAYS_DRAFT.search(front))
        # Its marking too: who may see its name and problems on the editors' page.
        marks = _MARKING_LINE.findall(front)
        loaded.unmarked = not marks
        value = marks[0].split("#", 1)[0].strip().strip("'\"") if len(marks) == 1 else ""
        loaded.marking = parse_marking(value.strip())
    return loaded


def _from_text(text: str, shown: str, brief_id: str) -> Loaded:
    bad_id = []
    if not ID_PATTERN.fullmatch(brief_id):
        bad_id = [
            Problem(
                shown,
                1,
                Severity.ERROR,
                f"file name {q(brief_id + '.md')} is not a valid brief id: use lowercase "
                f"letters, digits and single hyphens",
            )
        ]
    elif reserved := schema.reserved("brief", brief_id):
        bad_id = [Problem(shown, 1, Severity.ERROR, reserved)]
    try:
        parts = split(text)
    except FrontMatterError as err:
        return Loaded(None, [*bad_id, Problem(shown, err.line, Severity.ERROR, err.message)])
    doc, problems = parse_yaml(parts.yaml_text, shown, first_line=parts.yaml_line)
    if doc is None:
        return Loaded(None, bad_id + problems)
    if doc.value is None:
        return Loaded(
            None,
            [
                *bad_id,
                Problem(
                    shown,
                    1,
                    Severity.ERROR,
                    "front matter is empty: title, summary, date, topics, actors "
                    "and sources are required",
                ),
            ],
        )
    check = Validator(shown, doc, problems=bad_id)
    fields = check.record(doc.value, BRIEF, (), "front matter")
    if fields is None:
        return Loaded(None, check.problems)
    brief = _brief(fields, brief_id, shown, parts.body, parts.body_line, doc)
    brief.text_digest = _digest(text)
    brief.front_digest = _digest(parts.yaml_text, repr(brief.body.facts()))
    _check_brief(brief, check.problems)
    for line, message in brief.body.problems:
        check.problems.append(Problem(shown, line, Severity.ERROR, message))
    # The brief is returned even with errors so cross-file checks can report on it too;
    # ``Loaded.failed`` keeps it off the site.
    return Loaded(brief, check.problems)


def _digest(*texts: str) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for text in texts:
        hashed.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return hashed.hexdigest()


def _has_error(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _brief(
    fields: dict, brief_id: str, shown: str, body: str, body_line: int, doc: Document
) -> Brief:
    # A required field missing or invalid is already reported, and keeps the brief off the site;
    # the brief is still made, with the field empty, so every other problem in it is found too
    # (an actor typo beside a bad date). Such a brief never reaches the pages.
    lines = _Lines(doc.lines)
    for index, event in enumerate(fields.get("events", [])):
        if event is not None and "actors" in event:
            event["actors"] = lines.compact(event["actors"], ("events", index, "actors"))
    for index, judgment in enumerate(fields.get("judgments", [])):
        if judgment is not None and "sources" in judgment:
            judgment["sources"] = lines.compact(
                judgment["sources"], ("judgments", index, "sources")
            )
    return Brief(
        id=brief_id,
        path=shown,
        title=fields.get("title", ""),
        summary=fields.get("summary", ""),
        date=fields.get("date", _NO_DATE),
        updated=fields.get("updated"),
        status=Status(fields.get("status", Status.PUBLISHED.value)),
        topics=lines.compact(fields.get("topics", []), ("topics",)),
        actors=lines.compact(fields.get("actors", []), ("actors",)),
        events=[
            _event(e)
            for e in lines.compact(
                fields.get("events", []), ("events",), lambda e: "date" in e and "title" in e
            )
        ],
        sources=[
            _source(s)
            for s in lines.compact(
                fields.get("sources", []),
                ("sources",),
                lambda s: "title" in s and "publisher" in s,
            )
        ],
        judgments=[
            _judgment(j)
            for j in lines.compact(
                fields.get("judgments", []),
                ("judgments",),
                lambda j: "text" in j and "confidence" in j,
            )
        ],
        related=lines.compact(fields.get("related", []), ("related",)),
        review_by=fields.get("review_by"),
        changes=[
            Change(c["date"], c["note"])
            for c in lines.compact(
                fields.get("changes", []), ("changes",), lambda c: "date" in c and "note" in c
            )
        ],
        supersedes=fields.get("supersedes"),
        marking=fields.get("marking"),
        body=parse_body(body, body_line),
        lines=lines.lines,
    )


class _Lines:
    """A brief's front-matter lines, kept right when invalid list items are dropped.

    Later checks find an item's line by its position; when an earlier item of the same list was
    invalid (and already reported), every later item moves up, so its lines move with it.
    """

    def __init__(self, lines: dict[tuple, int]) -> None:
        self.lines = lines
        self.copied = False

    def compact(self, items: list, path: tuple, keep=lambda item: True) -> list:
        kept = [(old, item) for old, item in enumerate(items) if item is not None and keep(item)]
        moves = [(old, new) for new, (old, _) in enumerate(kept) if old != new]
        if moves:
            snapshot = dict(self.lines)  # read old positions from here while writing new ones
            if not self.copied:  # the document's map is shared; copy it only on this rare path
                self.lines, self.copied = dict(snapshot), True
            depth = len(path) + 1
            for old, new in moves:
                prefix = (*path, old)
                for key, line in snapshot.items():
                    if key[:depth] == prefix:
                        self.lines[(*path, new, *key[depth:])] = line
        return [item for _, item in kept]


def _event(values: dict) -> Event:
    return Event(
        date=values["date"],
        title=values["title"],
        end=values.get("end"),
        location=values.get("location"),
        actors=values.get("actors", []),
        id=values.get("id"),
    )


def _judgment(values: dict) -> Judgment:
    likelihood = values.get("likelihood")
    return Judgment(
        text=values["text"],
        confidence=Confidence(values["confidence"]),
        # Written as the scale writes it, whatever the case and spacing: "Very  Likely" is "very
        # likely".
        likelihood=" ".join(likelihood.lower().split()) if likelihood else None,
        sources=values.get("sources", []),
        id=values.get("id"),
    )


def _source(values: dict) -> Source:
    return Source(
        id=values.get("id"),
        title=values["title"],
        publisher=values["publisher"],
        url=values.get("url"),
        published=values.get("published"),
        accessed=values.get("accessed"),
        reliability=values.get("reliability"),
        credibility=values.get("credibility"),
    )


def _check_brief(brief: Brief, problems: list[Problem]) -> None:
    """Checks that need only this file: ranges, duplicate source ids, the length of the BLUF.

    Lines come from ``brief.line_of``, which follows items past any invalid ones dropped before.
    """

    def report(severity: Severity, key: tuple, message: str) -> None:
        problems.append(Problem(brief.path, brief.line_of(*key), severity, message))

    for index, event in enumerate(brief.events):
        event.line = brief.line_of("events", index)
        if event.end is not None and event.end < event.date:
            report(
                Severity.ERROR,
                ("events", index, "end"),
                f"event {q(event.title)} ends ({event.end}) before it starts ({event.date})",
            )
    seen: dict[str, int] = {}
    for index, source in enumerate(brief.sources):
        source.line = brief.line_of("sources", index)
        if source.id is not None:
            _once(brief, "source", source.id, ("sources", index, "id"), seen, report)
    _check_judgments(brief, seen, report)
    for index, change in enumerate(brief.changes):
        change.line = brief.line_of("changes", index)
    for key, message in unfinished.problems(brief):
        line = brief.body.first_line + key[1] if key[0] == "body" else brief.line_of(*key)
        problems.append(Problem(brief.path, line, Severity.ERROR, message))
    sentences = len(_SENTENCE_END.findall(brief.summary.strip()))
    if sentences > 3:
        report(
            Severity.WARNING,
            ("summary",),
            f"summary has {sentences} sentences; a bottom line up front is 1–3",
        )
    if brief.updated is not None and brief.updated < brief.date:
        report(
            Severity.WARNING,
            ("updated",),
            f"'updated' ({brief.updated}) is before the brief's date ({brief.date})",
        )


def _once(brief: Brief, what: str, ident: str, key: tuple, seen: dict[str, int], report) -> None:
    """An id used once in this brief: the first use is recorded in ``seen``, a second reported."""
    if ident in seen:
        report(
            Severity.ERROR,
            key,
            f"{what} id '{ident}' is used twice in this brief (first on line {seen[ident]})",
        )
    else:
        seen[ident] = brief.line_of(*key)


def _check_judgments(brief: Brief, source_ids: dict[str, int], report) -> None:
    """Each judgment rests on this brief's sources (required once published), and a judgment id
    appears once per brief. The likelihood term is checked later, against the site's scale."""
    seen: dict[str, int] = {}
    for index, judgment in enumerate(brief.judgments):
        judgment.line = brief.line_of("judgments", index)
        if judgment.id is not None:
            _once(brief, "judgment", judgment.id, ("judgments", index, "id"), seen, report)
        if not judgment.sources and brief.published:
            known = ", ".join(source_ids) or "none yet: give the sources ids"
            report(
                Severity.ERROR,
                ("judgments", index),
                f"judgment {index + 1} names no sources: list the ids of the sources "
                f"that support it "
                f"under its 'sources' (this brief's source ids: {known})",
            )
        for place, source_id in enumerate(judgment.sources):
            if source_id not in source_ids:
                report(
                    Severity.ERROR,
                    ("judgments", index, "sources", place),
                    f"unknown source '{source_id}' in judgment "
                    f"{index + 1}{did_you_mean(source_id, source_ids)}: "
                    "use the id of one of this brief's sources",
                )
