"""Checks across files: ids that must exist, ids that must be unique, staleness, links.

Each check is a function from loaded values to problems, so each can be tested alone and the
CLI and the build report the same problems in the same words.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Iterator

from .links import resolve
from .model import Actor, Brief, Problem, Severity, Topic
from .quote import q
from .suggest import did_you_mean


def _error(brief: Brief, key: tuple, message: str) -> Problem:
    return Problem(brief.path, brief.line_of(*key), Severity.ERROR, message)


def _warning(brief: Brief, key: tuple, message: str) -> Problem:
    return Problem(brief.path, brief.line_of(*key), Severity.WARNING, message)


def duplicate_ids(briefs: list[Brief]) -> Iterator[Problem]:
    """A brief id is its file name, and must be unique across the whole tree."""
    by_id: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        by_id[brief.id].append(brief)
    for brief_id, same in by_id.items():
        if len(same) > 1:
            for brief in same:
                others = ", ".join(other.path for other in same if other is not brief)
                yield Problem(brief.path, 1, Severity.ERROR, f"brief id '{brief_id}' is used by more than one file: also {others}")


def registry_ids(brief: Brief, actors: dict[str, Actor], topics: dict[str, Topic]) -> Iterator[Problem]:
    """Every topic and actor a brief or its events name must be in the registries."""
    for index, topic in enumerate(brief.topics):
        if topic not in topics:
            yield _error(brief, ("topics", index), f"unknown topic '{topic}'{did_you_mean(topic, topics)}: add it to topics.yml or fix the id")
    for index, actor in enumerate(brief.actors):
        if actor not in actors:
            yield _error(brief, ("actors", index), f"unknown actor '{actor}'{did_you_mean(actor, actors)}: add it to actors.yml or fix the id")
    for event_index, event in enumerate(brief.events):
        for index, actor in enumerate(event.actors):
            if actor not in actors:
                yield _error(brief, ("events", event_index, "actors", index), f"unknown actor '{actor}' in event {q(event.title)}{did_you_mean(actor, actors)}")


def related_ids(brief: Brief, by_id: dict[str, Brief]) -> Iterator[Problem]:
    """Declared related briefs must exist; pointing at a draft is allowed but flagged."""
    for index, other in enumerate(brief.related):
        target = by_id.get(other)
        if other == brief.id:
            yield _error(brief, ("related", index), "a brief cannot be related to itself")
        elif target is None:
            others = (known for known in by_id if known != brief.id)  # never suggest the brief itself
            yield _error(brief, ("related", index), f"unknown related brief '{other}'{did_you_mean(other, others)}")
        elif brief.published and not target.published:
            yield _warning(brief, ("related", index), f"related brief '{other}' is a draft: the link will not appear on the site")


def body_links(brief: Brief, by_path: dict[str, Brief]) -> Iterator[Problem]:
    """A relative link to a ``.md`` file must land on a brief that exists."""
    for link in brief.brief_links:
        target = by_path.get(resolve(brief.path, link.path))
        if target is None:
            name = posixpath.basename(link.path)[:-3]
            known = {b.id for b in by_path.values()}
            yield Problem(brief.path, link.line, Severity.ERROR, f"link to missing brief {q(link.path)}{did_you_mean(name, known)}")
        elif brief.published and not target.published:
            yield Problem(brief.path, link.line, Severity.WARNING, f"link to draft brief {q(link.path)}: it will show as plain text on the site")


def staleness(brief: Brief, today: dt.date) -> Iterator[Problem]:
    if brief.published and brief.stale(today):
        yield _warning(brief, ("review_by",), f"brief is stale: its review date {brief.review_by} has passed")


def cross_checks(briefs: list[Brief], actors: dict[str, Actor], topics: dict[str, Topic], *, today: dt.date) -> list[Problem]:
    """Every check that needs more than one file, over all loaded briefs."""
    problems = list(duplicate_ids(briefs))
    by_id = {brief.id: brief for brief in briefs}
    by_path = {brief.path: brief for brief in briefs}
    for brief in briefs:
        problems.extend(registry_ids(brief, actors, topics))
        problems.extend(related_ids(brief, by_id))
        problems.extend(body_links(brief, by_path))
        problems.extend(staleness(brief, today))
    return problems
