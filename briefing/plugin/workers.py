"""Generated pages finished (written, rendered, indexed for search) in worker processes.

Brief pages are most of a site and need nothing from MkDocs, so the build forks workers once the
catalog is made (``parallel.Pool``); each writes a page's Doc, finishes it to HTML and makes its
search entries with Material's own indexer, while MkDocs, in the main process, templates the
pages before it. Without workers the same function runs in the main process: one path.

Under ``mkdocs serve`` the plugin keeps a ``Memo`` across rebuilds: a page whose Doc is the same
as last time is taken from it instead of being finished and indexed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from ..parallel import Pool
from ..site.doc import Block, Body, Doc, Finished, Heading

CHUNK = 25  # pages per task: large enough to amortise the hand-over, small enough to start early

# A page's search entries from its finished HTML: (src_uri, finished page, meta) -> entries.
Indexer = Callable[[str, Finished, dict], list]


@dataclass
class Done:
    """One finished page: its HTML and table of contents, its search entries, and the digest of
    the Doc it was made from (the memo's key)."""

    finished: Finished
    search: list | None
    digest: bytes = b""


@dataclass
class Memo:
    """Finished pages by ``src_uri``, kept across the rebuilds of one ``mkdocs serve``."""

    pages: dict[str, Done] = field(default_factory=dict)

    def get(self, key: str, digest: bytes) -> Done | None:
        page = self.pages.get(key)
        return page if page is not None and page.digest == digest else None

    def keep_only(self, keys: set[str]) -> None:
        """Forget pages that are gone (a brief deleted or renamed between two rebuilds)."""
        for key in set(self.pages) - keys:
            del self.pages[key]


def digest(doc: Doc) -> bytes:
    """What a finished page depends on: its front matter and every part of its Doc."""
    hashed = hashlib.blake2b(repr(sorted(doc.meta.items())).encode("utf-8"), digest_size=16)
    for part in doc.parts:
        if isinstance(part, Heading):
            hashed.update(b"\0h%d" % part.level + part.text.encode("utf-8"))
        elif isinstance(part, Block):
            hashed.update(b"\0b%d" % part.search + part.html.encode("utf-8"))
        elif isinstance(part, Body):
            hashed.update(b"\0d" + part.html.encode("utf-8") + repr(part.headings).encode("utf-8"))
    return hashed.digest()


@dataclass
class Job:
    """What finishing a page needs, handed to each worker once, when it is forked."""

    write: Callable[[str], Doc]
    index: Indexer | None
    memo: Memo | None  # only under `mkdocs serve`: a single build keeps nothing


def finish(job: Job, key: str) -> Done | bytes:
    """The page ``key`` finished, or only its digest when the memo has it current."""
    doc = job.write(key)
    current = digest(doc) if job.memo is not None else b""
    if job.memo is not None and job.memo.get(key, current) is not None:
        return current
    finished = doc.finish()
    search = job.index(key, finished, doc.meta) if job.index is not None else None
    return Done(finished, search, current)


def _finish_all(job: Job, keys: list[str]) -> list[Done | bytes]:
    return [finish(job, key) for key in keys]


class Finisher:
    """Pages finished by key, in worker processes or (``processes`` < 2) in this one;
    ``result(key)`` waits for one page. Workers are forked: use them only where
    ``parallel.can_fork()``."""

    def __init__(self, job: Job, *, processes: int) -> None:
        self.job = job
        self.pool = Pool(job, processes) if processes >= 2 else None
        self.pending: dict[str, tuple[Future, int]] = {}

    def submit(self, keys: list[str]) -> None:
        if self.pool is None:
            return  # finished one by one in result()
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            future = self.pool.submit(_finish_all, chunk)
            for index, key in enumerate(chunk):
                self.pending[key] = (future, index)

    def result(self, key: str) -> Done:
        entry = self.pending.pop(key, None)
        found = finish(self.job, key) if entry is None else entry[0].result()[entry[1]]
        memo = self.job.memo
        if isinstance(found, bytes):  # unchanged since the last build
            return memo.pages[key]  # type: ignore[union-attr]  (only a memo gives digests back)
        if memo is not None:
            memo.pages[key] = found
        return found

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.pending.clear()
