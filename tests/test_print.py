"""Printing a brief in Chromium: no navigation, the header card and sources kept, links as text."""

from __future__ import annotations

import pytest

HIDDEN = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
]


@pytest.fixture
def print_page(browser, small_site, serve):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = serve(small_site)
    yield page, base
    context.close()


def display(page, selector: str) -> str | None:
    return (
        page.eval_on_selector(selector, "e => getComputedStyle(e).display")
        if page.query_selector(selector)
        else None
    )


def test_printed_brief_is_a_clean_document(print_page):
    page, base = print_page
    page.goto(base + "briefs/hostile/")
    page.emulate_media(media="print")
    for selector in HIDDEN:
        assert display(page, selector) in ("none", None), selector
    assert display(page, ".br-card") != "none"
    assert page.is_visible("#sources") and page.is_visible("article table")
    after = page.eval_on_selector(
        "article table a[href^='http']", "a => getComputedStyle(a, '::after').content"
    )
    assert "https://example.org/" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_screen_view_still_has_navigation(print_page):
    page, base = print_page
    page.goto(base + "briefs/visit/")
    assert display(page, ".md-header") != "none"


def test_briefing_book_holds_every_brief_of_the_topic(print_page, small_site):
    page, base = print_page
    page.goto(base + "topics/victory-day/book/")
    headings = page.eval_on_selector_all("article h2", "hs => hs.map(h => h.textContent.trim())")
    assert any(h.startswith("Xi visits Moscow") for h in headings) and any(
        h.startswith("The 9 May parade") for h in headings
    )
    assert not any(h.startswith("Ceasefire proposal") for h in headings)
    assert page.locator("article .br-card").count() == 2
    page.emulate_media(media="print")
    assert page.pdf(format="A4").startswith(b"%PDF")
    topic = (small_site / "topics" / "victory-day" / "index.html").read_text(encoding="utf-8")
    assert 'href="book/"' in topic
