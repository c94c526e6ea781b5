"""Generated pages finished (written, rendered, indexed for search) in worker processes.

Brief pages are most of a site and need nothing from MkDocs, so the build forks workers once the
catalog is made (``parallel.Pool``); each writes a page's Doc, finishes it to HTML and analyses
its search documents, while MkDocs, in the main process, reads the pages before it. Without
workers the same function runs in the main process: one path.

What was finished before is taken instead of being made again: from the ``Memo`` the plugin
keeps across the rebuilds of one ``mkdocs serve``, or from the build ``Store`` on disk (CI
restores it). Both are found by a digest of the page's Doc, which holds everything the page shows,
or, where the engine knows them (``Page.inputs_key``), by a digest of what the Doc is written
from, without writing it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..packing import pack, unpack
from ..parallel import Chunks, Pool
from ..related import Kept
from ..site.body import Bodies, body_html, body_inputs
from ..site.doc import Block, Body, Doc, Finished, Heading, TocToken
from ..site.search import Packed
from .store import Store, key

CHUNK = 25  # pages per task: large enough to amortise the hand-over, small enough to start early

# A page's search documents from its finished HTML: (src_uri, finished page, meta) -> documents,
# packed.
Indexer = Callable[[str, Finished, dict], Packed]


@dataclass
class Done:
    """One finished page: its HTML and table of contents, its search documents, and the digest
    of the Doc it was made from (what it is kept and found by)."""

    finished: Finished
    search: Packed | None
    meta: dict = field(default_factory=dict)  # the page's front matter
    digest: bytes = b""
    kept: bool = False  # taken from the store, not made in this build
    unwritten: bool = False  # taken from the store by its inputs: its Doc was not even written
    # The HTML and table of contents, compressed, where ``finished`` holds neither (a build: see
    # ``held``).
    packed: bytes = b""
    # A digest of what the page was written from, where the engine can tell (``Page.inputs_key``):
    # under serve, a page whose inputs are unchanged is not even written again.
    inputs: bytes | None = None
    # Under serve, the rebuild that last found this page current (``LastRebuild``): its inputs
    # are those of that rebuild's catalog.
    made_in: int = 0

    def body(self) -> tuple[str, list[TocToken]]:
        """The page's HTML and its table of contents (``toc_tokens``)."""
        if self.packed:
            html, toc_tokens = unpack(self.packed)
            return html, toc_tokens
        return self.finished.html, self.finished.toc_tokens


@dataclass
class LastRebuild:
    """What the last rebuild under serve made its pages from: the pages it found current
    (``Done.made_in``) were made from these (``pages.affected``)."""

    number: int
    catalog: Catalog
    markings: dict  # each generated page's marking, by src_uri (``rollup.page_markings``)
    directory_urls: bool


@dataclass
class Memo:
    """Finished pages by ``src_uri``, kept across the rebuilds of one ``mkdocs serve``."""

    pages: dict[str, Done] = field(default_factory=dict)
    # The site's feeds and JSON files, and what they were made from (they show no body).
    site_files: tuple[tuple, dict[str, str]] | None = None
    related: Kept = field(default_factory=Kept)  # the related briefs, by what they are scored from
    # Each hand-written page in the site folder: what it was made from, and its entries in
    # Material's search index by its URL (``Build.hand_written_modified``).
    hand_written: dict[str, bytes] = field(default_factory=dict)
    hand_written_search: dict[str, list] = field(default_factory=dict)
    # Each generated page's file and page as made, and what from (``_Generated.again``).
    files: dict[str, tuple] = field(default_factory=dict)
    previous: LastRebuild | None = None

    def get(self, key: str, digest: bytes) -> Done | None:
        page = self.pages.get(key)
        return page if page is not None and page.digest == digest else None

    def keep_only(self, keys: set[str]) -> None:
        """Forget pages that are gone (a brief deleted or renamed between two rebuilds)."""
        for gone in set(self.pages) - keys:
            del self.pages[gone]


def digest(doc: Doc) -> bytes:
    """What a finished page depends on: its front matter and every part of its Doc."""
    hashed = hashlib.blake2b(repr(sorted(doc.meta.items())).encode("utf-8"), digest_size=20)
    for part in doc.parts:
        if isinstance(part, Heading):
            hashed.update(b"\0h%d" % part.level + part.text.encode("utf-8"))
        elif isinstance(part, Block):
            hashed.update(b"\0b%d" % part.search + part.html.encode("utf-8"))
        elif isinstance(part, Body):
            hashed.update(b"\0d" + part.html.encode("utf-8") + repr(part.headings).encode("utf-8"))
    return hashed.digest()


def kept_bodies(store: Store) -> Bodies:
    """``body_html``, taking what the store kept for the same inputs (``body_inputs``)."""

    def bodies(brief, catalog, links, here, *, shift: int = 0, prefix: str = "") -> str:
        entry = key(*body_inputs(brief, catalog, links, here, shift=shift, prefix=prefix))
        markup = store.get("body", entry)
        if markup is None:
            markup = body_html(brief, catalog, links, here, shift=shift, prefix=prefix)
            store.put("body", entry, markup)
        return markup

    return bodies


_RELATED = b"last"  # one entry, replaced when scored again: ``Kept`` says what it was scored from


def kept_related(store: Store) -> Kept:
    """The related briefs the last build kept in the store (a build in CI, with it restored):
    used only where this build scores them from the same briefs, else scored again."""
    found = store.get("related", _RELATED)
    return found if isinstance(found, Kept) else Kept()


def keep_related(store: Store, related: Kept, found: bytes) -> None:
    """Into the store, when scored again (``found``: what the kept ones were scored from)."""
    if related.made_from != found:
        store.put("related", _RELATED, related)


@dataclass
class Job:
    """What finishing a page needs, handed to each worker once, when it is forked."""

    write: Callable[[str], Doc]
    index: Indexer | None
    memo: Memo | None  # only under `mkdocs serve`: a single build keeps nothing in memory
    store: Store = field(default_factory=lambda: Store(None))
    inputs: Callable[[str], bytes | None] = lambda key: None  # ``Page.inputs_key`` by page
    # The site's JSON exports (``pages.data_files``), made in a worker while pages are read.
    data_files: Callable[[], dict[str, str]] = dict
    generation: int = 0  # under serve, the rebuild's number (``Done.made_in``)


@dataclass(frozen=True)
class Unchanged:
    """A page the memo holds as this build would make it: its digest, and its inputs' digest."""

    digest: bytes
    inputs: bytes | None


def finish(job: Job, key: str) -> Done | Unchanged:
    """The page ``key`` finished, or ``Unchanged`` when the memo has it current. Found by its
    inputs without writing it where the engine knows them (in the memo, then in the store),
    else by the digest of its Doc."""
    inputs = job.inputs(key)
    if job.memo is not None and inputs is not None:
        kept = job.memo.pages.get(key)
        if kept is not None and kept.inputs == inputs:
            return Unchanged(kept.digest, inputs)
    if inputs is not None:
        found = _stored(job, key, inputs)
        if found is not None:
            if job.memo is not None and job.memo.get(key, found.digest) is not None:
                return Unchanged(found.digest, inputs)
            return found
    doc = job.write(key)
    current = digest(doc)
    if inputs is not None:
        job.store.put("inputs", inputs, (current, doc.meta))
    if job.memo is not None and job.memo.get(key, current) is not None:
        return Unchanged(current, inputs)
    stored = job.store.get("page", current)
    if stored is not None:
        return _kept(job, key, stored, doc.meta, current, inputs)
    finished = doc.finish()
    search = job.index(key, finished, doc.meta) if job.index is not None else None
    job.store.put("page", current, (finished, search))
    return held(Done(finished, search, doc.meta, current, inputs=inputs), packed=job.memo is None)


def _stored(job: Job, key: str, inputs: bytes) -> Done | None:
    """The page the store kept for the same inputs (a build in CI with the store restored, or
    the first build of ``mkdocs serve``): its Doc's digest and front matter, then the page."""
    found = job.store.get("inputs", inputs)
    if found is None:
        return None
    current, meta = found
    stored = job.store.get("page", current)
    if stored is None:
        return None
    return _kept(job, key, stored, meta, current, inputs, unwritten=True)


def _kept(
    job: Job,
    key: str,
    stored: tuple,
    meta: dict,
    current: bytes,
    inputs: bytes | None,
    *,
    unwritten: bool = False,
) -> Done:
    finished, search = stored
    if search is None and job.index is not None:  # kept by a build without search
        search = job.index(key, finished, meta)
    done = Done(finished, search, meta, current, kept=True, unwritten=unwritten, inputs=inputs)
    return held(done, packed=job.memo is None)


def held(done: Done, *, packed: bool) -> Done:
    """A finished page as the main process holds it from the moment MkDocs reads it until it is
    written: without its sections' text (its search documents are made from it where it was
    finished), and, in a build (``packed``), with its HTML and table of contents compressed.
    MkDocs reads every page before it writes any, so a large site's pages would otherwise all be
    in memory at once; under serve the memo keeps them as they are for the next rebuild."""
    finished = dataclasses.replace(done.finished, sections=[])
    if not packed:
        return dataclasses.replace(done, finished=finished)
    emptied = dataclasses.replace(finished, html="", toc_tokens=[])
    body = pack((finished.html, finished.toc_tokens))
    return dataclasses.replace(done, finished=emptied, packed=body)


def _finish_all(job: Job, keys: list[str]) -> tuple[list[Done | Unchanged], list]:
    """Pages finished in a worker, and what it made for the store (saved by the main process)."""
    done = [finish(job, key) for key in keys]
    made = job.store.take()
    return done, made


def _data_files(job: Job, _: list) -> dict[str, str]:
    return job.data_files()


class Finisher:
    """Pages finished by key, in worker processes or (``processes`` < 2) in this one;
    ``result(key)`` waits for one page. Workers are forked: use them only where
    ``parallel.can_fork()``."""

    def __init__(self, job: Job, *, processes: int) -> None:
        self.job = job
        self.pool = Pool(job, processes) if processes >= 2 else None
        self.chunks = Chunks()

    def submit(self, keys: list[str], *, chunk: int = CHUNK) -> None:
        """Start on ``keys``, ``chunk`` pages per task, in their order."""
        if self.pool is None:
            return  # finished one by one in result()
        for start in range(0, len(keys), chunk):
            chunk_keys = keys[start : start + chunk]
            self.chunks.add(self.pool.submit(_finish_all, chunk_keys), chunk_keys)

    def data_files(self) -> Callable[[], dict[str, str]]:
        """The site's JSON exports, asked of a worker now (before any page, so one starts on them
        at once) and waited for when called; made here and now without workers."""
        if self.pool is None:
            made = self.job.data_files()
            return lambda: made
        return self.pool.submit(_data_files, []).result

    def result(self, key: str) -> Done:
        taken = self.chunks.take(key)
        if taken is None:
            found = finish(self.job, key)
        else:
            found, made = taken
            if made is not None:  # the worker's new entries, saved by this process
                self.job.store.adopt(made)
        memo = self.job.memo
        if isinstance(found, Unchanged):  # as the last build made it
            if memo is None:
                raise RuntimeError(f"briefing: {key} came back unchanged, but no memo was kept")
            kept = memo.pages[key]
            kept.inputs = found.inputs  # its Doc is the same, whatever its inputs were then
            kept.made_in = self.job.generation
            return kept
        if memo is not None:
            found.made_in = self.job.generation
            memo.pages[key] = found
        return found

    def close(self, *, finish_queued: bool = False) -> None:
        """The workers end; with ``finish_queued``, once they have done every task but the pages
        no one asked for (the JSON exports, which serve writes after the build)."""
        if self.pool is not None:
            if finish_queued:
                for future in self.chunks.left:
                    future.cancel()
            self.pool.close(cancel=not finish_queued)
        self.chunks.clear()
