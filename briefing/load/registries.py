"""``actors.yml`` and ``topics.yml`` into the model: each entry validated, each problem on its line.

One mistake costs one entry: a registry holds every actor or topic of the site, so an entry with
an error (even a YAML syntax error, or a duplicate id) is left out alone, and the others load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from ..model import (
    Actor,
    ActorKind,
    Problem,
    Severity,
    Topic,
)
from ..wording import q
from .brief import _has_error
from .fields import ACTOR, TOPIC
from .files import (
    display_path,
    link_problem,
    read_text,
)
from .schema import Validator
from .yamltext import Document, YamlError, parse

# A registry is many small entries (an actor with aliases is about ten values); the 2 MB file
# limit bounds it anyway.
MAX_REGISTRY_NODES = 200_000

Entry = TypeVar("Entry", Actor, Topic)

# A line starting a top-level entry: not indented, not a comment, not a document marker.
_ENTRY_START = re.compile(r"^(?![\s#]|---|\.\.\.|$)")
_DOCUMENT_MARK = re.compile(r"^(---|\.\.\.)(\s|$)")
_ENTRY_ID = re.compile(r"""^(["']?)([^"':#\s][^"':#]*?)\1\s*:""")


@dataclass
class Registry(Generic[Entry]):
    """One registry file: the entries that loaded, every problem, and the entries left out."""

    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # id -> "path:line" of each entry left out for an error: briefs naming it are told why.
    broken: dict[str, str] = field(default_factory=dict)


def load_actors(path: Path) -> Registry[Actor]:
    """Read ``actors.yml``: a mapping of actor id to its fields."""

    def actor(actor_id: str, fields: dict, line: int) -> Actor:
        kind = fields.get("kind")
        return Actor(
            id=actor_id,
            name=fields["name"],
            kind=ActorKind(kind) if kind else None,
            aliases=fields.get("aliases", []),
            country=fields.get("country"),
            role=fields.get("role"),
            description=fields.get("description"),
            line=line,
        )

    return _load(path, "actor", ACTOR, actor)


def load_topics(path: Path) -> Registry[Topic]:
    """Read ``topics.yml``: a mapping of topic id to title and description."""

    def topic(topic_id: str, fields: dict, line: int) -> Topic:
        return Topic(topic_id, fields["title"], fields.get("description"), line=line)

    return _load(path, "topic", TOPIC, topic)


def _load(path: Path, kind: str, spec: dict, make) -> Registry:
    shown = display_path(path)
    registry = Registry()
    doc = _document(path, kind, shown, registry)
    if doc is None:
        return registry
    if not isinstance(doc.value, dict):
        return registry  # refused by _document
    for entry_id, values in doc.value.items():
        line = doc.line(entry_id)
        where = f"{shown}:{line}"
        check = Validator(shown, doc)
        values_of = check.entry(kind, spec, entry_id, values)
        registry.problems.extend(check.problems)
        if values_of is None or _has_error(check.problems):
            registry.broken.setdefault(entry_id, where)
            continue
        registry.entries[entry_id] = make(entry_id, values_of, line)
    return registry


def _document(path: Path, kind: str, shown: str, registry: Registry) -> Document | None:
    """The registry as one mapping of id to values, or None (the reason is in the problems)."""

    def fail(message: str, line: int = 1) -> None:
        registry.problems.append(Problem(shown, line, Severity.ERROR, message))

    linked = link_problem(path, path.parent) if path.is_symlink() else None
    if linked:
        fail(linked)
        return None
    if not path.exists():
        fail(f"the {kind}s registry is missing: every brief's {kind}s must be listed in it")
        return None
    text, problems = read_text(path, shown)
    registry.problems.extend(problems)
    if text is None:
        return None
    try:
        doc = parse(text, max_nodes=MAX_REGISTRY_NODES, where=path.name)
    except YamlError as err:
        if err.whole_file:
            fail(err.message, err.line)
            return None
        doc = _entry_by_entry(text, kind, shown, path.name, registry)
    if not isinstance(doc.value, dict):
        fail(f"{path.name} must map each {kind} id to its fields")
        return None
    return doc


def _entry_by_entry(text: str, kind: str, shown: str, name: str, registry: Registry) -> Document:
    """Parse each top-level entry alone, when the whole file is not valid YAML: a syntax error
    or a duplicate id then costs its own entry, reported on its line, and the rest loads."""
    lines = text.split("\n")
    starts = [index for index, text_line in enumerate(lines) if _ENTRY_START.match(text_line)]
    for index, text_line in enumerate(lines):
        if starts and index > starts[0] and _DOCUMENT_MARK.match(text_line):
            registry.problems.append(
                Problem(
                    shown,
                    index + 1,
                    Severity.ERROR,
                    f"a {q(text_line.strip()[:3])} line inside the registry ends its YAML "
                    "document: remove it",
                )
            )
            lines[index] = ""  # the entries on either side of it still load
    merged: dict[str, object] = {}
    where: dict[tuple, int] = {(): 1}
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        chunk = "\n".join(lines[start:end])
        named = _ENTRY_ID.match(lines[start])
        try:
            part = parse(chunk, first_line=start + 1, max_nodes=MAX_REGISTRY_NODES, where=name)
        except YamlError as err:
            registry.problems.append(Problem(shown, err.line, Severity.ERROR, err.message))
            if named:
                registry.broken.setdefault(named.group(2), f"{shown}:{start + 1}")
            continue
        if not isinstance(part.value, dict):
            registry.problems.append(
                Problem(
                    shown,
                    start + 1,
                    Severity.ERROR,
                    f"a line at the top of the registry must start an entry: '{kind} id:' "
                    "followed by its fields, indented",
                )
            )
            continue
        for entry_id, values in part.value.items():
            line = part.lines.get((entry_id,), start + 1)
            if entry_id in merged:
                first = where[(entry_id,)]
                registry.problems.append(
                    Problem(
                        shown,
                        line,
                        Severity.ERROR,
                        f"{kind} id {q(entry_id)} is already used on line {first}: "
                        "this entry is not read; merge the two or rename one",
                    )
                )
                continue
            merged[entry_id] = values
            where.update(
                (key, value) for key, value in part.lines.items() if key and key[0] == entry_id
            )
    return Document(merged, where)
