"""Material's navigation, rendered once per worker for every page the nav does not list.

Material renders its whole navigation twice on every page (the tabs and the sidebar), a sixth of
a generated page's template time. For a page the nav does not list (a brief, an actor, a book)
nothing in the nav is the page or above it, so the two partials differ from one such page to the
next only by their links, which MkDocs makes relative to the page. A worker keeps each partial's
output by those links (every nav entry's, the home page's and the logo's, through the theme's own
``url`` filter) and by which entries are active, and hands it to the next page that has the same.
A page the nav lists is rendered by Material as ever. Only the workers keep partials: the main
process renders with Material alone, so a serial build is the check on them
(``tests/test_workers.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation

KEPT = ("partials/nav.html", "partials/tabs.html")
_ORIGINAL = "briefing-material"  # the prefix under which the theme's own partials stay reachable
# The include the theme makes, and the same through its output kept: no whitespace added.
_WRAPPER = (
    "{%- set kept = br_kept_partial(NAME) -%}"
    "{%- if kept is none -%}"
    "{%- set made -%}{%- include PREFIX ~ '/' ~ NAME -%}{%- endset -%}"
    "{{- br_keep_partial(NAME, made) -}}"
    "{%- else -%}{{- kept -}}{%- endif -%}"
)


def _entries(items: list) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _entries(getattr(item, "children", None) or [])


def install(env: jinja2.Environment, nav: Navigation, config: MkDocsConfig) -> None:
    """From now on, ``env`` renders the nav partials of pages outside the nav once per set of
    links (call it in the process that renders: each keeps its own)."""
    entries = list(_entries(nav.items))
    listed = {id(page) for page in nav.pages}
    urls = [entry.url for entry in entries if getattr(entry, "url", None) is not None]
    homepage = config.extra.get("homepage") or (nav.homepage.url if nav.homepage else "")
    urls += [homepage, config.theme.get("logo") or "", config.theme.get("favicon") or ""]
    kept: dict[tuple, str] = {}

    def key(context: Any, name: str) -> tuple | None:
        page = context.get("page")
        if page is None or id(page) in listed or context.get("nav") is not nav:
            return None
        url = env.filters["url"]
        return (
            name,
            context.get("base_url"),
            tuple(url(context, value) for value in urls),
            tuple(bool(getattr(entry, "active", False)) for entry in entries),
        )

    @jinja2.pass_context
    def kept_partial(context: Any, name: str) -> str | None:
        found = key(context, name)
        return kept.get(found) if found is not None else None

    @jinja2.pass_context
    def keep_partial(context: Any, name: str, made: str) -> str:
        found = key(context, name)
        if found is not None:
            kept[found] = made
        return made

    env.globals["br_kept_partial"] = kept_partial
    env.globals["br_keep_partial"] = keep_partial
    theirs = env.loader
    if theirs is None:
        return
    wrappers = {
        name: _WRAPPER.replace("NAME", repr(name)).replace("PREFIX", repr(_ORIGINAL))
        for name in KEPT
    }
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader(wrappers),
            jinja2.PrefixLoader({_ORIGINAL: theirs}),
            theirs,
        ]
    )
