"""Headless Chromium (Debian's) against built sites served on 127.0.0.1: search, and no outside
requests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build

SCREENSHOTS = os.environ.get("BRIEFING_SCREENSHOTS")  # e.g. docs/images: `make screenshots`


def outside_requests(requests: list[str], base: str) -> list[str]:
    return [url for url in requests if not url.startswith((base, "data:", "blob:"))]


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links' hrefs."""
    page.click("input.md-search__input")
    page.type("input.md-search__input", query, delay=20)
    # The results of the whole query, not of its first letters (shown while it was typed): each
    # link highlights the words it was found by (``?h=``), the query's last word whole among them.
    page.wait_for_function(
        """last => {
            const links = [...document.querySelectorAll(".md-search-result__item a")];
            return links.length > 0 && links.every(a => (new URL(a.href).searchParams.get("h")
                || "").toLowerCase().split(/\\s+/).includes(last));
        }""",
        arg=query.lower().split()[-1],
        timeout=15_000,
    )
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def test_search_finds_a_brief_by_an_actors_alias(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    hrefs = search(page, "Zelenskiy")
    assert any(h.startswith(base + "briefs/ceasefire/") for h in hrefs), hrefs
    assert outside_requests(page.requests, base.rstrip("/")) == []


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Ceasefire proposal", "briefs/ceasefire/"),  # title
        ("rejects the truce", "briefs/ceasefire/"),  # summary
        ("The parade", "briefs/parade/"),  # body text
        ("Victory Day", "briefs/parade/"),  # topic title
    ],
)
def test_search_finds_briefs_by_title_summary_body_and_topic(
    page, small_site, serve, query, expected
):
    base = serve(small_site)
    page.goto(base)
    hrefs = search(page, query)
    assert any(h.startswith(base + expected) for h in hrefs), hrefs


def test_every_page_kind_loads_without_outside_requests(page, small_site, serve):
    base = serve(small_site)
    for path in (
        "",
        "briefs/visit/",
        "topics/victory-day/",
        "actors/xi-jinping/",
        "timeline/",
        "sources/",
    ):
        page.requests.clear()
        response = page.goto(base + path)
        assert response.status == 200
        page.wait_for_load_state("networkidle")
        assert outside_requests(page.requests, base.rstrip("/")) == [], path


def test_sample_site_screenshots(page, serve, tmp_path, sample_site):
    """Photographs the main page kinds of the repository's own briefs (`make screenshots` keeps
    them).
    """
    base = serve(sample_site)
    out = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path / "shots"
    out = out if out.is_absolute() else REPO / out
    out.mkdir(parents=True, exist_ok=True)
    outcome = "briefs/xi-state-visit-russia-outcome-may-2025/"
    shots = {  # name: (path, viewport); the brief is shown tall enough to reach its judgments
        "home": ("", (1280, 900)),
        "brief": (outcome, (1280, 1500)),
        "judgments": ("judgments/", (1280, 1100)),
        "timeline": ("timeline/", (1280, 900)),
        "actor": ("actors/xi-jinping/", (1280, 900)),
        "phone": (outcome, (390, 844)),
    }
    for name, (path, (width, height)) in shots.items():
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        if name == "phone":  # the key judgments, first after the bottom line
            page.locator("#key-judgments").scroll_into_view_if_needed()
            page.evaluate("() => document.getElementById('key-judgments').scrollIntoView()")
        page.screenshot(path=str(out / f"{name}.png"))
        assert (out / f"{name}.png").stat().st_size > 10_000
    page.set_viewport_size({"width": 1280, "height": 900})
    pictures = {
        "picture-timeline": ("timeline/", 0),
        "picture-activity": ("topics/russia-china-relations/", 0),
        "picture-actor-network": ("actors/xi-jinping/", 1),
        "picture-network": ("actors/", 0),
    }
    for name, (path, index) in pictures.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.locator("figure.br-picture").nth(index).screenshot(path=str(out / f"{name}.png"))
        assert (out / f"{name}.png").stat().st_size > 5_000
    assert outside_requests(page.requests, base.rstrip("/")) == []


def test_dense_timeline_screenshots(page, serve, tmp_path):
    """A corpus with too many events to draw one by one: the chart counts them per year (a
    picture in ARCHITECTURE.md).
    """
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    briefs, site = tmp_path / "briefs", tmp_path / "site"
    generate(briefs, 150)
    assert mkdocs_build(briefs, site).returncode == 0
    base = serve(site)
    page.goto(base + "timeline/")
    figure = page.locator("figure.br-picture").first
    assert figure.locator(".br-bar").count() > 12 and figure.locator(".br-mark").count() == 0
    out = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path / "shots"
    out = out if out.is_absolute() else REPO / out
    out.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(out / "picture-timeline-dense.png"))
    assert (out / "picture-timeline-dense.png").stat().st_size > 5_000
