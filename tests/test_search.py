"""The prebuilt, sharded search index (briefing/site/search/) and the worker that reads it
(docs/assets/briefing/search-worker.js) in headless Chromium. The relevance table is in
test_search_relevance.py, the build-and-browser agreement in test_search_analysis.py."""

from __future__ import annotations

import json
from pathlib import Path

import searching
from conftest import HOSTILE_TITLE, mkdocs_build

from briefing.site import search
from briefing.site.search import read, read_docs
from briefing.site.search.analysis import Analyser, shard_key
from briefing.site.search.facts import BRIEF, CONTENT, LISTING, TOPIC

CONFIG = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": {}}


def material_index(*docs: dict) -> dict:
    return {"config": CONFIG, "docs": list(docs)}


def build(index: dict, folder: Path) -> dict[str, str]:
    """``search.write`` into a folder; the files it wrote, by relative path."""
    search.write(index, folder)
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in folder.rglob("*.js*")
    }


def postings(folder: Path, term: str) -> dict[int, int]:
    """doc id -> weight for one term, undoing the gap coding."""
    shard = read(folder, f"shards/{search.shard_name(shard_key(term))}")
    gaps = shard["postings"][shard["terms"].index(term)]
    found, doc = {}, 0
    for i in range(0, len(gaps), 2):
        doc += gaps[i]
        found[doc] = gaps[i + 1]
    return found


def test_words_are_split_lowercased_stemmed_and_stop_words_dropped():
    assert Analyser().terms("The Kremlin's (official) line-up: Xi, Putin, negotiating.") == [
        "kremlin",
        "offici",
        "line",
        "up",
        "xi",
        "putin",
        "negoti",
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


def test_every_index_file_is_a_script_handing_its_data_to_the_worker(tmp_path):
    files = build(material_index({"location": "a/", "title": "Parade", "text": "x"}), tmp_path)
    for name, content in files.items():
        if name.endswith(".js"):
            assert content.startswith(f'__briefingSearch("{name[:-3]}",'), name
    assert read(tmp_path, "meta")["locations"] == ["a/"]


def test_postings_weigh_titles_and_tags_over_text_and_leave_out_stop_words(tmp_path):
    build(
        material_index(
            {"location": "a/", "title": "Parade", "text": "nothing here"},
            {"location": "b/", "title": "Other", "text": "the parade, the parade and the parade"},
            {"location": "c/", "title": "Third", "text": "a word", "tags": ["Parades"]},
        ),
        tmp_path,
    )
    weights = postings(tmp_path, "parad")
    assert set(weights) == {0, 1, 2}
    assert (
        weights[2] > weights[0] > weights[1]
    )  # tag > title > text, however often the text says it
    meta = read(tmp_path, "meta")
    assert "the" not in read(tmp_path, f"shards/{search.shard_name('th')}")["terms"]
    assert meta["starts"] == [0, 1, 2] and meta["docs"] == 3


def test_phrases_dates_and_typo_vocabulary_are_indexed(tmp_path):
    build(
        material_index(
            {"location": "a/", "title": "State visit", "text": "From 22–24 October 2024 in Kazan."}
        ),
        tmp_path,
    )
    meta = read(tmp_path, "meta")
    assert postings(tmp_path, "@2024-10-23") == {0: 5}  # inside the range
    assert postings(tmp_path, "@10-22") and postings(tmp_path, "@2024-10")
    phrases = read(tmp_path, f"phrases/{search.shard_name('sta')}")
    assert "state visit" in phrases["terms"]
    assert 5 in meta["vocab"] and "kazan" in read(tmp_path, "vocab/5")


def test_sections_are_numbered_after_their_page(tmp_path):
    build(
        material_index(
            {"location": "a/", "title": "A", "text": ""},
            {"location": "a/#one", "title": "One", "text": "kazan"},
            {"location": "b/", "title": "B", "text": "kazan"},
        ),
        tmp_path,
    )
    meta = read(tmp_path, "meta")
    assert meta["locations"] == ["a/", "b/"] and meta["starts"] == [0, 2]
    assert set(postings(tmp_path, "kazan")) == {1, 2}


def test_odd_characters_get_shard_names_safe_for_any_file_system(tmp_path):
    files = build(
        material_index({"location": "a/", "title": "Путин ../x 北京", "text": ""}), tmp_path
    )
    names = [path for path in files if path.startswith("shards/")]
    assert names and all(Path(name).name.removesuffix(".js").isalnum() for name in names)
    assert {"пу", "北"} <= set(read(tmp_path, "meta")["shards"])


def test_page_facts_tell_briefs_from_listings(small_site):
    meta = read(small_site / "search", "meta")
    facts = dict(zip(meta["locations"], meta["facts"], strict=True))
    topics = [topic_id for topic_id, _ in meta["topics"]]
    kind, date, brief_topics, _ = facts["briefs/visit/"]
    assert kind == BRIEF and date == 20250504
    assert {topics[n] for n in brief_topics} == {"russia-china-relations", "victory-day"}
    assert facts[""][0] == LISTING and facts["timeline/"][0] == LISTING
    assert facts["topics/victory-day/"] == [TOPIC, 0, [topics.index("victory-day")], []]
    assert facts["method/"][0] == CONTENT


def test_fields_keep_spaces_between_them_in_the_index(sample_site):
    texts = {d["location"]: d["text"] for d in read_docs(sample_site / "search")}
    assert "Kind person Role President" in texts["actors/xi-jinping/"]
    brief = texts["briefs/xi-state-visit-russia-may-2025/"]
    assert "As of 4 May 2025 Updated 5 May 2025 Topics" in brief
    assert "Actor Kind Role" in texts["actors/"]


def test_the_home_pages_listings_are_kept_out_of_search(sample_site):
    home = [d for d in read_docs(sample_site / "search") if d["location"].startswith("#")]
    latest = next(d for d in home if d["location"] == "#latest-briefs")
    assert latest["text"] == ""
    page = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "data-search-exclude" not in page  # Material strips the marker from the page


def test_two_builds_write_the_same_index(tmp_path, small_site):
    again = tmp_path / "site"
    assert (
        mkdocs_build(
            small_site.parent / "briefs", again, extra_env={"BRIEFING_WORKERS": "0"}
        ).returncode
        == 0
    )
    for path in sorted((small_site / "search").rglob("*.js*")):
        assert (
            again / "search" / path.relative_to(small_site / "search")
        ).read_bytes() == path.read_bytes(), path


# In the browser ---------------------------------------------------------------------------------


def results(page, query: str) -> list[dict]:
    """The result groups for a query: the page's link, the group's HTML and text, marked words."""
    return [
        {
            "href": group["entries"][0]["href"],
            "html": "".join(entry["all"] for entry in group["entries"]),
            "text": "\n".join(entry["text"] for entry in group["entries"]),
            "marks": group["marks"],
        }
        for group in searching.results(page, query)
    ]


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
    assert "search/meta.js" in fetched
    shards = [url for url in fetched if url.startswith("search/shards/")]
    assert f"search/shards/{search.shard_name('ze')}.js" in shards  # the shard of the word typed
    assert len(shards) <= 4 and not [url for url in fetched if "/phrases/" in url]
    assert not [url for url in fetched if url.startswith("search/pages/")][10:]


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


def test_exact_words_rank_above_typos_and_longer_words_however_they_weigh(
    page, write_brief, corpus_dir, tmp_path, serve
):
    """A typo match or a longer word in a title never outranks the word itself in the text."""
    common = {"body": "## Notes\n\nNothing to add.\n", "actors": ["vladimir-putin"]}  # no Xi
    write_brief(
        "exact", title="Notes from the region", summary="Talks in Kazan. Xi spoke.", **common
    )
    write_brief("typo", title="Kazar Kazar Kazar", summary="Kazar again.", **common)
    write_brief("longer", title="Xinhua Xinhua report", summary="Xinhua says.", **common)
    site = tmp_path / "site"
    assert mkdocs_build(corpus_dir, site).returncode == 0
    page.goto(serve(site))
    kazan = [group["path"] for group in searching.results(page, "Kazan")]
    assert kazan.index("briefs/exact") < kazan.index("briefs/typo")  # found, but after
    xi = [group["path"] for group in searching.results(page, "Xi")]
    assert xi.index("briefs/exact") < xi.index("briefs/longer")
    assert searching.results(page, "Kazar")[0]["path"] == "briefs/typo"
