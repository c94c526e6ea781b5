"""Pausing Python's cycle collector while building many long-lived objects.

Loading 10,000 briefs (parsed, or unpickled from the cache) creates hundreds of thousands of
objects that all live to the end; the collector, triggered by every few hundred allocations,
rescans the growing heap each time and finds nothing to free. Unpickling the cache of 10,000
briefs takes 0.7 s with it paused and 1.9 s without.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was made is kept: move it out of the collector's sight, or the next collection
        # rescans all of it. (Unreachable objects are still freed by reference counting.)
        gc.freeze()
        if was_enabled:
            gc.enable()
