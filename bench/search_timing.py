"""Search as a reader meets it, for `make bench`: the hosted site behind Debian's nginx with the
shipped configuration (gzip on), and the offline archive opened from file://, in headless
Chromium. For each query, on a fresh tab: seconds from the query entered (whole, one key up) to
its first result shown, and the bytes that came over the wire for the search (worker, stemmer,
index files; compressed sizes as sent).

Run alone on a built site: ``python bench/search_timing.py SITE [OFFLINE_SITE]``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# One of each kind, in the generated corpus' words (bench/generate.py).
QUERIES = [
    "Wang",
    "negotiating tariffs",
    "artilery",
    '"air defence"',
    "9 May",
    "topic:topic-03 pipeline",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """deploy/nginx.conf as shipped, on 127.0.0.1, serving a built site."""

    def __init__(self, site: Path) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        port = _free_port()
        server = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
        server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
        server = server.replace("/srv/briefing-room/site", str(site))
        (self.work / "server.conf").write_text(server, encoding="utf-8")
        temp = "".join(
            f"  {kind}_temp_path {self.work}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.work / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {self.work}/nginx.pid;\n"
            f"error_log {self.work}/error.log;\nevents {{ worker_connections 64; }}\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log off;\n{temp}  include {self.work}/server.conf;\n}}\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.work), "-c", str(self.work / "nginx.conf")],
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{port}/"
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base, timeout=1)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        raise SystemExit("nginx did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.work, ignore_errors=True)


def _searched(url: str) -> bool:
    return "/search/" in url or "search-" in url.rsplit("/", 1)[-1] or "snowball" in url


def time_queries(browser, start: str, queries: list[str]) -> list[tuple[str, float, int]]:
    """Per query, on a fresh tab: (query, seconds to the first result, bytes fetched)."""
    figures = []
    for query in queries:
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []

        def finished(request, sizes=sizes) -> None:
            if _searched(request.url) and not request.url.startswith("file:"):
                sizes.append(request.sizes()["responseBodySize"])

        page.on("requestfinished", finished)
        page.goto(start)
        page.wait_for_load_state("networkidle")
        page.click("input.md-search__input")
        began = time.perf_counter()
        page.fill("input.md-search__input", query)
        page.press("input.md-search__input", "End")
        page.wait_for_selector(".md-search-result__item", timeout=300_000)
        seconds = time.perf_counter() - began
        page.wait_for_load_state("networkidle")
        figures.append((query, seconds, sum(sizes)))
        context.close()
    return figures


def measure(site: Path, offline: Path | None, queries: list[str] = QUERIES) -> dict:
    """Hosted (over nginx) and offline figures: per query, and the worst of them."""
    from playwright.sync_api import sync_playwright

    server = Nginx(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            hosted = time_queries(browser, server.base, queries)
            away = (
                time_queries(browser, (offline / "index.html").as_uri(), queries) if offline else []
            )
            browser.close()
    finally:
        server.close()
    return {
        "hosted": hosted,
        "offline": away,
        "seconds": max(s for _, s, _ in hosted),
        "bytes": max(b for _, _, b in hosted),
        "offline_seconds": max((s for _, s, _ in away), default=None),
    }


def main() -> None:
    site = Path(sys.argv[1])
    offline = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    figures = measure(site, offline)
    for mode in ("hosted", "offline"):
        for query, seconds, size in figures[mode]:
            print(f"{mode:8} {query:28} {seconds:6.2f} s {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
