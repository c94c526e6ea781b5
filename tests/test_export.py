"""The offline archive: reproducible, and usable from file:// in headless Chromium, search
included.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


def run_export(briefs: Path, out: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "BRIEFS_DIR": str(briefs),
        "SOURCE_DATE_EPOCH": "1767225600",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "-m", "briefing", "export", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def archive(small_site, tmp_path_factory) -> Path:
    briefs = small_site.parent / "briefs"
    out = tmp_path_factory.mktemp("export") / "briefing-room-2026-01-01.zip"
    result = run_export(briefs, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def unpacked(archive, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target / archive.stem


def test_archive_is_reproducible(archive, small_site, tmp_path):
    again = tmp_path / archive.name
    assert run_export(small_site.parent / "briefs", again).returncode == 0
    assert (
        hashlib.sha256(again.read_bytes()).hexdigest()
        == hashlib.sha256(archive.read_bytes()).hexdigest()
    )
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in zipped.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_archive_holds_pages_without_directory_urls_and_a_search_script(unpacked):
    assert (unpacked / "index.html").is_file() and (unpacked / "briefs" / "visit.html").is_file()
    assert (unpacked / "search" / "search_index.js").is_file()


def test_archive_leaves_out_the_editors_attention_page(unpacked):
    assert not (unpacked / "attention.html").exists() and not (unpacked / "attention").exists()


def test_archive_leaves_out_the_editors_page_even_when_asked_for_it(small_site, tmp_path):
    out = tmp_path / "editors.zip"
    result = run_export(small_site.parent / "briefs", out, BRIEFING_EDITORS="true")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as zipped:
        names = zipped.namelist()
    assert names and not [name for name in names if "attention" in name]


def test_every_page_kind_opens_and_links_work_from_file_urls(page, unpacked):
    page.goto((unpacked / "index.html").as_uri())
    page.click("a[href='briefs/visit.html']")
    assert page.url.endswith("/briefs/visit.html")
    for name, selector in (
        ("topic", "a[href='../topics/victory-day.html']"),
        ("actor", "a[href='../actors/xi-jinping.html']"),
    ):
        page.goto((unpacked / "briefs" / "visit.html").as_uri())
        page.click(f".br-card {selector}")
        assert page.title().split(" - ")[0] in ("Victory Day", "Xi Jinping"), name
    page.goto((unpacked / "briefs" / "visit.html").as_uri())
    page.click("a[href='../briefs/parade.html#what']") if page.query_selector(
        "a[href='../briefs/parade.html#what']"
    ) else page.click("a[href='parade.html#what']")
    assert page.url.endswith("/briefs/parade.html#what")
    page.click("a[href^='../timeline.html#']")
    assert "/timeline.html#ev-" in page.url
    for path in ("timeline.html", "sources.html", "topics/index.html", "actors/index.html"):
        page.goto((unpacked / path).as_uri())
        assert page.query_selector("article h1") is not None, path
    assert [u for u in page.requests if not u.startswith("file://")] == []


def test_search_returns_results_from_file_urls(page, unpacked):
    page.goto((unpacked / "briefs" / "visit.html").as_uri())
    page.click("input.md-search__input")
    page.type("input.md-search__input", "Zelenskiy", delay=20)
    page.wait_for_selector(".md-search-result__item a")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item a", "links => links.map(a => a.href)"
    )
    assert any("/briefs/ceasefire.html" in h for h in hrefs), hrefs
    assert [u for u in page.requests if not u.startswith("file://")] == []


def test_pictures_work_from_file_urls(page, unpacked):
    """The pictures are inline in the pages: offline they show, and their links lead to pages that
    exist.
    """
    from sitecheck import broken_links

    assert broken_links(unpacked) == []
    page.goto((unpacked / "timeline.html").as_uri())
    marks = page.locator("figure.br-picture a:has(.br-mark)")
    assert marks.count() >= 3
    box = page.locator("figure.br-picture svg").first.bounding_box()
    assert box and box["width"] > 500
    marks.first.click()
    page.wait_for_load_state()
    assert "/briefs/" in page.url and page.url.endswith(".html")
    page.goto((unpacked / "actors" / "index.html").as_uri())
    page.locator("figure.br-picture a").first.click()
    page.wait_for_load_state()
    assert (
        "/actors/" in page.url
        and page.url.endswith(".html")
        and not page.url.endswith("index.html")
    )
    assert [u for u in page.requests if not u.startswith("file://")] == []
