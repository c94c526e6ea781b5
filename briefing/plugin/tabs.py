"""The navigation section of each generated page, so its tab is highlighted like a page in the nav.

Generated pages stay out of the navigation (``InclusionLevel.NOT_IN_NAV``), so Material marks no
tab on them. Before a page is rendered, the nav page of its section (Topics for briefs, topics and
briefing books; Actors for actors) is marked active, and unmarked once the page is written: the
nav is shared by every page of the build.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..site import uris

# Where each generated page belongs, by the first folder of its src_uri.
SECTIONS = {
    uris.BRIEFS: uris.TOPICS_INDEX,
    "topics": uris.TOPICS_INDEX,
    "actors": uris.ACTORS_INDEX,
}


def section_of(src_uri: str) -> str | None:
    """The src_uri of the nav page whose tab a page belongs under, or None."""
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else None
    return SECTIONS.get(folder) if folder else None


def mark(nav: Navigation, page: Page) -> Page | None:
    """Mark the section of a page that is not in the nav itself; returns the nav page marked."""
    if any(item is page for item in nav.pages):
        return None  # MkDocs marks the pages of the nav itself
    wanted = section_of(page.file.src_uri)
    section = next((item for item in nav.pages if item.file.src_uri == wanted), None)
    if section is None or section is page:
        return None
    section.active = True  # also marks its parents, as MkDocs does
    return section


def unmark(section: Page | None) -> None:
    if section is not None:
        section.active = False


def switch(section: Page | None, nav: Navigation, page: Page) -> Page | None:
    """The section of the last page rendered unmarked, and ``page``'s marked; returns it.

    The last page's section may be ``page`` itself (a topic page, then the topics index, in one
    worker): MkDocs has marked it active for its own rendering, and it stays so."""
    if section is not page:
        unmark(section)
    return mark(nav, page)
