"""`mkdocs serve` told of a save by the operating system, not by polling.

MkDocs 1.6 watches with watchdog's ``PollingObserver``: every half second it lists and stats
every watched file (the briefs folder, docs/, mkdocs.yml). A save then waits a quarter of a second
on average before the rebuild starts, and at 10,000 briefs each poll costs a sizeable share of a
core that the rebuild could use. Told of each change as it happens, serve need not wait as long
for a save's last change before it rebuilds (``BUILD_DELAY``).

Where the system has a native watcher (inotify on Linux), the server's observer is replaced,
before it starts, by one that reports only changes: a native watcher also reports files being
opened and read, and every rebuild reads the briefs, so without the filter each rebuild would ask
for the next one.
"""

from __future__ import annotations

import os
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

# What a save, a new file, a removal or an editor's rename-into-place looks like; not the reads.
CHANGES = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,  # closed after writing
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


# After a change, serve waits until none has come for this long, then rebuilds (MkDocs: 0.1 s).
# The native watcher reports each change as it happens: an editor's save (a write and a close,
# or a temporary file renamed into place) is a few milliseconds long.
BUILD_DELAY = 0.05


class ChangesObserver(Observer):  # type: ignore[misc, valid-type]
    """The system's native observer, scheduling every watch with the ``CHANGES`` filter."""

    def schedule(self, event_handler, path, *, recursive=False, **options):
        options["event_filter"] = CHANGES
        return super().schedule(event_handler, path, recursive=recursive, **options)


def native() -> bool:
    """Whether this system has a watcher better than polling, and it starts here (inotify can be
    turned off, or out of instances)."""
    if isinstance(Observer, type) and issubclass(Observer, PollingObserver):
        return False
    probe = ChangesObserver()
    try:
        probe.schedule(FileSystemEventHandler(), os.getcwd())
        probe.start()
    except OSError:
        return False
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return True


def watch_natively(server: Any) -> bool:
    """Replace the ``LiveReloadServer``'s polling observer, not yet started, with a native one
    watching the same paths (mkdocs serve's own ``watch``, so its handler asks for the rebuild).
    Leaves the server as it is where that cannot be done; says whether it was."""
    observer = getattr(server, "observer", None)
    watched = getattr(server, "_watched_paths", None)
    if (
        not isinstance(observer, PollingObserver)
        or observer.is_alive()
        or not isinstance(watched, dict)
        or not hasattr(server, "_watch_refs")
        or not native()
    ):
        return False
    paths = dict(watched)
    for path in paths:
        observer.unschedule(server._watch_refs.pop(path))
    watched.clear()
    server.observer = ChangesObserver()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    if getattr(server, "build_delay", 0) > BUILD_DELAY:
        server.build_delay = BUILD_DELAY
    return True
