"""Generated pages as plain Markdown strings, keyed by their place in the site.

``generate`` is the whole emit stage: the MkDocs adapter hands these strings to MkDocs, and
``briefing render`` writes them to disk for engines that run no hooks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import Catalog
from .. import uris
from ..data import datafiles
from ..feeds import feeds
from ..html import Doc, Links, inline_blocks
from . import brief, indexes, judgments, sources, timeline


@dataclass(frozen=True)
class Page:
    """A generated page: Markdown with block tokens, the HTML blocks, and the file an analyst edits (if any)."""

    doc: Doc
    source_path: str | None = None
    prerender: bool = False

    @property
    def content(self) -> str:
        """The Markdown MkDocs converts; the adapter fills the blocks in afterwards."""
        return self.doc.markdown()

    @property
    def blocks(self) -> list[str]:
        return self.doc.blocks

    def inline(self) -> str:
        """Self-contained Markdown (raw HTML blocks in place), for ``briefing render``."""
        return inline_blocks(self.content, self.blocks)


def generate(
    catalog: Catalog, *, directory_urls: bool = True, prerender_briefs: bool = False
) -> dict[str, Page]:
    """Every generated page; links in them follow the site's URL style.

    With ``prerender_briefs``, brief pages hold only their front matter here: their content is
    made by ``brief_renderer`` in a worker process (``briefing.plugin.workers``).
    """
    links = Links(directory_urls=directory_urls)
    pages: dict[str, Page] = {}
    for topic_id in catalog.topics:
        pages[uris.topic(topic_id)] = Page(indexes.topic_page(topic_id, catalog, links))
        pages[uris.book(topic_id)] = Page(brief.book(topic_id, catalog, links))
    for actor_id in catalog.actors:
        pages[uris.actor(actor_id)] = Page(indexes.actor_page(actor_id, catalog, links))
    pages[uris.TOPICS_INDEX] = Page(indexes.topics_index(catalog, links))
    pages[uris.ACTORS_INDEX] = Page(indexes.actors_index(catalog, links))
    pages[uris.TIMELINE] = Page(timeline.render(catalog, links))
    pages[uris.SOURCES] = Page(sources.render(catalog, links))
    pages[uris.JUDGMENTS] = Page(judgments.render(catalog, links))
    # Briefs last: MkDocs converts pages in this order, so the index pages keep this process
    # busy while the workers start on the briefs.
    for item in catalog.briefs:
        doc = (
            Doc(brief.meta(item, catalog))
            if prerender_briefs
            else brief.render(item, catalog, links)
        )
        pages[uris.brief(item.id)] = Page(doc, source_path=item.path, prerender=prerender_briefs)
    for src_uri in pages:
        uris.inside_site(src_uri)
    return pages


def brief_renderer(catalog: Catalog, *, directory_urls: bool):
    """A function from a brief page's ``src_uri`` to its full Doc, with site URLs even in the body
    (for conversion outside MkDocs, where no ``.md`` link would be resolved)."""
    links = Links(directory_urls=directory_urls)

    def render(src_uri: str) -> Doc:
        return brief.render(
            catalog.by_id[uris.brief_id(src_uri)], catalog, links, site_urls_in_body=True
        )

    return render


def site_files(catalog: Catalog, *, site_url: str | None, directory_urls: bool) -> dict[str, str]:
    """The site's non-page files: Atom feeds (one folder deep) and the JSON exports (at the root)."""
    files = {
        **feeds(catalog, uris.url_maker(site_url=site_url, directory_urls=directory_urls, depth=1)),
        **datafiles(
            catalog, uris.url_maker(site_url=site_url, directory_urls=directory_urls, depth=0)
        ),
    }
    for path in files:
        uris.inside_site(path)
    return files
