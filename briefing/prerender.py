"""Markdown to HTML for brief pages in worker processes, so a build uses every core.

MkDocs converts pages one after another on one core. Brief pages are most of a site and
need nothing from MkDocs to convert (their links are already site URLs), so the adapter
hands them to a pool here as soon as it knows them and picks up the HTML when MkDocs
reaches each page. Pure Python and Markdown: no MkDocs import.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

import markdown

CHUNK = 40  # pages per task: large enough to amortise the hand-over, small enough to start early

_converter: markdown.Markdown | None = None

def _start_worker(extensions: list, configs: dict) -> None:
    global _converter
    _converter = markdown.Markdown(extensions=extensions, extension_configs=configs)

def _convert(texts: list[str]) -> list[tuple[str, list]]:
    results = []
    for text in texts:
        _converter.reset()
        html = _converter.convert(text)
        results.append((html, getattr(_converter, "toc_tokens", [])))
    return results

class Prerenderer:
    """A pool converting Markdown pages; ``result(key)`` waits for one page's HTML and TOC tokens."""

    def __init__(self, extensions: list, configs: dict, *, processes: int) -> None:
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        self.pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(extensions, configs))
        self.pending: dict[str, tuple[Future, int]] = {}

    def submit(self, pages: dict[str, str]) -> None:
        keys = list(pages)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            future = self.pool.submit(_convert, [pages[key] for key in chunk])
            for index, key in enumerate(chunk):
                self.pending[key] = (future, index)

    def result(self, key: str) -> tuple[str, list] | None:
        entry = self.pending.pop(key, None)
        if entry is None:
            return None
        future, index = entry
        return future.result()[index]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pending.clear()
