"""Work spread over the machine's cores with forked worker processes (Linux); serial elsewhere.

A task is a module-level function called as ``function(shared, items)``. ``shared`` is the
build's object (a catalog, a search job) handed to each worker once, when it is forked: fork
passes it without pickling, and the parent's modules hold nothing of it. Workers end with the
process that made them, even when it is killed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def workers(requested: int | None = None) -> int:
    """Processes to use: ``requested``, else ``BRIEFING_WORKERS``, else the cores this process may
    run on.
    """
    if requested is not None:
        return max(0, requested)
    if os.environ.get("BRIEFING_WORKERS"):
        return max(0, int(os.environ["BRIEFING_WORKERS"]))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# Each worker's copy of the shared object, set by ``_install`` in the worker process only.
_shared: Any = None


def _install(shared: Any, parent: int) -> None:
    global _shared
    _shared = shared
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """Ask the kernel to end this worker when its parent dies (a killed ``mkdocs`` leaves no
    orphans).
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _call(function: Callable[[Any, list[Item]], Result], items: list[Item]) -> Result:
    return function(_shared, items)


class Pool:
    """Forked workers that share ``shared``; ``submit(function, items)`` runs ``function(shared,
    items)``.
    """

    def __init__(self, shared: Any, processes: int) -> None:
        self.executor = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_install,
            initargs=(shared, os.getpid()),
        )

    def submit(
        self, function: Callable[[Any, list[Item]], Result], items: list[Item]
    ) -> Future[Result]:
        return self.executor.submit(_call, function, items)

    def close(self, *, wait: bool = False, cancel: bool = True) -> None:
        """The workers end, once done with their tasks running and, unless ``cancel``, queued."""
        self.executor.shutdown(wait=wait, cancel_futures=cancel)


class Chunks:
    """Results of tasks that each handle a chunk of keys, taken one key at a time.

    A task returns ``(items, extra)``: one item per key, in order, and something for the whole
    chunk (``take`` hands ``extra`` over with the chunk's first key). Each item is let go once it
    is taken, and the task's result once all its keys are: a build takes thousands of pages one
    by one and must not hold every page's output until it ends.
    """

    def __init__(self) -> None:
        self.pending: dict[str, tuple[Future, int]] = {}
        self.left: dict[Future, int] = {}  # keys not taken yet, per task still referenced

    def add(self, future: Future, keys: list[str]) -> None:
        for index, key in enumerate(keys):
            self.pending[key] = (future, index)
        self.left[future] = len(keys)

    def take(self, key: str) -> tuple[Any, Any] | None:
        """The key's item and, for the first key taken from its task, the task's ``extra``
        (else None); None when the key was never added or is taken already."""
        entry = self.pending.pop(key, None)
        if entry is None:
            return None
        future, index = entry
        items, extra = future.result()
        first = self.left[future] == len(items)
        item, items[index] = items[index], None
        self.left[future] -= 1
        if not self.left[future]:
            del self.left[future]
        return item, extra if first else None

    def clear(self) -> None:
        self.pending.clear()
        self.left.clear()


def map_chunks(
    function: Callable[[Any, list], list],
    items: Sequence,
    *,
    chunk: int,
    minimum: int,
    shared: Any = None,
    processes: int | None = None,
) -> Iterator:
    """``function(shared, chunk)`` over ``items`` in chunks, in worker processes when there are
    enough items and cores to pay for them; results in the order of ``items``, one at a time: a
    caller that merges them as they come holds one chunk's results, not every chunk's."""
    count = workers(processes)
    chunks = (list(items[start : start + chunk]) for start in range(0, len(items), chunk))
    if len(items) < minimum or count < 2 or not can_fork():
        for part in chunks:
            yield from function(shared, part)
        return
    pool = Pool(shared, count)
    try:
        futures = deque(pool.submit(function, part) for part in chunks)
        while futures:
            yield from futures.popleft().result()
    finally:
        pool.close(wait=True)
