"""What the search worker knows of each page besides its words: whether it is a brief or a
listing of briefs, and a brief's date, topics and actors (for ``topic:``, ``actor:`` and
``date:`` in a query, and so that a listing never outranks the briefs it lists)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...catalog import Catalog
from .. import uris
from ..html import Links

# A page's kind, as the worker reads it (search-worker.js: KIND).
CONTENT, BRIEF, LISTING, TOPIC, ACTOR = range(5)


@dataclass
class Facts:
    """Page facts by location (as Material's index gives it), and the registries they point into."""

    # location -> [kind, date as YYYYMMDD or 0, topic numbers, actor numbers]
    pages: dict[str, list] = field(default_factory=dict)
    topics: list[list[str]] = field(default_factory=list)  # [id, title]
    actors: list[list[str]] = field(default_factory=list)  # [id, name, alias, ...]

    def of(self, location: str) -> list:
        """A page's facts; a page not generated here (a hand-written one) is plain content."""
        return self.pages.get(location, [CONTENT, 0, [], []])


def page_facts(catalog: Catalog, *, directory_urls: bool) -> Facts:
    """The facts of every page the catalog makes, keyed by the URL MkDocs gives it."""
    links = Links(directory_urls=directory_urls)
    topic_number = {topic_id: n for n, topic_id in enumerate(catalog.topics)}
    actor_number = {actor_id: n for n, actor_id in enumerate(catalog.actors)}
    facts = Facts(
        topics=[[t.id, t.title] for t in catalog.topics.values()],
        actors=[[a.id, a.name, *a.aliases] for a in catalog.actors.values()],
    )
    for src_uri in (
        uris.HOME,
        uris.TOPICS_INDEX,
        uris.ACTORS_INDEX,
        uris.TIMELINE,
        uris.SOURCES,
        uris.ATTENTION,
    ):
        facts.pages[links.url(src_uri)] = [LISTING, 0, [], []]
    for topic_id, number in topic_number.items():
        facts.pages[links.url(uris.topic(topic_id))] = [TOPIC, 0, [number], []]
    for actor_id, number in actor_number.items():
        facts.pages[links.url(uris.actor(actor_id))] = [ACTOR, 0, [], [number]]
    for brief in catalog.briefs:
        facts.pages[links.url(uris.brief(brief.id))] = [
            BRIEF,
            int(f"{brief.date:%Y%m%d}"),
            [topic_number[t] for t in brief.topics if t in topic_number],
            [actor_number[a] for a in brief.actors if a in actor_number],
        ]
    return facts
