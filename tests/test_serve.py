"""`mkdocs serve` rebuilds when a brief changes: a real server, a real edit, the page re-fetched."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import REPO, brief_text
from test_nginx import free_port


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
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


def test_serve_rebuilds_when_a_brief_is_edited(corpus_dir, write_brief):
    brief = write_brief("watched", title="Before the edit")
    port = free_port()
    env = {**os.environ, "BRIEFS_DIR": str(corpus_dir), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
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
    url = f"http://127.0.0.1:{port}/briefs/watched/"
    try:
        assert wait_for(url, "Before the edit", 90), "the served site never showed the brief"
        brief.write_text(brief_text(title="After the edit"), encoding="utf-8")
        assert wait_for(url, "After the edit", 90), "the edit to the brief was not rebuilt"
        (corpus_dir / "added.md").write_text(
            brief_text(title="A new brief appears"), encoding="utf-8"
        )
        assert wait_for(f"http://127.0.0.1:{port}/briefs/added/", "A new brief appears", 90)
    finally:
        server.terminate()
        server.wait(timeout=20)
