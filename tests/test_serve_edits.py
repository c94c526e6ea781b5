"""Under `mkdocs serve --dirty` (what `make serve` runs), a save rebuilds only the pages whose
inputs changed; after any sequence of edits the served site is the clean build of the same
briefs, byte for byte: no stale related list, backlink, topic page, feed or search file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO, brief_text, mkdocs_build
from test_nginx import free_port

from briefing import engines
from briefing.plugin.build import (
    HAND_WRITTEN_KEPT,
    INPUTS_REUSED,
    PAGES_UNREAD,
    SEARCH_WRITTEN,
    _logged,
)

HANG = 300  # seconds: bounds a hang, never a measure of speed


class Server:
    """A real `mkdocs serve --dirty` over a briefs folder; counts the builds it has finished."""

    def __init__(self, briefs: Path, cache: Path, config: Path = REPO / "mkdocs.yml") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = {
            **os.environ,
            "BRIEFS_DIR": str(briefs),
            "BRIEFING_CACHE_DIR": str(cache),
            "BRIEFING_WORKERS": "2",
            "NO_MKDOCS_2_WARNING": "1",
            "SOURCE_DATE_EPOCH": "1767225600",
        }
        command = [*engines.command(), "serve", "--dirty", "--livereload"]
        command += ["-a", f"127.0.0.1:{self.port}", "-f", str(config)]
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.builds = 0
        self.serving = False  # the first build is done and the folders are watched
        self.log: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self.changed:
                self.log.append(line)
                if "Documentation built in" in line:
                    self.builds += 1
                if "Serving on" in line:
                    self.serving = True
                self.changed.notify_all()

    def wait_for_build(self, after: int) -> None:
        with self.changed:
            if not self.changed.wait_for(
                lambda: self.builds > after and self.serving, timeout=HANG
            ):
                raise AssertionError("serve never rebuilt:\n" + "".join(self.log[-80:]))

    def get(self, path: str) -> bytes | None:
        """A served file, as written: without the live-reload script serve adds to each page."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as response:
                content = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise
        return re.sub(rb"<script>[^<]*livereload[^<]*</script>(?=</body>)", b"", content, count=1)

    def edit(self, change) -> None:
        before = self.builds
        change()
        self.wait_for_build(before)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_served_site_after_edits_is_the_clean_build(tmp_path):
    briefs = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", briefs)
    server = Server(briefs, tmp_path / "cache")
    try:
        server.wait_for_build(0)
        y2025 = briefs / "2025"
        parade = y2025 / "victory-day-parade-moscow-2025.md"
        meetings = y2025 / "xi-putin-meetings-since-2022.md"
        visit = y2025 / "xi-state-visit-russia-may-2025.md"
        new = y2025 / "new-brief.md"
        # Each edit, and what the served site shows once it is rebuilt (the watcher may gather
        # edits into one rebuild: what is waited for is the result, never a time).
        edits = [
            # A body edit: the brief's own page and its search entry.
            (
                lambda: replace(
                    parade, "## The event", "## The event\n\nA sentence added in the edit."
                ),
                lambda: (
                    b"A sentence added in the edit."
                    in (server.get("briefs/victory-day-parade-moscow-2025/") or b"")
                ),
            ),
            # Front matter: another topic changes related lists and topic pages.
            (
                lambda: replace(meetings, "topics:\n", "topics:\n  - victory-day\n"),
                lambda: (
                    b"xi-putin-meetings-since-2022/" in (server.get("topics/victory-day/") or b"")
                ),
            ),
            # A new brief linking to another and naming it as related: backlinks change.
            (
                lambda: new.write_text(
                    brief_text(
                        title="A new brief on the parade",
                        date="2025-05-10",
                        topics=["victory-day"],
                        actors=["vladimir-putin"],
                        related=["victory-day-parade-moscow-2025"],
                        body="## Notes\n\nSee [the "
                        "parade](victory-day-parade-moscow-2025.md#the-event).\n",
                    ),
                    encoding="utf-8",
                ),
                lambda: server.get("briefs/new-brief/") is not None,
            ),
            # A registry edit: an actor's other names (mentions, actor pages, search).
            (
                lambda: replace(
                    briefs / "actors.yml",
                    "aliases: [President Putin, Putin]",
                    "aliases: [President Putin, Putin, V. Putin]",
                ),
                lambda: b"V. Putin" in (server.get("actors/vladimir-putin/") or b""),
            ),
            # A brief becomes a draft: its page, its backlinks and its places in lists go.
            (
                lambda: replace(visit, "status: published", "status: draft"),
                lambda: server.get("briefs/xi-state-visit-russia-may-2025/") is None,
            ),
            # A brief deleted.
            (lambda: new.unlink(), lambda: server.get("briefs/new-brief/") is None),
        ]
        for number, (change, shown) in enumerate(edits):
            change()
            assert eventually(shown), "the edit never reached the served site:\n" + "".join(
                server.log[-40:]
            )
            # After each edit, not only the last: an edit that changes few pages leaves most
            # pages unread by the rebuild, and what they hold must still reach every list.
            expected = clean_build(briefs, tmp_path / f"clean-{number}", server.base)
            # The last rebuild may still be running: wait for the site to settle, then compare.
            assert eventually(lambda expected=expected: not differences(server, expected)), (
                number,
                differences(server, expected),
            )
        # Serve writes each build's search index after serving its pages: every build did.
        assert eventually(
            lambda: sum(SEARCH_WRITTEN in line for line in server.log) >= server.builds
        ), "".join(server.log[-40:])
        assert not [line for line in server.log if "search index was not written" in line]
        # Some rebuilds knew pages unchanged without working their inputs out, and the site
        # compared equal all the same.
        assert [line for line in server.log if INPUTS_REUSED in line], "".join(server.log[-40:])
        # And MkDocs read only the pages whose output changed (no plugin needs every page read).
        assert [line for line in server.log if PAGES_UNREAD in line], "".join(server.log[-40:])
    finally:
        server.stop()


def test_a_hand_written_page_is_made_again_when_it_changes_and_only_then(tmp_path):
    # A project of its own: its docs folder is edited.
    project = tmp_path / "project"
    for part in ("docs", "overrides"):
        shutil.copytree(REPO / part, project / part)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    config = project / "mkdocs.yml"
    briefs = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", briefs)
    server = Server(briefs, tmp_path / "cache", config)
    try:
        server.wait_for_build(0)
        assert not [line for line in server.log if HAND_WRITTEN_KEPT in line]  # none built yet
        parade = briefs / "2025" / "victory-day-parade-moscow-2025.md"
        server.edit(lambda: replace(parade, "## The event", "## The event\n\nAdded in the edit."))
        # The docs pages, the home page too (the lists it shows are the same), are not made
        # again for an edit of a brief's body ...
        pages = len(list((REPO / "docs").glob("*.md")))
        assert eventually(
            lambda: any(f"{pages} {HAND_WRITTEN_KEPT}" in line for line in server.log)
        ), "".join(server.log[-40:])
        expected = clean_build(briefs, tmp_path / "clean-0", server.base, config)
        assert eventually(lambda: not differences(server, expected)), differences(server, expected)
        # ... and one edited is, with its search entries: the others' entries are kept.
        server.edit(
            lambda: replace(
                project / "docs" / "cli.md",
                "# The command line\n",
                "# The command line\n\n## Added heading\n\nA paragraph added in the edit.\n",
            )
        )
        assert eventually(lambda: b"A paragraph added in the edit." in (server.get("cli/") or b""))
        expected = clean_build(briefs, tmp_path / "clean-1", server.base, config)
        assert b"added-heading" in expected["search/meta.js"] + b"".join(
            content for path, content in expected.items() if path.startswith("search/pages/")
        )
        assert eventually(lambda: not differences(server, expected)), differences(server, expected)
    finally:
        server.stop()


def test_a_listing_of_tags_has_every_page_read_after_an_edit(tmp_path):
    # Material's tags plugin lists a tag's pages from the pages MkDocs read: with a listing on a
    # hand-written page, serve reads every page at each rebuild, and the listing stays whole.
    project = tmp_path / "project"
    for part in ("docs", "overrides"):
        shutil.copytree(REPO / part, project / part)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    config = project / "mkdocs.yml"
    briefs = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", briefs)
    server = Server(briefs, tmp_path / "cache", config)
    try:
        server.wait_for_build(0)
        parade = briefs / "2025" / "victory-day-parade-moscow-2025.md"
        server.edit(lambda: replace(parade, "## The event", "## The event\n\nAdded in the edit."))
        expected = clean_build(briefs, tmp_path / "clean", server.base, config)
        # The listing names briefs the edit did not reach.
        assert b"xi-putin-meetings-since-2022/" in expected["tags/index.html"]
        assert eventually(lambda: not differences(server, expected)), differences(server, expected)
        assert not [line for line in server.log if PAGES_UNREAD in line]
    finally:
        server.stop()


def clean_build(
    briefs: Path, site: Path, base: str, config: Path | None = None
) -> dict[str, bytes]:
    """Every file of a clean `mkdocs build` of ``briefs``, by its path in the site."""
    result = mkdocs_build(
        briefs,
        site,
        strict=False,
        extra_env={"SITE_URL": base, "BRIEFING_CACHE": "0"},
        config=config,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def differences(server: Server, expected: dict[str, bytes]) -> list[str]:
    """The files of ``expected`` that ``server`` serves otherwise."""
    wrong = []
    for path, content in expected.items():
        if path.endswith(".gz") or path == "attention/index.html":
            # gzip differs by nothing a reader sees; the editors' page names the build.
            continue
        served = server.get(path[: -len("index.html")] if path.endswith("/index.html") else path)
        if served != content:
            wrong.append(path)
    return wrong


def eventually(condition, seconds: float = HANG) -> bool:
    """Whether ``condition()`` comes true before ``seconds`` (a bound on a hang, never a speed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_failure_in_the_search_thread_is_an_error_not_a_traceback(caplog):
    def broken() -> None:
        raise OSError("No space left on device")

    _logged(broken)()  # returns: nothing escapes into the thread's own traceback printer
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert caplog.records[0].getMessage() == (
        "briefing: the search index was not written: No space left on device"
    )
