"""Unit tests on the engine's stages, each alone: links, escaping, catalog, body preparation."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import TODAY

from briefing import catalog as catalog_module
from briefing.body.tree import parse_body, resolve
from briefing.check.folder import check_folder
from briefing.load.yamltext import YamlError, parse
from briefing.site import uris
from briefing.site.body import body_html
from briefing.site.html import Links, day_range, front_matter, md, rel
from briefing.site.pages import generate


def test_the_parsed_body_knows_its_links_images_and_headings_with_their_lines():
    text = (
        "intro\n[a](x.md) and ![img](p.png)\n\n```\n[b](y.md)\n```\n"
        "`[c](z.md)` [d](https://e.org)\n\n## What next\n\nsee [e][r]\n\n[r]: other.md#what-next\n"
    )
    body = parse_body(text, first_line=10)
    assert [(link.target, link.line) for link in body.links] == [
        ("x.md", 11),
        ("https://e.org", 16),
        ("other.md#what-next", 20),
    ]
    assert body.links[0].is_local and not body.links[1].is_local
    assert body.links[2].path == "other.md" and body.links[2].anchor == "what-next"
    assert [(image.target, image.line) for image in body.images] == [("p.png", 11)]
    assert [(h.text, h.anchor, h.line) for h in body.headings] == [("What next", "what-next", 18)]


def render_body(brief, catalog, text: str) -> str:
    brief.body = parse_body(text)
    return body_html(brief, catalog, Links(), uris.brief(brief.id))


def test_resolve_relative_link_between_folders():
    assert resolve("briefs/2025/a.md", "../2024/b.md") == "briefs/2024/b.md"


@pytest.mark.parametrize(
    "value",
    ["<script>", '"><img onerror=x>', "[x](javascript:y)", "a*b*_c_", "{: #id }", "| cell |"],
)
def test_md_leaves_no_markup_characters(value):
    out = md(value)
    assert not set(out) & set('<>"[]()*_{}|')


def test_front_matter_is_yaml_safe_for_any_value():
    text = front_matter({"title": 'a: "b"\n---\nc'})
    assert parse(text.split("---\n")[1]).value["title"].text == 'a: "b"\n---\nc'


@pytest.mark.parametrize(
    "start,end,shown",
    [
        (dt.date(2025, 5, 7), None, "7 May 2025"),
        (dt.date(2025, 5, 7), dt.date(2025, 5, 10), "7–10 May 2025"),
        (dt.date(2025, 4, 30), dt.date(2025, 5, 2), "30 April – 2 May 2025"),
        (dt.date(2024, 12, 30), dt.date(2025, 1, 2), "30 December 2024 – 2 January 2025"),
    ],
)
def test_day_range(start, end, shown):
    assert day_range(start, end) == shown


def test_rel_between_generated_pages():
    assert rel(uris.brief("a"), uris.actor("x")) == "../actors/x.md"
    assert rel(uris.HOME, uris.topic("t")) == "topics/t.md"


def test_yaml_alias_is_refused_at_its_line():
    with pytest.raises(YamlError) as err:
        parse("a: 1\nb: *x\n", first_line=2)
    assert err.value.line in (2, 3)


def test_yaml_lines_point_at_keys_and_items():
    doc = parse("title: x\nlist:\n  - a\n  - b\nmap:\n  k: v\n", first_line=2)
    assert doc.line("title") == 2 and doc.line("list", 1) == 5 and doc.line("map", "k") == 7


@pytest.fixture
def catalog(corpus_dir, write_brief):
    write_brief(
        "a",
        date="2025-05-01",
        actors=["xi-jinping", "vladimir-putin"],
        topics=["victory-day"],
        body="See [b](b.md).\n",
        events=[{"date": "2025-05-09", "title": "Parade", "id": "p"}],
    )
    write_brief(
        "b",
        date="2025-05-04",
        actors=["xi-jinping", "vladimir-putin"],
        topics=["victory-day"],
        events=[
            {"date": "2025-05-09", "title": "The parade", "id": "p"},
            {"date": "2025-05-01", "title": "Other"},
        ],
    )
    write_brief(
        "c",
        date="2024-01-01",
        actors=["volodymyr-zelenskyy"],
        topics=["ukraine-war"],
        related=["a"],
    )
    write_brief("d", date="2025-05-02", status="draft", actors=["xi-jinping"])
    result = check_folder(corpus_dir, today=TODAY)
    assert result.errors == []
    return catalog_module.build(result.corpus, today=TODAY)


def test_catalog_holds_only_published_briefs_newest_first(catalog):
    assert [b.id for b in catalog.briefs] == ["b", "a", "c"]


def test_backlinks_come_from_body_links_and_related(catalog):
    assert [b.id for b in catalog.backlinks["b"]] == ["a"]
    assert [b.id for b in catalog.backlinks["a"]] == ["c"]


def test_related_is_scored_with_reasons(catalog):
    related = catalog.related["a"]
    assert related[0].brief.id == "b"
    assert related[0].reason == "2 shared actors · same topic · 3 days apart"
    assert [r.brief.id for r in catalog.related["c"]] == ["a"] and catalog.related["c"][0].declared


def test_timeline_merges_shared_event_ids(catalog):
    merged = [e for e in catalog.timeline if e.key == "p"]
    assert len(merged) == 1 and {b.id for b in merged[0].briefs} == {"a", "b"}
    assert [e.date for e in catalog.timeline] == sorted(e.date for e in catalog.timeline)


def test_indexes_by_topic_and_actor(catalog):
    assert [b.id for b in catalog.by_topic["victory-day"]] == ["b", "a"]
    assert catalog.co_actors["xi-jinping"]["vladimir-putin"] == 2
    assert "d" not in {b.id for b in catalog.by_actor["xi-jinping"]}


def test_generate_makes_every_page_kind(catalog):
    pages = generate(catalog)
    assert {
        "briefs/a.md",
        "briefs/b.md",
        "briefs/c.md",
        "topics/victory-day.md",
        "actors/xi-jinping.md",
        "timeline.md",
        "sources.md",
        "topics/index.md",
        "actors/index.md",
    } <= set(pages)
    assert "briefs/d.md" not in pages
    assert (
        pages["briefs/a.md"].source_path.endswith("a.md")
        and pages["timeline.md"].source_path is None
    )


def test_actor_mentions_link_first_only_outside_code_links_headings(catalog):
    brief = catalog.by_id["a"]
    body = (
        "## Xi Jinping\n\n`Xi Jinping` then [Putin](x.md) then Xi Jinping and Xi Jinping, Putin.\n"
    )
    out = render_body(brief, catalog, body)
    assert out.count('href="../../actors/xi-jinping/"') == 1
    assert out.startswith('<h2 id="xi-jinping">Xi Jinping<a class="headerlink" href="#xi-jinping"')
    assert (
        "<p><code>Xi Jinping</code> then Putin then "
        '<a href="../../actors/xi-jinping/">Xi Jinping</a> and Xi Jinping, '
        '<a href="../../actors/vladimir-putin/">Putin</a>.</p>'
    ) in out  # x.md is no brief: its words only


@pytest.mark.parametrize(
    "directory_urls,expected",
    [
        (
            True,
            [
                "../b/",
                "../../actors/x/",
                "topics/t/",
                "../../",
                "../../timeline/#ev",
                "../../../briefs/a/",
                "./",
                "t/",
            ],
        ),
        (
            False,
            [
                "b.html",
                "../actors/x.html",
                "topics/t.html",
                "../index.html",
                "../timeline.html#ev",
                "../../briefs/a.html",
                "index.html",
                "t.html",
            ],
        ),
    ],
)
def test_links_match_mkdocs_urls_with_and_without_directory_urls(directory_urls, expected):
    links = Links(directory_urls=directory_urls)
    pairs = [
        ("briefs/a.md", "briefs/b.md", ""),
        ("briefs/a.md", "actors/x.md", ""),
        ("index.md", "topics/t.md", ""),
        ("topics/t.md", "index.md", ""),
        ("briefs/a.md", "timeline.md", "#ev"),
        ("topics/t/book.md", "briefs/a.md", ""),
        ("index.md", "index.md", ""),
        ("topics/index.md", "topics/t.md", ""),
    ]
    assert [links.href(a, b, anchor) for a, b, anchor in pairs] == expected


def test_display_paths_agree_with_display_path_inside_and_outside_the_working_folder(
    tmp_path, monkeypatch
):
    from briefing.load.files import display_path, display_paths

    root = tmp_path / "briefs"
    (root / "2025").mkdir(parents=True)
    files = [root / "a.md", root / "2025" / "b.md", root / "2025" / os.fsdecode(b"bad\xff.md")]
    (tmp_path / "elsewhere").mkdir()  # beside the folder: its relative path starts with ..
    for cwd in (tmp_path, root / "2025", tmp_path.parent, root, tmp_path / "elsewhere"):
        monkeypatch.chdir(cwd)
        for given in (root, Path(os.path.relpath(root))):
            listed = [given / f.relative_to(root) for f in files]
            assert display_paths(given, listed) == [display_path(f) for f in listed], (cwd, given)


def test_the_edges_pause_the_collector_and_give_it_back():
    import gc

    from briefing.memory import paused_gc

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with paused_gc(freeze=False):
        assert not gc.isenabled()
        kept = [object() for _ in range(1000)]  # noqa: F841 - alive at the end of the block
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # under `mkdocs serve` nothing is frozen for good
    gc.disable()
    try:
        with paused_gc(freeze=False):
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_the_library_leaves_the_collector_alone(corpus_dir, write_brief):
    import gc

    write_brief("one")
    frozen = gc.get_freeze_count()
    check_folder(corpus_dir, today=TODAY)
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_longer_name_of_another_actor_is_not_taken_for_a_shorter_one(corpus_dir, write_brief):
    (corpus_dir / "actors.yml").write_text(
        (corpus_dir / "actors.yml").read_text(encoding="utf-8")
        + "\nchina-daily:\n  name: China Daily\n  kind: organisation\n",
        encoding="utf-8",
    )
    write_brief(
        "paper",
        actors=["china"],
        body="## Text\n\nChina Daily reported it. Later, China said so.\n",
    )
    result = check_folder(corpus_dir, today=TODAY)
    assert [p for p in result.problems if p.severity.value == "error"] == []
    catalog = catalog_module.build(result.corpus, today=TODAY)
    brief = catalog.by_id["paper"]
    linked = body_html(brief, catalog, Links(), uris.brief(brief.id))
    assert "China Daily reported" in linked  # not "<a …>China</a> Daily"
    assert '<a href="../../actors/china/">China</a> said' in linked


def test_the_feeds_paths_are_known_before_the_feeds_are_made(catalog):
    """Under serve the feeds are made after the pages, in a worker: their files are listed first."""
    from briefing.site.feeds import feed_paths, feeds

    made = feeds(catalog, lambda uri: uri)
    assert feed_paths(catalog) == list(made)
    assert len(made) >= 2 + len(catalog.topics) and len(catalog.topics) >= 2
