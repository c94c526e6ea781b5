"""Generated pages put through the theme's templates in worker processes.

MkDocs renders each page's template (Material's ``main.html``: 3–4 ms a page) one after another
in its main process. Generated pages need nothing that changes once every page is read, so in
``on_env`` the build forks workers (``parallel.Pool``) that render the templates of its pages
with MkDocs' own context (``get_context`` and every plugin's ``on_page_context``), while the
main process renders an empty stub for those pages and takes each worker's output in
``on_post_page``, where every plugin's ``on_post_page`` then runs as usual, once.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from ..parallel import Pool

STUB = "briefing-rendered-elsewhere.html"  # the template the main process renders for them
CHUNK = 20


@dataclass
class Theme:
    """What rendering a page's template needs, handed to each worker once, when it is forked."""

    config: MkDocsConfig
    env: jinja2.Environment
    nav: Navigation
    files: Files


def _render(theme: Theme, src_uris: list[str]) -> list[str]:
    """Each page's template rendered, as MkDocs' ``_build_page`` renders it."""
    config, nav = theme.config, theme.nav
    doc_files = theme.files.documentation_pages()
    out = []
    for src_uri in src_uris:
        page = theme.files.get_file_from_path(src_uri).page
        config._current_page = page
        page.active = True
        try:
            context = get_context(nav, doc_files, config, page)
            template = theme.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            out.append(template.render(context))
        finally:
            page.active = False
    return out


class Templater:
    """Templates of pages by ``src_uri``, rendered by workers; ``output(src_uri)`` waits for one."""

    def __init__(self, theme: Theme, src_uris: list[str], *, processes: int) -> None:
        self.pool = Pool(theme, processes)
        self.pending: dict[str, tuple[Future, int]] = {}
        for start in range(0, len(src_uris), CHUNK):
            chunk = src_uris[start : start + CHUNK]
            future = self.pool.submit(_render, chunk)
            for index, src_uri in enumerate(chunk):
                self.pending[src_uri] = (future, index)
        # The main process renders an empty stub in their place (its output is replaced).
        env = theme.env
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({STUB: ""}), env.loader])
        for src_uri in src_uris:
            theme.files.get_file_from_path(src_uri).page.meta["template"] = STUB

    def output(self, src_uri: str) -> str | None:
        entry = self.pending.pop(src_uri, None)
        if entry is None:
            return None
        future, index = entry
        return future.result()[index]

    def close(self) -> None:
        self.pool.close()
        self.pending.clear()
