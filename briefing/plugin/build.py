"""One MkDocs build of the briefing site: what it loaded, the pages it made, the workers it runs.

Made afresh by the plugin in ``on_config``; nothing here outlives the build except what the
plugin hands in (the memo of converted pages). Problems go to a ``mkdocs.*`` logger so that
``--strict`` counts the errors, in the checker's own words.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from .. import catalog as catalog_module
from ..audience import Audience, AudienceError, corpus_for
from ..check.folder import Result, check_folder
from ..git import history
from ..model import Severity
from ..parallel import can_fork, workers
from ..site import rollup, search, uris
from ..site.doc import Finished
from ..site.html import Links
from ..site.pages import Page, generate, home, site_files
from . import marking
from .config import BriefingConfig
from .workers import Finisher, Indexer, Job, Memo

log = get_plugin_logger("briefing")

IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"
SEARCH_WORKER = "assets/briefing/search-worker.js"
# The worker URL in the configuration Material writes into every page (relative, with its hash).
_MATERIAL_WORKER = re.compile(
    r'("search": ")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"'
)


def today() -> dt.date:
    """The build's "today" (staleness): ``SOURCE_DATE_EPOCH`` pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def briefs_root(options: BriefingConfig, config: MkDocsConfig) -> Path:
    """The briefs folder: as set, relative to the folder of ``mkdocs.yml``."""
    root = Path(options.briefs_dir)
    if not root.is_absolute() and config.config_file_path:
        root = Path(config.config_file_path).parent / root
    return root


def offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return plugin is not None and bool(plugin.config.enabled)


def sharded_search(config: MkDocsConfig) -> bool:
    """The prebuilt index and its worker serve the hosted site and the offline archive alike
    (offline, the worker loads the index files as scripts: briefing/site/search/index.py)."""
    return "material/search" in config.plugins


@dataclass
class Build:
    """The state of one build: the checked corpus, its catalog and pages, and what finishes them."""

    options: BriefingConfig
    result: Result
    catalog: catalog_module.Catalog
    pages: dict[str, Page]
    audience: Audience
    finisher: Finisher | None = None
    # src_uri -> the URL of each generated page (for its search entries), filled in on_files
    urls: dict[str, str] = field(default_factory=dict)
    # src_uri -> the search entries made with the page
    search_entries: dict[str, list] = field(default_factory=dict)

    @classmethod
    def start(cls, options: BriefingConfig, config: MkDocsConfig, *, memo: Memo | None) -> Build:
        """Load and check the briefs, index them, make the pages, start the workers, report."""
        # Material's offline plugin adds its search polyfill from unpkg.com; serve our vendored copy.
        polyfills = config.extra.get("polyfills")
        if polyfills:
            config.extra["polyfills"] = [
                IFRAME_WORKER if "iframe-worker" in str(p) else p for p in polyfills
            ]
        root = briefs_root(options, config)
        if str(root) not in config.watch:
            config.watch.append(str(root))
        day = today()
        result = check_folder(root, today=day, default_marking=options.default_marking)
        try:
            audience = marking.audience(options, result, offline=offline(config))
        except AudienceError as err:
            raise PluginError(f"briefing: {err}") from None
        # Nothing above the audience's level goes past this line (briefing.audience).
        corpus = corpus_for(result.corpus, audience)
        base = history.history_base(config.repo_url, options.history_uri)
        repo_root = Path(config.config_file_path).parent if config.config_file_path else None
        revisions = history.revisions(corpus.briefs, root, history_base=base, repo_root=repo_root)
        catalog = catalog_module.build(corpus, today=day, revisions=revisions)
        pages = generate(catalog, directory_urls=config.use_directory_urls)
        if not offline(config):  # the archive is for readers: no page for the editors in it
            doc = marking.editors_page(result, audience)
            pages[uris.ATTENTION] = Page(doc.meta, lambda: doc)
        marking.for_theme(config)
        if memo is not None:
            memo.keep_only(set(pages))
        build = cls(options, result, catalog, pages, audience)
        processes = workers(options.workers) if can_fork() else 0
        job = Job(lambda src_uri: pages[src_uri].write(), build._indexer(config), memo)
        build.finisher = Finisher(job, processes=processes)
        build.report()
        return build

    def report(self) -> None:
        for problem in self.result.problems:
            # Errors count toward --strict; brief warnings stay warnings and must not fail a strict build.
            if problem.severity is Severity.ERROR:
                log.error(str(problem))
            elif problem.severity is Severity.WARNING:
                log.info(str(problem))
        log.info(self.result.summary())
        rejected = self.result.corpus.rejected
        if rejected and uris.ATTENTION in self.pages:
            # A warning, so even `-q` shows it; only builds that already have errors get here.
            log.warning(
                f"{len(rejected)} brief file(s) left off the site: "
                f"see the page {uris.ATTENTION[:-3]}/ in the built site"
            )

    def _indexer(self, config: MkDocsConfig) -> Indexer | None:
        """Material's own search indexing of a finished page (in the worker that finished it):
        the entries Material's plugin would make, without parsing the page's HTML again here."""
        plugin = config.plugins.get("material/search")
        if plugin is None or not plugin.config.enabled:
            return None
        from material.plugins.search.plugin import SearchIndex  # Material's: its own entries

        settings = dict(plugin.config)
        urls = self.urls  # filled in on_files, before the workers fork

        def index(src_uri: str, finished: Finished, meta: dict) -> list:
            page = SimpleNamespace(
                meta=meta,
                toc=get_toc(finished.toc_tokens),
                url=urls[src_uri],
                title=meta.get("title"),
                content=finished.searched,
            )
            search_index = SearchIndex(**settings)
            search_index.add_entry_from_context(page)
            return search_index.entries

        return index

    def close(self) -> None:
        if self.finisher is not None:
            self.finisher.close()
            self.finisher = None

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        ours = []
        for src_uri, page in self.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                continue  # a hand-written page at a generated page's path wins
            # Briefs, topics and actors are reached through index pages and search, never the nav.
            file = File.generated(
                config, src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV
            )
            file.edit_uri = _edit_uri(page.source_path, config)
            files.append(file)
            ours.append(src_uri)
            self.urls[src_uri] = file.url  # before the workers fork, so they see it
        self.finisher.submit(ours)
        # Feeds and JSON are files of the site too, so MkDocs copies them and checks links to them.
        outputs = site_files(
            self.catalog, site_url=config.site_url, directory_urls=config.use_directory_urls
        )
        for path, content in outputs.items():
            files.append(File.generated(config, path, content=content))
        if files.get_file_from_path(uris.HOME) is None:
            files.append(File.generated(config, uris.HOME, content=home.default_intro()))
        files.append(
            File.generated(
                config, marking.NOTICE, content=marking.notice(self.audience, self.catalog)
            )
        )
        return files

    def ours(self, page: MkDocsPage) -> Page | None:
        generated = self.pages.get(page.file.src_uri)
        return generated if generated is not None and page.file.generated_by is not None else None

    def page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.ours(page) is not None:
            return ""  # finished by the engine (briefing.plugin.workers); taken in page_content
        if page.file.src_uri == uris.HOME:
            return home.merge(
                markdown, self.catalog, Links(directory_urls=config.use_directory_urls)
            )
        return markdown

    def page_content(self, html: str, page: MkDocsPage) -> str:
        if self.ours(page) is None:
            return html
        done = self.finisher.result(page.file.src_uri)
        page.toc = get_toc(done.finished.toc_tokens)
        page.present_anchor_ids = set(done.finished.anchors)
        if done.search is not None:
            self.search_entries[page.file.src_uri] = done.search
        return done.finished.html

    def page_context(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        if self.ours(page) is None:  # generated pages carry theirs in their front matter
            home_page = page.file.src_uri == uris.HOME
            rollup.stamp(page.meta, rollup.whole_site(self.catalog) if home_page else None)
        entries = self.search_entries.pop(page.file.src_uri, None)
        if entries is not None:
            config.plugins["material/search"].search_index.entries.extend(entries)
            # Material: skip it, its entries are in already
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}

    def post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        if sharded_search(config):
            output, count = _MATERIAL_WORKER.subn(rf'\g<1>\g<2>{SEARCH_WORKER}"', output, count=1)
            if count == 0 and 'id="__config"' in output:
                log.error(
                    f"{page.file.src_uri}: Material's search worker is not where this version "
                    "expects it; cannot switch to the prebuilt index"
                )
        return output

    def post_build(self, config: MkDocsConfig) -> None:
        self.close()
        if sharded_search(config):
            folder = Path(config.site_dir) / "search"
            index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
            facts = search.page_facts(self.catalog, directory_urls=config.use_directory_urls)
            search.write(index, folder, facts=facts, processes=self.options.workers)


def _edit_uri(source_path: str | None, config: MkDocsConfig) -> str | None:
    """The brief's file relative to the docs folder, so "Edit this page" opens the brief itself."""
    if source_path is None or not config.edit_uri or not config.config_file_path:
        return None
    repo_root = Path(config.config_file_path).parent.resolve()
    brief = Path(source_path).resolve()
    if repo_root not in brief.parents:
        return None  # a corpus outside the repository has no edit page
    return os.path.relpath(brief, Path(config.docs_dir).resolve()).replace(os.sep, "/")
