"""Under serve the theme's files are listed once (``briefing.plugin.themefiles``): each rebuild
gets what MkDocs' own walk of the theme folders gives, and a file added to the overrides is seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from briefing.plugin.themefiles import Listings


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for part in ("docs", "overrides"):
        shutil.copytree(REPO / part, tmp_path / part)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def theme_files(project: Path, listings: Listings | None, *, unwalked: bool = False) -> list[str]:
    """The files a build of ``project`` takes from its theme (a fresh configuration, as each of
    serve's rebuilds has); ``unwalked``: the theme's folders may not be walked."""
    config = load_config(str(project / "mkdocs.yml"))
    if listings is not None:
        listings.install(config)
    files = get_files(config)
    docs = {file.src_uri for file in files}
    env = config.theme.get_env()
    if unwalked:

        def refused() -> list[str]:
            raise AssertionError("the theme's folders were walked again")

        env.loader.list_templates = refused
    files.add_files_from_theme(env, config)
    return sorted(file.src_uri for file in files if file.src_uri not in docs)


def test_the_theme_is_listed_once_as_mkdocs_lists_it(project):
    own = theme_files(project, None)
    assert any(name.startswith("assets/javascripts/") for name in own)  # Material's own
    listings = Listings()
    assert theme_files(project, listings) == own
    assert theme_files(project, listings, unwalked=True) == own


def test_a_file_added_to_the_overrides_is_listed(project):
    listings = Listings()
    before = theme_files(project, listings)
    added = project / "overrides" / "assets" / "added.js"
    added.parent.mkdir(parents=True, exist_ok=True)
    added.write_text("// added while serving\n", encoding="utf-8")
    after = theme_files(project, listings)
    assert sorted([*before, "assets/added.js"]) == after
    assert after == theme_files(project, None)
