"""``actors.yml`` and ``topics.yml`` into the model: each entry validated, each problem on its line."""

from __future__ import annotations

from pathlib import Path

from ..model import (
    Actor,
    ActorKind,
    Problem,
    Severity,
    Topic,
)
from ..wording import q
from . import schema
from .brief import _has_error, parse_yaml
from .files import (
    LINKED_OUTSIDE,
    display_path,
    outside,
    read_text,
)
from .schema import ID_PATTERN, Validator
from .yamltext import Document

# A registry is many small entries (an actor with aliases is about ten values); the 2 MB file
# limit bounds it anyway.
MAX_REGISTRY_NODES = 200_000


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
        topics[topic_id] = Topic(
            topic_id, fields["title"], fields.get("description"), line=doc.line(topic_id)
        )
    return topics, problems


def _registry(
    path: Path, what: str
) -> tuple[list[tuple[str, object]], list[Problem], Document, str]:
    shown = display_path(path)
    empty = Document(None)
    if path.is_symlink() and outside(path, path.parent):
        return [], [Problem(shown, 1, Severity.ERROR, LINKED_OUTSIDE)], empty, shown
    if not path.exists():
        return (
            [],
            [
                Problem(
                    shown,
                    1,
                    Severity.ERROR,
                    f"the {what} registry is missing: every brief's {what} must be listed in it",
                )
            ],
            empty,
            shown,
        )
    text, problems = read_text(path, shown)
    if text is None:
        return [], problems, empty, shown
    doc, problems = parse_yaml(text, shown, max_nodes=MAX_REGISTRY_NODES)
    if doc is None:
        return [], problems, empty, shown
    if not isinstance(doc.value, dict):
        return (
            [],
            [
                Problem(
                    shown,
                    1,
                    Severity.ERROR,
                    f"{path.name} must map each {what[:-1]} id to its fields",
                )
            ],
            doc,
            shown,
        )
    entries = []
    for entry_id, values in doc.value.items():
        if not ID_PATTERN.fullmatch(entry_id):
            problems.append(
                Problem(
                    shown,
                    doc.line(entry_id),
                    Severity.ERROR,
                    f"{what[:-1]} id {q(entry_id)} may hold only lowercase letters, digits and single hyphens",
                )
            )
            continue
        entries.append((entry_id, values))
    return entries, problems, doc, shown
