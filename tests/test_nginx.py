"""The hosted site behind Debian's real nginx on 127.0.0.1, with deploy/nginx.conf as shipped."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import REPO
from helpers import HANG

SECRET = "SECRET-not-for-the-intranet-zq8"
DECOYS = [
    ".git/config",
    ".env",
    "feeds/.htpasswd",
    "index.html~",
    "notes.bak",
    "method/index.md.orig",
    "briefs/visit/index.html.swp",
    "#index.html#",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_site(small_site, tmp_path_factory, nginx_path):
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    shutil.copytree(small_site, site)
    for decoy in DECOYS:  # what a careless deploy copies along: it must never be served
        (site / decoy).parent.mkdir(parents=True, exist_ok=True)
        (site / decoy).write_text(f"{SECRET} in {decoy}", encoding="utf-8")
    port = free_port()
    server = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "/srv/briefing-room/site", str(site)
    )
    (work / "server.conf").write_text(server, encoding="utf-8")
    user = (
        "user root;\n" if os.geteuid() == 0 else ""
    )  # workers must read the test's private temp dir
    (work / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log "
        f"{work}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n "
        " access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {work}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {work}/server.conf;\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx_path, "-p", str(work), "-c", str(work / "nginx.conf")],
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + HANG  # only a hang ends the wait this way, never a slow start
    while True:
        try:
            urllib.request.urlopen(base, timeout=HANG)
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                pytest.fail(f"nginx exited: {process.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"nginx did not answer in {HANG} s")
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=HANG) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.mark.parametrize(
    "path",
    ["", "briefs/visit/", "topics/victory-day/", "actors/xi-jinping/", "timeline/", "sources/"],
)
def test_pages_are_served_with_security_headers(nginx_site, path):
    status, headers, body = fetch(nginx_site + path)
    assert status == 200 and b"</html>" in body
    csp = headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_missing_page_gets_the_sites_404_page(nginx_site):
    status, headers, body = fetch(nginx_site + "no/such/page/")
    assert status == 404
    assert b"<h1>Page not found</h1>" in body and b"Briefing Room" in body
    assert b'for="__search">Search the briefs</label>' in body and b'href="/judgments/"' in body
    assert "Content-Security-Policy" in headers


def test_assets_are_cached_and_gzipped_and_keep_security_headers(nginx_site, small_site):
    css = next((small_site / "assets" / "stylesheets").glob("main.*.min.css")).name
    status, headers, body = fetch(
        nginx_site + f"assets/stylesheets/{css}", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body).startswith(b"@charset")
    assert "max-age=604800" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_pages_load_in_chromium_with_no_csp_violation(browser, nginx_site):
    context = browser.new_context()
    page = context.new_page()
    messages, requests = [], []
    page.on("console", lambda message: messages.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    for path in (
        "",
        "briefs/visit/",
        "topics/victory-day/",
        "actors/xi-jinping/",
        "timeline/",
        "sources/",
    ):
        page.goto(nginx_site + path)
        page.wait_for_load_state("networkidle")
    page.click("input.md-search__input")
    page.type("input.md-search__input", "parade", delay=20)
    page.wait_for_selector(".md-search-result__item a", timeout=10_000)
    context.close()
    violations = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert violations == []
    assert [u for u in requests if not u.startswith(nginx_site.rstrip("/"))] == []


def test_feed_links_cause_no_missing_file_requests(browser, nginx_site):
    context = browser.new_context()
    page = context.new_page()
    failed = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    page.goto(nginx_site + "topics/victory-day/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert failed == []


@pytest.mark.parametrize("path", DECOYS)
def test_dotfiles_and_backups_are_never_served(nginx_site, path):
    status, headers, body = fetch(nginx_site + urllib.parse.quote(path))
    assert status == 404 and SECRET.encode() not in body
    assert b"<h1>Page not found</h1>" in body and "Content-Security-Policy" in headers


def test_the_server_does_not_say_its_version(nginx_site):
    for path in ("", "no/such/page/"):
        _status, headers, body = fetch(nginx_site + path)
        assert headers["Server"] == "nginx" and b"nginx/" not in body


@pytest.mark.parametrize("path", ["feeds/all.xml", "feeds/victory-day.xml", "sitemap.xml"])
def test_feeds_and_the_sitemap_are_plain_xml(nginx_site, path):
    status, headers, body = fetch(nginx_site + path, **{"Accept-Encoding": "gzip"})
    assert status == 200 and body.startswith(b"<?xml")
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    assert "Content-Encoding" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"
