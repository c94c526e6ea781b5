"""Generated pages put through the theme's templates in worker processes.

MkDocs renders each page's template (Material's ``main.html``: 3–4 ms a page) one after another
in its main process. Generated pages need nothing that changes once every page is read, so in
``on_env`` the build forks workers (``parallel.Pool``) that render the templates of its pages
with MkDocs' own context (``get_context`` and every plugin's ``on_page_context``), while the
main process renders an empty stub for those pages and takes each worker's output in
``on_post_page``, where every plugin's ``on_post_page`` then runs as usual, once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..parallel import Chunks, Pool
from . import partials
from .store import Store

STUB = "briefing-rendered-elsewhere.html"  # the template the main process renders for them
CHUNK = 20


@dataclass
class Theme:
    """What rendering a page's template needs, handed to each worker once, when it is forked."""

    config: MkDocsConfig
    env: jinja2.Environment
    nav: Navigation
    files: Files
    store: Store
    # src_uri -> what the page's rendered template is kept and found by
    keys: dict[str, bytes] = field(default_factory=dict)
    # Puts a page's HTML and table of contents back (``Build.restore``): the main process holds
    # them packed
    restore: Callable[[Page], None] | None = None

    def page(self, src_uri: str) -> Page:
        """The page of a generated file (every one of them has its page once the pages are read)."""
        file = self.files.get_file_from_path(src_uri)
        if file is None or file.page is None:
            raise RuntimeError(f"briefing: no page for {src_uri} to render")
        return file.page

    kept: int = 0  # rendered templates taken from the store (counted in each worker)
    partials_kept: bool = False  # set in each worker once it keeps the nav partials


Rendered = tuple[list[str | None], tuple[list[tuple[str, bytes, bytes]], int]]


def _render(theme: Theme, src_uris: list[str]) -> Rendered:
    """Each page's template rendered, as MkDocs' ``_build_page`` renders it (or as it was kept),
    the store's new entries, and how many were kept."""
    config, nav = theme.config, theme.nav
    doc_files = theme.files.documentation_pages()
    out: list[str | None] = []
    for src_uri in src_uris:
        entry = theme.keys.get(src_uri)
        kept = theme.store.get("html", entry) if entry is not None else None
        if kept is not None:
            out.append(kept)
            theme.kept += 1
            continue
        if not theme.partials_kept:  # in this worker's copy of the environment only
            partials.install(theme.env, nav, config)
            theme.partials_kept = True
        page = theme.page(src_uri)
        config._current_page = page
        page.active = True
        if theme.restore is not None and not page.content:
            theme.restore(page)
        try:
            context = get_context(nav, doc_files, config, page)
            template = theme.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            out.append(template.render(context))
        finally:
            page.active = False
            if theme.restore is not None:
                page.content, page.toc = None, get_toc([])  # this worker's copy, rendered
        if entry is not None:
            theme.store.put("html", entry, out[-1])
    made = theme.store.take()
    kept, theme.kept = theme.kept, 0
    return out, (made, kept)


class Templater:
    """Templates of pages by ``src_uri``, rendered by workers; ``output(src_uri)`` waits for one.

    Only ``AHEAD`` chunks are asked for ahead of the page MkDocs is writing: where the workers
    take pages from the store faster than the main process writes them (CI, with the store
    restored), every page's output would otherwise wait in memory at once, hundreds of
    megabytes at 10,000 briefs."""

    AHEAD = 8  # chunks in hand or being rendered: enough to keep every worker busy

    def __init__(self, theme: Theme, src_uris: list[str], *, processes: int) -> None:
        self.theme = theme
        self.pool = Pool(theme, processes)
        self.chunks = Chunks()
        self.kept = 0
        self.waiting = deque(
            src_uris[start : start + CHUNK] for start in range(0, len(src_uris), CHUNK)
        )
        self.chunk_of = {src_uri: chunk for chunk in self.waiting for src_uri in chunk}
        self._top_up()
        # The main process renders an empty stub in their place (its output is replaced).
        env = theme.env
        theirs = [env.loader] if env.loader is not None else []
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({STUB: ""}), *theirs])
        for src_uri in src_uris:
            theme.page(src_uri).meta["template"] = STUB

    def _submit(self, chunk: list[str]) -> None:
        for src_uri in chunk:
            del self.chunk_of[src_uri]
        self.chunks.add(self.pool.submit(_render, chunk), chunk)

    def _top_up(self) -> None:
        while self.waiting and len(self.chunks.left) < self.AHEAD:
            self._submit(self.waiting.popleft())

    def output(self, src_uri: str) -> str | None:
        chunk = self.chunk_of.get(src_uri)
        if chunk is not None:  # asked for out of order: its chunk, now
            self.waiting.remove(chunk)
            self._submit(chunk)
        taken = self.chunks.take(src_uri)
        self._top_up()
        if taken is None:
            return None
        output, extra = taken
        if extra is not None:  # the worker's new entries, saved by this process
            made, kept = extra
            self.theme.store.adopt(made)
            self.kept += kept
        return output

    def close(self) -> None:
        self.pool.close()
        self.chunks.clear()
        self.waiting.clear()
        self.chunk_of.clear()
