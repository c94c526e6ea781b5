"""The editors' page, /attention/: made only under `mkdocs serve` and in an explicit editors' build
(BRIEFING_EDITORS=true). There every bad brief is named in the checker's words, except that a
draft's problems are given by their line only, and paths never show the build machine's folders.
The published site (strict or not) and the export never have it, and never show a draft's words."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from conftest import REPO, TODAY, brief_text, mkdocs_build
from helpers import SUPPORT_IDS, bad_fixtures, stage
from sitecheck import parse

from briefing.check.folder import check_folder
from briefing.model import Severity

SECRET = "zqx-draft-secret"  # words only drafts hold: never on a page
DRAFT_NOTE = "in a draft: the message is shown by briefing check, not here"


def copy_registries(briefs: Path) -> None:
    briefs.mkdir()
    for name in ("actors.yml", "topics.yml"):
        (briefs / name).write_text((REPO / "briefs" / name).read_text(encoding="utf-8"), "utf-8")


def add_drafts(briefs: Path) -> None:
    """Drafts whose problems would quote them, and a published brief disagreeing with one."""
    shared = "https://example.org/shared-source"
    (briefs / "cites-shared.md").write_text(
        brief_text(sources=[{"title": "S", "publisher": "Public wire", "url": shared}]), "utf-8"
    )
    (briefs / "draft-disagrees.md").write_text(
        brief_text(
            status="draft",
            sources=[{"title": "S", "publisher": f"Publisher {SECRET}", "url": shared}],
        ),
        "utf-8",
    )
    (briefs / "draft-with-errors.md").write_text(
        brief_text(
            status="draft",
            title=f"Title {SECRET}",
            actors=[SECRET],
            events=[{"date": "2025-05-01", "title": f"Event {SECRET}", "actors": [SECRET]}],
        ),
        "utf-8",
    )
    text = brief_text(status="draft").replace("summary:", f"summary: Plan {SECRET}: soon\nx:", 1)
    (briefs / "draft-broken-yaml.md").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def lenient(tmp_path_factory):
    """Every bad fixture beside the valid companions and the drafts, in an editors' build without
    --strict (with a site URL, for the sitemap)."""
    root = tmp_path_factory.mktemp("lenient")
    briefs = root / "briefs"
    copy_registries(briefs)
    stage(briefs, *bad_fixtures())
    add_drafts(briefs)
    site = root / "site"
    result = mkdocs_build(
        briefs,
        site,
        strict=False,
        extra_env={"SITE_URL": "https://briefs.example/", "BRIEFING_EDITORS": "true"},
    )
    assert result.returncode == 0, result.stderr
    return briefs, site, result


def shown(briefs: Path, text: str) -> str:
    """What the page shows for a path or message: the briefs folder by its own name."""
    return text.replace(str(briefs) + "/", "briefs/")


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
    briefs, site, _result = lenient
    page = html.unescape((site / "attention" / "index.html").read_text(encoding="utf-8"))
    checked = check_folder(briefs, today=TODAY)
    assert checked.corpus.rejected
    # A file read too little to know its marking (not text, or no readable marking line) could
    # be marked above the build's audience: only `briefing check` names it (briefing.audience).
    unknown = set(checked.corpus.rejected) - set(checked.unbuilt)
    unknown -= {b.path for b in checked.loaded if b.marking is not None}
    assert unknown and len(unknown) < len(checked.corpus.rejected)
    for path in checked.corpus.rejected:
        assert (f"{shown(briefs, path)}:" in page) is (path not in unknown), path
    for problem in checked.problems:
        if problem.severity is Severity.HINT or problem.path in unknown:
            continue
        message = DRAFT_NOTE if problem.path in checked.drafts else shown(briefs, problem.message)
        line = f"{shown(briefs, problem.path)}:{problem.line}: {problem.severity.value}: {message}"
        assert line in page, problem
    assert f"{len(checked.corpus.rejected) - len(unknown)} left off the site" in page


def test_the_editors_page_never_quotes_a_draft(lenient):
    _briefs, site, _ = lenient
    page = html.unescape((site / "attention" / "index.html").read_text(encoding="utf-8"))
    for name in ("draft-with-errors", "draft-broken-yaml"):
        assert f"briefs/{name}.md:" in page  # named, with its lines
    assert f"{DRAFT_NOTE}" in page
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js"):
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


def test_the_editors_page_shows_no_path_of_the_build_machine(lenient):
    briefs, site, _ = lenient
    page = (site / "attention" / "index.html").read_text(encoding="utf-8")
    assert "briefs/unknown-actor.md:10:" in page
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert str(briefs.parent) not in path.read_text(encoding="utf-8"), path


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


@pytest.mark.parametrize("strict", [False, True])
def test_the_published_site_has_no_editors_page_and_no_drafts_words(tmp_path, strict):
    briefs = tmp_path / "briefs"
    copy_registries(briefs)
    stage(briefs)
    add_drafts(briefs)
    if strict:  # only the drafts a strict build passes: one disagreeing with a published brief
        for name in ("draft-with-errors.md", "draft-broken-yaml.md"):
            (briefs / name).unlink()
    site = tmp_path / "site"
    result = mkdocs_build(briefs, site, strict=strict)
    assert result.returncode == 0, result.stderr
    assert (site / "briefs" / "cites-shared" / "index.html").is_file()
    assert not (site / "attention").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text and "attention/" not in text, path


def test_a_clean_build_says_nothing_needs_attention(editors_site):
    page = html.unescape((editors_site / "attention" / "index.html").read_text(encoding="utf-8"))
    assert "Left off the site" not in page
    assert "Warnings (1 warning)" in page and "brief is stale" in page  # the stale ceasefire brief


def test_a_warning_at_a_published_brief_never_quotes_a_draft(tmp_path):
    briefs = tmp_path / "briefs"
    copy_registries(briefs)
    add_drafts(briefs)
    checked = check_folder(briefs, today=TODAY)
    at_published = [p for p in checked.problems if p.path.endswith("cites-shared.md")]
    assert at_published == []
    at_draft = [p.message for p in checked.problems if p.path.endswith("draft-disagrees.md")]
    assert len(at_draft) == 1 and "'Public wire'" in at_draft[0]
