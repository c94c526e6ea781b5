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
    # Each brief's id -> what it was scored from: its date (a day number), topics, actors and
    # listed related briefs. A few briefs changed: only the briefs they can move are scored again.
    scored_from: dict[str, tuple] = field(default_factory=dict)
    rescored: int = 0  # briefs scored by the last call (all of them, or those a change can move)


# Scored again in part while at most this share of the briefs changed; past it, all are.
PART = 0.05

Pools = dict[tuple[str, str], tuple[list[Brief], list[int]]]


def related_briefs(briefs, by_id, by_topic, by_actor, *, kept: Kept | None = None):
    """Each brief's related briefs (declared first, then the best scored), by brief id; from
    ``kept`` when it was made from the same, and for the briefs a few changed briefs cannot move.
    """
    if kept is None:
        return _score(briefs, by_id, _pools(by_topic, by_actor))
    made_from = hashlib.blake2b(
        repr([(b.id, b.date, b.topics, b.actors, b.related) for b in briefs]).encode(),
        digest_size=20,
    ).digest()
    if made_from == kept.made_from:
        kept.rescored = 0
        return _taken(kept.ids, by_id)
    scored_from = {
        b.id: (b.date.toordinal(), tuple(b.topics), tuple(b.actors), tuple(b.related))
        for b in briefs
    }
    changed = {
        brief_id
        for brief_id in scored_from.keys() | kept.scored_from.keys()
        if scored_from.get(brief_id) != kept.scored_from.get(brief_id)
    }
    pools = _pools(by_topic, by_actor)
    if kept.scored_from and len(changed) <= PART * len(briefs):
        moved = _moved(briefs, changed, pools, kept.scored_from, scored_from)
        unmoved = {i: rows for i, rows in kept.ids.items() if i in scored_from and i not in moved}
        related = _taken(unmoved, by_id)
        related.update(_score([b for b in briefs if b.id in moved], by_id, pools))
        related = {b.id: related[b.id] for b in briefs}  # in the briefs' order, as scored whole
        kept.rescored = len(moved)
    else:
        related = _score(briefs, by_id, pools)
        kept.rescored = len(briefs)
    kept.made_from = made_from
    kept.scored_from = scored_from
    kept.ids = {
        brief_id: [(r.brief.id, r.declared, r.reason, r.score) for r in rows]
        for brief_id, rows in related.items()
    }
    return related


def _taken(ids: dict[str, list[tuple]], by_id) -> dict[str, list[Related]]:
    return {
        brief_id: [
            Related(by_id[other], declared, reason, score)
            for other, declared, reason, score in rows
        ]
        for brief_id, rows in ids.items()
    }


def _pools(by_topic, by_actor) -> Pools:
    """Each topic's and actor's briefs, oldest first, with their day numbers."""
    sorted_pools: Pools = {}
    for kind, index in (("topic", by_topic), ("actor", by_actor)):
        for key, members in index.items():
            ordered = sorted(members, key=lambda b: (b.date, b.id))
            sorted_pools[(kind, key)] = (ordered, [b.date.toordinal() for b in ordered])
    return sorted_pools


def _moved(briefs, changed: set[str], pools: Pools, before: dict, now: dict) -> set[str]:
    """The briefs whose related briefs ``changed`` briefs (edited, added or removed) may move:
    those themselves; those listing one of them; and those that had or have one of them among
    their candidates (``_nearest``) in a topic or actor they share. A brief's candidates in a
    pool are the nearest in date: if no changed brief is among them before or after, they are
    the same unchanged briefs, and so are its scores."""
    moved = set(changed) & now.keys()
    moved.update(b.id for b in briefs if not changed.isdisjoint(b.related))
    touched: set[tuple[str, str]] = set()
    for brief_id in changed:
        for signature in (before.get(brief_id), now.get(brief_id)):
            if signature is not None:
                touched.update(("topic", key) for key in signature[1])
                touched.update(("actor", key) for key in signature[2])
    for pool_key in touched:
        members, dates = pools.get(pool_key, ([], []))
        # The same pool as it was: its unchanged members, and the changed ones that were in it.
        kind = 1 if pool_key[0] == "topic" else 2
        old = sorted(
            [(b.date.toordinal(), b.id) for b in members if b.id not in changed]
            + [(before[i][0], i) for i in changed if i in before and pool_key[1] in before[i][kind]]
        )
        old_days = [day for day, _ in old]
        for brief in members:
            if brief.id in moved:
                continue
            day = brief.date.toordinal()
            at = bisect.bisect_left(dates, day)
            if any(b.id in changed for b in members[max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]):
                moved.add(brief.id)
                continue
            at = bisect.bisect_left(old_days, day)
            window = old[max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]
            if any(other in changed for _, other in window):
                moved.add(brief.id)
    return moved


def _score(briefs, by_id, sorted_pools: Pools) -> dict[str, list[Related]]:
    # Sets and day numbers once per brief: scoring runs about a hundred times per brief.
    actor_sets = {b.id: frozenset(b.actors) for b in by_id.values()}
    topic_sets = {b.id: frozenset(b.topics) for b in by_id.values()}
    days = {b.id: b.date.toordinal() for b in by_id.values()}
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
