"""Nothing in the briefs folder is skipped silently, and nothing there makes the checker hang.

A file that looks like a brief but is not read (a wrong extension, a hidden folder, a folder
linked from outside, a named pipe) is named in an error; any other stray file in a warning;
editors' backups and git's folder are passed over. Checked through the real checker and real
builds, strict and not.
"""

from __future__ import annotations

import os
import pickle
import pwd
import shutil
import socket
import tempfile
from pathlib import Path

import pytest
from conftest import TODAY, brief_text, mkdocs_build
from helpers import finishes

from briefing.check.folder import check_folder

OUTSIDE_SECRET = "SECRET-outside-zq7"


def problems(corpus_dir: Path) -> list[tuple[str, int, str, str]]:
    result = finishes(lambda: check_folder(corpus_dir, today=TODAY))
    root = str(corpus_dir) + "/"
    return [
        (p.path.replace(root, ""), p.line, p.severity.value, p.message) for p in result.problems
    ]


def test_a_brief_with_a_capital_extension_is_named(corpus_dir):
    (corpus_dir / "upper.MD").write_text(brief_text(), encoding="utf-8")
    (corpus_dir / "long.markdown").write_text(brief_text(), encoding="utf-8")
    assert problems(corpus_dir) == [
        (
            "long.markdown",
            1,
            "error",
            "file name 'long.markdown' does not end in '.md': not read; rename it to 'long.md'",
        ),
        (
            "upper.MD",
            1,
            "error",
            "file name 'upper.MD' does not end in '.md': not read; rename it to 'upper.md'",
        ),
    ]
    result = check_folder(corpus_dir, today=TODAY)
    assert result.files == 2 and len(result.corpus.rejected) == 2


def test_a_hidden_folder_of_briefs_is_named(corpus_dir):
    (corpus_dir / ".drafts" / "deeper").mkdir(parents=True)
    (corpus_dir / ".drafts" / "x.md").write_text(brief_text(), encoding="utf-8")
    (corpus_dir / ".drafts" / "deeper" / "y.md").write_text(brief_text(), encoding="utf-8")
    message = (
        "file is inside the hidden folder '.drafts': not read; move it to a visible folder "
        "(a brief not ready for the site is kept off it by 'status: draft')"
    )
    assert problems(corpus_dir) == [
        (".drafts/deeper/y.md", 1, "error", message),
        (".drafts/x.md", 1, "error", message),
    ]


def test_a_folder_linked_from_outside_is_named_and_not_read(tmp_path, corpus_dir):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "outside.md").write_text(brief_text(title=OUTSIDE_SECRET), encoding="utf-8")
    (corpus_dir / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert problems(corpus_dir) == [
        (
            "linked",
            1,
            "error",
            "folder is a symbolic link to a folder outside the briefs folder: "
            "nothing in it is read",
        )
    ]


def test_a_folder_linked_from_inside_is_read_once_where_it_is(corpus_dir):
    (corpus_dir / "2025").mkdir()
    (corpus_dir / "2025" / "inside.md").write_text(brief_text(), encoding="utf-8")
    (corpus_dir / "latest").symlink_to(corpus_dir / "2025", target_is_directory=True)
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == [] and [b.id for b in result.corpus.briefs] == ["inside"]


@pytest.mark.parametrize(
    "make,message",
    [
        (os.mkfifo, "file is a named pipe (FIFO), not a regular file: not read"),
        (
            lambda path: socket.socket(socket.AF_UNIX).bind(str(path)),
            "file is a socket, not a regular file: not read",
        ),
        (
            lambda path: path.symlink_to(path.parent / "nowhere.md"),
            "file is a symbolic link to nothing (its target does not exist): not read",
        ),
        (
            lambda path: path.symlink_to(path),
            "file is a symbolic link that loops back on itself: not read",
        ),
    ],
    ids=["fifo", "socket", "dangling-link", "link-loop"],
)
def test_what_is_not_a_regular_file_is_refused_unopened(corpus_dir, make, message):
    make(corpus_dir / "odd.md")
    (corpus_dir / "good.md").write_text(brief_text(), encoding="utf-8")
    assert problems(corpus_dir) == [("odd.md", 1, "error", message)]
    result = check_folder(corpus_dir, today=TODAY)
    assert [b.id for b in result.corpus.briefs] == ["good"] and result.files == 2


def test_a_registry_that_is_a_pipe_is_refused_unopened(corpus_dir):
    (corpus_dir / "topics.yml").unlink()
    os.mkfifo(corpus_dir / "topics.yml")
    assert problems(corpus_dir) == [
        ("topics.yml", 1, "error", "file is a named pipe (FIFO), not a regular file: not read")
    ]


def test_stray_files_are_warned_about_and_backups_passed_over(corpus_dir):
    (corpus_dir / "sub").mkdir()
    shutil.copy(corpus_dir / "actors.yml", corpus_dir / "sub" / "actors.yml")
    shutil.copy(corpus_dir / "topics.yml", corpus_dir / "topics.yaml")
    (corpus_dir / "notes.txt").write_text("a note", encoding="utf-8")
    for backup in ("good.md~", "good.md.orig", "good.md.bak", ".good.md.swp", "#good.md#"):
        (corpus_dir / backup).write_text(brief_text(), encoding="utf-8")
    (corpus_dir / ".gitkeep").write_text("", encoding="utf-8")
    (corpus_dir / ".git" / "info").mkdir(parents=True)  # a briefs folder that is a repository
    (corpus_dir / ".git" / "info" / "readme.md").write_text("not a brief", encoding="utf-8")
    (corpus_dir / "good.md").write_text(brief_text(), encoding="utf-8")
    assert problems(corpus_dir) == [
        ("notes.txt", 1, "warning", "not a brief (*.md) or a registry: not read"),
        (
            "sub/actors.yml",
            1,
            "warning",
            "not read: 'actors.yml' is read only at the top of the briefs folder",
        ),
        ("topics.yaml", 1, "warning", "not read: the registry's name is 'topics.yml'"),
    ]


def test_an_unreadable_folder_is_named(corpus_dir):
    """Run as nobody when the tests run as root (root reads any folder)."""
    folder = Path(tempfile.mkdtemp(prefix="briefs-locked-"))
    try:
        briefs = folder / "briefs"
        shutil.copytree(corpus_dir, briefs)
        (briefs / "locked").mkdir()
        (briefs / "locked" / "x.md").write_text(brief_text(), encoding="utf-8")
        for path in (folder, briefs, *briefs.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (briefs / "locked").chmod(0)
        found = _check_without_privileges(briefs)
    finally:
        (briefs / "locked").chmod(0o755)
        shutil.rmtree(folder)
    assert found == [
        (
            "locked",
            1,
            "error",
            "folder cannot be read: Permission denied; no brief in it is read",
        )
    ]


def _check_without_privileges(briefs: Path) -> list[tuple]:
    if os.geteuid() != 0:
        return problems(briefs)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        try:
            os.close(reader)
            nobody = pwd.getpwnam("nobody")
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            os.environ["BRIEFING_CACHE"] = "0"
            result = check_folder(briefs, today=TODAY)
            root = str(briefs) + "/"
            found = [
                (p.path.replace(root, ""), p.line, p.severity.value, p.message)
                for p in result.problems
            ]
            os.write(writer, pickle.dumps(found))
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    os.waitpid(child, 0)
    return pickle.loads(data)


@pytest.fixture(scope="module")
def odd_corpus(tmp_path_factory):
    """One good brief beside every kind of file that is refused."""
    root = tmp_path_factory.mktemp("odd")
    briefs = root / "briefs"
    briefs.mkdir()
    for name in ("actors.yml", "topics.yml"):
        shutil.copy(Path(__file__).parent.parent / "briefs" / name, briefs / name)
    (briefs / "good.md").write_text(brief_text(title="The good brief"), encoding="utf-8")
    (briefs / "upper.MD").write_text(brief_text(), encoding="utf-8")
    (briefs / ".drafts").mkdir()
    (briefs / ".drafts" / "hidden.md").write_text(brief_text(), encoding="utf-8")
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "outside.md").write_text(brief_text(title=OUTSIDE_SECRET), encoding="utf-8")
    (briefs / "linked").symlink_to(elsewhere, target_is_directory=True)
    os.mkfifo(briefs / "pipe.md")
    return briefs


REFUSED = ["upper.MD", ".drafts/hidden.md", "linked", "pipe.md"]


def test_a_strict_build_fails_naming_each_refused_file(odd_corpus, tmp_path):
    result = mkdocs_build(odd_corpus, tmp_path / "site")  # a pipe would hang it: bounded by 300 s
    assert result.returncode != 0
    for name in REFUSED:
        assert f"{odd_corpus}/{name}:1: error: " in result.stderr, name


def test_a_lenient_build_publishes_the_good_brief_and_nothing_from_outside(odd_corpus, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(odd_corpus, site, strict=False)
    assert result.returncode == 0, result.stderr
    assert (site / "briefs" / "good" / "index.html").is_file()
    for name in REFUSED:
        assert f"{odd_corpus}/{name}:1: error: " in result.stderr, name
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert OUTSIDE_SECRET not in path.read_text(encoding="utf-8"), path
