"""Generated pages finished in worker processes are the pages the main process makes itself."""

from __future__ import annotations

import re
from concurrent.futures import CancelledError

import jinja2
import pytest
from conftest import REPO, mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from briefing.parallel import map_chunks
from briefing.plugin.build import _Generated, _GeneratedPage
from briefing.plugin.store import Store
from briefing.plugin.store import key as store_key
from briefing.plugin.templates import CHUNK, Templater, Theme
from briefing.plugin.workers import Finisher, Job, Memo
from briefing.site.doc import Doc
from briefing.site.search import read_docs


def article(path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", text, re.S).group(0)


def test_build_with_workers_equals_build_without(small_site, tmp_path):
    briefs = small_site.parent / "briefs"
    serial = tmp_path / "serial"
    result = mkdocs_build(briefs, serial, extra_env={"BRIEFING_WORKERS": "0"})
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(serial) for p in serial.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        assert article(serial / page) == article(small_site / page), page
    # Whole pages too: the workers keep Material's nav partials (briefing/plugin/partials.py),
    # the main process renders them with Material alone.
    outside_nav = [p for p in pages if p.parts[0] in ("briefs", "actors")]
    assert len(outside_nav) > 10
    for page in pages:
        parallel = (small_site / page).read_text(encoding="utf-8")
        assert parallel == (serial / page).read_text(encoding="utf-8"), page
        assert parallel.count('class="md-tabs__link"') > 5, page  # the tabs are there
    # Search entries made in the workers (with Material's own indexer) equal the serial build's.
    serial_docs, parallel_docs = read_docs(serial / "search"), read_docs(small_site / "search")
    assert [d for d in serial_docs if d["location"].startswith("briefs/")]  # briefs are indexed
    assert parallel_docs == serial_docs


def _finish_all(docs: dict[str, Doc], memo: Memo, processes: int) -> dict:
    finisher = Finisher(Job(lambda key: docs[key], None, memo), processes=processes)
    try:
        finisher.submit(list(docs))
        return {key: finisher.result(key) for key in docs}
    finally:
        finisher.close()


def test_workers_finish_pages_as_the_main_process_does():
    docs = {
        f"page-{i}": Doc({"title": f"Page {i}"}).heading(2, f"Heading {i}").html(f"<p>{i}</p>\n")
        for i in range(60)
    }
    parallel = _finish_all(docs, None, processes=2)
    for key, doc in docs.items():
        assert parallel[key].body() == (doc.finish().html, doc.finish().toc_tokens)
        # A build holds the page compressed until MkDocs writes it (not so under serve's memo).
        finished = parallel[key].finished
        assert finished.html == "" and finished.toc_tokens == [] and parallel[key].packed


def _slow_exports() -> dict[str, str]:
    import time

    time.sleep(0.3)  # still queued behind the pages when the finisher is closed
    return {"briefs.json": "[]"}


@pytest.mark.parametrize("finish_queued", [True, False])
def test_closing_the_workers_keeps_the_exports_asked_for_last_only_when_told(finish_queued):
    # Under serve the JSON exports are asked for after the pages and waited for after the build:
    # the workers end only once they are made; the pages no one took are dropped.
    docs = {f"page-{i}": Doc({"title": f"Page {i}"}).html(f"<p>{i}</p>\n") for i in range(200)}
    job = Job(lambda key: docs[key], None, None, data_files=_slow_exports)
    finisher = Finisher(job, processes=2)
    finisher.submit(list(docs), chunk=1)
    exports = finisher.data_files()
    finisher.result("page-0")
    finisher.close(finish_queued=finish_queued)
    if finish_queued:
        assert exports() == {"briefs.json": "[]"}
    else:
        with pytest.raises(CancelledError):
            exports()


def test_a_second_build_in_the_same_process_finishes_only_the_pages_that_changed():
    """What `mkdocs serve` does on each save: the memo keeps the pages whose Doc is the same."""
    memo = Memo()  # the plugin keeps one across serve's rebuilds
    docs = {
        f"page-{i}": Doc({"title": str(i)}).heading(2, f"H {i}").html(f"<p>{i}</p>")
        for i in range(30)
    }
    first = _finish_all(docs, memo, processes=2)
    docs["page-7"] = Doc({"title": "7"}).heading(2, "H 7").html("<p>edited</p>")
    # An unsearched block changing alone changes the page too (a related list, a backlink).
    docs["page-9"] = (
        Doc({"title": "9"}).heading(2, "H 9").html("<p>9</p>").html("<ul></ul>", search=False)
    )
    second = _finish_all(docs, memo, processes=2)
    for key in docs:
        kept = second[key] is first[key]  # the same object: taken from the memo, not made again
        assert kept == (key not in ("page-7", "page-9")), key
        assert second[key].finished.html == docs[key].finish().html  # kept whole for the next
    memo.keep_only({"page-1"})
    assert set(memo.pages) == {"page-1"}  # a deleted brief's page is forgotten


def _tripled(shared: int, items: list[int]) -> list[int]:
    return [item * shared for item in items]


@pytest.mark.parametrize("processes", [0, 2])
def test_chunks_results_are_handed_over_one_by_one_in_order(processes):
    items = list(range(37))
    given = map_chunks(_tripled, items, chunk=5, minimum=2, shared=3, processes=processes)
    assert next(given) == 0  # handed over before the caller asks for the rest
    assert [0, *given] == [item * 3 for item in items]


def _generated_page(markdown: str) -> tuple[_GeneratedPage, MkDocsPage]:
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "briefing"  # File.generated names the plugin making it
    ours = File.generated(config, "briefs/ours.md", content="")
    theirs = File.generated(config, "briefs/theirs.md", content="")
    page, plain = _GeneratedPage(None, ours, config), MkDocsPage(None, theirs, config)
    for made in (page, plain):
        made.markdown, made.meta = markdown, {}
        made.render(config, Files([ours, theirs]))
    return page, plain


def test_a_generated_page_left_empty_is_what_mkdocs_makes_of_empty_markdown():
    page, plain = _generated_page("")
    assert (page.content, list(page.toc), page.present_anchor_ids) == ("", [], set())
    assert (plain.content, list(plain.toc), plain.present_anchor_ids) == ("", [], set())
    assert (page.title, plain.title) == ("Ours", "Theirs")  # each from its file's name


def test_a_generated_file_made_again_from_its_kept_state_is_the_file_made_afresh():
    """Serve's rebuilds make each unchanged generated file and page again from what the last one
    kept (``_Generated.again``): the same as made afresh, and nothing a build sets is shared."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "briefing"

    def made() -> _Generated:
        file = _Generated.made(config, "briefs/ours.md", "---\ntitle: Ours\n---\n", None)
        file.edit_uri = "../briefs/2025/ours.md"
        _GeneratedPage(None, file, config)
        return file

    kept = ("made of", *made().state())
    afresh, again = made(), _Generated.again(kept, None)
    _ = afresh.url, afresh.dest_uri
    assert again.page is not None and again.page.file is again
    assert {k: v for k, v in vars(again).items() if k != "page"} == {
        k: v for k, v in vars(afresh).items() if k != "page"
    }
    assert {k: v for k, v in vars(again.page).items() if k != "file"} == {
        k: v for k, v in vars(afresh.page).items() if k != "file"
    }
    assert again.page.edit_url == afresh.page.edit_url and again.page.edit_url
    once_more = _Generated.again(kept, None)
    assert once_more.page.meta is not again.page.meta and once_more.page.toc is not again.page.toc


def test_a_generated_page_given_markdown_by_another_plugin_is_converted_as_mkdocs_does():
    page, plain = _generated_page("# Written by a plugin\n\nSome *text*.\n")
    assert "<em>text</em>" in page.content
    assert page.content == plain.content
    assert [item.title for item in page.toc] == ["Written by a plugin"]
    assert page.present_anchor_ids == plain.present_anchor_ids


def _templater(tmp_path, pages: int) -> tuple[Templater, list[str]]:
    """A templater over ``pages`` generated pages whose outputs the store holds (as in CI with it
    restored): the workers take each from it, as fast as they can."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "briefing"
    files = [File.generated(config, f"briefs/page-{n}.md", content="") for n in range(pages)]
    for file in files:
        MkDocsPage(None, file, config)
    src_uris = [file.src_uri for file in files]
    keys = {src_uri: store_key("rendered", src_uri) for src_uri in src_uris}
    store = Store(tmp_path / "build.sqlite")
    for src_uri in src_uris:
        store.put("html", keys[src_uri], f"<html>{src_uri}</html>")
    store.save()
    theme = Theme(config, jinja2.Environment(), None, Files(files), Store(store.path), keys)
    return Templater(theme, src_uris, processes=2), src_uris


def test_templates_are_asked_for_only_a_few_chunks_ahead_of_the_page_written(tmp_path):
    templater, src_uris = _templater(tmp_path, 20 * CHUNK)
    try:
        outputs, most = [], 0
        for src_uri in src_uris:
            most = max(most, len(templater.chunks.left))
            outputs.append(templater.output(src_uri))
        assert outputs == [f"<html>{src_uri}</html>" for src_uri in src_uris]
        assert most == Templater.AHEAD  # never every chunk's output in hand at once
        assert templater.kept == len(src_uris)
    finally:
        templater.close()


def test_a_template_asked_for_out_of_order_is_rendered_at_once(tmp_path):
    templater, src_uris = _templater(tmp_path, 20 * CHUNK)
    try:
        last, first = src_uris[-1], src_uris[0]
        assert templater.output(last) == f"<html>{last}</html>"
        assert templater.output(first) == f"<html>{first}</html>"
        assert templater.output(first) is None  # taken already
        assert templater.output("briefs/not-ours.md") is None
    finally:
        templater.close()
