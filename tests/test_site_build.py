"""Real MkDocs builds of small corpora written by the tests, asserted on the built HTML."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HOSTILE_TITLE, REPO, mkdocs_build
from sitecheck import broken_links, parse

from briefing.site.search import read_docs


@pytest.fixture(scope="module")
def built(small_site) -> Path:
    return small_site


def text_of(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def shown(site: Path, url_path: str) -> str:
    """The page's HTML with character references decoded: what a reader sees, tags aside."""
    return html.unescape(text_of(site, url_path))


@pytest.mark.parametrize(
    "url_path",
    [
        "",
        "briefs/visit",
        "briefs/parade",
        "briefs/ceasefire",
        "briefs/hostile",
        "topics",
        "topics/russia-china-relations",
        "topics/victory-day",
        "topics/ukraine-war",
        "actors",
        "actors/xi-jinping",
        "actors/volodymyr-zelenskyy",
        "timeline",
        "sources",
        "writing-briefs",
        "method",
    ],
)
def test_every_kind_of_page_exists(built, url_path):
    assert (built / url_path / "index.html").is_file()


def test_every_internal_link_and_anchor_resolves(built):
    assert broken_links(built) == []


def test_drafts_never_reach_the_site(built):
    assert not (built / "briefs" / "secret-draft").exists()
    for path in built.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            assert "zzqx" not in path.read_text(encoding="utf-8"), path


def test_brief_url_is_derived_from_its_id_not_its_folder(built):
    assert (built / "briefs" / "parade" / "index.html").is_file()
    assert not (built / "briefs" / "2025").exists()


def test_link_between_briefs_in_different_folders_is_retargeted(built):
    assert 'href="../parade/#what"' in text_of(built, "briefs/visit")


def test_backlinks_list_the_briefs_that_link_here(built):
    page = text_of(built, "briefs/parade")
    referenced = page.split('id="referenced-by"', 1)[1]
    assert 'href="../visit/"' in referenced


def test_declared_related_comes_first_then_computed_with_reasons(built):
    page = text_of(built, "briefs/visit")
    related = page.split('id="related-briefs"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r'<li><a href="\.\./([a-z-]+)/">', related)
    assert items[0] == "parade"
    assert "listed by the analyst" in related
    assert "ceasefire" in items
    assert "1 shared actor · 1 day apart" in related


def test_stale_brief_is_badged_and_listed_on_home(built):
    assert "Stale: review was due 1 June 2025" in shown(built, "briefs/ceasefire")
    home = (built / "index.html").read_text(encoding="utf-8")
    stale = home.split('id="stale-briefs"', 1)[1]
    assert 'href="briefs/ceasefire/"' in stale


def test_timeline_merges_events_sharing_an_id_and_shows_ranges(built):
    page = text_of(built, "timeline")
    listing = page.split("</figure>", 1)[
        1
    ]  # the text list after the chart (whose tooltips repeat titles)
    assert listing.count("Victory Day parade") == 1
    entry = page.split('id="ev-parade-2025"', 1)[1].split("</li>", 1)[0]
    assert (
        "Reported in 2 briefs" in entry
        and "../briefs/visit/" in entry
        and "../briefs/parade/" in entry
    )
    assert "7–10 May 2025" in page
    assert page.index('id="may-2025"') < page.index("ev-parade-2025")


def test_first_actor_mention_is_linked_outside_code_and_headings(built):
    page = text_of(built, "briefs/visit")
    content = page.split('id="xi-in-moscow"', 1)[1]
    heading = content.split("</h2>", 1)[0]
    assert "actors/xi-jinping" not in heading
    body = content.split("</h2>", 1)[1].split('id="events"', 1)[0]
    assert body.count('href="../../actors/xi-jinping/"') == 1
    assert '<a href="../../actors/xi-jinping/">President Xi</a>' in body
    assert '<a href="../../actors/vladimir-putin/">Putin</a>' in body
    assert "<code>Xi</code>" in body


def test_sources_show_admiralty_grading_with_meaning(built):
    page = shown(built, "briefs/visit")
    assert "B: Usually reliable" in page and "2: Probably true" in page
    register = shown(built, "sources")
    assert "A wire" in register and "B: Usually reliable" in register


def test_actor_page_lists_briefs_events_and_co_actors(built):
    page = text_of(built, "actors/vladimir-putin")
    assert "President of the Russian Federation" in page
    for brief in ("visit", "parade", "ceasefire"):
        assert f'href="../../briefs/{brief}/"' in page
    assert "Victory Day parade" in page
    together = page.split('id="most-often-appears-with"', 1)[1]
    assert 'href="../xi-jinping/"' in together and "2 shared briefs" in together


def test_topic_page_lists_its_briefs_actors_events_and_sources(built):
    page = text_of(built, "topics/victory-day")
    assert 'href="../../briefs/parade/"' in page and 'href="../../briefs/visit/"' in page
    assert 'href="../../briefs/ceasefire/"' not in page
    assert (
        'id="actors-most-involved"' in page
        and 'id="timeline-of-events"' in page
        and 'id="sources-used"' in page
    )


def test_hostile_values_are_escaped_everywhere_they_are_shown(built):
    for path in built.rglob("*"):
        if path.suffix not in (".html", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text, path
        assert "<b>Pub</b>" not in text and "<i>x</i>" not in text, path
        if path.suffix == ".html":
            page = parse(path)
            assert not [a for a in page.attributes if a[1].startswith("on")], path
            assert not [u for t, u in page.links if u.lower().startswith("javascript:")], path
    page = text_of(built, "briefs/hostile")
    heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page, re.S).group(1)
    assert "<" not in heading and html.unescape(heading) == HOSTILE_TITLE  # text, as typed
    assert "<title>&lt;script&gt;alert" in page


def test_search_index_holds_brief_text_and_aliases_but_not_drafts(built):
    by_location = {doc["location"]: doc for doc in read_docs(built / "search")}
    ceasefire = "".join(
        doc["text"] for loc, doc in by_location.items() if loc.startswith("briefs/ceasefire/")
    )
    assert "Zelenskiy" in ceasefire  # an alias of an actor of the brief
    assert "Zelenskyy rejects the truce" in ceasefire
    assert by_location["briefs/visit/"]["tags"] == ["Russia–China relations", "Victory Day"]


def test_generated_index_pages_have_no_edit_link(built):
    assert 'title="Edit this page"' not in text_of(built, "topics/victory-day")
    assert 'title="Edit this page"' not in text_of(built, "timeline")


def test_strict_build_fails_with_the_checkers_words(tmp_path, write_brief, corpus_dir):
    write_brief("good", title="Good brief")
    write_brief("bad", actors=["xi-jingping"])
    result = mkdocs_build(corpus_dir, tmp_path / "site")
    check = subprocess.run(
        [sys.executable, "-m", "briefing", "check", str(corpus_dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    error_lines = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert result.returncode != 0
    assert (
        len(error_lines) == 1
        and "unknown actor 'xi-jingping' (did you mean 'xi-jinping'?)" in error_lines[0]
    )
    assert error_lines[0] in result.stderr


def test_non_strict_build_publishes_good_briefs_and_leaves_out_the_bad(
    tmp_path, write_brief, corpus_dir
):
    write_brief("good", title="Good brief")
    write_brief("bad", date="2025-13-01")
    result = mkdocs_build(corpus_dir, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "briefs" / "good" / "index.html").is_file()
    assert not (tmp_path / "site" / "briefs" / "bad").exists()
    assert (
        "bad.md:4: error: 'date' is '2025-13-01', a day that does not exist (there is no month 13; "
        "months go from 01 to 12)" in result.stderr
    )


def test_warnings_do_not_fail_a_strict_build(tmp_path, write_brief, corpus_dir):
    write_brief("old", review_by="2025-01-01")
    result = mkdocs_build(corpus_dir, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "briefs" / "old" / "index.html").is_file()


def test_search_entry_of_a_brief_leaves_out_other_briefs_titles(built):
    visit = " ".join(
        doc["title"] + " " + doc["text"]
        for doc in read_docs(built / "search")
        if doc["location"].startswith("briefs/visit/")
    )
    assert "Ceasefire proposal" in text_of(built, "briefs/visit")  # shown under related briefs...
    assert "Ceasefire proposal" not in visit  # ...but not indexed as this brief's text
    assert "Zelenskiy" not in visit


def test_brief_pages_show_their_topics_as_tags_and_no_tag_export_is_written(built):
    page = (built / "briefs" / "visit" / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<span class="md-tag[^"]*">([^<]*)</span>', page)
    assert "Victory Day" in tags
    assert not (built / "tags.json").exists()  # Material's export: nothing reads it
