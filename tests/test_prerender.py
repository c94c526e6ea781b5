"""Brief pages converted in worker processes are the pages MkDocs would have made itself."""

from __future__ import annotations

import re

import markdown
from conftest import mkdocs_build

from briefing.plugin.workers import Converted, Prerenderer
from briefing.site.html import Doc
from briefing.site.search import read_docs

EXTENSIONS = ["toc", "tables", "attr_list", "admonition"]


def test_workers_render_and_convert_like_markdown_itself():
    texts = {
        f"page-{i}": f"## Heading {i}\n\nSome *text* {i}.\n\n| a | b |\n| - | - |\n| {i} | x |\n"
        for i in range(100)
    }
    prerenderer = Prerenderer(
        lambda key: Doc({"title": key}).md(texts[key]).html("<p>block</p>"),
        EXTENSIONS,
        {"toc": {"permalink": True}},
        processes=2,
    )
    try:
        prerenderer.submit(list(texts))
        got = {key: prerenderer.result(key) for key in texts}
    finally:
        prerenderer.close()
    for key, text in texts.items():
        reference = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}
        )
        expected = reference.convert(text + "\n\nBRIEFINGBLOCK0X\n\n")
        assert got[key].html == expected
        assert got[key].toc_tokens == reference.toc_tokens
        assert got[key].doc.blocks == ["<p>block</p>"]


def article(path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", text, re.S).group(0)


def test_build_with_workers_equals_build_without(small_site, tmp_path):
    briefs = small_site.parent / "briefs"
    serial = tmp_path / "serial"
    result = mkdocs_build(briefs, serial, extra_env={"BRIEFING_WORKERS": "0"})
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(serial) for p in (serial / "briefs").rglob("index.html"))
    assert len(pages) == 5
    for page in pages:
        assert article(serial / page) == article(small_site / page), page
    # Search entries made in the workers (with Material's own indexer) equal Material's, in the same order.
    serial_docs, parallel_docs = read_docs(serial / "search"), read_docs(small_site / "search")
    assert [
        d for d in serial_docs if d["location"].startswith("briefs/")
    ]  # the briefs are indexed at all
    assert parallel_docs == serial_docs


def test_a_second_build_in_the_same_process_converts_only_the_pages_that_changed():
    """What `mkdocs serve` does on each save: the memo keeps the HTML of unchanged pages."""
    from briefing.plugin.workers import Memo

    memo = Memo()  # the plugin keeps one across serve's rebuilds
    texts = {f"page-{i}": f"## Heading {i}\n\nText {i}.\n" for i in range(30)}

    def build() -> dict:
        prerenderer = Prerenderer(
            lambda key: Doc({"title": key}).md(texts[key]), EXTENSIONS, {}, processes=2, memo=memo
        )
        try:
            prerenderer.submit(list(texts))
            return {key: prerenderer.result(key) for key in texts}
        finally:
            prerenderer.close()

    first = build()
    texts["page-7"] = "## Heading 7\n\nEdited text.\n"
    second = build()
    for key in texts:
        assert second[key].html == markdown.markdown(texts[key], extensions=EXTENSIONS)
        kept = second[key].html is memo.pages[key].html is first[key].html
        assert kept == (key != "page-7"), (
            key
        )  # the same string object: taken from the memo, not sent back
    Prerenderer(lambda key: Doc(), EXTENSIONS + ["sane_lists"], {}, processes=1, memo=memo).close()
    assert memo.pages == {}  # other extensions: nothing kept


def test_a_change_to_a_searched_block_alone_refreshes_the_kept_page():
    """The same Markdown with another searched HTML block (a card's stale badge, say) must not
    give last build's search entries; a change to an unsearched block keeps the page."""
    from briefing.plugin.workers import Memo

    memo = Memo()
    blocks = {"searched": "<p>fresh</p>", "unsearched": "<p>list</p>"}

    def build() -> Converted:
        render = lambda key: (
            Doc({"title": key})
            .md("## Heading\n\nText.\n")
            .html(blocks["searched"])
            .html(blocks["unsearched"], search=False)
        )  # noqa: E731
        prerenderer = Prerenderer(
            render,
            EXTENSIONS,
            {},
            processes=1,
            index=lambda key, html, toc, doc: [doc.blocks[0]],
            memo=memo,
        )
        try:
            prerenderer.submit(["page"])
            return prerenderer.result("page")
        finally:
            prerenderer.close()

    first = build()
    blocks["unsearched"] = "<p>another list</p>"
    assert build().html is memo.pages["page"].html is first.html  # kept
    blocks["searched"] = "<p>stale</p>"
    assert build().search == ["<p>stale</p>"]
