"""Hints, shown only when asked for (``briefing check --hints``): an actor the brief lists but its
text never names, and an actor its text names but the brief does not list. The same matcher
links actors' first mentions on the page (``briefing.body.mentions``), so both agree."""

from __future__ import annotations

from collections.abc import Iterator

from ..body.mentions import MentionScanner
from ..model import Actor, Brief, Problem, Severity


def actor_mentions(
    brief: Brief, actors: dict[str, Actor], scanner: MentionScanner
) -> Iterator[Problem]:
    """Hints: an actor listed but never named in the text, and an actor named but not listed."""
    named = scanner.first_mentions(brief.body)
    for index, actor_id in enumerate(brief.actors):
        actor = actors.get(actor_id)
        if actor is not None and actor_id not in named:
            spellings = " or ".join(
                dict.fromkeys(n for n in (actor.name, *actor.aliases) if n.strip())
            )
            yield Problem(
                brief.path,
                brief.line_of("actors", index),
                Severity.HINT,
                f"actor '{actor_id}' is listed but the text never names it (as {spellings})",
            )
    listed = set(brief.actors)
    for actor_id, mention in named.items():
        if actor_id not in listed:
            yield Problem(
                brief.path,
                mention.line,
                Severity.HINT,
                f"the text names '{mention.words}' but actor '{actor_id}' is not listed in actors",
            )
