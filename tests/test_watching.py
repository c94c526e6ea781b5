"""`mkdocs serve` is told of saves by the system's watcher (inotify here), which reports changes
only: every rebuild reads the briefs, and a read that asked for a rebuild would never end.
A real MkDocs ``LiveReloadServer`` (never bound to a port) and a real observer."""

from __future__ import annotations

import threading

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from briefing.plugin import watching

HANG = 60  # seconds: bounds a hang, never a measure of speed

pytestmark = pytest.mark.skipif(not watching.native(), reason="no native watcher on this system")


def server_watching(*folders) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(folders[0]))
    for folder in folders:
        server.watch(str(folder))
    return server


class Seen(FileSystemEventHandler):
    """Every event a watch delivers, in order."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.came = threading.Condition()

    def on_any_event(self, event) -> None:
        with self.came:
            self.paths.append(event.src_path)
            if event.dest_path:  # a rename: where the file went
                self.paths.append(event.dest_path)
            self.came.notify_all()

    def wait_for(self, path: str) -> None:
        with self.came:
            assert self.came.wait_for(lambda: path in self.paths, timeout=HANG), self.paths


def test_the_server_watches_the_same_folders_natively(tmp_path):
    briefs, docs = tmp_path / "briefs", tmp_path / "docs"
    briefs.mkdir()
    docs.mkdir()
    server = server_watching(briefs, docs)
    server.watch(str(briefs))  # watched twice (two callers), as MkDocs counts it
    assert isinstance(server.observer, PollingObserver)

    assert server.build_delay > watching.BUILD_DELAY  # MkDocs' own, for polling
    assert watching.watch_natively(server)

    assert server.build_delay == watching.BUILD_DELAY
    assert isinstance(server.observer, watching.ChangesObserver)
    assert not isinstance(server.observer, PollingObserver)
    assert server._watched_paths == {str(briefs): 2, str(docs): 1}
    watches = server._watch_refs.values()
    assert {watch.path for watch in watches} == {str(briefs), str(docs)}
    assert all(watch.event_filter == frozenset(watching.CHANGES) for watch in watches)


def test_a_save_asks_for_a_rebuild_and_a_read_does_not(tmp_path):
    briefs = tmp_path / "briefs"
    (briefs / "2025").mkdir(parents=True)
    read, saved = briefs / "2025" / "read.md", briefs / "2025" / "saved.md"
    read.write_text("---\ntitle: Read\n---\n", encoding="utf-8")
    server = server_watching(briefs)
    assert watching.watch_natively(server)
    seen = Seen()
    server.observer.add_handler_for_watch(seen, server._watch_refs[str(briefs)])
    server.observer.start()
    try:
        read.read_text(encoding="utf-8")  # what every rebuild does to every brief
        saved.write_text("---\ntitle: Saved\n---\n", encoding="utf-8")
        # One watch delivers its events in order: once the save's is seen, the read's would be.
        seen.wait_for(str(saved))
        assert str(read) not in seen.paths
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=HANG)
            server._want_rebuild = False
        # An editor's save by rename into place, and a removal, are changes too.
        temporary = briefs / "2025" / ".read.md.swp"
        temporary.write_text("---\ntitle: Read again\n---\n", encoding="utf-8")
        temporary.replace(read)
        seen.wait_for(str(read))
        saved.unlink()
        with seen.came:
            assert seen.came.wait_for(lambda: seen.paths.count(str(saved)) >= 2, timeout=HANG)
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=HANG)
    finally:
        server.observer.stop()
        server.observer.join(HANG)


def test_a_started_observer_is_left_as_it_is(tmp_path):
    server = server_watching(tmp_path)
    server.observer.start()
    try:
        assert not watching.watch_natively(server)
        assert isinstance(server.observer, PollingObserver)
    finally:
        server.observer.stop()
        server.observer.join(HANG)
