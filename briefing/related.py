"""Related briefs: the ones an analyst lists, then the best scored from shared actors, shared topics
and closeness in date. Part of the catalog, kept apart because the scoring is its own job.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from .model import Brief

RELATED_LIMIT = 5
# Candidates for "related" are the briefs nearest in date among those sharing an actor or
# topic: bounded per brief, so the whole computation stays linear.
NEIGHBOURS = 5


@dataclass
class Related:
    """A related brief and why: declared by the analyst, or scored from shared actors, topics and
    dates.
    """

    brief: Brief
    declared: bool
    reason: str
    score: float = 0.0


def _nearest(pool: list[Brief], dates: list[int], brief: Brief) -> list[Brief]:
    """The briefs of ``pool`` (sorted oldest first, ordinal ``dates``) nearest in date to
    ``brief``.
    """
    at = bisect.bisect_left(dates, brief.date.toordinal())
    return pool[max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]


@dataclass
class Kept:
    """The related briefs of an earlier build, by id, and a digest of what they were scored from
    (each brief's id, date, topics, actors and listed related briefs): kept by the caller across
    the rebuilds of one ``mkdocs serve``, where most saves change none of these, and in the
    build store between builds (CI), where most pull requests change none of them either."""

    made_from: bytes = b""
    ids: dict[str, list[tuple[str, bool, str, float]]] = field(default_factory=dict)


def related_briefs(briefs, by_id, by_topic, by_actor, *, kept: Kept | None = None):
    """Each brief's related briefs (declared first, then the best scored), by brief id; from
    ``kept`` when it was made from the same."""
    if kept is None:
        return _score(briefs, by_id, by_topic, by_actor)
    made_from = hashlib.blake2b(
        repr([(b.id, b.date, b.topics, b.actors, b.related) for b in briefs]).encode(),
        digest_size=20,
    ).digest()
    if made_from == kept.made_from:
        return {
            brief_id: [
                Related(by_id[other], declared, reason, score)
                for other, declared, reason, score in rows
            ]
            for brief_id, rows in kept.ids.items()
        }
    related = _score(briefs, by_id, by_topic, by_actor)
    kept.made_from = made_from
    kept.ids = {
        brief_id: [(r.brief.id, r.declared, r.reason, r.score) for r in rows]
        for brief_id, rows in related.items()
    }
    return related


def _score(briefs, by_id, by_topic, by_actor) -> dict[str, list[Related]]:
    sorted_pools: dict[tuple[str, str], tuple[list[Brief], list[int]]] = {}
    for kind, index in (("topic", by_topic), ("actor", by_actor)):
        for key, members in index.items():
            ordered = sorted(members, key=lambda b: (b.date, b.id))
            sorted_pools[(kind, key)] = (ordered, [b.date.toordinal() for b in ordered])
    # Sets and day numbers once per brief: scoring runs about a hundred times per brief.
    actor_sets = {b.id: frozenset(b.actors) for b in briefs}
    topic_sets = {b.id: frozenset(b.topics) for b in briefs}
    days = {b.id: b.date.toordinal() for b in briefs}
    related: dict[str, list[Related]] = {}
    for brief in briefs:
        declared = [
            Related(by_id[other], True, "listed by the analyst")
            for other in brief.related
            if other in by_id
        ]
        seen = {brief.id, *(r.brief.id for r in declared)}
        candidates: dict[str, Brief] = {}
        for kind, keys in (("topic", brief.topics), ("actor", brief.actors)):
            for key in keys:
                pool, dates = sorted_pools[(kind, key)]
                for other in _nearest(pool, dates, brief):
                    if other.id not in seen:
                        candidates[other.id] = other
        mine_a, mine_t, mine_d = actor_sets[brief.id], topic_sets[brief.id], days[brief.id]
        ranked = []
        for other in candidates.values():
            shared_a, shared_t = (
                len(mine_a & actor_sets[other.id]),
                len(mine_t & topic_sets[other.id]),
            )
            apart = abs(days[other.id] - mine_d)
            ranked.append(
                (
                    -(3.0 * shared_a + shared_t + _closeness(apart)),
                    apart,
                    other.id,
                    other,
                    shared_a,
                    shared_t,
                )
            )
        ranked.sort(key=lambda row: row[:3])
        top = ranked[: max(0, RELATED_LIMIT - len(declared))]
        related[brief.id] = declared + [
            Related(other, False, _reason(a, t, apart), score=-score)
            for score, apart, _, other, a, t in top
        ]
    return related


def _closeness(days: int) -> float:
    return 2.0 if days <= 7 else 1.0 if days <= 31 else 0.5 if days <= 180 else 0.0


def _reason(actors: int, topics: int, days: int) -> str:
    """Why a brief is related, in words: "2 shared actors · same topic · 3 days apart"."""
    reasons = []
    if actors:
        reasons.append(f"{actors} shared actor{'s' if actors > 1 else ''}")
    if topics:
        reasons.append("same topic" if topics == 1 else f"{topics} shared topics")
    reasons.append("same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart")
    return " · ".join(reasons)
