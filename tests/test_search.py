"""The prebuilt, sharded search index (briefing/site/search.py) and the worker that reads it
(docs/assets/briefing/search-worker.js) in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import HOSTILE_TITLE, mkdocs_build

from briefing.site import search
from briefing.site.search import read_docs

CONFIG = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": {}}


def material_index(*docs: dict) -> dict:
    return {"config": CONFIG, "docs": list(docs)}


def build(index: dict, folder: Path) -> dict[str, str]:
    """``search.write`` into a folder; the files it wrote, by relative path."""
    search.write(index, folder)
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in folder.rglob("*.json")
    }


def postings(files: dict[str, str], term: str) -> dict[int, int]:
    """doc id -> weight for one term, undoing the gap coding."""
    shard = json.loads(files[f"shards/{search.shard_name(term[: search.PREFIX])}.json"])
    gaps = shard["postings"][shard["terms"].index(term)]
    found, doc = {}, 0
    for i in range(0, len(gaps), 2):
        doc += gaps[i]
        found[doc] = gaps[i + 1]
    return found


def test_words_are_split_trimmed_lowercased_and_stop_words_dropped():
    separator = search._separator(CONFIG)
    assert search.terms("The Kremlin's (official) line-up: Xi, Putin.", separator) == [
        "kremlin's",
        "official",
        "line",
        "up",
        "xi",
        "putin",
    ]


def test_index_round_trips_the_documents_as_plain_text(tmp_path):
    index = material_index(
        {
            "location": "briefs/a/",
            "title": "Xi &amp; Putin",
            "text": "<p>Summary of <code>a</code>.</p>",
            "tags": ["Victory Day", "&lt;b&gt; &amp; co"],
        },
        {
            "location": "briefs/a/#events",
            "title": "Events",
            "text": "<ul><li>Parade &lt;script&gt;</li></ul>",
        },
        {"location": "topics/", "title": "Topics", "text": ""},
    )
    files = build(index, tmp_path)
    assert read_docs(tmp_path) == [
        {
            "location": "briefs/a/",
            "title": "Xi & Putin",
            "text": "Summary of a .",
            "tags": ["Victory Day", "<b> & co"],
        },  # tags as the page shows them, escaped once by the worker
        {"location": "briefs/a/#events", "title": "Events", "text": "Parade <script>", "tags": []},
        {"location": "topics/", "title": "Topics", "text": "", "tags": []},
    ]
    assert json.loads(files["search_index.json"]) == {
        "config": CONFIG,
        "docs": [],
    }  # the page downloads no corpus
    assert all("<" not in content for content in files.values())  # markup characters only as \u003c


def test_postings_weigh_titles_and_tags_over_text_and_leave_out_stop_words(tmp_path):
    files = build(
        material_index(
            {"location": "a/", "title": "Parade", "text": "nothing here"},
            {"location": "b/", "title": "Other", "text": "the parade, the parade and the parade"},
            {"location": "c/", "title": "Third", "text": "a word", "tags": ["Parade"]},
        ),
        tmp_path,
    )
    weights = postings(files, "parade")
    assert set(weights) == {0, 1, 2}
    assert (
        weights[2] > weights[0] > weights[1]
    )  # tag > title > text, however often the text says it
    meta = json.loads(files["meta.json"])
    assert (
        "th" not in meta["shards"]
        or "the" not in json.loads(files[f"shards/{search.shard_name('th')}.json"])["terms"]
    )
    assert meta["starts"] == [0, 1, 2] and meta["docs"] == 3


def test_sections_are_numbered_after_their_page(tmp_path):
    files = build(
        material_index(
            {"location": "a/", "title": "A", "text": ""},
            {"location": "a/#one", "title": "One", "text": "kazan"},
            {"location": "b/", "title": "B", "text": "kazan"},
        ),
        tmp_path,
    )
    meta = json.loads(files["meta.json"])
    assert meta["locations"] == ["a/", "b/"] and meta["starts"] == [0, 2]
    assert set(postings(files, "kazan")) == {1, 2}


def test_odd_characters_get_shard_names_safe_for_any_file_system(tmp_path):
    files = build(
        material_index({"location": "a/", "title": "Путин ../x 北京", "text": ""}), tmp_path
    )
    names = [path for path in files if path.startswith("shards/")]
    assert names and all(Path(name).name.removesuffix(".json").isalnum() for name in names)
    assert "пу" in json.loads(files["meta.json"])["shards"]


def test_two_builds_write_the_same_index(tmp_path, small_site):
    again = tmp_path / "site"
    assert (
        mkdocs_build(
            small_site.parent / "briefs", again, extra_env={"BRIEFING_WORKERS": "0"}
        ).returncode
        == 0
    )
    for path in sorted((small_site / "search").rglob("*.json")):
        assert (
            again / "search" / path.relative_to(small_site / "search")
        ).read_bytes() == path.read_bytes(), path


# In the browser ---------------------------------------------------------------------------------


def results(page, query: str) -> list[dict]:
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "")
    page.type("input.md-search__input", query, delay=20)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('matching')",
        timeout=15_000,
    )
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => ({
        href: item.querySelector('a').href,
        html: item.innerHTML,
        text: item.innerText,
        marks: [...item.querySelectorAll('mark')].map(m => m.textContent)}))""",
    )


def test_the_hosted_site_searches_with_the_prebuilt_index(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    page.wait_for_load_state("networkidle")
    found = results(page, "Zelenskiy")
    assert any(r["href"].startswith(base + "briefs/ceasefire/") for r in found), found
    assert any("Zelenskiy" in r["marks"] for r in found)
    fetched = [url.removeprefix(base) for url in page.requests]
    assert "assets/briefing/search-worker.js" in fetched
    assert not [
        url for url in fetched if "assets/javascripts/workers/search" in url
    ]  # not Material's worker
    assert "search/meta.json" in fetched
    shards = [url for url in fetched if url.startswith("search/shards/")]
    assert shards == [
        f"search/shards/{search.shard_name('ze')}.json"
    ]  # only the shard of the word typed


def test_a_result_shows_the_text_around_the_match_deep_in_a_section(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    found = results(page, "rejects the truce")
    ceasefire = next(r for r in found if r["href"].startswith(base + "briefs/ceasefire/"))
    assert "truce" in [m.lower() for m in ceasefire["marks"]]


def test_required_and_excluded_words(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    everything = {r["href"].split("?")[0] for r in results(page, "parade")}
    without = {r["href"].split("?")[0] for r in results(page, "parade -moscow")}
    required = {r["href"].split("?")[0] for r in results(page, "+parade +moscow")}
    assert without and required and without < everything
    assert without.isdisjoint(required)


def test_hostile_titles_come_back_as_text_not_markup(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    found = results(page, "Hostile")
    hostile = next(r for r in found if r["href"].startswith(base + "briefs/hostile/"))
    assert (
        HOSTILE_TITLE.split(" Hostile")[0] in hostile["text"]
    )  # shown as the characters it is made of
    assert "<script" not in hostile["html"] and "<img" not in hostile["html"]
    assert page.query_selector(".md-search-result img, .md-search-result script") is None
    assert dialogs == []


def test_one_letter_matches_page_titles_without_fetching_shards(page, small_site, serve):
    base = serve(small_site)
    page.goto(base)
    page.wait_for_load_state("networkidle")
    found = results(page, "Z")
    assert any(r["href"].startswith(base + "actors/volodymyr-zelenskyy/") for r in found), found
    assert not [url for url in page.requests if "/search/shards/" in url]
