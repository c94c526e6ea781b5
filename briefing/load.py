"""Read briefs and registries from disk into the model, one file at a time.

Every file either becomes a value of the model or is named in a ``Problem``; nothing here
raises for bad input. Cross-file checks (unknown ids, duplicates) live in ``checks``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import body_limits, schema
from .frontmatter import FrontMatterError, split
from .links import find_links
from .quote import clean, q
from .model import Actor, ActorKind, Brief, Confidence, Event, Judgment, Problem, Severity, Source, Status, Topic
from .schema import ID_PATTERN, Validator
from .yamltext import MAX_NODES, Document, YamlError, parse

MAX_BYTES = 2 * 1024 * 1024  # a brief is prose plus front matter; anything bigger is a mistake
# A registry is many small entries (an actor with aliases is about ten values); the 2 MB file
# limit bounds it anyway.
MAX_REGISTRY_NODES = 200_000
LINKED_OUTSIDE = "file is a symbolic link to a file outside the briefs folder: not read"
ACTORS_FILE = "actors.yml"
TOPICS_FILE = "topics.yml"
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def printable(text: str) -> str:
    """A file name that was not UTF-8 on disk, with its bad bytes shown as ``\\xNN``: safe to print."""
    return clean(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def display_path(path: str | os.PathLike) -> str:
    """The path as an analyst would type it: relative to the working folder when inside it."""
    path = printable(os.fspath(path))
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def display_paths(root: Path, files: list[Path]) -> list[str]:
    """``display_path`` of many files under ``root``: the folder's relative path worked out once."""
    base, prefix = display_path(root), len(os.fspath(root)) + 1
    if os.path.isabs(base) or base.startswith(".."):  # the working folder may be inside the briefs folder: ask per file
        return [display_path(path) for path in files]
    joined = []
    for path in files:
        text = os.fspath(path)
        if not text.startswith(os.fspath(root)):
            joined.append(display_path(path))
            continue
        inner = printable(text[prefix:]).replace(os.sep, "/")
        joined.append(inner if base == "." else f"{base}/{inner}")
    return joined


def outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (a symbolic link, or under one) really lives outside the folder ``root``."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def brief_files(root: str | os.PathLike) -> list[Path]:
    """Every ``*.md`` under the briefs folder, in a stable order. Hidden folders are skipped."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, name) for name in sorted(files) if name.endswith(".md"))
    return found


@dataclass
class Loaded:
    """What one file gave: its value (or None) and its problems."""

    value: object | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.value is None or any(p.severity is Severity.ERROR for p in self.problems)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read (too big, not UTF-8)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"file is {size:,} bytes; a brief may be at most {MAX_BYTES:,} bytes (2 MB)"
            return None, [Problem(shown, 1, Severity.ERROR, message)]
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, 1, Severity.ERROR, f"cannot read file: {err.strerror or err}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        message = f"file is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8"
        return None, [Problem(shown, line, Severity.ERROR, message)]


def parse_yaml(text: str, shown: str, *, first_line: int = 1, max_nodes: int = MAX_NODES) -> tuple[Document | None, list[Problem]]:
    try:
        return parse(text, first_line=first_line, max_nodes=max_nodes), []
    except YamlError as err:
        return None, [Problem(shown, err.line, Severity.ERROR, err.message)]


def load_brief(path: Path, *, shown: str | None = None) -> Loaded:
    """Load one brief file; its id is the file name without ``.md``."""
    shown = shown or display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return Loaded(None, problems)
    return brief_from_text(text, shown, printable(path.stem))


def brief_from_text(text: str, shown: str, brief_id: str) -> Loaded:
    """Turn a brief's text into a ``Brief``; the pure core of ``load_brief``."""
    bad_id = []
    if not ID_PATTERN.fullmatch(brief_id):
        bad_id = [Problem(shown, 1, Severity.ERROR, f"file name {q(brief_id + '.md')} is not a valid brief id: use lowercase letters, digits and single hyphens")]
    try:
        parts = split(text)
    except FrontMatterError as err:
        return Loaded(None, bad_id + [Problem(shown, err.line, Severity.ERROR, err.message)])
    doc, problems = parse_yaml(parts.yaml_text, shown, first_line=parts.yaml_line)
    if doc is None:
        return Loaded(None, bad_id + problems)
    if doc.value is None:
        return Loaded(None, bad_id + [Problem(shown, 1, Severity.ERROR, "front matter is empty: title, summary, date, topics, actors and sources are required")])
    check = Validator(shown, doc, problems=bad_id)
    fields = check.record(doc.value, schema.BRIEF, (), "front matter")
    if fields is None:
        return Loaded(None, check.problems)
    brief = _brief(fields, brief_id, shown, parts.body, parts.body_line, doc)
    if brief is not None:
        _check_brief(brief, check.problems)
        for offset, message in body_limits.problems(brief.body):
            check.problems.append(Problem(shown, brief.body_line + brief.body.count("\n", 0, offset), Severity.ERROR, message))
    # The brief is returned even with errors so cross-file checks can report on it too;
    # ``Loaded.failed`` keeps it off the site.
    return Loaded(brief, check.problems)


def _has_error(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _brief(fields: dict, brief_id: str, shown: str, body: str, body_line: int, doc: Document) -> Brief | None:
    required = ("title", "summary", "date", "topics", "actors", "sources")
    if any(name not in fields for name in required):
        return None  # already reported by the validator
    lines = _Lines(doc.lines)
    for index, event in enumerate(fields.get("events", [])):
        if event is not None and "actors" in event:
            event["actors"] = lines.compact(event["actors"], ("events", index, "actors"))
    return Brief(
        id=brief_id,
        path=shown,
        title=fields["title"],
        summary=fields["summary"],
        date=fields["date"],
        updated=fields.get("updated"),
        status=Status(fields.get("status", Status.PUBLISHED.value)),
        topics=lines.compact(fields["topics"], ("topics",)),
        actors=lines.compact(fields["actors"], ("actors",)),
        events=[_event(e) for e in lines.compact(fields.get("events", []), ("events",), lambda e: "date" in e and "title" in e)],
        sources=[_source(s) for s in lines.compact(fields["sources"], ("sources",), lambda s: "title" in s and "publisher" in s)],
        judgments=[Judgment(j["text"], Confidence(j["confidence"])) for j in lines.compact(fields.get("judgments", []), ("judgments",), lambda j: "text" in j and "confidence" in j)],
        related=lines.compact(fields.get("related", []), ("related",)),
        review_by=fields.get("review_by"),
        body=body,
        body_line=body_line,
        lines=lines.lines,
        brief_links=[link for link in find_links(body, first_line=body_line) if link.is_local_markdown],
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
                prefix = path + (old,)
                for key, line in snapshot.items():
                    if key[:depth] == prefix:
                        self.lines[path + (new,) + key[depth:]] = line
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
            report(Severity.ERROR, ("events", index, "end"), f"event {q(event.title)} ends ({event.end}) before it starts ({event.date})")
    seen: dict[str, int] = {}
    for index, source in enumerate(brief.sources):
        source.line = brief.line_of("sources", index)
        if source.id is None:
            continue
        if source.id in seen:
            report(Severity.ERROR, ("sources", index, "id"), f"source id '{source.id}' is used twice in this brief (first on line {seen[source.id]})")
        else:
            seen[source.id] = brief.line_of("sources", index, "id")
    for index, judgment in enumerate(brief.judgments):
        judgment.line = brief.line_of("judgments", index)
    sentences = len(_SENTENCE_END.findall(brief.summary.strip()))
    if sentences > 3:
        report(Severity.WARNING, ("summary",), f"summary has {sentences} sentences; a bottom line up front is 1–3")
    if brief.updated is not None and brief.updated < brief.date:
        report(Severity.WARNING, ("updated",), f"'updated' ({brief.updated}) is before the brief's date ({brief.date})")


def load_actors(path: Path) -> tuple[dict[str, Actor], list[Problem]]:
    """Read ``actors.yml``: a mapping of actor id to its fields."""
    entries, problems, doc, shown = _registry(path, "actors")
    actors: dict[str, Actor] = {}
    for actor_id, values in entries:
        check = Validator(shown, doc)
        fields = check.record(values, schema.ACTOR, (actor_id,), f"actor '{actor_id}'")
        problems.extend(check.problems)
        if fields is None or _has_error(check.problems):
            continue
        kind = fields.get("kind")
        actors[actor_id] = Actor(
            id=actor_id,
            name=fields["name"],
            kind=ActorKind(kind) if kind else None,
            aliases=fields.get("aliases", []),
            country=fields.get("country"),
            role=fields.get("role"),
            description=fields.get("description"),
            line=doc.line(actor_id),
        )
    return actors, problems


def load_topics(path: Path) -> tuple[dict[str, Topic], list[Problem]]:
    """Read ``topics.yml``: a mapping of topic id to title and description."""
    entries, problems, doc, shown = _registry(path, "topics")
    topics: dict[str, Topic] = {}
    for topic_id, values in entries:
        check = Validator(shown, doc)
        fields = check.record(values, schema.TOPIC, (topic_id,), f"topic '{topic_id}'")
        problems.extend(check.problems)
        if fields is None or _has_error(check.problems):
            continue
        topics[topic_id] = Topic(topic_id, fields["title"], fields.get("description"), line=doc.line(topic_id))
    return topics, problems


def _registry(path: Path, what: str) -> tuple[list[tuple[str, object]], list[Problem], Document, str]:
    shown = display_path(path)
    empty = Document(None)
    if path.is_symlink() and outside(path, path.parent):
        return [], [Problem(shown, 1, Severity.ERROR, LINKED_OUTSIDE)], empty, shown
    if not path.exists():
        return [], [Problem(shown, 1, Severity.ERROR, f"the {what} registry is missing: every brief's {what} must be listed in it")], empty, shown
    text, problems = read_text(path, shown)
    if text is None:
        return [], problems, empty, shown
    doc, problems = parse_yaml(text, shown, max_nodes=MAX_REGISTRY_NODES)
    if doc is None:
        return [], problems, empty, shown
    if not isinstance(doc.value, dict):
        return [], [Problem(shown, 1, Severity.ERROR, f"{path.name} must map each {what[:-1]} id to its fields")], doc, shown
    entries = []
    for entry_id, values in doc.value.items():
        if not ID_PATTERN.fullmatch(entry_id):
            problems.append(Problem(shown, doc.line(entry_id), Severity.ERROR, f"{what[:-1]} id {q(entry_id)} may hold only lowercase letters, digits and single hyphens"))
            continue
        entries.append((entry_id, values))
    return entries, problems, doc, shown
