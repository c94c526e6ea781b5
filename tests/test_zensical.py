"""Zensical, Material's successor, builds `briefing render --for zensical` output: every link
and anchor resolves and its own search finds briefs (ARCHITECTURE.md, "The road past
Material 9")."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_linkcheck import _Handler, linkcheck

from briefing.cli import zensical

# The newest that installs from PyPI here: 0.0.74 and later need zensical-ui, which is not on it.
ZENSICAL = "0.0.73"
ZENSICAL_BIN = Path(sys.executable).parent / "zensical"


def render_and_build(out: Path, *extra: str) -> subprocess.CompletedProcess:
    """``make zensical``'s two steps: render the project into ``out``, build it into out/site."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    rendered = subprocess.run(
        [sys.executable, "-m", "briefing", "render", "--for", "zensical", str(out), *extra],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert rendered.returncode == 0, rendered.stderr
    return subprocess.run(
        [str(ZENSICAL_BIN), "build", "--strict"],
        capture_output=True,
        text=True,
        cwd=out,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The repository's briefs, rendered for Zensical and built by it."""
    # An unpinned install falls back silently to an older Zensical: the pin is asserted.
    assert importlib.metadata.version("zensical") == ZENSICAL
    out = tmp_path_factory.mktemp("zensical") / "project"
    built = render_and_build(out)
    assert built.returncode == 0, built.stdout + built.stderr
    return out / "site"


def test_zensical_builds_the_rendered_site_with_every_link_and_anchor_resolving(
    zensical_site, serve
):
    pages = list(zensical_site.rglob("*.html"))
    assert (zensical_site / "briefs" / "brics-summit-kazan-october-2024" / "index.html").is_file()
    result, checked = linkcheck(serve(zensical_site, _Handler))
    assert result.returncode == 0, result.stdout[-5000:]
    assert checked > 2 * len(pages) > 60


def test_the_project_leaves_out_the_mkdocs_only_overrides_and_the_plugin(tmp_path):
    zensical.write_project(REPO / "mkdocs.yml", tmp_path)
    theme = tmp_path / "overrides"
    kept = {p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()}
    assert kept == {"404.html", "main.html", "partials/marking.html"}
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs\n" in config and "  custom_dir: overrides " in config
    assert "- briefing:" not in config and "briefs_dir" not in config


def test_a_config_not_shaped_as_expected_is_refused():
    with pytest.raises(ValueError, match="no docs_dir"):
        zensical.project_config("site_name: x\n")


def test_zensical_search_finds_the_briefs_a_query_names(page, zensical_site, serve):
    base = serve(zensical_site)
    page.goto(base)
    page.click(".md-search__button")  # Zensical's own search: a dialog in a shadow root
    box = page.locator("dialog input[type=text]")
    for query, expected in (
        ("Kazan", "briefs/brics-summit-kazan-october-2024/"),
        ("ceasefire", "briefs/victory-day-ceasefire-proposal-2025/"),
    ):
        box.fill(query)
        first = page.locator("dialog ol[role=listbox] li a").first
        first.wait_for(timeout=60_000)
        page.wait_for_function(
            "q => [...document.querySelectorAll('*')].some(e => e.shadowRoot && "
            "e.shadowRoot.querySelector('ol[role=listbox] mark') && "
            "e.shadowRoot.querySelector('ol[role=listbox] mark').textContent.toLowerCase() "
            "=== q.toLowerCase())",
            arg=query,
            timeout=60_000,
        )
        hrefs = page.locator("dialog ol[role=listbox] li a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        # Zensical ranks by its own rules (a sources row may come first): among the first five.
        assert base + expected in [href.split("?")[0] for href in hrefs[:5]], hrefs[:5]
    assert [url for url in page.requests if not url.startswith(base)] == []


def test_links_for_zensical_are_relative_to_the_source_file_not_the_page_url():
    from briefing.site.html import Links

    for links, book, actor in (
        (Links(), "book/", "../../actors/russia/"),
        (Links(from_source=True), "victory-day/book/", "../actors/russia/"),
    ):
        assert links.href("topics/victory-day.md", "topics/victory-day/book.md") == book
        assert links.href("topics/victory-day.md", "actors/russia.md") == actor
    # An index page's source folder is its URL's: the same link either way.
    assert Links(from_source=True).href("actors/index.md", "actors/russia.md") == "russia/"
