"""Shared fixtures: real briefs folders in temp dirs, real MkDocs builds, a real Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from briefing import engines
from briefing.cli.zensical import without_plugin

REPO = Path(__file__).resolve().parent.parent
# Tests never read or write the developer's own brief cache (~/.cache/briefing-room).
os.environ["BRIEFING_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefing-cache-")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
TODAY = dt.date(2026, 1, 1)


def brief_text(**fields) -> str:
    """A valid brief's text; keyword arguments replace or add front-matter fields (None removes
    one).
    """
    body = fields.pop("body", "Some analysis.\n")
    front = {
        "title": "A brief",
        "summary": "The bottom line.",
        "date": "2025-05-04",
        "topics": ["russia-china-relations"],
        "actors": ["xi-jinping"],
        "sources": [
            {"title": "A report", "publisher": "A wire", "reliability": "B", "credibility": 2}
        ],
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


def mkdocs_build(
    briefs: Path,
    site: Path,
    *,
    strict: bool = True,
    extra_env: dict | None = None,
    config: Path | None = None,
    verbose: bool = False,
) -> subprocess.CompletedProcess:
    """A real ``mkdocs build`` of the repository's site over ``briefs`` into ``site``
    (``verbose``: with MkDocs' and the plugin's information lines on stderr). The engine is
    ``$BRIEFING_ENGINE`` (``make test ENGINE=properdocs``), or ``BRIEFING_ENGINE`` in
    ``extra_env``."""
    env = {
        **os.environ,
        "BRIEFS_DIR": str(briefs),
        "SOURCE_DATE_EPOCH": "1767225600",
        **(extra_env or {}),
    }
    command = [
        *engines.command(env.get("BRIEFING_ENGINE") or engines.DEFAULT),
        "build",
        *([] if verbose else ["-q"]),
        "-f",
        str(config or REPO / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def without_engine(config_text: str) -> str:
    """``mkdocs.yml`` with the briefing plugin's entry taken out: plain MkDocs and Material (the
    same as the Zensical project's config, ``briefing render --for zensical``)."""
    return without_plugin(config_text)


def installed(path: str, name: str, package: str) -> str:
    """``path``, or the test fails saying which Debian package to install."""
    if not Path(path).exists():
        pytest.fail(
            f"{name} not found at {path}: install Debian's package (sudo apt-get install "
            f"{package}); CI's .ci/run does this"
        )
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return installed(CHROMIUM, "Chromium", "chromium")


@pytest.fixture(scope="session")
def nginx_path() -> str:
    return installed(NGINX, "nginx", "nginx")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The markers follow from the fixtures a test needs, so none can be forgotten: every test that
    # drives Chromium reaches it through ``chromium_path``, every one that starts nginx through
    # ``nginx_path``; `pytest -m "not browser and not nginx"` runs the rest without either.
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if "chromium_path" in needs:
            item.add_marker(pytest.mark.browser)
        if "nginx_path" in needs:
            item.add_marker(pytest.mark.nginx)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that records the URL of every request it makes (``page.requests``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


class _Server(http.server.ThreadingHTTPServer):
    # A browser asks for many files at once; the default backlog of 5 refuses some of them on a
    # loaded machine, and a test would fail for the machine's sake, not the site's.
    request_queue_size = 128


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve():
    """Serve a folder on 127.0.0.1 on a free port (with ``handler``, a ``QuietHandler`` by default);
    returns its base URL.
    """
    servers = []

    def start(
        root: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
    ) -> str:
        handler = functools.partial(handler, directory=str(root))
        server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


HOSTILE_TITLE = "<script>alert('title')</script> Hostile"
HOSTILE_EVENT = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Path:
    """A site built from a small corpus covering every page kind, links, drafts and hostile
    values.
    """
    root = tmp_path_factory.mktemp("corpus")
    briefs = root / "briefs"
    (briefs / "2025").mkdir(parents=True)
    for name in ("actors.yml", "topics.yml"):
        (briefs / name).write_text(
            (REPO / "briefs" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    shared_event = {
        "date": "2025-05-09",
        "title": "Victory Day parade",
        "location": "Moscow",
        "id": "parade-2025",
        "actors": ["vladimir-putin"],
    }
    (briefs / "visit.md").write_text(
        brief_text(
            title="Xi visits Moscow",
            summary="Xi goes to Moscow for the parade.",
            date="2025-05-04",
            topics=["russia-china-relations", "victory-day"],
            actors=["xi-jinping", "vladimir-putin"],
            events=[
                {
                    "date": "2025-05-07",
                    "end": "2025-05-10",
                    "title": "State visit",
                    "actors": ["xi-jinping"],
                },
                shared_event,
            ],
            related=["parade"],
            review_by="2026-06-01",
            sources=[
                {
                    "id": "kremlin",
                    "title": "Kremlin statement",
                    "publisher": "Kremlin press service",
                    "reliability": "B",
                    "credibility": 2,
                },
                {
                    "id": "wire",
                    "title": "A report",
                    "publisher": "A wire",
                    "reliability": "C",
                    "credibility": 3,
                },
            ],
            judgments=[
                {
                    "id": "parade-goes-ahead",
                    "text": "The parade will go ahead with Xi as guest.",
                    "likelihood": "likely",
                    "confidence": "moderate",
                    "sources": ["kremlin", "wire"],
                },
                {
                    "text": "Moscow will present the visit as proof that it is not isolated.",
                    "likelihood": "very likely",
                    "confidence": "high",
                    "sources": ["kremlin"],
                },
            ],
            body="## Xi in Moscow\n\nPresident Xi meets Putin; see [the parade "
            "brief](2025/parade.md#what).\n\n`Xi` "
            "in code, and Xi again.\n",
        ),
        encoding="utf-8",
    )
    (briefs / "2025" / "parade.md").write_text(
        brief_text(
            title="The 9 May parade",
            summary="Putin holds the parade.",
            date="2025-05-09",
            topics=["victory-day"],
            actors=["vladimir-putin", "xi-jinping"],
            events=[shared_event],
            supersedes="parade-plan",
            sources=[
                {
                    "id": "tass",
                    "title": "Parade report",
                    "publisher": "TASS",
                    "reliability": "C",
                    "credibility": 1,
                }
            ],
            judgments=[
                {
                    "id": "parade-goes-ahead",
                    "text": "The parade will go ahead with Xi as guest.",
                    "likelihood": "almost certain",
                    "confidence": "high",
                    "sources": ["tass"],
                },
            ],
            changes=[
                {
                    "date": "2025-05-09",
                    "note": "parade-goes-ahead raised from likely to almost certain: "
                    "the guests have arrived.",
                },
            ],
            body="## What\n\nThe parade.\n",
        ),
        encoding="utf-8",
    )
    (briefs / "2025" / "parade-plan.md").write_text(
        brief_text(
            title="Parade plans announced",
            summary="Moscow announces its 9 May parade.",
            date="2025-05-02",
            topics=["victory-day"],
            actors=["vladimir-putin"],
        ),
        encoding="utf-8",
    )
    (briefs / "ceasefire.md").write_text(
        brief_text(
            title="Ceasefire proposal",
            summary="Zelenskyy rejects the truce.",
            date="2025-05-05",
            topics=["ukraine-war"],
            actors=["volodymyr-zelenskyy", "vladimir-putin"],
            review_by="2025-06-01",
        ),
        encoding="utf-8",
    )
    (briefs / "secret-draft.md").write_text(
        brief_text(title="Unfinished draft zzqx", status="draft"), encoding="utf-8"
    )
    (briefs / "hostile.md").write_text(
        brief_text(
            title=HOSTILE_TITLE,
            summary="<b>bold</b> [x](javascript:alert(2)) summary",
            events=[{"date": "2025-05-01", "title": HOSTILE_EVENT, "location": "<i>x</i>"}],
            sources=[
                {
                    "id": "hostile-src",
                    "title": "[click](javascript:alert(3))",
                    "publisher": "<b>Pub</b>",
                    "url": 'https://example.org/?q="><script>',
                }
            ],
            judgments=[
                {
                    "id": "hostile-judgment",
                    "text": "<img src=x onerror=alert(5)> judged",
                    "likelihood": "unlikely",
                    "confidence": "low",
                    "sources": ["hostile-src"],
                },
            ],
            changes=[
                {
                    "date": "2025-05-02",
                    "note": '<script>alert("note")</script> hostile-judgment changed',
                }
            ],
        ),
        encoding="utf-8",
    )
    site = root / "site"
    result = mkdocs_build(
        briefs, site, extra_env={"BRIEFING_WORKERS": "2"}
    )  # brief pages converted by workers
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def editors_site(small_site, tmp_path_factory) -> Path:
    """``small_site``'s briefs in an editors' build (BRIEFING_EDITORS=true): the site with its
    editors' page, /attention/, which the published site never has."""
    site = tmp_path_factory.mktemp("editors") / "site"
    result = mkdocs_build(
        small_site.parent / "briefs", site, extra_env={"BRIEFING_EDITORS": "true"}
    )
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own briefs, built strictly (what `make build` does)."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = mkdocs_build(REPO / "briefs", site)
    assert result.returncode == 0, result.stderr
    return site


AUDIENCE_SITE_URL = "http://briefing.test/{slug}/"  # the path deploy/audiences.conf serves it at


@pytest.fixture(scope="session")
def audience_sites(tmp_path_factory) -> dict[str, Path]:
    """Real builds for the audience tests (tests/audiencecorpus.py): "green", "amber" and
    "strict" (the default audience) of the corpus with briefs above TLP:GREEN, and "green-alone"
    of the same corpus without them. Each built with the site_url its hosted path has."""
    from audiencecorpus import ABOVE_GREEN, OPEN, write_corpus

    root = tmp_path_factory.mktemp("audiences")
    mixed = write_corpus(root / "mixed" / "briefs", {**OPEN, **ABOVE_GREEN})
    alone = write_corpus(root / "alone" / "briefs", OPEN)
    sites = {}
    for name, briefs, audience in (
        ("green", mixed, "TLP:GREEN"),
        ("green-alone", alone, "TLP:GREEN"),
        ("amber", mixed, "TLP:AMBER"),
        ("strict", mixed, None),
    ):
        slug = (audience or "TLP:AMBER+STRICT").lower().replace(":", "-").replace("+", "-")
        env = {"SITE_URL": AUDIENCE_SITE_URL.format(slug=slug), "BRIEFING_WORKERS": "2"}
        if audience:
            env["BRIEFING_AUDIENCE"] = audience
        site = briefs.parent / f"site-{name}"
        result = mkdocs_build(briefs, site, extra_env=env)
        assert result.returncode == 0, result.stderr
        sites[name] = site
    return sites
