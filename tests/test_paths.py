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
        "'id' in events item 1 is '../../../x': an id may hold only lowercase letters, digits "
        "and single hyphens",
        "'id' in sources item 1 is '../s': an id may hold only lowercase letters, digits and "
        "single hyphens",
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
        (
            "folder",
            1,
            "folder is a symbolic link to a folder outside the briefs folder: "
            "nothing in it is read",
        ),
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


# --- Ids the site's own pages take ------------------------------------------------------------

RESERVED = {  # (kind, id): the generated path it would take over
    ("brief", "index"): "briefs/index.md",
    ("topic", "index"): "topics/index.md",
    ("topic", "all"): "feeds/all.xml",
    ("topic", "sitemap"): "feeds/sitemap.xml",
    ("actor", "index"): "actors/index.md",
}


def own_paths() -> set[str]:
    """Every path a site makes that no brief, topic or actor id chose."""
    catalog = crafted_catalog()
    paths = set(generate(catalog)) | set(site_files(catalog, site_url=None, directory_urls=True))
    chosen = {uris.brief(b.id) for b in catalog.briefs}
    for topic in catalog.topics:
        chosen |= {uris.topic(topic), uris.book(topic), f"feeds/{topic}.xml"}
    chosen |= {uris.actor(a) for a in catalog.actors}
    return paths - chosen


def test_the_reserved_ids_are_exactly_those_the_site_takes():
    from mkdocs.structure.files import File

    from briefing.load.fields import RESERVED_IDS

    listed = {(kind, value) for kind, ids in RESERVED_IDS.items() for value in ids}
    assert listed == set(RESERVED)
    folders = {"briefs": "brief", "topics": "topic", "actors": "actor", "feeds": "topic"}
    taken = set()
    for path in own_paths():  # a new generated page in these folders needs its id reserved
        folder, _, name = path.partition("/")
        if folder in folders and "/" not in name:
            taken.add((folders[folder], name.rsplit(".", 1)[0]))
    for folder in ("briefs", "topics", "actors"):  # MkDocs makes index.md the folder's own page
        page = File(f"{folder}/index.md", src_dir=None, dest_dir="site", use_directory_urls=True)
        assert page.url == f"{folder}/"
        taken.add((folders[folder], "index"))
    assert taken == set(RESERVED)


@pytest.mark.parametrize("kind,value", sorted(RESERVED))
def test_a_reserved_id_would_really_take_over_a_page(kind, value):
    """What the refusal prevents: with the loader's check skipped, the id lands on the site's
    path.
    """
    made = {
        "brief": uris.brief(value),
        "actor": uris.actor(value),
        "topic": f"feeds/{value}.xml" if value != "index" else uris.topic(value),
    }[kind]
    assert made == RESERVED[(kind, value)]
    assert made in own_paths() or made == "briefs/index.md"


@pytest.fixture(scope="module")
def taken_ids(tmp_path_factory):
    """A corpus using every reserved id, built without --strict."""
    root = tmp_path_factory.mktemp("reserved")
    briefs = root / "briefs"
    briefs.mkdir()
    for name in ("actors.yml", "topics.yml"):
        (briefs / name).write_text((REPO / "briefs" / name).read_text(encoding="utf-8"), "utf-8")
    with (briefs / "topics.yml").open("a", encoding="utf-8") as out:
        for topic in ("all", "index", "sitemap"):
            out.write(f"{topic}:\n  title: Topic {topic} zq4\n")
    with (briefs / "actors.yml").open("a", encoding="utf-8") as out:
        out.write("index:\n  name: Actor index zq4\n")
    (briefs / "index.md").write_text(brief_text(title="Brief index zq4"), "utf-8")
    (briefs / "good.md").write_text(brief_text(title="Good brief"), "utf-8")
    for name, topic in (("uses-all", "all"), ("uses-index", "index"), ("uses-sitemap", "sitemap")):
        (briefs / f"{name}.md").write_text(brief_text(topics=[topic]), "utf-8")
    (briefs / "uses-actor-index.md").write_text(brief_text(actors=["index"]), "utf-8")
    site = root / "site"
    result = mkdocs_build(briefs, site, strict=False, extra_env={"SITE_URL": "https://b.example/"})
    assert result.returncode == 0, result.stderr
    return briefs, site


def test_reserved_ids_fail_the_strict_build(taken_ids, tmp_path):
    briefs, _ = taken_ids
    result = mkdocs_build(briefs, tmp_path / "site")
    assert result.returncode != 0
    for kind, value in RESERVED:
        assert f"{kind} id '{value}' is reserved: " in result.stderr, (kind, value)


def test_reserved_ids_take_over_no_page_of_the_site(taken_ids):
    _, site = taken_ids
    assert "Briefing Room: latest briefs" in (site / "feeds" / "all.xml").read_text("utf-8")
    assert "zq4" not in (site / "feeds" / "sitemap.xml").read_text("utf-8")
    assert "<h1" in (site / "topics" / "index.html").read_text("utf-8")
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "zq4" not in text and "briefs/index/" not in text, path
    assert (site / "briefs" / "good" / "index.html").is_file()
