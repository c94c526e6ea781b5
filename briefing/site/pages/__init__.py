"""Every generated page, keyed by its place in the site (its MkDocs ``src_uri``).

``generate`` is the emit stage for pages: the MkDocs plugin hands each page's front matter to
MkDocs and its finished HTML (``Doc.finish``) in place of a conversion; ``briefing render`` writes
each page as Markdown with raw HTML (``Doc.markdown``) for engines that run no plugin.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ...catalog import Catalog
from .. import rollup, uris
from ..body import Bodies, body_html, body_links
from ..data import BRIEFS_JSON, TIMELINE_JSON, datafiles
from ..doc import Doc
from ..feeds import feeds
from ..html import Links, front_matter
from ..pictures.network import EGO_LIMIT, co_actors_by_closeness
from . import brief, indexes, judgments, sources, timeline


@dataclass(frozen=True)
class Page:
    """A generated page: its front matter, how to write it, and the file an analyst edits (if any).

    ``write`` makes the page's Doc when called: brief pages are written on demand, in the worker
    that finishes them when the build has workers (``briefing.plugin.workers``).
    """

    meta: dict | None  # None: known once the page is written (MkDocs gets it with the HTML)
    write: Callable[[], Doc]
    source_path: str | None = None
    brief: bool = False
    # Everything ``write`` reads, as plain values, where that is cheaper to know than the Doc
    # (brief pages: ``brief.page_inputs``); None where only the Doc says.
    inputs: Callable[[], tuple] | None = None

    def inputs_key(self) -> bytes | None:
        """A digest of the page's inputs: equal keys, equal Docs, in any process of the same
        engine (the build store finds pages by it): plain values only, in a fixed order."""
        if self.inputs is None:
            return None
        return hashlib.blake2b(repr(self.inputs()).encode("utf-8"), digest_size=20).digest()

    @property
    def blocks(self) -> list[str]:
        """The page's HTML blocks (its pictures, lists and tables), written afresh."""
        return self.write().blocks

    @property
    def content(self) -> str:
        """What MkDocs reads as the page's file: its front matter; the HTML comes finished."""
        return front_matter(self.meta) if self.meta is not None else ""


# The indexes of the whole corpus (``generate``): few, and each as long as the corpus.
WHOLE_CORPUS = tuple(
    uris.inside_site(src_uri)
    for src_uri in (
        uris.TOPICS_INDEX,
        uris.ACTORS_INDEX,
        uris.TIMELINE,
        uris.SOURCES,
        uris.JUDGMENTS,
    )
)


def generate(
    catalog: Catalog,
    *,
    directory_urls: bool = True,
    bodies: Bodies = body_html,
    links: Links | None = None,
    marked: dict | None = None,
) -> dict[str, Page]:
    """Every generated page, each with its marking (``rollup``); links in them follow the site's
    URL style (or ``links``' own). ``bodies`` gives a brief body's HTML (``body_html``, or a
    build's kept copy of what it made); ``marked``: each page's marking, where the caller has
    them already (``rollup.page_markings``)."""
    links = links or Links(directory_urls=directory_urls)
    pages: dict[str, Page] = {}
    marked = rollup.page_markings(catalog) if marked is None else marked

    def stamped(src_uri: str, write: Callable[[], Doc]) -> Callable[[], Doc]:
        def make() -> Doc:
            doc = write()
            rollup.stamp(doc.meta, marked.get(src_uri))
            return doc

        return make

    def later(src_uri: str, write: Callable[[], Doc], inputs: Callable[[], tuple]) -> None:
        def known() -> tuple:
            settings = (links.directory_urls, links.from_source, marked.get(src_uri))
            return (src_uri, settings, *inputs())

        pages[uris.inside_site(src_uri)] = Page(None, stamped(src_uri, write), inputs=known)

    def whole() -> tuple:  # an index of the whole corpus, which shows no body
        return (catalog.digest_but_bodies,)

    # Topic, book and actor pages are many, with pictures: written where they are finished.
    for topic_id in catalog.topics:
        later(
            uris.topic(topic_id),
            partial(indexes.topic_page, topic_id, catalog, links),
            partial(topic_inputs, topic_id, catalog),
        )
        later(
            uris.book(topic_id),
            partial(brief.book, topic_id, catalog, links, bodies),
            partial(book_inputs, topic_id, catalog),
        )
    for actor_id in catalog.actors:
        later(
            uris.actor(actor_id),
            partial(indexes.actor_page, actor_id, catalog, links),
            partial(actor_inputs, actor_id, catalog),
        )

    # The indexes too: a large corpus makes them long, and a body edit changes none of them.
    def actors() -> tuple:  # the actors index lists no brief: how many name each actor, and who
        # appears with whom (its network picture)
        return (
            catalog.settings_digest,
            sorted((actor_id, len(briefs)) for actor_id, briefs in catalog.by_actor.items()),
            sorted(
                (actor_id, sorted(ties.items())) for actor_id, ties in catalog.co_actors.items()
            ),
        )

    for src_uri, index_page, known in (
        (uris.TOPICS_INDEX, indexes.topics_index, whole),
        (uris.ACTORS_INDEX, indexes.actors_index, actors),
        (uris.TIMELINE, timeline.page, whole),
        (uris.SOURCES, sources.page, whole),
        (uris.JUDGMENTS, judgments.page, whole),
    ):
        later(src_uri, partial(index_page, catalog, links), known)
    # Brief pages are most of a site: written when finished (in a worker, when there are workers).
    for item in catalog.briefs:
        src_uri = uris.inside_site(uris.brief(item.id))
        write = stamped(src_uri, partial(brief.page, item, catalog, links, bodies))
        pages[src_uri] = Page(
            rollup.stamp(brief.meta(item, catalog), marked.get(src_uri)),
            write,
            source_path=item.path,
            brief=True,
            inputs=partial(brief.page_inputs, item, catalog, links, marked.get(src_uri)),
        )
    return pages


def _entries(entries: list, catalog: Catalog) -> tuple:
    """Timeline entries as their pages read them: merged events, the briefs reporting them (by
    id) and their datings (``Catalog.entries_digest``); then each reporting brief once
    (``Catalog.listed``)."""
    reporting = {b.id: b for e in entries for b in e.briefs}
    return catalog.entries_digest(entries), catalog.listed(reporting.values())


def topic_inputs(topic_id: str, catalog: Catalog) -> tuple:
    """Everything a topic page reads (``indexes.topic_page``): its briefs and the events they
    and other briefs report, with the briefs reporting them."""
    entries = catalog.timeline_by_topic.get(topic_id, [])
    return (
        catalog.settings_digest,
        catalog.listed(catalog.by_topic.get(topic_id, [])),
        _entries(entries, catalog),
    )


def book_inputs(topic_id: str, catalog: Catalog) -> tuple:
    """Everything a topic's briefing book reads (``brief.book``): its briefs, bodies too."""
    briefs = catalog.by_topic.get(topic_id, [])
    return (
        catalog.settings_digest,
        catalog.listed(briefs),
        [(b.text_digest or b.body.text, body_links(b, catalog)) for b in briefs],
    )


def actor_inputs(actor_id: str, catalog: Catalog) -> tuple:
    """Everything an actor page reads (``indexes.actor_page``): its briefs, its events with the
    briefs reporting them, the actors it appears with, and the ties among the closest of them
    (its network picture)."""
    entries = catalog.timeline_by_actor.get(actor_id, [])
    ring = co_actors_by_closeness(actor_id, catalog)[:EGO_LIMIT]
    together = catalog.co_actors
    ties = [[together[a][b] if a in together else 0 for b in ring] for a in ring]
    return (
        catalog.settings_digest,
        catalog.listed(catalog.by_actor.get(actor_id, [])),
        _entries(entries, catalog),
        sorted(together[actor_id].items()) if actor_id in together else [],
        ring,
        ties,
    )


def site_files(
    catalog: Catalog, *, site_url: str | None, directory_urls: bool, data: bool = True
) -> dict[str, str]:
    """The site's non-page files: Atom feeds (one folder deep) and the JSON exports (at the
    root); without ``data``, the feeds alone (the plugin has the exports made in a worker:
    ``data_files``).
    """
    files = feeds(
        catalog, uris.url_maker(site_url=site_url, directory_urls=directory_urls, depth=1)
    )
    if data:
        files.update(data_files(catalog, site_url=site_url, directory_urls=directory_urls))
    for path in files:
        uris.inside_site(path)
    return files


# The JSON exports' paths in the site: known before they are made.
DATA_FILES = (BRIEFS_JSON, TIMELINE_JSON)


def data_files(catalog: Catalog, *, site_url: str | None, directory_urls: bool) -> dict[str, str]:
    """The JSON exports (``DATA_FILES``), the largest of the site's files."""
    return datafiles(
        catalog, uris.url_maker(site_url=site_url, directory_urls=directory_urls, depth=0)
    )
