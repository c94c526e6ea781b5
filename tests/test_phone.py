"""The site on a 390 px phone, in Debian's Chromium: no page scrolls sideways, every picture label
is drawn at 11 CSS px or more (the picture scrolls in its own box instead), the sources table is
read as cards with the grades in view; and the colour scheme follows the reader's preference."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
PAGES = [
    "",
    "briefs/visit/",
    "briefs/hostile/",
    "briefs/parade-plan/",
    "topics/victory-day/",
    "topics/victory-day/book/",
    "topics/",
    "actors/vladimir-putin/",
    "actors/",
    "timeline/",
    "sources/",
    "judgments/",
    "404.html",
]
# Each picture label's drawn size: its font size in the SVG's units times the SVG's scale on screen.
LABEL_SIZES = """() => [...document.querySelectorAll('figure.br-picture svg text')].map(text => {
  const svg = text.ownerSVGElement;
  return {
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a,
  };
})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def load(tab, url: str) -> None:
    response = tab.goto(url)
    assert response.status == 200, url
    tab.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone, small_site, serve, path):
    load(phone, serve(small_site) + path)
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path}: the page is {width[0]} px wide in a {width[1]} px window"


@pytest.mark.parametrize(
    "path,pictures",
    [
        ("timeline/", 1),
        ("topics/victory-day/", 2),  # activity and timeline
        ("actors/vladimir-putin/", 2),  # timeline and network
        ("actors/", 1),  # the site's network
    ],
)
def test_picture_labels_are_at_least_11_css_px_on_a_phone(phone, small_site, serve, path, pictures):
    load(phone, serve(small_site) + path)
    assert phone.locator("figure.br-picture").count() == pictures
    labels = phone.evaluate(LABEL_SIZES)
    assert len(labels) >= pictures  # every picture has labels
    small = [label for label in labels if label["px"] < 11]
    assert small == [], small
    # The picture is wider than the phone: it scrolls in its own box, the page does not.
    boxes = phone.evaluate(
        "() => [...document.querySelectorAll('figure.br-picture')].map(f => [f.scrollWidth, "
        "f.clientWidth])"
    )
    assert all(scroll > client for scroll, client in boxes), boxes


def test_picture_labels_are_at_least_11_css_px_on_a_desktop_too(page, small_site, serve):
    for path in ("timeline/", "actors/vladimir-putin/", "actors/", "topics/victory-day/"):
        load(page, serve(small_site) + path)
        small = [label for label in page.evaluate(LABEL_SIZES) if label["px"] < 11]
        assert small == [], (path, small)


def test_the_sources_table_is_read_as_cards_with_the_grades_in_view(phone, small_site, serve):
    load(phone, serve(small_site) + "briefs/visit/")
    cells = phone.evaluate(
        """() => [...document.querySelectorAll('#source-kremlin td')].map(td => ({
          label: getComputedStyle(td, '::before').content,
          right: td.getBoundingClientRect().right,
          text: td.textContent,
        }))"""
    )
    assert [c["label"] for c in cells] == [
        '"Source: "',
        '"Publisher: "',
        '"Published: "',
        '"Reliability: "',
        '"Credibility: "',
    ]
    assert all(c["right"] <= PHONE["width"] for c in cells), cells
    assert "B: Usually reliable" in cells[3]["text"] and "2: Probably true" in cells[4]["text"]
    overflow = phone.evaluate(
        "() => [...document.querySelectorAll('.br-stack .md-typeset__scrollwrap')].map(w "
        "=> w.scrollWidth - w.clientWidth)"
    )
    assert overflow and all(extra <= 0 for extra in overflow), overflow


def test_a_judgment_links_to_its_sources_row(phone, small_site, serve):
    load(phone, serve(small_site) + "briefs/visit/")
    phone.click('#j-parade-goes-ahead a[href="#source-wire"]')
    phone.wait_for_function("location.hash === '#source-wire'")
    top = phone.evaluate("() => document.getElementById('source-wire').getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"]


@pytest.mark.parametrize("preference,scheme", [("light", "default"), ("dark", "slate")])
def test_the_colour_scheme_follows_the_readers_preference(
    browser, small_site, serve, preference, scheme
):
    context = browser.new_context(color_scheme=preference)
    tab = context.new_page()
    try:
        load(tab, serve(small_site) + "briefs/visit/")
        assert tab.get_attribute("body", "data-md-color-scheme") == scheme
        background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(255, 255, 255)") == (scheme == "default"), background
    finally:
        context.close()


def test_the_toggle_switches_the_scheme_and_the_site_remembers_it(browser, small_site, serve):
    context = browser.new_context(color_scheme="light")
    tab = context.new_page()
    try:
        base = serve(small_site)
        load(tab, base)
        assert tab.get_attribute("body", "data-md-color-scheme") == "default"
        # Automatic (here light) → light → dark: the toggle's label says what it does next.
        tab.click('label[title="Switch to light mode"]')
        tab.click('label[title="Switch to dark mode"]')
        tab.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        load(tab, base + "timeline/")
        assert tab.get_attribute("body", "data-md-color-scheme") == "slate"
    finally:
        context.close()
