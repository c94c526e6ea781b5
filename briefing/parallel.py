"""Work spread over the machine's cores with forked worker processes (Linux); serial elsewhere."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor


def workers() -> int:
    """Processes to use: ``BRIEFING_WORKERS``, else the cores this process may run on."""
    if os.environ.get("BRIEFING_WORKERS"):
        return max(0, int(os.environ["BRIEFING_WORKERS"]))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_chunks(
    function: Callable[[list], list], items: Sequence, *, chunk: int, minimum: int
) -> list:
    """``function`` over ``items`` in chunks, in worker processes when there are enough items
    and cores to pay for them; results in the order of ``items``."""
    processes = workers()
    if len(items) < minimum or processes < 2 or not can_fork():
        return function(list(items))
    chunks = [list(items[start : start + chunk]) for start in range(0, len(items), chunk)]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        return [result for part in pool.map(function, chunks) for result in part]
