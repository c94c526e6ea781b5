"""Every generated page, keyed by its place in the site (its MkDocs ``src_uri``).

``generate`` is the emit stage for pages: the MkDocs plugin hands each page's front matter to
MkDocs and its finished HTML (``Doc.finish``) in place of a conversion; ``briefing render`` writes
each page as Markdown with raw HTML (``Doc.markdown``) for engines that run no plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ...catalog import Catalog
from .. import rollup, uris
from ..body import Bodies, body_html
from ..data import datafiles
from ..doc import Doc
from ..feeds import feeds
from ..html import Links, front_matter
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

    @property
    def blocks(self) -> list[str]:
        """The page's HTML blocks (its pictures, lists and tables), written afresh."""
        return self.write().blocks

    @property
    def content(self) -> str:
        """What MkDocs reads as the page's file: its front matter; the HTML comes finished."""
        return front_matter(self.meta) if self.meta is not None else ""


def generate(
    catalog: Catalog,
    *,
    directory_urls: bool = True,
    bodies: Bodies = body_html,
    links: Links | None = None,
) -> dict[str, Page]:
    """Every generated page, each with its marking (``rollup``); links in them follow the site's
    URL style (or ``links``' own). ``bodies`` gives a brief body's HTML (``body_html``, or a
    build's kept copy of what it made)."""
    links = links or Links(directory_urls=directory_urls)
    pages: dict[str, Page] = {}
    marked = rollup.page_markings(catalog)

    def stamped(src_uri: str, write: Callable[[], Doc]) -> Callable[[], Doc]:
        def make() -> Doc:
            doc = write()
            rollup.stamp(doc.meta, marked.get(src_uri))
            return doc

        return make

    def add(src_uri: str, doc: Doc) -> None:
        rollup.stamp(doc.meta, marked.get(src_uri))
        pages[uris.inside_site(src_uri)] = Page(doc.meta, lambda: doc)

    def later(src_uri: str, write: Callable[[], Doc]) -> None:
        pages[uris.inside_site(src_uri)] = Page(None, stamped(src_uri, write))

    # Topic, book and actor pages are many, with pictures: written where they are finished too.
    for topic_id in catalog.topics:
        later(uris.topic(topic_id), partial(indexes.topic_page, topic_id, catalog, links))
        later(uris.book(topic_id), partial(brief.book, topic_id, catalog, links, bodies))
    for actor_id in catalog.actors:
        later(uris.actor(actor_id), partial(indexes.actor_page, actor_id, catalog, links))
    add(uris.TOPICS_INDEX, indexes.topics_index(catalog, links))
    add(uris.ACTORS_INDEX, indexes.actors_index(catalog, links))
    add(uris.TIMELINE, timeline.page(catalog, links))
    add(uris.SOURCES, sources.page(catalog, links))
    add(uris.JUDGMENTS, judgments.page(catalog, links))
    # Brief pages are most of a site: written when finished (in a worker, when there are workers).
    for item in catalog.briefs:
        src_uri = uris.inside_site(uris.brief(item.id))
        write = stamped(src_uri, partial(brief.page, item, catalog, links, bodies))
        pages[src_uri] = Page(
            rollup.stamp(brief.meta(item, catalog), marked.get(src_uri)),
            write,
            source_path=item.path,
            brief=True,
        )
    return pages


def site_files(catalog: Catalog, *, site_url: str | None, directory_urls: bool) -> dict[str, str]:
    """The site's non-page files: Atom feeds (one folder deep) and the JSON exports (at the
    root).
    """
    files = {
        **feeds(catalog, uris.url_maker(site_url=site_url, directory_urls=directory_urls, depth=1)),
        **datafiles(
            catalog, uris.url_maker(site_url=site_url, directory_urls=directory_urls, depth=0)
        ),
    }
    for path in files:
        uris.inside_site(path)
    return files
