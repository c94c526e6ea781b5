"""The seam between the engine and MkDocs: the only module that imports MkDocs.

MkDocs calls the hook functions below (re-exported by ``hooks/briefing_hooks.py``). Each is
short: load and check the corpus once per build, hand MkDocs the generated pages, report
problems through a ``mkdocs.*`` logger so that ``--strict`` counts the errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from .. import catalog as catalog_module
from ..check.folder import Result, briefs_dir, load_corpus
from ..git import history
from ..model import Severity
from ..parallel import can_fork, workers
from ..site import search, uris
from ..site.html import Links, fill_blocks, fill_unsearched_blocks
from ..site.pages import Page, attention, brief_renderer, generate, home, site_files
from ..site.sanitise import clean_html
from .workers import Prerenderer

log = get_plugin_logger("briefing")


class _State:
    """What one build knows; reset in ``on_config`` because ``mkdocs serve`` keeps this module loaded."""

    result: Result | None = None
    pages: dict[str, Page] = {}
    catalog: catalog_module.Catalog | None = None
    prerenderer: Prerenderer | None = None
    converted: dict = {}  # src_uri -> Doc of pages made by the worker, for on_post_page
    urls: dict[str, str] = {}  # src_uri -> page URL of pages the workers convert (and index)
    search_entries: dict[str, list] = {}  # src_uri -> search entries a worker made


state = _State()


def _today() -> dt.date:
    # SOURCE_DATE_EPOCH pins "today" (staleness) for reproducible builds.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    )


IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Material's offline plugin adds its search polyfill from unpkg.com; serve our vendored copy instead.
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = [
            IFRAME_WORKER if "iframe-worker" in str(p) else p for p in polyfills
        ]
    root = briefs_dir(
        config.extra.get("briefs_dir") if os.environ.get("BRIEFS_DIR") is None else None
    )
    if not root.is_absolute():
        root = Path(config.config_file_path).parent / root if config.config_file_path else root
    if str(root) not in config.watch:
        config.watch.append(str(root))
    today = _today()
    state.result = load_corpus(root, today=today)
    state.catalog = catalog_module.build(
        state.result.corpus, today=today, revisions=_revisions(root, config)
    )
    _close_prerenderer()
    state.converted, state.urls, state.search_entries = {}, {}, {}
    processes = workers()
    extensions, configs = config.markdown_extensions, config.mdx_configs or {}
    # Workers are forked, so they inherit the extensions' configs (functions included) as they are.
    prerender = processes >= 2 and can_fork()
    state.pages = generate(
        state.catalog, directory_urls=config.use_directory_urls, prerender_briefs=prerender
    )
    if not _offline(config):  # the archive is for readers: no page for the editors in it
        state.pages[uris.ATTENTION] = Page(
            attention.render(
                state.result.problems, state.result.corpus.rejected, state.result.files
            )
        )
    if prerender:
        render = brief_renderer(state.catalog, directory_urls=config.use_directory_urls)
        state.prerenderer = Prerenderer(
            render, extensions, configs, processes=processes, index=_worker_indexer(config)
        )
    for problem in state.result.problems:
        # Errors count toward --strict; brief warnings stay warnings and must not fail a strict build.
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        elif problem.severity is Severity.WARNING:
            log.info(str(problem))
    log.info(state.result.summary())
    if state.result.corpus.rejected and uris.ATTENTION in state.pages:
        # A warning, so even `-q` shows it; only builds that already have errors get here.
        log.warning(
            f"{len(state.result.corpus.rejected)} brief file(s) left off the site: see the page {uris.ATTENTION[:-3]}/ in the built site"
        )
    return config


def _worker_indexer(config: MkDocsConfig):
    """Material's own search indexing of a page, run in the worker that converted it: the same
    entries Material's plugin would make, without parsing the page's HTML again here."""
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return None
    from material.plugins.search.plugin import (
        SearchIndex,  # Material's, so the entries are its own
    )

    settings = dict(plugin.config)

    def index(src_uri: str, html: str, toc_tokens: list, doc) -> list:
        content = (
            fill_blocks(html, doc) if doc.blocks else html
        )  # what the page holds in on_page_context
        meta = doc.meta
        page = SimpleNamespace(
            meta=meta,
            toc=get_toc(toc_tokens),
            url=state.urls[src_uri],
            title=meta.get("title"),
            content=content,
        )
        search_index = SearchIndex(**settings)
        search_index.add_entry_from_context(page)
        return search_index.entries

    return index


def _revisions(root: Path, config: MkDocsConfig) -> dict:
    """Each brief's last change from git, with its history link under ``repo_url`` + ``extra.history_uri``."""
    base = history.history_base(config.repo_url, config.extra.get("history_uri"))
    repo_root = Path(config.config_file_path).parent if config.config_file_path else None
    return history.revisions(
        state.result.corpus.briefs, root, history_base=base, repo_root=repo_root
    )


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return plugin is not None and bool(plugin.config.enabled)


def _close_prerenderer() -> None:
    if state.prerenderer is not None:
        state.prerenderer.close()
        state.prerenderer = None


def _edit_uri(source_path: str | None, config: MkDocsConfig) -> str | None:
    """The brief's file relative to the docs folder, so "Edit this page" opens the brief itself."""
    if source_path is None or not config.edit_uri or not config.config_file_path:
        return None
    repo_root = Path(config.config_file_path).parent.resolve()
    brief = Path(source_path).resolve()
    if repo_root not in brief.parents:
        return None  # a corpus outside the repository has no edit page
    return os.path.relpath(brief, Path(config.docs_dir).resolve()).replace(os.sep, "/")


@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    to_prerender = []
    for src_uri, page in state.pages.items():
        if files.get_file_from_path(src_uri) is not None:
            continue  # a hand-written page at a generated page's path wins
        file = File.generated(config, src_uri, content=page.content)
        file.edit_uri = _edit_uri(page.source_path, config)
        files.append(file)
        if page.prerender and state.prerenderer is not None:
            to_prerender.append(src_uri)
            state.urls[src_uri] = file.url  # before the workers fork, so they see it
    if state.prerenderer is not None:
        state.prerenderer.submit(to_prerender)
    # Feeds and JSON are files of the site too, so MkDocs copies them and checks links to them.
    outputs = site_files(
        state.catalog, site_url=config.site_url, directory_urls=config.use_directory_urls
    )
    for path, content in outputs.items():
        files.append(File.generated(config, path, content=content))
    if files.get_file_from_path(uris.HOME) is None:
        files.append(File.generated(config, uris.HOME, content=home.default_intro()))
    return files


def _ours(page: MkDocsPage) -> Page | None:
    generated = state.pages.get(page.file.src_uri)
    return generated if generated is not None and page.file.generated_by is not None else None


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    generated = _ours(page)
    if generated is None:
        return html
    doc = generated.doc
    converted = None
    if generated.prerender and state.prerenderer is not None:
        converted = state.prerenderer.result(page.file.src_uri)
        if converted is not None:  # already cleaned by the worker
            html, doc = converted.html, converted.doc
            page.toc = get_toc(converted.toc_tokens)
            page.present_anchor_ids = {item.id for item in _toc_items(page.toc)}
            state.converted[page.file.src_uri] = doc
            if converted.search is not None:
                state.search_entries[page.file.src_uri] = converted.search
    if converted is None:
        # Cleaned before the generated blocks go in: only the analysts' Markdown needs it.
        html = clean_html(html)
    return fill_blocks(html, doc) if doc.blocks else html


@event_priority(100)  # before Material's search plugin, which would parse the page again
def on_page_context(context, page: MkDocsPage, config: MkDocsConfig, nav):
    entries = state.search_entries.pop(page.file.src_uri, None)
    if entries is not None:
        config.plugins["material/search"].search_index.entries.extend(entries)
        page.meta["search"] = {
            **(page.meta.get("search") or {}),
            "exclude": True,
        }  # Material: skip it
    return context


def _toc_items(toc):
    for item in toc:
        yield item
        yield from _toc_items(item.children)


SEARCH_WORKER = "assets/briefing/search-worker.js"
# The worker URL in the configuration Material writes into every page (relative, with its hash).
_MATERIAL_WORKER = re.compile(
    r'("search": ")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"'
)


def _sharded_search(config: MkDocsConfig) -> bool:
    """The prebuilt index serves the hosted site; the offline archive keeps Material's own search,
    which works from file:// (a worker there cannot fetch shards)."""
    return "material/search" in config.plugins and not _offline(config)


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    if _sharded_search(config):
        output, count = _MATERIAL_WORKER.subn(rf'\g<1>\g<2>{SEARCH_WORKER}"', output, count=1)
        if count == 0 and 'id="__config"' in output:
            log.error(
                f"{page.file.src_uri}: Material's search worker is not where this version expects it; cannot switch to the prebuilt index"
            )
    generated = _ours(page)
    if generated is None:
        return output
    doc = state.converted.pop(page.file.src_uri, generated.doc)
    return fill_unsearched_blocks(output, doc) if doc.blocks else output


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    _close_prerenderer()
    if _sharded_search(config):
        folder = Path(config.site_dir) / "search"
        index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
        search.write(index, folder)


def on_build_error(error: Exception) -> None:
    _close_prerenderer()


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    generated = _ours(page)
    if generated is not None and generated.prerender and state.prerenderer is not None:
        return ""  # converted by a worker (briefing.plugin.workers); picked up in on_page_content
    if page.file.src_uri == uris.HOME and state.catalog is not None:
        return home.merge(markdown, state.catalog, Links(directory_urls=config.use_directory_urls))
    return markdown
