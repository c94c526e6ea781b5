"""Paths: no id or path-like value can make the build write outside the site folder, and no
file outside the briefs folder is ever read."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import REPO, TODAY, brief_text, mkdocs_build

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.model import Brief, Corpus, Source
from briefing.site import uris
from briefing.site.pages import generate, site_files
from briefing.site.write import write_pages

SECRET = "SECRET-zq9 outside the briefs folder"


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


HOSTILE_NAMES = [
    "..md",
    "...md",
    ".hidden.md",
    "a b.md",
    "x\ny.md",
    "%2e%2e.md",
    "UPPER.md",
    "a--b.md",
    "-a.md",
    "con.md\u202e",
]


def test_hostile_file_names_are_rejected_or_kept_inside_the_site(tmp_path, corpus_dir):
    for name in HOSTILE_NAMES:
        try:
            (corpus_dir / name).write_text(brief_text(title=f"Named {name!r}"), encoding="utf-8")
        except OSError:
            continue
    (corpus_dir / "good.md").write_text(brief_text(title="Good"), encoding="utf-8")
    checked = check_folder(corpus_dir, today=TODAY)
    assert "good" in [b.id for b in checked.corpus.briefs]
    assert checked.files == len(checked.corpus.briefs) + len(checked.corpus.rejected)
    for brief in checked.corpus.briefs:
        assert uris.inside_site(uris.brief(brief.id))
    before = tree(tmp_path)
    site = tmp_path / "out" / "site"
    result = mkdocs_build(corpus_dir, site, strict=False)
    assert result.returncode == 0, result.stderr
    new = {p for p in tree(tmp_path) - before if not p.startswith("out/site")}
    assert new <= {"out"}, new
    assert (site / "briefs" / "good" / "index.html").is_file()


@pytest.mark.parametrize("entry", ["../../evil", "a/b", "..", "x.md", "/etc/passwd", "C:evil"])
def test_registry_ids_that_are_paths_are_refused(corpus_dir, entry):
    with (corpus_dir / "topics.yml").open("a", encoding="utf-8") as out:
        out.write(f'"{entry}":\n  title: Evil\n')
    checked = check_folder(corpus_dir, today=TODAY)
    assert entry not in checked.corpus.topics
    assert any(
        "may hold only lowercase letters" in p.message and p.path.endswith("topics.yml")
        for p in checked.problems
    )


def test_event_and_source_ids_that_are_paths_are_refused(corpus_dir):
    (corpus_dir / "x.md").write_text(
        brief_text(
            events=[{"date": "2025-01-01", "title": "E", "id": "../../../x"}],
            sources=[{"id": "../s", "title": "T", "publisher": "P"}],
        ),
        encoding="utf-8",
    )
    checked = check_folder(corpus_dir, today=TODAY)
    assert sorted(p.message for p in checked.problems) == [
        "'id' id '../../../x' may hold only lowercase letters, digits and single hyphens",
        "'id' id '../s' may hold only lowercase letters, digits and single hyphens",
    ]


def crafted_catalog(brief_id: str = "good", topic_id: str = "russia-china-relations"):
    """A catalog built by hand, skipping the loader's checks, as a bug upstream might."""
    result = check_folder(REPO / "briefs", today=TODAY)
    corpus = result.corpus
    brief = Brief(
        id=brief_id,
        path=f"briefs/{brief_id}.md",
        title="T",
        summary="S",
        date=dt.date(2025, 1, 1),
        topics=[topic_id],
        actors=["xi-jinping"],
        sources=[Source(None, "T", "P")],
    )
    topics = dict(corpus.topics)
    if topic_id not in topics:
        topics[topic_id] = next(iter(corpus.topics.values()))
    return catalog_module.build(Corpus(corpus.root, [brief], corpus.actors, topics), today=TODAY)


@pytest.mark.parametrize(
    "brief_id", ["../../escaped", "/tmp/escaped", "a/../../b", "../x", "a\\\\..\\\\b"]
)
def test_generate_refuses_page_paths_outside_the_site(brief_id):
    with pytest.raises(ValueError, match="outside the site"):
        generate(crafted_catalog(brief_id))


def test_site_files_refuse_feed_paths_outside_the_site():
    with pytest.raises(ValueError, match="outside the site"):
        site_files(crafted_catalog(topic_id="../../evil"), site_url=None, directory_urls=True)


def test_render_writes_only_inside_its_folder(tmp_path):
    with pytest.raises(ValueError):
        write_pages(crafted_catalog("../../escaped"), REPO / "docs", tmp_path / "out")
    assert not (tmp_path / "escaped.md").exists() and not (tmp_path.parent / "escaped.md").exists()


def test_symbolic_links_out_of_the_briefs_folder_are_not_read(tmp_path, corpus_dir):
    secret = tmp_path / "secret.md"
    secret.write_text(brief_text(title=SECRET), encoding="utf-8")
    os.symlink(secret, corpus_dir / "linked.md")
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "deep.md").write_text(brief_text(title=SECRET), encoding="utf-8")
    os.symlink(outside_dir, corpus_dir / "folder")
    (corpus_dir / "inside-target.md").write_text(brief_text(title="Inside"), encoding="utf-8")
    os.symlink(corpus_dir / "inside-target.md", corpus_dir / "inside-link.md")
    checked = check_folder(corpus_dir, today=TODAY)
    assert [
        (Path(p.path).name, p.line, p.message)
        for p in checked.problems
        if p.severity.value == "error"
    ] == [
        ("linked.md", 1, "file is a symbolic link to a file outside the briefs folder: not read"),
    ]
    assert sorted(b.id for b in checked.corpus.briefs) == ["inside-link", "inside-target"]
    assert checked.files == 3 and len(checked.corpus.rejected) == 1
    assert all(SECRET not in b.title for b in checked.corpus.briefs)
    site = tmp_path / "site"
    assert mkdocs_build(corpus_dir, site, strict=False).returncode == 0
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            assert "SECRET-zq9" not in path.read_text(encoding="utf-8"), path


def test_a_registry_linked_out_of_the_briefs_folder_is_not_read(tmp_path, corpus_dir):
    (tmp_path / "actors.yml").write_text(
        (corpus_dir / "actors.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (corpus_dir / "actors.yml").unlink()
    os.symlink(tmp_path / "actors.yml", corpus_dir / "actors.yml")
    checked = check_folder(corpus_dir, today=TODAY)
    assert checked.corpus.actors == {}
    assert [(Path(p.path).name, p.message) for p in checked.problems] == [
        ("actors.yml", "file is a symbolic link to a file outside the briefs folder: not read")
    ]
