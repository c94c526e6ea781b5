"""Related briefs scored again in part (``briefing.related``): after a few briefs change, only the
briefs they can move are scored again, and every brief's related briefs are those scoring all of
them gives. Many briefs share a day and a topic here, so that candidates are cut by nearness."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from briefing.model import Brief
from briefing.related import PART, Kept, related_briefs

TOPICS = [f"topic-{n}" for n in range(4)]
ACTORS = [f"actor-{n}" for n in range(12)]
START = dt.date(2025, 1, 1)


def brief(number: int, rng: random.Random) -> Brief:
    return Brief(
        id=f"brief-{number:04d}",
        path=f"briefs/brief-{number:04d}.md",
        title=f"Brief {number}",
        summary="",
        date=START + dt.timedelta(days=rng.randrange(40)),
        topics=rng.sample(TOPICS, rng.randint(1, 2)),
        actors=rng.sample(ACTORS, rng.randint(1, 3)),
        sources=[],
        # Some list others: a deleted or added brief changes what they list.
        related=[f"brief-{rng.randrange(number + 1):04d}" for _ in range(rng.choice([0, 0, 1, 2]))],
    )


def scored(briefs: list[Brief], kept: Kept | None) -> dict[str, list[tuple]]:
    by_id = {b.id: b for b in briefs}
    by_topic, by_actor = defaultdict(list), defaultdict(list)
    for b in briefs:
        for topic in b.topics:
            by_topic[topic].append(b)
        for actor in b.actors:
            by_actor[actor].append(b)
    related = related_briefs(briefs, by_id, by_topic, by_actor, kept=kept)
    return {
        brief_id: [(r.brief.id, r.declared, r.reason, r.score) for r in rows]
        for brief_id, rows in related.items()
    }


def edit(briefs: list[Brief], rng: random.Random, made: list[int]) -> list[Brief]:
    """One to three changes an analyst makes: a date, topics, actors or related briefs changed, a
    brief added or deleted."""
    briefs = list(briefs)
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["date", "topics", "actors", "related", "added", "deleted"])
        at = rng.randrange(len(briefs))
        old = briefs[at]
        if kind == "added":
            made[0] += 1
            briefs.append(brief(made[0], rng))
        elif kind == "deleted":
            del briefs[at]
        else:
            value = {
                "date": START + dt.timedelta(days=rng.randrange(40)),
                "topics": rng.sample(TOPICS, rng.randint(1, 2)),
                "actors": rng.sample(ACTORS, rng.randint(1, 3)),
                "related": [rng.choice(briefs).id for _ in range(rng.randint(0, 2))],
            }[kind]
            briefs[at] = Brief(**{**old.__dict__, kind: value})
    return briefs


@pytest.mark.parametrize("seed", range(4))
def test_related_briefs_scored_in_part_are_those_scored_whole(seed):
    rng = random.Random(seed)
    made = [600]
    briefs = [brief(number, rng) for number in range(made[0])]
    kept = Kept()
    assert scored(briefs, kept) == scored(briefs, None)
    assert kept.rescored == len(briefs)
    in_part = []
    for _ in range(60):
        briefs = edit(briefs, rng, made)
        assert scored(briefs, kept) == scored(briefs, None)
        in_part.append(kept.rescored)
    # Each time, few briefs were scored again: the shortcut is what was tested.
    assert max(in_part) < len(briefs) / 2, in_part


def test_many_changes_score_every_brief_again():
    rng = random.Random(7)
    briefs = [brief(number, rng) for number in range(400)]
    kept = Kept()
    scored(briefs, kept)
    changed = int(PART * len(briefs)) + 1
    briefs = [
        Brief(**{**b.__dict__, "date": b.date + dt.timedelta(days=1)}) if i < changed else b
        for i, b in enumerate(briefs)
    ]
    assert scored(briefs, kept) == scored(briefs, None)
    assert kept.rescored == len(briefs)
