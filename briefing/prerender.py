"""Brief pages rendered and converted to HTML in worker processes, so a build uses both cores.

MkDocs converts pages one after another on one core, and brief pages are most of a site.
They need nothing from MkDocs (their links are already site URLs), so the adapter forks a
worker once the catalog is built; the worker renders each brief page's Markdown and
converts it while MkDocs, in the main process, templates and indexes the pages before it.
Pure Python and Markdown: no MkDocs import.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

import markdown

from .pages.safe import clean_html
from .pages.text import Doc

CHUNK = 25  # pages per task: large enough to amortise the hand-over, small enough to start early

# Set in the parent before the pool forks, so workers inherit the catalog without pickling it.
_render: Callable[[str], Doc] | None = None
_converter: markdown.Markdown | None = None


@dataclass
class Converted:
    """One page from a worker: its HTML, table of contents tokens, and its Doc (for the HTML blocks)."""

    html: str
    toc_tokens: list
    doc: Doc


def _start_worker(extensions: list, configs: dict) -> None:
    global _converter
    _converter = markdown.Markdown(extensions=extensions, extension_configs=configs)


def _body(markdown_text: str) -> str:
    return markdown_text.split("\n---\n", 1)[1] if markdown_text.startswith("---\n") else markdown_text


def _convert(keys: list[str]) -> list[Converted]:
    results = []
    for key in keys:
        doc = _render(key)
        _converter.reset()
        html = clean_html(_converter.convert(_body(doc.markdown())))  # in the worker: off the main process
        results.append(Converted(html, getattr(_converter, "toc_tokens", []), doc))
    return results


class Prerenderer:
    """A pool rendering and converting pages by key; ``result(key)`` waits for one page.

    Workers inherit the catalog by forking: use only where ``parallel.can_fork()``.
    """

    def __init__(self, render: Callable[[str], Doc], extensions: list, configs: dict, *, processes: int) -> None:
        global _render
        _render = render
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(extensions, configs))
        self.pending: dict[str, tuple[Future, int]] = {}

    def submit(self, keys: list[str]) -> None:
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            future = self.pool.submit(_convert, chunk)
            for index, key in enumerate(chunk):
                self.pending[key] = (future, index)

    def result(self, key: str) -> Converted | None:
        entry = self.pending.pop(key, None)
        if entry is None:
            return None
        future, index = entry
        return future.result()[index]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pending.clear()
