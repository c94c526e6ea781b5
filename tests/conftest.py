"""Shared fixtures: real briefs folders in temp dirs, real MkDocs builds, a real Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TODAY = dt.date(2026, 1, 1)


def brief_text(**fields) -> str:
    """A valid brief's text; keyword arguments replace or add front-matter fields (None removes one)."""
    body = fields.pop("body", "Some analysis.\n")
    front = {
        "title": "A brief",
        "summary": "The bottom line.",
        "date": "2025-05-04",
        "topics": ["russia-china-relations"],
        "actors": ["xi-jinping"],
        "sources": [{"title": "A report", "publisher": "A wire", "reliability": "B", "credibility": 2}],
    }
    front.update(fields)
    front = {k: v for k, v in front.items() if v is not None}
    # JSON is valid YAML: hostile values in tests are written exactly, with no YAML surprises.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """An empty briefs folder with the real registries."""
    root = tmp_path / "briefs"
    root.mkdir()
    for name in ("actors.yml", "topics.yml"):
        shutil.copy(REPO / "briefs" / name, root / name)
    return root


@pytest.fixture
def write_brief(corpus_dir: Path):
    def write(name: str, **fields) -> Path:
        path = corpus_dir / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(brief_text(**fields), encoding="utf-8")
        return path

    return write


def mkdocs_build(briefs: Path, site: Path, *, strict: bool = True, extra_env: dict | None = None, config: Path | None = None) -> subprocess.CompletedProcess:
    """A real ``mkdocs build`` of the repository's site over ``briefs`` into ``site``."""
    env = {**os.environ, "BRIEFS_DIR": str(briefs), "SOURCE_DATE_EPOCH": "1767225600", **(extra_env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config or REPO / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package (sudo apt-get install chromium); CI's .ci/run does this")
    return CHROMIUM


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve():
    """Serve a folder on 127.0.0.1 on a free port; returns its base URL."""
    servers = []

    def start(root: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
