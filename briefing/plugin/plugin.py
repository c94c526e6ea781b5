"""The MkDocs plugin: short event handlers that hand each event to the build in progress.

Like Material's plugins: options in ``config.py``, per-build state in an object made afresh in
``on_config`` (``Build``, in ``build.py``), because ``mkdocs serve`` keeps the plugin alive
across rebuilds. What is kept on purpose from one rebuild to the next (the converted pages'
memo) is held here and handed to each build.
"""

from __future__ import annotations

from typing import Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..check.earlier import EarlierFindings
from ..load.cache import FileCache
from ..memory import Collector
from . import tabs, watching
from .build import Build
from .config import BriefingConfig
from .themefiles import Listings
from .workers import Memo


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Loads and checks the briefs once per build and hands MkDocs the generated pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.memo = Memo()  # converted brief pages, kept across the rebuilds of `mkdocs serve`
        self.build: Build | None = None
        self.dirty = False
        self.previous: dict[str, bytes] | None = None  # the last build's pages (dirty serve)
        self.search_files: dict[str, bytes] = {}  # the search files as last written (serve)
        self.section: Page | None = None  # the nav page marked active for the page being rendered
        self.collector = Collector()
        # loaded briefs and their cross-file findings by folder, kept (serve)
        self.caches: dict[str, tuple[FileCache, EarlierFindings]] = {}
        self.listings = Listings()  # the theme's files, kept (serve)
        self.held: str | None = None  # a page's HTML, kept from Material's search (on_page_context)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance (and its memo) across serve's rebuilds.
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.build is not None:
            self.build.close()
            self.build.wait()  # the last rebuild's search index, before this build's starts
        # One build's objects live to its end: the collector waits until then (on_post_build).
        self.collector.pause()
        serving = self.command == "serve"
        if serving:
            self.listings.install(config)
        memo = self.memo if serving else None
        previous = (self.previous or {}) if serving and self.dirty else None
        self.build = Build.start(
            self.config,
            config,
            memo=memo,
            previous=previous,
            serving=serving,
            search_files=self.search_files if serving else None,
            caches=self.caches if serving else None,
        )
        return config

    @property
    def building(self) -> Build:
        """The build in progress: made in ``on_config``, which MkDocs calls before the others."""
        if self.build is None:
            raise RuntimeError("briefing: a build event came before on_config")
        return self.build

    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return self.building.files(files, config)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.building.navigation(nav, config)
        return nav

    @event_priority(-100)  # after every other plugin's (Material's tags fills its listings)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self.building.theme(env, config, files)
        return env

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self.building.page_markdown(markdown, page, config)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.building.page_content(html, page)

    @event_priority(100)  # before Material's search plugin, which would parse the page again
    def _on_page_context_first(self, context, page: Page, config: MkDocsConfig, nav):
        self.building.page_context(page, config)
        # The last page's section is unmarked here too: a worker rendering templates
        # (plugin/templates.py) calls this for each of its pages, and on_post_page runs only in
        # the main process.
        self.section = tabs.switch(self.section, nav, page)
        self.held = self.building.hold_content(page)
        return context

    @event_priority(-100)  # after Material's search plugin: the page's HTML put back
    def _on_page_context_last(self, context, page: Page, config: MkDocsConfig, nav):
        if self.held is not None:
            page.content, self.held = self.held, None
        self.building.content_back(page)
        return context

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_last)

    @event_priority(100)  # first: the page's real output, which the other plugins then see
    def _on_post_page_first(self, output: str, page: Page, config: MkDocsConfig) -> str:
        tabs.unmark(self.section)
        self.section = None
        return self.building.post_page(output, page, config)

    @event_priority(-100)  # last: every plugin has seen the page
    def _on_post_page_last(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.building.written(page)
        return output

    on_post_page = CombinedEvent(_on_post_page_first, _on_post_page_last)

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        serving = self.command == "serve"
        if serving:
            self.previous = {
                src_uri: self.building.render_key(src_uri) for src_uri in self.building.done
            }
        # Under serve, after the index (off the path from a save to its page).
        self.building.post_build(config, then=lambda: self.collector.resume(collect=serving))

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # Told of a save by the system, not by MkDocs' polling (``watching``).
        watching.watch_natively(server)
        return server

    def on_shutdown(self) -> None:
        if self.build is not None:
            self.build.wait()  # `mkdocs serve` stopped: the index is written whole or not begun

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None:
            self.build.wait()
            self.build.close()
        self.collector.resume(collect=self.command == "serve")
