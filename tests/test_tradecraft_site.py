"""Key judgments, their history, what changed, superseded briefs and the reader fixes, asserted on
the HTML of a real build (conftest's ``small_site``: "visit" then "parade" follow the judgment
``parade-goes-ahead``; "parade" supersedes "parade-plan")."""

from __future__ import annotations

import html
import re
from pathlib import Path

from briefing.site.search import read_docs


def page(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_key_judgments_come_right_after_the_bottom_line_and_before_the_body(small_site):
    visit = page(small_site, "briefs/visit")
    assert (
        visit.index('class="br-card"')
        < visit.index('id="key-judgments"')
        < visit.index('id="xi-in-moscow"')  # the body's first heading
        < visit.index('id="sources"')
    )


def test_each_judgment_shows_likelihood_in_words_and_range_confidence_and_graded_sources(
    small_site,
):
    visit = page(small_site, "briefs/visit")
    first = between(visit, 'id="j-parade-goes-ahead"', "</div>")
    assert "Key judgment 1 · likely (55–80 %) · moderate confidence" in first
    assert '<p class="br-judgment-text">The parade will go ahead with Xi as guest.</p>' in first
    assert "<strong>Likelihood:</strong> likely (55–80 %), on the ICD 203 scale" in first
    assert "<strong>Confidence:</strong> moderate (credible but incomplete)" in first
    assert (
        '<strong>Sources:</strong> <a href="#source-kremlin">Kremlin statement</a> (B2); '
        '<a href="#source-wire">A report</a> (C3)'
    ) in first
    # ... and each link lands on its source's row in the sources table.
    assert '<tr id="source-kremlin">\n<td data-label="Source">Kremlin statement</td>' in visit
    assert '<tr id="source-wire">' in visit


def test_a_followed_judgment_says_where_it_stood_before_and_what_moved(small_site):
    parade = page(small_site, "briefs/parade")
    before = between(parade, '<p class="br-previously">', "</p>")
    assert before == (
        'Previously: likely (55–80 %), moderate confidence in <a href="../visit/">Xi '
        "visits Moscow</a> "
        "(4 May 2025). Since then: raised from likely to almost certain; confidence raised from "
        'moderate to high. See <a href="../../judgments/#j-parade-goes-ahead">its history</a>.'
    )
    assert "br-previously" not in page(small_site, "briefs/visit")  # the first brief to give it
    # Another brief's title: not in this brief's search entry.
    parade_text = " ".join(
        d["text"]
        for d in read_docs(small_site / "search")
        if d["location"].startswith("briefs/parade/")
    )
    assert "almost certain (95–99 %)" in parade_text and "Xi visits Moscow" not in parade_text


def test_the_judgments_page_follows_each_id_across_briefs_and_marks_the_change(small_site):
    judgments = page(small_site, "judgments")
    section = between(judgments, 'id="j-parade-goes-ahead"', "</table>")
    # Under a heading of its latest text, the anchor is the judgment's id, whatever its text.
    heading = judgments.split('id="j-parade-goes-ahead"', 1)[0].rsplit("<h2", 1)[1]
    assert "The parade will go ahead with Xi as guest." in html.unescape(heading)
    assert (
        "given in 2 briefs, 1 change; latest: <strong>almost certain (95–99 %), high confidence"
        in section
    )
    rows = re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    assert [c[0] for c in cells] == ["4 May 2025", "9 May 2025"]
    assert [c[1] for c in cells] == ["likely (55–80 %)", "almost certain (95–99 %)"]
    assert [c[2] for c in cells] == ["moderate", "high"]
    assert cells[0][3] == '<a href="../briefs/visit/#j-parade-goes-ahead">Xi visits Moscow</a>'
    assert cells[0][4] == "First assessed"
    assert cells[1][4] == (
        '<strong class="br-change">Raised from likely to almost certain; confidence raised from '
        "moderate to high</strong>: parade-goes-ahead raised from likely to almost certain: the "
        "guests have arrived."
    )
    assert "The likelihood scale: ICD 203" in html.unescape(judgments)
    # In the navigation, with its tab marked on its own page.
    assert (
        'md-tabs__item md-tabs__item--active">\n      <a href="./" class="md-tabs__link">'
        in judgments
    )


def test_what_changed_lists_the_notes_with_followed_judgments_linked(small_site):
    parade = page(small_site, "briefs/parade")
    changed = between(parade, 'id="what-changed"', "</ul>")
    assert (
        '<li><strong>9 May 2025</strong> · <a href="../../judgments/#j-parade-goes-ahead">'
        "<code>parade-goes-ahead</code></a> raised from likely to almost certain: "
        "the guests have arrived.</li>"
    ) in changed
    assert 'id="what-changed"' not in page(small_site, "briefs/ceasefire")  # nothing to say


def test_a_superseded_brief_carries_a_banner_to_its_successor_and_leaves_the_latest_lists(
    small_site,
):
    plan = page(small_site, "briefs/parade-plan")
    banner = between(plan, 'class="admonition warning br-superseded"', "</div>")
    assert 'replaced by <a href="../parade/">The 9 May parade</a> (9 May 2025)' in banner
    assert "br-badge--stale" not in plan  # its successor speaks for it
    assert 'Supersedes</dt>\n<dd><a href="../parade-plan/">Parade plans announced</a>' in page(
        small_site, "briefs/parade"
    )
    home = (small_site / "index.html").read_text(encoding="utf-8")
    assert "briefs/parade-plan/" not in between(home, 'id="latest-briefs"', "</ul>")
    assert "briefs/parade-plan/" not in between(home, 'id="stale-briefs"', "</ul>")
    topic = page(small_site, "topics/victory-day")
    assert "../../briefs/parade-plan/" not in between(topic, 'id="latest-briefs"', "</ul>")
    superseded = between(topic, 'id="superseded-briefs"', "</ul>")
    assert 'href="../../briefs/parade-plan/">Parade plans announced</a>' in superseded
    assert 'superseded by <a href="../../briefs/parade/">' in superseded


def test_lists_of_briefs_show_the_first_judgment_and_the_sourcing(small_site):
    home = (small_site / "index.html").read_text(encoding="utf-8")
    visit = between(between(home, 'id="latest-briefs"', "</ul>"), 'href="briefs/visit/"', "</li>")
    assert (
        '<span class="br-first-judgment"><strong>Key judgment:</strong> The parade will go ahead '
        "with Xi as guest. <em>(likely (55–80 %), moderate confidence)</em> · "
        '<span class="br-sourcing">2 sources, graded B2, C3</span></span>'
    ) in visit
    for path, link in (
        ("topics/victory-day", "../../briefs/visit/"),
        ("actors/xi-jinping", "../../briefs/visit/"),
    ):
        item = between(page(small_site, path), f'href="{link}"', "</li>")
        assert "<strong>Key judgment:</strong> The parade will go ahead" in item, path
        assert "2 sources, graded B2, C3" in item, path
    ceasefire = between(home, 'href="briefs/ceasefire/"', "</li>")
    assert '<span class="br-sourcing">1 source, graded B2</span>' in ceasefire  # no judgment
    # Lists show other briefs' judgments, which are no reason to find the list in search.
    home_text = " ".join(
        d["text"] for d in read_docs(small_site / "search") if d["location"].split("#")[0] == ""
    )
    assert "Key judgment" not in home_text and "graded B2, C3" not in home_text


def test_home_lists_the_recently_updated_briefs_with_what_changed(small_site):
    home = (small_site / "index.html").read_text(encoding="utf-8")
    recent = between(home, 'id="recently-updated"', "</ul>")
    items = re.findall(r'<li><a href="briefs/([a-z-]+)/">', recent)
    assert items[0] == "parade"  # its front matter's date: the corpus is not in git
    assert (
        "updated 9 May 2025<br>\n"
        '<span class="br-summary">parade-goes-ahead raised from likely to almost certain'
    ) in recent


def test_age_makes_a_brief_without_review_by_stale(small_site):
    parade = page(small_site, "briefs/parade")
    assert (
        '<span class="br-badge br-badge--stale">Stale: as of 9 May 2025, more than '
        "180 days ago</span>" in parade
    )
    visit = page(small_site, "briefs/visit")
    assert "br-badge--stale" not in visit and "Review by 1 June 2026" in visit
    home = (small_site / "index.html").read_text(encoding="utf-8")
    stale = between(home, 'id="stale-briefs"', "</ul>")
    assert (
        'href="briefs/parade/">The 9 May parade</a> · as of 9 May 2025, more than 180 days ago'
        in stale
    )
    assert 'href="briefs/ceasefire/">Ceasefire proposal</a> · review was due 1 June 2025' in stale


def test_an_actor_page_lists_each_event_once_merged_by_id(small_site):
    putin = page(small_site, "actors/vladimir-putin")
    events = between(putin, 'id="events"', "</ul>").split("</figure>", 1)[1]
    assert events.count("Victory Day parade") == 1
    parade = between(events, "Victory Day parade", "</li>")
    assert 'href="../../briefs/parade/"' in parade and 'href="../../briefs/visit/"' in parade


def active_tabs(text: str) -> list[str]:
    return re.findall(
        r'md-tabs__item md-tabs__item--active">\s*<a href="[^"]*" '
        r'class="md-tabs__link">\s*(\S[^<]*?)\s*</a>',
        text,
    )


def test_every_generated_page_has_its_section_tab_highlighted(small_site):
    for path, tab in (
        ("briefs/visit", "Topics"),
        ("topics/victory-day", "Topics"),
        ("topics/victory-day/book", "Topics"),
        ("actors/xi-jinping", "Actors"),
        ("actors", "Actors"),
        ("timeline", "Timeline"),
        ("sources", "Sources"),
        ("judgments", "Judgments"),
    ):
        assert active_tabs(page(small_site, path)) == [tab], path
    assert active_tabs((small_site / "index.html").read_text(encoding="utf-8")) == ["Home"]
    assert active_tabs(page(small_site, "method")) == ["Method"]  # marked pages are unmarked after


def test_the_404_page_offers_search_and_the_main_pages(small_site):
    text = (small_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in text
    assert (
        '<label class="md-button md-button--primary" for="__search">Search the briefs</label>'
        in text
    )
    for target in ("topics/", "actors/", "timeline/", "judgments/", "sources/"):
        assert f'href="/{target}"' in text, target


def test_the_palette_follows_the_readers_preference_with_a_toggle(small_site):
    text = (small_site / "index.html").read_text(encoding="utf-8")
    for media in (
        "(prefers-color-scheme)",
        "(prefers-color-scheme: light)",
        "(prefers-color-scheme: dark)",
    ):
        assert f'data-md-color-media="{media}"' in text, media
    assert 'data-md-color-scheme="slate"' in text and 'aria-label="Switch to dark mode"' in text


def test_judgments_and_notes_from_hostile_briefs_are_text(small_site):
    hostile = page(small_site, "briefs/hostile")
    assert "&lt;img src=x onerror=alert(5)&gt; judged" in hostile
    assert "&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;" in hostile
    assert "<img src=x" not in hostile and '<script>alert("note")' not in hostile
