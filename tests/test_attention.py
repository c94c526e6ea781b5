"""A build without --strict: every good brief is published, every bad one is named on the
"needs attention" page, and that page stays out of everything public."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from conftest import TODAY, mkdocs_build
from helpers import SUPPORT_IDS, bad_fixtures, stage
from sitecheck import parse

from briefing.check.folder import check_folder
from briefing.model import Severity


@pytest.fixture(scope="module")
def lenient(tmp_path_factory):
    """Every bad fixture beside the valid companions, built without --strict (with a site URL, for the sitemap)."""
    root = tmp_path_factory.mktemp("lenient")
    briefs = root / "briefs"
    briefs.mkdir()
    for name in ("actors.yml", "topics.yml"):
        (briefs / name).write_text(
            (Path(__file__).parent.parent / "briefs" / name).read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    stage(briefs, *bad_fixtures())
    site = root / "site"
    result = mkdocs_build(
        briefs, site, strict=False, extra_env={"SITE_URL": "https://briefs.example/"}
    )
    assert result.returncode == 0, result.stderr
    return briefs, site, result


def test_strict_build_of_the_same_corpus_fails_naming_each_bad_file(lenient, tmp_path):
    briefs, _, _ = lenient
    result = mkdocs_build(briefs, tmp_path / "site")
    assert result.returncode != 0
    checked = check_folder(briefs, today=TODAY)
    for problem in checked.errors:
        assert str(problem) in result.stderr


def test_every_good_brief_is_published(lenient):
    briefs, site, _ = lenient
    checked = check_folder(briefs, today=TODAY)
    published = {b.id for b in checked.corpus.briefs if b.published}
    assert set(SUPPORT_IDS) - {"draft-target"} <= published
    for brief_id in published:
        assert (site / "briefs" / brief_id / "index.html").is_file(), brief_id
    for path in checked.corpus.rejected:
        assert not (site / "briefs" / Path(path).stem).exists(), path


def test_every_bad_brief_is_named_with_its_lines_on_the_attention_page(lenient):
    briefs, site, result = lenient
    page = html.unescape((site / "attention" / "index.html").read_text(encoding="utf-8"))
    checked = check_folder(briefs, today=TODAY)
    assert checked.corpus.rejected
    # A file read too little to know its marking could be marked above the build's audience:
    # only `briefing check` names it (briefing.audience).
    unknown = set(checked.corpus.rejected) - set(checked.unbuilt)
    unknown -= {b.path for b in checked.loaded if b.marking is not None}
    assert unknown and len(unknown) < len(checked.corpus.rejected)
    for path in checked.corpus.rejected:
        assert (f"{path}:" in page) is (path not in unknown), path
    for problem in checked.problems:
        if problem.severity is not Severity.HINT and problem.path not in unknown:
            assert (
                f"{problem.path}:{problem.line}: {problem.severity.value}: {problem.message}"
                in page
            ), problem
    shown = len(checked.corpus.rejected) - len(unknown)
    assert f"{shown} left off the site" in page


def test_attention_page_is_not_public_content(lenient):
    _, site, _ = lenient
    page = (site / "attention" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("attention")]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://briefs.example/briefs/" in sitemap and "attention" not in sitemap
    for path in site.rglob("*"):
        if path.suffix in (".xml", ".json") or (
            path.suffix == ".html" and path.parent.name != "attention"
        ):
            assert "attention/" not in path.read_text(encoding="utf-8"), (
                f"{path} links the attention page"
            )
    other = parse(site / "index.html")
    assert not [url for _, url in other.links if "attention" in url]


def test_a_clean_build_says_nothing_needs_attention(small_site):
    page = html.unescape((small_site / "attention" / "index.html").read_text(encoding="utf-8"))
    assert "Left off the site" not in page
    assert "Warnings (1 warning)" in page and "brief is stale" in page  # the stale ceasefire brief
