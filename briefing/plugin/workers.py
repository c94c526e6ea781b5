"""Brief pages rendered and converted to HTML in worker processes, so a build uses both cores.

MkDocs converts pages one after another on one core, and brief pages are most of a site.
They need nothing from MkDocs (their links are already site URLs), so the adapter forks a
worker once the catalog is built; the worker renders each brief page's Markdown and
converts it while MkDocs, in the main process, templates and indexes the pages before it.
Pure Python and Markdown: no MkDocs import.

Under ``mkdocs serve`` the process lives across rebuilds, and so does ``Memo``: a worker that
renders the same Markdown for a page as last time takes the HTML from the memo instead of
converting it again, so saving one brief reconverts that brief (and the few pages whose
related or backlink lists changed), not the corpus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

import markdown

from ..parallel import Pool
from ..site.html import Doc
from ..site.sanitise import clean_html

CHUNK = 25  # pages per task: large enough to amortise the hand-over, small enough to start early


@dataclass
class Converted:
    """One page from a worker: its HTML, table of contents tokens, and its Doc (for the HTML blocks)."""

    html: str
    toc_tokens: list
    doc: Doc
    source: bytes = (
        b""  # the memo's key: a digest of what the HTML and search entries were made from
    )
    search: list | None = None  # the page's search entries, when the adapter gave an indexer


class Memo:
    """Converted pages by key, kept across the rebuilds of one process, for one set of
    Markdown extensions (another set empties it)."""

    def __init__(self) -> None:
        self.settings = ""
        self.pages: dict[str, Converted] = {}

    def use(self, extensions: list, configs: dict) -> None:
        settings = repr((extensions, configs))
        if settings != self.settings:
            self.settings, self.pages = settings, {}

    def get(self, key: str, source: bytes) -> Converted | None:
        page = self.pages.get(key)
        return page if page is not None and page.source == source else None

    def put(self, key: str, page: Converted) -> None:
        self.pages[key] = page


def digest(doc: Doc) -> bytes:
    """What a page's memo entry depends on: its Markdown (the HTML), and the HTML blocks that are
    searched (the search entries; a card's stale badge or an actor's aliases can change alone)."""
    hashed = hashlib.blake2b(doc.markdown().encode("utf-8"), digest_size=16)
    for block, searched in zip(doc.blocks, doc.searchable):
        if searched:
            hashed.update(b"\0" + block.encode("utf-8"))
    return hashed.digest()


def _body(markdown_text: str) -> str:
    return (
        markdown_text.split("\n---\n", 1)[1] if markdown_text.startswith("---\n") else markdown_text
    )


@dataclass
class Job:
    """What every worker needs, handed over once when it is forked (``parallel.Pool``)."""

    render: Callable[[str], Doc]
    index: Callable[[str, str, list, Doc], list] | None
    extensions: list
    configs: dict
    memo: Memo
    converter: markdown.Markdown | None = None  # made in each worker, on its first page


def _convert(job: Job, keys: list[str]) -> list[Converted | Doc]:
    """Each page converted, or only its Doc when the memo (inherited by the fork) has its HTML."""
    if job.converter is None:
        job.converter = markdown.Markdown(extensions=job.extensions, extension_configs=job.configs)
    results = []
    for key in keys:
        doc = job.render(key)
        source = digest(doc)
        if job.memo.get(key, source) is not None:
            results.append(doc)
            continue
        job.converter.reset()
        html = clean_html(job.converter.convert(_body(doc.markdown())))  # off the main process
        toc_tokens = getattr(job.converter, "toc_tokens", [])
        search = job.index(key, html, toc_tokens, doc) if job.index is not None else None
        results.append(Converted(html, toc_tokens, doc, source, search))
    return results


class Prerenderer:
    """A pool rendering and converting pages by key; ``result(key)`` waits for one page.

    Workers inherit the catalog by forking: use only where ``parallel.can_fork()``.
    """

    def __init__(
        self,
        render: Callable[[str], Doc],
        extensions: list,
        configs: dict,
        *,
        processes: int,
        index: Callable[[str, str, list, Doc], list] | None = None,
        memo: Memo | None = None,
    ) -> None:
        """``index(key, html, toc_tokens, doc)``, if given, makes a page's search entries in the
        worker too, so that the main process need not parse the page's HTML again. ``memo`` holds
        pages from earlier builds of this process (``mkdocs serve``)."""
        self.memo = memo if memo is not None else Memo()
        self.memo.use(extensions, configs)
        self.pool = Pool(Job(render, index, extensions, configs, self.memo), processes)
        self.pending: dict[str, tuple[Future, int]] = {}

    def submit(self, keys: list[str]) -> None:
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            future = self.pool.submit(_convert, chunk)
            for index, key in enumerate(chunk):
                self.pending[key] = (future, index)

    def result(self, key: str) -> Converted | None:
        entry = self.pending.pop(key, None)
        if entry is None:
            return None
        future, index = entry
        found = future.result()[index]
        if isinstance(found, Doc):  # unchanged since the last build
            kept = self.memo.pages[key]  # the worker found it current
            return Converted(kept.html, kept.toc_tokens, found, kept.source, kept.search)
        self.memo.put(key, found)
        return found

    def close(self) -> None:
        self.pool.close()
        self.pending.clear()
