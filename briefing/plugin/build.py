"""One MkDocs build of the briefing site: what it loaded, the pages it made, the workers it runs.

Made afresh by the plugin in ``on_config``; nothing here outlives the build except what the
plugin hands in (the memo of converted pages). Problems go to a ``mkdocs.*`` logger so that
``--strict`` counts the errors, in the checker's own words.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date
from mkdocs.utils.meta import get_data

from .. import catalog as catalog_module
from ..audience import Audience, AudienceError, corpus_for
from ..check.earlier import EarlierFindings
from ..check.folder import Result, check_folder
from ..git import history
from ..load.cache import FileCache, cache_dir
from ..load.files import display_path, is_backup
from ..model import Severity
from ..parallel import can_fork, workers
from ..scales import SCALES
from ..site import rollup, search, uris
from ..site.doc import Finished
from ..site.feeds import feed_paths
from ..site.html import Links
from ..site.pages import (
    DATA_FILES,
    WHOLE_CORPUS,
    Page,
    affected,
    data_files,
    generate,
    home,
    site_files,
)
from . import marking
from .config import BriefingConfig
from .store import Store, engine_fingerprint, key
from .templates import Templater, Theme
from .workers import (
    Done,
    Finisher,
    Indexer,
    Job,
    LastRebuild,
    Memo,
    keep_related,
    kept_bodies,
    kept_related,
)

log = get_plugin_logger("briefing")

SEARCH_WRITTEN = "The search index is up to date"  # logged under serve once the thread is done
# Said under serve when a rebuild knows some pages unchanged without working their inputs out.
INPUTS_REUSED = "generated pages no change reached, known unchanged"
HAND_WRITTEN_KEPT = "hand-written pages unchanged since the last build: not made again"
PAGES_UNREAD = "generated pages unchanged since the last build: not read again"
# The plugins that read no page MkDocs does not write again under a dirty serve: Material's search
# skips generated pages (ours indexes them), its tags plugin needs every page only for a listing of
# tags (``Build.reads_all``), the offline plugin is off under serve.
_READ_WRITTEN_ONLY = frozenset({"material/search", "material/tags", "material/offline", "briefing"})
IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"
SEARCH_WORKER = "assets/briefing/search-worker.js"
# What Material's search plugin takes out of every page it reads (its ``on_page_context``).
_MATERIAL_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def _strip_search_attributes(html: str) -> str:
    return _MATERIAL_SEARCH_ATTRIBUTES.sub("", html)


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


def editors_page(options: BriefingConfig, config: MkDocsConfig, *, serving: bool) -> bool:
    """The editors' page is for `mkdocs serve` and an explicit editors' build (``editors_page``),
    never for the hosted site or the offline archive, which are for readers."""
    wanted = serving if options.editors_page is None else options.editors_page
    return wanted and not offline(config)


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
    processes: int = 0
    nav: Navigation | None = None
    templater: Templater | None = None
    store: Store = field(default_factory=lambda: Store(None))
    # The engine's code, the theme's overrides and the libraries' versions (``engine_fingerprint``)
    fingerprint: str = ""
    # src_uri -> the digest of each finished page's Doc (what its rendered template is kept by)
    digests: dict[str, bytes] = field(default_factory=dict)
    kept: int = 0  # finished pages taken from the store
    unwritten: int = 0  # of them, found by their inputs (``Page.inputs_key``), their Doc unwritten
    # Under `mkdocs serve --dirty`: the digests of the last build's pages, whose outputs are still
    # in the site folder; a page whose Doc has the same digest is neither read nor written again.
    dirty: bool = False
    previous: dict[str, bytes] = field(default_factory=dict)
    # Until the theme's environment is made, MkDocs reads pages; then it writes them. Under a dirty
    # serve every page is read all the same: others read its front matter (Material's tags
    # plugin, the sitemap's "noindex"), and an unread page would be missing from what they make.
    writing: bool = False
    # Whether, all the same, every generated page is read (another plugin, or a listing of tags
    # on a hand-written page, may need every page's front matter): ``_begin``
    reads_all: bool = True
    unread: int = 0  # generated pages MkDocs did not read (``reading``)
    done: dict[str, Done] = field(default_factory=dict)
    # each generated page's ``render_key``, once the site's digest is known (asked 4 times a page)
    render_keys: dict[str, bytes] = field(default_factory=dict)
    edit_uris: dict[str, str | None] = field(default_factory=dict)
    site: bytes = b""  # site_digest, once the navigation is made
    # Under serve: a digest of each search file as last written (kept by the plugin)
    search_files: dict[str, bytes] | None = None
    # src_uri -> the URL of each generated page (for its search entries), known before the workers
    # fork (``_begin``)
    urls: dict[str, str] = field(default_factory=dict)
    submitted: set[str] = field(default_factory=set)  # the pages the workers started on
    made_from: tuple | None = None  # under serve: what the feeds and JSON are made from
    # page URL -> the page's documents for search, analysed where the page was made
    search_pages: dict[str, search.Packed] = field(default_factory=dict)
    indexing: threading.Thread | None = None  # under serve: writing the search index
    keeps: bool = False  # pages are kept for the next build (serve's memo)
    memo: Memo | None = None  # under serve: what the last rebuild made
    data: _Once | None = None  # the JSON exports, made by a worker (``files``)
    # The home page's generated HTML blocks, held out of its Markdown (``home.merge_held``)
    home_blocks: dict[str, str] = field(default_factory=dict)
    # Its listings, out of its HTML while Material's search reads it (``home.skim``)
    home_listings: dict[str, str] = field(default_factory=dict)
    # Under a dirty serve, made to tell whether the home page changed: its Markdown as read, and
    # ``_home``'s Markdown and blocks
    home_held: tuple[str, str, dict[str, str]] | None = None
    briefs_cache: FileCache | None = None  # under serve: saved after the build
    # Under a dirty serve: whether each hand-written page is made again (src_uri -> bool), what
    # each one made is made from, the build's files and a digest of them (``hand_written_modified``)
    remade: dict[str, bool] = field(default_factory=dict)
    made_of: dict[str, bytes] = field(default_factory=dict)
    all_files: Files | None = None
    files_digest: bytes | None = None

    @classmethod
    def start(
        cls,
        options: BriefingConfig,
        config: MkDocsConfig,
        *,
        memo: Memo | None,
        previous: dict[str, bytes] | None = None,
        serving: bool = False,
        search_files: dict[str, bytes] | None = None,
        caches: dict[str, tuple[FileCache, EarlierFindings]] | None = None,
    ) -> Build:
        """Load and check the briefs, index them, make the pages, start the workers, report."""
        # Material's offline plugin adds its search polyfill from unpkg.com; serve our vendored
        # copy.
        polyfills = config.extra.get("polyfills")
        if polyfills:
            config.extra["polyfills"] = [
                IFRAME_WORKER if "iframe-worker" in str(p) else p for p in polyfills
            ]
        root = briefs_root(options, config)
        if str(root) not in config.watch:
            config.watch.append(str(root))
        day = today()
        scale = SCALES[options.likelihood_scale]
        briefs_cache = earlier = None
        if caches is not None:  # serve: the loaded briefs and their findings, kept between rebuilds
            shown = display_path(root)
            if shown not in caches:
                caches[shown] = (FileCache(shown), EarlierFindings())
            briefs_cache, earlier = caches[shown]
        result = check_folder(
            root,
            today=day,
            scale=scale,
            default_marking=options.default_marking,
            cache=briefs_cache,
            earlier=earlier,
        )
        try:
            audience = marking.audience(options, result, offline=offline(config))
        except AudienceError as err:
            raise PluginError(f"briefing: {err}") from None
        # Nothing above the audience's level goes past this line (briefing.audience).
        corpus = corpus_for(result.corpus, audience)
        base = history.history_base(config.repo_url, options.history_uri)
        repo_root = Path(config.config_file_path).parent if config.config_file_path else None
        revisions = history.revisions(corpus.briefs, root, history_base=base, repo_root=repo_root)
        theme_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        fingerprint = engine_fingerprint(*theme_dirs)
        store = Store.for_build(fingerprint)
        related = memo.related if memo is not None else kept_related(store)
        found = related.made_from
        catalog = catalog_module.build(
            corpus,
            today=day,
            revisions=revisions,
            stale_after_days=options.stale_after_days,
            scale=scale,
            related=related,
        )
        if memo is None:
            keep_related(store, related, found)
        unchanged, kept_markings = _unchanged(memo, catalog, config.use_directory_urls)
        marked = rollup.page_markings(catalog, kept_markings)
        pages = generate(
            catalog,
            directory_urls=config.use_directory_urls,
            bodies=kept_bodies(store),
            marked=marked,
        )
        if editors_page(options, config, serving=serving):
            doc = marking.editors_page(result, audience)
            pages[uris.ATTENTION] = Page(doc.meta, lambda: doc)
        marking.for_theme(config)
        if memo is not None:
            memo.keep_only(set(pages))
        reused, generation = _reused_inputs(
            memo, unchanged, catalog, marked, config.use_directory_urls
        )
        if reused:
            log.info(f"{len(reused)} {INPUTS_REUSED}")
        build = cls(options, result, catalog, pages, audience, store=store)
        build.fingerprint = fingerprint
        build.keeps = memo is not None
        build.memo = memo
        build.briefs_cache = briefs_cache
        build.dirty = previous is not None
        build.previous = previous or {}
        build.search_files = search_files
        build.processes = workers(options.workers) if can_fork() else 0
        job = Job(
            lambda src_uri: pages[src_uri].write(),
            build._indexer(config),
            memo,
            store,
            # A page no change reached has the inputs it had (``pages.affected``).
            inputs=lambda src_uri: reused.get(src_uri) or pages[src_uri].inputs_key(),
            # Under serve, the feeds too: no page waits for them (``_begin``).
            data_files=lambda: (site_files if build.serving else data_files)(
                catalog, site_url=config.site_url, directory_urls=config.use_directory_urls
            ),
        )
        job.generation = generation
        build.finisher = Finisher(job, processes=build.processes)
        build._begin(config)
        build.report()
        return build

    @property
    def serving(self) -> bool:
        """Under serve: the build's last work is done after it returns (``post_build``)."""
        return self.search_files is not None

    def _begin(self, config: MkDocsConfig) -> None:
        """The workers start on the generated pages now, while MkDocs lists the theme's files and
        calls ``on_files`` (a fifth of a rebuild under serve): each page but those a hand-written
        page at the same path replaces, with its URL, which its search entries need, known before
        they fork; and, unless serve's memo has them, the JSON exports first."""
        docs = Path(config.docs_dir)
        written = {
            (Path(folder) / name).relative_to(docs).as_posix()
            for folder, _, names in os.walk(docs, followlinks=True)
            for name in names
        }
        early = [src_uri for src_uri in self.pages if src_uri not in written]
        self.reads_all = _reads_all(config, docs, written)
        for src_uri in early:
            self.urls[src_uri] = _url(src_uri, config)
        # Under serve, once, before the workers fork: what unchanged pages and files are found by.
        self.made_from = (
            (self.catalog.digest_but_bodies, config.site_url, config.use_directory_urls)
            if self.memo is not None
            else None
        )
        kept = self.memo.site_files if self.memo is not None else None
        remake = kept is None or kept[0] != self.made_from
        if remake and not self.serving:
            # The JSON exports are made by a worker while MkDocs reads the pages: it copies files
            # once it has read every page (``_Later``).
            self.data = _Once(self._finishing().data_files(), self.made_from, self.memo)
        # The indexes of the whole corpus take longest: each a task of its own, first, so that
        # every worker shares them and none is left with them at the end.
        first = [src_uri for src_uri in early if src_uri in WHOLE_CORPUS]
        self._finishing().submit(first, chunk=1)
        self._finishing().submit([src_uri for src_uri in early if src_uri not in WHOLE_CORPUS])
        self.submitted = set(early)
        if remake and self.serving:
            # Under serve no page waits for them, nor for the feeds: a worker makes them once the
            # pages are done, and they are written after the saved page is served, with the
            # search index (``post_build``); a fifth of a front-matter edit's rebuild at 1,000
            # briefs, and the feeds a twentieth.
            self.data = _Once(self._finishing().data_files(), self.made_from, self.memo)
            self.data.deferred = True

    def report(self) -> None:
        for problem in self.result.problems:
            # Errors count toward --strict; brief warnings stay warnings and must not fail a strict
            # build.
            if problem.severity is Severity.ERROR:
                log.error(str(problem))
            elif problem.severity is Severity.WARNING:
                log.info(str(problem))
        log.info(self.result.summary())
        rejected = self.result.corpus.rejected
        if rejected:
            # A warning, so even `-q` shows it; only builds that already have errors get here.
            where = (
                f"see the page {uris.ATTENTION[:-3]}/ in the built site"
                if uris.ATTENTION in self.pages
                else "each is named in an error above"
            )
            log.warning(f"{len(rejected)} brief file(s) left off the site: {where}")

    def _indexer(self, config: MkDocsConfig) -> Indexer | None:
        """A finished page's documents for search, analysed (in the worker that finished it): in
        the shape of Material's search plugin's own entries, made from the page's sections, not
        by parsing its HTML; written into the index with the rest in ``post_build``."""
        plugin = config.plugins.get("material/search")
        if plugin is None or not plugin.config.enabled:
            return None
        urls = self.urls  # filled in ``_begin``, before the workers fork
        analyser = search.Analyser()  # each worker's copy keeps its own stems

        def index(src_uri: str, finished: Finished, meta: dict) -> search.Packed:
            return search.Packed.of(
                search.prepare(finished.search_entries(urls[src_uri], meta), analyser)
            )

        return index

    def close(self) -> None:
        if self.templater is not None and self.digests:
            log.info(
                f"{len(self.digests)} generated pages: {self.kept} finished "
                f"({self.unwritten} of them found by their inputs, unwritten) and "
                f"{self.templater.kept} rendered ones taken from the build store"
            )
        if self.finisher is not None:
            self.finisher.close()
            self.finisher = None
        if self.templater is not None:
            self.templater.close()
            self.templater = None

    def navigation(self, nav: Navigation, config: MkDocsConfig) -> None:
        self.nav = nav
        self.site = site_digest(config, nav)

    def theme(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        """Every page is read: the workers that finished them end, and workers that render the
        generated pages' templates start (briefing.plugin.templates)."""
        self.writing = True
        if self.unread:
            log.info(f"{self.unread} {PAGES_UNREAD}")
        folder = cache_dir()
        if folder is not None:
            # Material's templates compiled once, not at every build (a second each, under serve).
            (folder / "templates").mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder / "templates"))
        if self.data is not None and not self.data.deferred:
            self.data()  # made before its worker ends
        if self.finisher is not None:
            self.finisher.close(finish_queued=self.data is not None and self.data.deferred)
            self.finisher = None
        if self.processes < 2 or self.nav is None:
            return  # MkDocs renders every template itself
        ours = [
            f.src_uri
            for f in files.documentation_pages()
            if self.ours(f.page) is not None and self.modified(f.src_uri)
        ]
        keys = {src_uri: self.render_key(src_uri) for src_uri in ours}
        theme = Theme(config, env, self.nav, files, self.store, keys, restore=self.restore)
        self.templater = Templater(theme, ours, processes=self.processes)

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        # Editors' backups (x~, x.orig, #x#), in docs/ or the theme's folder, stay off the site.
        for file in [file for file in files if is_backup(file.src_uri)]:
            files.remove(file)
        in_nav = _nav_paths(config.nav)
        edit_uri = _EditUris(config)
        # What a generated page's file and page are made from beyond the page itself.
        settings = (
            config.site_url,
            config.repo_url,
            config.edit_uri,
            config.edit_uri_template,
            config.use_directory_urls,
            config.site_dir,
            get_build_date(),
        )
        made: dict[str, tuple] = {}
        for src_uri, page in self.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                continue  # a hand-written page at a generated page's path wins
            # Briefs, topics and actors are reached through index pages and search, never the nav.
            edits = self.edit_uris[src_uri] = edit_uri(page.source_path)
            # Its front matter as values: what its file's text (``page.content``) is written from.
            front = list(page.meta.items()) if page.meta is not None else None
            made_of = (front, edits, src_uri in in_nav, settings)
            kept = self.memo.files.get(src_uri) if self.memo is not None else None
            if kept is not None and kept[0] == made_of:
                file = _Generated.again(kept, self)
            else:
                file = _Generated.made(config, src_uri, page.content, self)
                file.edit_uri = edits
                if src_uri not in in_nav:  # the nav makes its own pages, with the nav's titles
                    _GeneratedPage(None, file, config)  # after edit_uri, which it reads when made
                kept = (made_of, *file.state())
            made[src_uri] = kept
            files.append(file)
            if self.urls.setdefault(src_uri, file.url) != file.url:
                raise RuntimeError(f"briefing: {src_uri}'s URL is {file.url}, not as foreseen")
        if self.memo is not None:
            self.memo.files = made
        # A page not begun (a docs page at its path went in the meantime) is finished here when
        # asked for: the workers, forked already, do not know its URL.
        # Feeds and JSON are files of the site too, so MkDocs copies them and checks links to them.
        if self.data is None:
            assert self.memo is not None and self.memo.site_files is not None
            outputs = self.memo.site_files[1]  # they show no body, and nothing else changed since
        elif self.data.deferred:  # made by a worker with the exports, written after the build
            outputs = {}
            for path in [*feed_paths(self.catalog), *DATA_FILES]:
                files.append(_Later.made(config, path, self.data))
        else:
            outputs = site_files(
                self.catalog,
                site_url=config.site_url,
                directory_urls=config.use_directory_urls,
                data=False,
            )
            self.data.feeds = outputs
            for path in DATA_FILES:
                files.append(_Later.made(config, path, self.data))
        for path, content in outputs.items():
            files.append(File.generated(config, path, content=content))
        if files.get_file_from_path(uris.HOME) is None:
            files.append(File.generated(config, uris.HOME, content=home.default_intro()))
        files.append(
            File.generated(
                config, marking.NOTICE, content=marking.notice(self.audience, self.catalog)
            )
        )
        if self.dirty:
            self.all_files = files
            # Its last build's entries would be merged into this one's: ``post_build`` does that.
            search_plugin = config.plugins.get("material/search")
            if search_plugin is not None and hasattr(search_plugin, "search_index_prev"):
                search_plugin.search_index_prev = None
            for file in files.documentation_pages():
                if not isinstance(file, _Generated):
                    # MkDocs asks each file whether to build it; no other hook says.
                    file.is_modified = functools.partial(  # type: ignore[method-assign]
                        self.hand_written_modified, file, config
                    )
        return files

    def hand_written_modified(self, file: File, config: MkDocsConfig) -> bool:
        """Whether a page not generated here (a docs page, the home page) is made again under a
        dirty serve: always a page made here, else when what it is made from changed since it
        was last written: its file, the site (``site_digest``), the files its links may point
        at, the engine and the theme's overrides (``fingerprint``); and for the home page, the
        lists of briefs it shows and its marking. A page not made again is still read (its front
        matter: the sitemap's "noindex")."""
        remade = self.remade.get(file.src_uri)
        if remade is None:
            remade = self.remade[file.src_uri] = self._hand_written_changed(file, config)
        return remade

    def _hand_written_changed(self, file: File, config: MkDocsConfig) -> bool:
        page = file.page
        if (
            self.memo is None
            or not self.site
            or page is None
            or file.generated_by is not None
            or file.abs_src_path is None
        ):
            return True
        try:
            source = Path(file.abs_src_path).read_bytes()
        except OSError:
            return True  # MkDocs says why it cannot read it
        if self.files_digest is None:
            assert self.all_files is not None
            files = sorted((f.src_uri, f.url) for f in self.all_files)
            self.files_digest = key(files, self.fingerprint)
        lists: tuple = ()
        if file.src_uri == uris.HOME:  # and the lists of briefs it shows, and its marking
            if page.markdown is None:
                page.read_source(config)
            markdown = page.markdown or ""
            merged, blocks = self._home(markdown, config)
            self.home_held = (markdown, merged, blocks)
            lists = (merged, sorted(blocks.items()))
            lists += (repr(rollup.whole_site(self.catalog)),)
        made_of = key(source, self.site, self.files_digest, *lists)
        if self.memo.hand_written.pop(file.src_uri, None) == made_of:
            if page.markdown is None:
                page.read_source(config)
            # Material's tags plugin reads a page's tags as it is made; a title of the page's own
            # (not the nav's) may be taken from its first heading as it is made.
            if "tags" not in page.meta and ("title" in vars(page) or "title" in page.meta):
                self.memo.hand_written[file.src_uri] = made_of
                return False
        # Kept again once written (``post_build``): a failed build leaves it unknown.
        self.made_of[file.src_uri] = made_of
        return True

    def _merge_hand_written_search(self, config: MkDocsConfig) -> None:
        """Material's search index, under a dirty serve, holds the pages made in this build: the
        entries of the others, kept from the builds that made them, go back in their places."""
        assert self.memo is not None and self.all_files is not None
        path = Path(config.site_dir) / "search" / "search_index.json"
        if "material/search" not in config.plugins or not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        made: dict[str, list] = {}
        for entry in index["docs"]:
            made.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        kept, entries = {}, []
        for file in self.all_files.documentation_pages():
            if isinstance(file, _Generated):
                continue  # kept out of Material's index: ours holds them
            url = file.page.url if file.page is not None else file.url  # as Material has it
            if self.remade.get(file.src_uri, True):
                kept[url] = made.get(url, [])
            else:
                kept[url] = self.memo.hand_written_search.get(url, [])
            entries.extend(kept[url])
        self.memo.hand_written_search = kept
        if entries != index["docs"]:
            # As Material writes it (material/plugins/search/plugin.py).
            data = {"config": index["config"], "docs": entries}
            path.write_bytes(json.dumps(data, separators=(",", ":"), default=str).encode("utf-8"))

    def _finishing(self) -> Finisher:
        """The workers finishing the generated pages: from ``start`` until ``theme`` ends them."""
        if self.finisher is None:
            raise RuntimeError("briefing: a generated page was asked for after its workers ended")
        return self.finisher

    def done_for(self, src_uri: str) -> Done:
        """A generated page, finished (waiting for its worker), once per build."""
        done = self.done.get(src_uri)
        if done is None:
            done = self.done[src_uri] = self._finishing().result(src_uri)
            self.digests[src_uri] = done.digest
            self.kept += done.kept
            self.unwritten += done.unwritten
            if done.search is not None:  # none for a page kept out of search (a briefing book)
                self.search_pages[self.urls[src_uri]] = done.search
        return done

    def render_key(self, src_uri: str) -> bytes:
        """What a generated page's output is made from: its Doc (by digest), its place and its
        edit link, and everything else every page's template reads (``site_digest``)."""
        found = self.render_keys.get(src_uri)
        if found is None:
            found = key(
                self.done_for(src_uri).digest, src_uri, self.edit_uris.get(src_uri), self.site
            )
            if self.site:  # known from the nav on; edit links from the files, before it
                self.render_keys[src_uri] = found
        return found

    def modified(self, src_uri: str) -> bool:
        """Whether a generated page must be read and written: always, but under a dirty serve,
        where only the pages whose output changed are (all are read where ``reads_all``)."""
        if not self.dirty or (self.reads_all and not self.writing):
            return True
        return self.previous.get(src_uri) != self.render_key(src_uri)

    def reading(self, page: MkDocsPage) -> bool:
        """Whether MkDocs reads a generated page (``modified``). A page left unread, most of them
        at each rebuild under serve (a second of a rebuild at 10,000 briefs), is given what is
        read of it all the same: its front matter (the sitemap's "noindex") and its anchors
        (MkDocs' check of the links to them)."""
        if self.modified(page.file.src_uri):
            return True
        done = self.done_for(page.file.src_uri)
        meta = self.pages[page.file.src_uri].meta
        page.meta = dict(meta if meta is not None else done.meta)
        page.present_anchor_ids = set(done.finished.anchors)
        self.unread += 1
        return False

    def ours(self, page: MkDocsPage | None) -> Page | None:
        if page is None:
            return None
        generated = self.pages.get(page.file.src_uri)
        return generated if generated is not None and page.file.generated_by is not None else None

    def page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.ours(page) is not None:
            return ""  # finished by the engine (briefing.plugin.workers); taken in page_content
        if page.file.src_uri == uris.HOME:
            if self.home_held is not None and self.home_held[0] == markdown:
                merged, self.home_blocks = self.home_held[1], self.home_held[2]
            else:
                merged, self.home_blocks = self._home(markdown, config)
            return merged
        return markdown

    def _home(self, markdown: str, config: MkDocsConfig) -> tuple[str, dict[str, str]]:
        """The home page's Markdown with its lists of briefs held out, and the lists."""
        links = Links(directory_urls=config.use_directory_urls)
        return home.merge_held(markdown, self.catalog, links)

    def page_content(self, html: str, page: MkDocsPage) -> str:
        if self.ours(page) is None:
            if page.file.src_uri == uris.HOME:
                # Its listings put back only once Material's search has read it (``content_back``).
                skimmed, self.home_listings = home.skim(self.home_blocks)
                return home.put_back(html, skimmed)
            return html
        done = self.done_for(page.file.src_uri)
        if self.pages[page.file.src_uri].meta is None:  # known now that the page is written
            page.meta.update(done.meta)
        page.present_anchor_ids = set(done.finished.anchors)
        if done.packed:  # put back only where its template is rendered (``restore``)
            return ""
        page.toc = get_toc(done.finished.toc_tokens)
        return done.finished.html

    def restore(self, page: MkDocsPage) -> None:
        """A packed page's HTML and table of contents, put back for its template (in this process
        or a worker's)."""
        html, toc_tokens = self.done[page.file.src_uri].body()
        page.content, page.toc = html, get_toc(toc_tokens)

    def page_context(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        if self.ours(page) is None:  # generated pages carry theirs in their front matter
            home_page = page.file.src_uri == uris.HOME
            rollup.stamp(page.meta, rollup.whole_site(self.catalog) if home_page else None)
        else:
            # Material's search plugin skips it: its documents are made and analysed already.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            # Its template is rendered here, not by a worker (which puts the HTML back itself).
            if self.templater is None and not page.content:
                self.restore(page)

    def hold_content(self, page: MkDocsPage) -> str | None:
        """A generated page's HTML, taken from the page until the other plugins' ``on_page_context``
        have run (``None``: left as it is). Material's search skips the page (``page_context``) but
        still strips its ``data-search-*`` attributes, with a regular expression run over all of
        it: 0.5 s of a rebuild at 10,000 briefs, at every page of a build. It has none to strip."""
        if self.ours(page) is None or not page.content or "data-search-" in page.content:
            return None
        held, page.content = page.content, ""
        return held

    def content_back(self, page: MkDocsPage) -> None:
        """After every other plugin's ``on_page_context``: the home page's listings put back,
        stripped of their search attributes where Material's search stripped the page's."""
        if page.file.src_uri != uris.HOME or not self.home_listings or self.ours(page) is not None:
            return
        back = home.unskim(page.content or "", self.home_listings, _strip_search_attributes)
        self.home_listings = {}
        if back is None:
            log.error(f"{uris.HOME}: its lists of briefs were lost before the page was written")
        else:
            page.content = back

    def post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.templater is not None and self.ours(page) is not None:
            output = self.templater.output(page.file.src_uri) or output
        if sharded_search(config):
            output, count = _MATERIAL_WORKER.subn(rf'\g<1>\g<2>{SEARCH_WORKER}"', output, count=1)
            if count == 0 and 'id="__config"' in output:
                log.error(
                    f"{page.file.src_uri}: Material's search worker is not where this version "
                    "expects it; cannot switch to the prebuilt index"
                )
        return output

    def written(self, page: MkDocsPage) -> None:
        """A generated page is written: a build lets its HTML go (MkDocs would keep every page's
        to the end, and a large site's pages are most of a build's memory). Under serve the memo
        keeps it for the next rebuild."""
        if self.keeps or self.ours(page) is None:
            return
        done = self.done.get(page.file.src_uri)
        if done is not None:
            done.finished, done.packed = _RELEASED, b""
        page.content, page.toc = None, get_toc([])

    def post_build(self, config: MkDocsConfig, *, then: Callable[[], None] | None = None) -> None:
        """The build's last work: pages gone since the last build removed, the store saved and
        the search index written; then ``then``. Under serve, the saved page is served as soon as
        the build returns, and the rest (most of a rebuild's time) follows a moment later, in a
        thread that the next rebuild waits for (``wait``) before it starts."""
        self.close()
        for src_uri in set(self.previous) - set(self.digests):  # a page gone since the last build
            gone = Path(config.site_dir) / Links(directory_urls=config.use_directory_urls).url(
                src_uri
            )
            target = gone / "index.html" if config.use_directory_urls else gone
            target.unlink(missing_ok=True)
        if self.dirty and self.memo is not None and self.all_files is not None:
            self._merge_hand_written_search(config)
            # What the hand-written pages written now were made from: kept once they are.
            self.memo.hand_written.update(self.made_of)
            unchanged = sum(not remade for remade in self.remade.values())
            if unchanged:
                log.info(f"{unchanged} {HAND_WRITTEN_KEPT}")
        index, facts = None, None
        folder = Path(config.site_dir) / "search"
        if sharded_search(config):  # Material's own index, read before its next build rewrites it
            index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
            facts = search.page_facts(self.catalog, directory_urls=config.use_directory_urls)

        data = self.data if self.data is not None and self.data.deferred else None

        def finish() -> None:
            if data is not None:
                site = Path(config.site_dir)
                for path, content in data().items():
                    target = site / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(content, encoding="utf-8")
            self.store.save()
            if self.briefs_cache is not None:
                self.briefs_cache.save()
            if index is not None:
                search.write(
                    index,
                    folder,
                    facts=facts,
                    processes=self.options.workers,
                    prepared=self.search_pages,
                    known=self.search_files,
                )

        if self.search_files is None:
            finish()
            if then is not None:
                then()
        else:
            self.indexing = threading.Thread(
                target=_logged(finish, then=then), name="briefing-after-build"
            )
            self.indexing.start()

    def wait(self) -> None:
        """Until the search index of this build is written (a serve rebuild's, in a thread)."""
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None


# A written page's place in ``Build.done`` once its HTML is let go.
_RELEASED = Finished("", [], [])


def _logged(
    work: Callable[[], None], *, then: Callable[[], None] | None = None
) -> Callable[[], None]:
    """``work``, with what goes wrong in it logged as an error (a thread has no caller to tell),
    and ``then`` after it whatever happened; ``SEARCH_WRITTEN`` is logged once both are done."""

    def run() -> None:
        written = False
        try:
            work()
            written = True
        except Exception as error:  # reported, never a traceback on the serve console
            log.error(f"the search index was not written: {error}")
        finally:
            if then is not None:
                then()
        if written:  # after ``then`` too (the collection): a save now is rebuilt at once
            log.info(SEARCH_WRITTEN)

    return run


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
# Settings no page shows (where files are, how the build runs): a fresh clone elsewhere, or a
# build into another folder, finds what an earlier build kept. The theme's own folders are in
# the engine's fingerprint, by their files.
_NOT_SHOWN = frozenset(
    [
        "plugins",
        "theme",
        "site_dir",
        "docs_dir",
        "config_file_path",
        "watch",
        "dev_addr",
        "strict",
        "validation",
        "hooks",
        "briefs_dir",
        "workers",
    ]
)


def _unchanged(
    memo: Memo | None, catalog: catalog_module.Catalog, directory_urls: bool
) -> tuple[set[str], dict]:
    """Under serve, the generated pages no change since the last rebuild reached
    (``affected.unchanged_pages``), and their markings then, which are theirs now: they hold
    what they held."""
    last = memo.previous if memo is not None else None
    if last is None or last.directory_urls != directory_urls:
        return set(), {}
    marked = last.markings
    unchanged = {s for s in affected.unchanged_pages(last.catalog, catalog) if s in marked}
    return unchanged, {src_uri: marked[src_uri] for src_uri in unchanged}


def _reused_inputs(
    memo: Memo | None,
    unchanged: set[str],
    catalog: catalog_module.Catalog,
    marked: dict,
    directory_urls: bool,
) -> tuple[dict[str, bytes], int]:
    """Under serve, the inputs of the ``unchanged`` pages (``_unchanged``: their markings are
    the last rebuild's) as the last rebuild found them, and this rebuild's number. Only pages
    that rebuild found current count: one that failed part of the way leaves the others as they
    were before it."""
    if memo is None:
        return {}, 0
    last = memo.previous
    reused: dict[str, bytes] = {}
    number = 1
    if last is not None:
        number = last.number + 1
        for src_uri in unchanged:
            kept = memo.pages.get(src_uri)
            if kept is not None and kept.made_in == last.number and kept.inputs is not None:
                reused[src_uri] = kept.inputs
    memo.previous = LastRebuild(number, catalog, marked, directory_urls)
    return reused, number


def _stable(value: object) -> str:
    """A value's ``repr`` without object addresses (a slugify function in Material's tags
    options).
    """
    return _ADDRESS.sub("", repr(value))


def site_digest(config: MkDocsConfig, nav: Navigation) -> bytes:
    """What every page's template reads beyond the page: the site's configuration (every plugin's
    options too), the navigation, and the build's date."""
    settings = sorted(
        (name, _stable(value)) for name, value in config.items() if name not in _NOT_SHOWN
    )
    plugins = sorted(
        (name, _stable({k: v for k, v in plugin.config.items() if k not in _NOT_SHOWN}))
        for name, plugin in config.plugins.items()
    )
    theme = sorted(
        (name, _stable(value)) for name, value in config.theme.items() if name != "custom_dir"
    )

    def items(entries) -> list:
        return [
            (e.title, getattr(e, "url", None), items(getattr(e, "children", None) or []))
            for e in entries
        ]

    return key(settings, plugins, theme, items(nav.items), os.environ.get("SOURCE_DATE_EPOCH"))


class _Generated(File):
    """A generated page's file: modified when its Doc changed (``Build.modified``), so that
    ``mkdocs serve --dirty`` reads and writes only the pages a save changed."""

    build: Build | None = None

    @classmethod
    def made(cls, config: MkDocsConfig, src_uri: str, content: str, build: Build) -> _Generated:
        """The file of a generated page, out of the nav, asking ``build`` whether it changed."""
        file = cls.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        assert isinstance(file, cls)  # File.generated makes a cls, typed as File
        file.build = build
        return file

    def is_modified(self) -> bool:
        build = self.build
        if build is None:
            return True
        if build.writing or self.page is None:
            return build.modified(self.src_uri)
        return build.reading(self.page)

    def state(self) -> tuple[dict, dict | None]:
        """The file and its page as made, before MkDocs reads them (its URL worked out): what
        serve's next rebuild makes them again from, when they are made from the same
        (``again``)."""
        _ = self.url
        page = self.page
        mine = {k: v for k, v in self.__dict__.items() if k not in ("page", "build")}
        if page is None:
            return mine, None
        return mine, {k: v for k, v in page.__dict__.items() if k not in _PER_BUILD}

    @classmethod
    def again(cls, kept: tuple, build: Build) -> _Generated:
        """A file and its page as ``state`` kept them, for ``build``: thousands of them at every
        rebuild under serve, each the same as the last time unless its front matter changed."""
        _, mine, page_state = kept
        file = cls.__new__(cls)
        file.__dict__.update(mine)
        file.build = build
        if page_state is not None:
            page = _GeneratedPage.__new__(_GeneratedPage)
            page.__dict__.update(page_state)
            page.file, file.page = file, page
            page.toc = []  # type: ignore[assignment]  # as MkDocs' Page.__init__ makes it
            page.meta = {}
        return file


# What MkDocs and the plugins set on a page as they read and write it: never kept.
_PER_BUILD = ("file", "toc", "meta")


class _Once:
    """The JSON exports, waited for once (``Finisher.data_files``); under serve, kept in the memo
    with the feeds by what they were made from."""

    def __init__(
        self, made: Callable[[], dict[str, str]], made_from: tuple | None, memo: Memo | None
    ) -> None:
        self.made = made
        self.made_from = made_from
        self.memo = memo
        self.feeds: dict[str, str] = {}
        self.files: dict[str, str] | None = None
        # Written after the build by ``Build.post_build`` (serve), not copied by MkDocs.
        self.deferred = False

    def __call__(self) -> dict[str, str]:
        if self.files is None:
            self.files = self.made()
            if self.memo is not None and self.made_from is not None:
                self.memo.site_files = (self.made_from, {**self.feeds, **self.files})
        return self.files


class _Later(File):
    """A file whose content a worker makes while MkDocs reads the pages: MkDocs reads its content
    (``File._content``, behind ``content_bytes``, ``content_string`` and ``copy_file``) only
    when it copies the site's files, after every page is read."""

    data: _Once | None = None
    _made: str | bytes | None = None

    @classmethod
    def made(cls, config: MkDocsConfig, src_uri: str, data: _Once) -> _Later:
        file = cls.generated(config, src_uri, content="")  # taken from ``data`` when first read
        assert isinstance(file, cls)
        file.data = data
        return file

    @property
    def _content(self) -> str | bytes | None:
        if self.data is not None:
            self._made, self.data = self.data()[self.src_uri], None
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self.data, self._made = None, value

    def copy_file(self, dirty: bool = False) -> None:
        if self.data is not None and self.data.deferred:
            return  # written once made, after the build (``Build.post_build``)
        super().copy_file(dirty)


class _GeneratedPage(MkDocsPage):
    """A generated page, whose HTML comes finished (``Build.page_content``): MkDocs would make a
    Python-Markdown converter with every extension for each page only to convert the empty
    Markdown ``page_markdown`` leaves, and a large site's pages are thousands of them."""

    def read_source(self, config: MkDocsConfig) -> None:
        """What MkDocs makes of the page's file (its front matter, JSON, and no Markdown), without
        parsing it as YAML: a large site is thousands of these files at every rebuild."""
        file = self.file
        build = file.build if isinstance(file, _Generated) else None
        page = build.pages.get(file.src_uri) if build is not None else None
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None or page is None:
            if source is None:
                source = file.content_string
            self.markdown, self.meta = get_data(source)
            return
        # A copy, as YAML would make (other plugins change a page's meta).
        self.markdown, self.meta = "", json.loads(json.dumps(page.meta or {}))

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown:  # another plugin's on_page_markdown wrote some: convert it as MkDocs does
            super().render(config, files)
            return
        # What MkDocs' own render makes of empty Markdown.
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def _reads_all(config: MkDocsConfig, docs: Path, written: set[str]) -> bool:
    """Whether every generated page must be read under a dirty serve: where a plugin not known
    to read only the pages it writes is on, or a hand-written page lists tags (Material's tags
    plugin lists a tag's pages from every page read)."""
    if set(config.plugins) - _READ_WRITTEN_ONLY:
        return True
    tags = config.plugins.get("material/tags")
    if tags is None or not tags.config.enabled:
        return False
    directive = f"<!-- {tags.config.listings_directive}"
    for src_uri in written:
        if src_uri.endswith(".md"):
            try:
                if directive in (docs / src_uri).read_text(encoding="utf-8", errors="replace"):
                    return True
            except OSError:
                return True  # MkDocs says why it cannot read it
    return False


def _nav_paths(nav: object) -> set[str]:
    """The paths the ``nav`` setting names (its entries are paths, or titles of paths or of
    lists of entries)."""
    if isinstance(nav, str):
        return {nav.lstrip("/")}
    if isinstance(nav, dict):
        return set().union(*(_nav_paths(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_paths(item) for item in nav))
    return set()


def _url(src_uri: str, config: MkDocsConfig) -> str:
    """A generated page's URL, as MkDocs gives its file."""
    return _file_url(src_uri, config.site_dir, config.use_directory_urls)


# A pure function of its arguments, asked for every generated page at every serve rebuild.
@functools.lru_cache(maxsize=1 << 16)
def _file_url(src_uri: str, site_dir: str, directory_urls: bool) -> str:
    return File(src_uri, src_dir=None, dest_dir=site_dir, use_directory_urls=directory_urls).url


class _EditUris:
    """Each brief's file relative to the docs folder, so "Edit this page" opens the brief itself:
    the file as its symbolic links resolve, with each folder resolved once (a build asks for
    thousands of files in a few folders)."""

    def __init__(self, config: MkDocsConfig) -> None:
        wanted = bool(config.edit_uri and config.config_file_path)
        root = os.path.realpath(os.path.dirname(config.config_file_path)) if wanted else None
        self.inside = os.path.join(root, "") if root is not None else None  # the root and a "/"
        self.docs = os.path.realpath(config.docs_dir) if wanted else ""
        # each folder as written -> the folder relative to the docs folder, None outside the root
        self.folders: dict[str, str | None] = {}

    def __call__(self, source_path: str | None) -> str | None:
        if source_path is None or self.inside is None:
            return None
        if os.path.islink(source_path):
            return self._relative(os.path.realpath(source_path))
        folder, name = os.path.split(source_path)
        if folder not in self.folders:
            real = os.path.realpath(folder)
            self.folders[folder] = (
                os.path.relpath(real, self.docs).replace(os.sep, "/")
                if os.path.join(real, "").startswith(self.inside)
                else None  # a corpus outside the repository has no edit page
            )
        relative = self.folders[folder]
        if relative is None:
            return None
        return name if relative == "." else f"{relative}/{name}"

    def _relative(self, brief: str) -> str | None:
        if not brief.startswith(self.inside or ""):
            return None  # a corpus outside the repository has no edit page
        return os.path.relpath(brief, self.docs).replace(os.sep, "/")
