"""The seam between the engine and MkDocs: the only module that imports MkDocs.

MkDocs calls the hook functions below (re-exported by ``hooks/briefing_hooks.py``). Each is
short: load and check the corpus once per build, hand MkDocs the generated pages, report
problems through a ``mkdocs.*`` logger so that ``--strict`` counts the errors.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from . import catalog as catalog_module
from .corpus import Result, briefs_dir, load_corpus
from .model import Severity
from .parallel import can_fork, workers
from .prerender import Prerenderer
from .pages import Page, attention, brief_renderer, generate, home, site_files, uris
from .pages.safe import clean_html
from .pages.text import Links, fill_blocks, fill_unsearched_blocks

log = get_plugin_logger("briefing")


class _State:
    """What one build knows; reset in ``on_config`` because ``mkdocs serve`` keeps this module loaded."""

    result: Result | None = None
    pages: dict[str, Page] = {}
    catalog: catalog_module.Catalog | None = None
    prerenderer: Prerenderer | None = None
    converted: dict = {}  # src_uri -> Doc of pages made by the worker, for on_post_page


state = _State()


def _today() -> dt.date:
    # SOURCE_DATE_EPOCH pins "today" (staleness) for reproducible builds.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Material's offline plugin adds its search polyfill from unpkg.com; serve our vendored copy instead.
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = [IFRAME_WORKER if "iframe-worker" in str(p) else p for p in polyfills]
    root = briefs_dir(config.extra.get("briefs_dir") if os.environ.get("BRIEFS_DIR") is None else None)
    if not root.is_absolute():
        root = Path(config.config_file_path).parent / root if config.config_file_path else root
    if str(root) not in config.watch:
        config.watch.append(str(root))
    today = _today()
    state.result = load_corpus(root, today=today)
    state.catalog = catalog_module.build(state.result.corpus, today=today)
    _close_prerenderer()
    state.converted = {}
    processes = workers()
    extensions, configs = config.markdown_extensions, config.mdx_configs or {}
    # Workers are forked, so they inherit the extensions' configs (functions included) as they are.
    prerender = processes >= 2 and can_fork()
    state.pages = generate(state.catalog, directory_urls=config.use_directory_urls, prerender_briefs=prerender)
    if not _offline(config):  # the archive is for readers: no page for the editors in it
        state.pages[uris.ATTENTION] = Page(attention.render(state.result.problems, state.result.corpus.rejected, state.result.files))
    if prerender:
        render = brief_renderer(state.catalog, directory_urls=config.use_directory_urls)
        state.prerenderer = Prerenderer(render, extensions, configs, processes=processes)
    for problem in state.result.problems:
        # Errors count toward --strict; brief warnings stay warnings and must not fail a strict build.
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        else:
            log.info(str(problem))
    log.info(state.result.summary())
    if state.result.corpus.rejected and uris.ATTENTION in state.pages:
        # A warning, so even `-q` shows it; only builds that already have errors get here.
        log.warning(f"{len(state.result.corpus.rejected)} brief file(s) left off the site: see the page {uris.ATTENTION[:-3]}/ in the built site")
    return config


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
    if state.prerenderer is not None:
        state.prerenderer.submit(to_prerender)
    # Feeds and JSON are files of the site too, so MkDocs copies them and checks links to them.
    outputs = site_files(state.catalog, site_url=config.site_url, directory_urls=config.use_directory_urls)
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
    if converted is None:
        # Cleaned before the generated blocks go in: only the analysts' Markdown needs it.
        html = clean_html(html)
    return fill_blocks(html, doc) if doc.blocks else html


def _toc_items(toc):
    for item in toc:
        yield item
        yield from _toc_items(item.children)


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    generated = _ours(page)
    if generated is None:
        return output
    doc = state.converted.pop(page.file.src_uri, generated.doc)
    return fill_unsearched_blocks(output, doc) if doc.blocks else output


def on_post_build(config: MkDocsConfig) -> None:
    _close_prerenderer()


def on_build_error(error: Exception) -> None:
    _close_prerenderer()


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    generated = _ours(page)
    if generated is not None and generated.prerender and state.prerenderer is not None:
        return ""  # converted by a worker (briefing.prerender); picked up in on_page_content
    if page.file.src_uri == uris.HOME and state.catalog is not None:
        return home.merge(markdown, state.catalog, Links(directory_urls=config.use_directory_urls))
    return markdown

