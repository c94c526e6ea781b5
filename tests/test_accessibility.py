"""Accessibility: axe-core (vendored from npm under tests/vendor/) run in Debian's Chromium on
each kind of page, with search results open too. No violation of impact serious or critical.

The site has one palette (no light/dark toggle in mkdocs.yml), so each page is checked once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

PAGES = {
    "home": "",
    "brief": "briefs/visit/",
    "brief-stale": "briefs/ceasefire/",
    "brief-hostile": "briefs/hostile/",
    "topic": "topics/victory-day/",
    "topics": "topics/",
    "book": "topics/victory-day/book/",
    "actor": "actors/vladimir-putin/",
    "actors": "actors/",
    "timeline": "timeline/",
    "sources": "sources/",
    "writing-guide": "writing-briefs/",
    "method": "method/",
    "data": "data/",
    "attention": "attention/",  # the editors' page: only in an editors' build (editors_site)
}


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def test_axe_is_vendored_at_the_pinned_version():
    assert AXE.stat().st_size > 100_000
    assert (AXE.parent / "VERSION").read_text().strip() in AXE.read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_has_no_serious_accessibility_violation(request, page, small_site, serve, kind):
    base = serve(request.getfixturevalue("editors_site") if kind == "attention" else small_site)
    response = page.goto(base + PAGES[kind])
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_search_results_have_no_serious_accessibility_violation(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    page.click("input.md-search__input")
    page.type("input.md-search__input", "parade", delay=20)
    page.wait_for_selector(".md-search-result__item a", timeout=15_000)
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_tables_have_headers_and_pictures_have_text(small_site):
    from sitecheck import parse

    for path in small_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for table in text.split("<table")[1:]:
            assert "<th" in table.split("</table>", 1)[0], path
        page = parse(path)
        images = [a for a in page.attributes if a[0] == "img" and a[1] == "src"]
        alts = [a for a in page.attributes if a[0] == "img" and a[1] == "alt"]
        assert len(alts) >= len(images), path


def test_grading_and_confidence_are_written_not_only_coloured(small_site):
    brief = (small_site / "briefs" / "visit" / "index.html").read_text(encoding="utf-8")
    assert "B: Usually reliable" in brief and "2: Probably true" in brief
    stale = (small_site / "briefs" / "ceasefire" / "index.html").read_text(encoding="utf-8")
    assert 'class="br-badge br-badge--stale">Stale: review was due' in stale
