"""`mkdocs serve` rebuilds when a brief changes: a real server, a real edit, the page re-fetched."""

from __future__ import annotations

import html
import os
import subprocess
import time
import urllib.error
import urllib.request

from conftest import REPO, brief_text
from helpers import HANG
from test_nginx import free_port

from briefing import engines


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=HANG) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = get(url)
        if page and text in page:
            return True
        time.sleep(0.2)
    return False


def serve(corpus_dir):
    """A real `mkdocs serve` of ``corpus_dir`` on a free port: (process, base URL)."""
    port = free_port()
    env = {**os.environ, "BRIEFS_DIR": str(corpus_dir), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [
            *engines.command(),
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(REPO / "mkdocs.yml"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return server, f"http://127.0.0.1:{port}/"


def test_serve_rebuilds_when_a_brief_is_edited(corpus_dir, write_brief):
    brief = write_brief("watched", title="Before the edit")
    server, base = serve(corpus_dir)
    url = base + "briefs/watched/"
    try:
        assert wait_for(url, "Before the edit", HANG), "the served site never showed the brief"
        brief.write_text(brief_text(title="After the edit"), encoding="utf-8")
        assert wait_for(url, "After the edit", HANG), "the edit to the brief was not rebuilt"
        (corpus_dir / "added.md").write_text(
            brief_text(title="A new brief appears"), encoding="utf-8"
        )
        assert wait_for(base + "briefs/added/", "A new brief appears", HANG)
    finally:
        server.terminate()
        server.wait(timeout=HANG)


def test_serve_has_the_editors_page_without_a_drafts_words(corpus_dir, write_brief):
    write_brief("good", title="Good")
    write_brief("typo", actors=["xi-jinpin"])
    write_brief("draft-typo", status="draft", actors=["zqx-secret-draft-actor"])
    server, base = serve(corpus_dir)
    try:
        assert wait_for(base + "attention/", "Needs attention", HANG), "no editors' page"
        page = html.unescape(get(base + "attention/"))
    finally:
        server.terminate()
        server.wait(timeout=HANG)
    assert "briefs/typo.md:6: error: unknown actor 'xi-jinpin'" in page
    assert (
        "briefs/draft-typo.md:6: error: in a draft: the message is shown by briefing check" in page
    )
    assert "zqx-secret-draft-actor" not in page and str(corpus_dir) not in page
