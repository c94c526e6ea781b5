"""One site per audience behind Debian's real nginx on 127.0.0.1, with deploy/audiences.conf as
shipped: each audience's path asks for its own credentials, and serves only its own build."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from audiencecorpus import AMBER
from conftest import REPO
from test_nginx import free_port

USERS = {"tlp-green": ("gina", "green-pass-1"), "tlp-amber": ("amir", "amber-pass-2")}


def ssha(password: str) -> str:
    """An htpasswd entry in nginx's salted SHA-1 scheme (no htpasswd binary needed)."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


@pytest.fixture(scope="module")
def served(audience_sites, tmp_path_factory, nginx_path):
    """nginx serving the GREEN and AMBER builds: its base URL and the folder of the sites."""
    work = tmp_path_factory.mktemp("nginx-audiences")
    root = work / "audiences"
    root.mkdir()
    # Copies: a test here adds files a site must never serve.
    shutil.copytree(audience_sites["green"], root / "tlp-green")
    shutil.copytree(audience_sites["amber"], root / "tlp-amber")
    secrets = work / "htpasswd"
    secrets.mkdir()
    for audience, (user, password) in USERS.items():
        (secrets / f"{audience}.htpasswd").write_text(f"{user}:{ssha(password)}\n")
    port = free_port()
    server = (REPO / "deploy" / "audiences.conf").read_text(encoding="utf-8")
    for shipped, here in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/srv/briefing-room/audiences", str(root)),
        ("/etc/nginx/briefing-room/", f"{secrets}/"),
    ):
        assert shipped in server
        server = server.replace(shipped, here)
    (work / "server.conf").write_text(server, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log "
        f"{work}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        "  access_log off;\n"
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
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
        except urllib.error.HTTPError:
            break  # answering (404 at the root)
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                pytest.fail(f"nginx exited: {process.stderr.read()}")
            time.sleep(0.05)
    yield base, root
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def audiences_server(served) -> str:
    return served[0]


def get(base: str, path: str, who: str | None = None) -> tuple[int, dict, bytes]:
    """A request for ``path`` exactly as written (no client-side clean-up of ``..``)."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    headers = {}
    if who is not None:
        user, password = USERS[who]
        headers["Authorization"] = (
            "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        )
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.headers), body


@pytest.mark.parametrize("audience", ["tlp-green", "tlp-amber"])
def test_an_audience_needs_its_own_credentials(audiences_server, audience):
    other = "tlp-amber" if audience == "tlp-green" else "tlp-green"
    for path in (f"/{audience}/", f"/{audience}/briefs/green-parade/", f"/{audience}/briefs.json"):
        status, headers, body = get(audiences_server, path)
        assert status == 401 and "green-parade" not in body.decode(), path
        assert headers["WWW-Authenticate"] == f'Basic realm="Briefing Room {audience}"'
        assert get(audiences_server, path, other)[0] == 401, path
        status, _, body = get(audiences_server, path, audience)
        assert status == 200 and body, path


def test_an_amber_page_is_never_served_under_the_green_path(audiences_server):
    page = f"briefs/{AMBER}-brief/"
    assert get(audiences_server, f"/tlp-amber/{page}", "tlp-amber")[0] == 200
    status, _, body = get(audiences_server, f"/tlp-green/{page}", "tlp-green")
    assert status == 404 and AMBER.encode() not in body
    # Walking out of the GREEN path lands on the AMBER path, which asks for AMBER's credentials.
    for path in (
        f"/tlp-green/../tlp-amber/{page}",
        f"/tlp-green/%2e%2e/tlp-amber/{page}",
        f"/tlp-green/..%2ftlp-amber/{page}",
        f"/tlp-green/%2e%2e%2ftlp-amber/{page}",
    ):
        status, _, body = get(audiences_server, path, "tlp-green")
        assert status == 401 and AMBER.encode() not in body, path
        assert get(audiences_server, path, "tlp-amber")[0] == 200, path
    status, _, body = get(audiences_server, "/tlp-green/briefs.json", "tlp-green")
    assert status == 200 and AMBER.encode() not in body


def test_a_missing_page_gets_its_audiences_own_404_page(audiences_server):
    status, _, body = get(audiences_server, "/tlp-green/no/such/page/", "tlp-green")
    assert status == 404 and b"Page not found" in body
    assert b'href="/tlp-green/assets/stylesheets/' in body
    css = re.search(rb'href="(/tlp-green/assets/stylesheets/main\.[0-9a-f]+\.min\.css)"', body)
    assert get(audiences_server, css.group(1).decode(), "tlp-green")[0] == 200


def test_dotfiles_and_backups_are_never_served_and_feeds_are_xml(served):
    audiences_server, root = served
    (root / "tlp-green" / ".git").mkdir()
    (root / "tlp-green" / ".git" / "config").write_text("[core]\n")
    (root / "tlp-green" / "index.html~").write_text("backup\n")
    for path in ("/tlp-green/.git/config", "/tlp-green/index.html~", "/tlp-green/.htpasswd"):
        assert get(audiences_server, path, "tlp-green")[0] == 404, path
        assert get(audiences_server, path)[0] == 404, path  # refused before asking who
    status, headers, body = get(audiences_server, "/tlp-green/feeds/all.xml", "tlp-green")
    assert status == 200 and headers["Content-Type"].startswith("text/xml") and b"<feed" in body
    assert get(audiences_server, "/tlp-green/feeds/all.xml")[0] == 401
    assert get(audiences_server, "/tlp-green/search/search_index.json")[0] == 401
    assert headers["Server"] == "nginx"  # server_tokens off: no version


def test_nothing_is_served_outside_the_audiences_paths(audiences_server):
    for path in ("/", "/index.html", "/tlp-red/", "/briefs.json", "/tlp-green-x/", "/sitemap.xml"):
        assert get(audiences_server, path, "tlp-green")[0] == 404, path
    status, headers, _ = get(audiences_server, "/tlp-green")
    assert status == 301 and headers["Location"].endswith("/tlp-green/")


def test_every_answer_carries_the_security_headers_of_deploy_nginx_conf(audiences_server):
    def headers_of(text: str) -> list[str]:
        return re.findall(r"^\s*add_header .*$", text, re.M)

    shipped = headers_of((REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
    ours = headers_of((REPO / "deploy" / "audiences.conf").read_text(encoding="utf-8"))
    assert len(shipped) == 4 and [line.strip() for line in ours] == [
        line.strip() for line in shipped
    ]
    for path, who in (
        ("/tlp-green/", "tlp-green"),
        ("/tlp-green/", None),
        ("/tlp-green/nope/", "tlp-green"),
        ("/", None),
    ):
        _, headers, _ = get(audiences_server, path, who)
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "same-origin"


def test_a_reader_browses_and_searches_their_audience_with_no_request_elsewhere(
    browser, audiences_server
):
    user, password = USERS["tlp-amber"]
    context = browser.new_context(http_credentials={"username": user, "password": password})
    page = context.new_page()
    requests, messages = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: messages.append(message.text))
    page.goto(audiences_server + "/tlp-amber/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".br-marking__label").inner_text() == "TLP:AMBER"
    page.click("input.md-search__input")
    page.type("input.md-search__input", AMBER, delay=20)
    page.wait_for_selector(".md-search-result__item a", timeout=15_000)
    context.close()
    assert [u for u in requests if not u.startswith(audiences_server + "/tlp-amber/")] == []
    assert [m for m in messages if "Content Security Policy" in m or "Refused to" in m] == []
