"""The roll-up: every generated page carries the most restrictive marking of what it holds.

A page holds a brief when it shows anything the brief says or adds: its title in a list, its
events on a timeline, its sources in the register, a count or a tie in a picture. The catalog
is already the audience's (``briefing.audience``); this says, of what the audience may read,
how far each page may travel. The registries and the hand-written pages hold nothing marked
(``markings.UNMARKED_CONTENT``). The banner itself is drawn by the theme
(``overrides/partials/marking.html``) from the page's ``br_marking``.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, TypeVar

from ..catalog import Catalog
from ..markings import MEANING, UNMARKED_CONTENT, most_restrictive, of, rank, rolled_up, slug
from ..model import Brief, Marking
from . import uris
from .html import esc
from .pictures.network import EGO_LIMIT, co_actors_by_closeness

META_KEY = "br_marking"  # in a page's front matter: its label, as the banner shows it


def whole_site(catalog: Catalog) -> Marking:
    """What the site-wide pages hold (home, timeline, sources, indexes, feeds, data, search);
    worked out once per catalog (a build asks for it several times)."""
    found = catalog.derived.get(("marking", "whole site"))
    if found is None:
        found = catalog.derived["marking", "whole site"] = rolled_up(catalog.briefs)
    return found  # type: ignore[return-value]


def page_markings(
    catalog: Catalog, kept: Mapping[str, Marking] | None = None
) -> dict[str, Marking]:
    """The marking of each generated page, by ``src_uri`` (``briefing.site.pages.generate``);
    ``kept``: the markings of pages known to hold what they held (under serve, the pages no
    change reached: ``pages.affected``), taken as they are."""
    kept = kept or {}
    site = whole_site(catalog)
    out = {
        page: site
        for page in (
            uris.HOME,
            uris.TOPICS_INDEX,
            uris.ACTORS_INDEX,
            uris.TIMELINE,
            uris.SOURCES,
            uris.JUDGMENTS,
        )
    }
    for topic_id in catalog.topics:
        if uris.topic(topic_id) in kept and uris.book(topic_id) in kept:
            out[uris.topic(topic_id)] = kept[uris.topic(topic_id)]
            out[uris.book(topic_id)] = kept[uris.book(topic_id)]
            continue
        briefs = catalog.by_topic.get(topic_id, [])
        # A merged event shows what every brief reporting it says, whatever that brief's topic.
        # (Each report's brief, not ``entry.briefs``: the same labels, without the brief lists.)
        reports = [b for e in catalog.timeline_by_topic.get(topic_id, []) for b, _ in e.reports]
        out[uris.topic(topic_id)] = rolled_up([*briefs, *reports])
        out[uris.book(topic_id)] = rolled_up(briefs)  # it shows the latest, and counts them all
    pairs: dict[tuple[str, str], Marking] | None = None
    for actor_id in catalog.actors:
        if uris.actor(actor_id) in kept:
            out[uris.actor(actor_id)] = kept[uris.actor(actor_id)]
            continue
        if pairs is None:
            pairs = _ties(catalog)
        held = [
            *catalog.by_actor.get(actor_id, []),
            *(b for e in catalog.timeline_by_actor.get(actor_id, []) for b, _ in e.reports),
        ]
        # The actor's network draws the ties among its closest co-actors, from their own briefs.
        ring = sorted(co_actors_by_closeness(actor_id, catalog)[:EGO_LIMIT])
        among = [
            pairs[(a, b)] for i, a in enumerate(ring) for b in ring[i + 1 :] if (a, b) in pairs
        ]
        out[uris.actor(actor_id)] = most_restrictive([rolled_up(held), *among])
    for brief in catalog.briefs:
        if uris.brief(brief.id) in kept:
            out[uris.brief(brief.id)] = kept[uris.brief(brief.id)]
            continue
        held = [
            brief,
            *(related.brief for related in catalog.related.get(brief.id, [])),
            *catalog.backlinks.get(brief.id, []),
        ]
        out[uris.brief(brief.id)] = rolled_up(held)
    return out


def _ties(catalog: Catalog) -> dict[tuple[str, str], Marking]:
    """Each pair of actors sharing a brief (ids in order): the narrowest such brief's marking."""
    ties: dict[tuple[str, str], Marking] = {}
    for brief in catalog.briefs:
        marking = of(brief)
        actors = sorted(set(brief.actors))
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                current = ties.get((a, b))
                if current is None or rank(marking) > rank(current):
                    ties[(a, b)] = marking
    return ties


Meta = TypeVar("Meta", bound=MutableMapping[str, Any])


def stamp(meta: Meta, marking: Marking | None) -> Meta:
    """``meta`` with the page's marking in it (hand-written pages: ``UNMARKED_CONTENT``)."""
    meta[META_KEY] = (marking or UNMARKED_CONTENT).value
    return meta


def marked_page(markdown: str, marking: Marking) -> str:
    """A hand-written page's Markdown with ``marking`` in its front matter (the home page that
    ``briefing render`` writes, which lists briefs)."""
    line = f'{META_KEY}: "{marking.value}"\n'
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end != -1:
            return markdown[: end + 1] + line + markdown[end + 1 :]
    return f"---\n{line}---\n\n{markdown}"


def badge(brief: Brief) -> str:
    """A brief's own label, in TLP's colours, where its content starts (its card)."""
    marking = of(brief)
    return (
        f'<span class="br-tlp br-tlp--{slug(marking)}" title="{esc(MEANING[marking])}">'
        f"{esc(marking.value)}</span>"
    )
