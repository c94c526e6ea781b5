"""``briefing check --changed [BASE]`` and ``briefing check FILE…`` on real git repositories built
in temp dirs.

Only the changed briefs and the briefs linking to them are reported; the whole corpus is
still loaded and cross-checked, so those files get exactly the problems the full check gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import TODAY
from gitrepo import ISOLATED, clone, new_repo

from briefing.cli import main

BAD_BRIEF = """---
title: A bad brief
summary: The bottom line.
date: 2025-05-04
topics:
  - russia-china-relations
actors:
  - xi-jinping
  - vladimir-putn
sources:
  - title: A report
    publisher: A wire
---

Text.
"""
UNKNOWN_ACTOR = (
    "unknown actor 'vladimir-putn' (did you mean 'vladimir-putin'?): "
    "add it to actors.yml or fix the id"
)
STALE = "briefs/other.md:8: warning: brief is stale: its review date 2025-06-01 has passed"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """main: a target brief, one brief linking to it in its body, one naming it under related, one
    stale and unrelated.
    HEAD is a fresh branch 'feature'; the working folder is the repository."""
    repo = new_repo(tmp_path / "repo")
    repo.brief("2025/target.md", title="Target")
    repo.brief("2025/linker.md", title="Linker", body="See [the target](target.md).\n")
    repo.brief("related-by-id.md", title="Related", related=["target"])
    repo.brief("other.md", title="Other", review_by="2025-06-01")
    repo.commit("briefs")
    repo.git("checkout", "-q", "-b", "feature")
    monkeypatch.chdir(repo.path)
    monkeypatch.delenv("BRIEFS_DIR", raising=False)
    return repo


def check(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["check", *args, "--today", TODAY.isoformat()])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def cli(repo, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BRIEFS_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", "check", *args, "--today", TODAY.isoformat()],
        cwd=repo.path,
        env={**env, **ISOLATED},
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the pull request that adds a bad brief -----------------------------------------------------


def test_a_pull_request_adding_a_bad_brief_is_annotated_on_its_line(repo):
    path = repo.write("briefs/2025/bad-brief.md", BAD_BRIEF)
    repo.commit("Add a brief with a typo in an actor id")
    line = path.read_text(encoding="utf-8").splitlines().index("  - vladimir-putn") + 1
    result = cli(repo, "--changed", "main", "--format", "github")
    assert result.returncode == 1
    assert (
        result.stdout
        == f"::error file=briefs/2025/bad-brief.md,line={line},title=Brief error::{UNKNOWN_ACTOR}\n"
    )
    assert line == 9
    # The stale brief on main is not this pull request's business; the full check still reports it.
    assert (
        result.stderr == "1 of 5 briefs checked (changed against main and the briefs linking to "
        "them), 1 error, 0 warnings\n"
    )
    assert "other.md" in cli(repo, "--format", "github").stdout


# --- what is in scope ---------------------------------------------------------------------------


def test_nothing_changed_checks_nothing_and_passes(repo, capsys):
    assert check(capsys, "--changed") == (
        0,
        [
            "0 of 4 briefs checked (changed against main and the briefs linking to "
            "them), 0 errors, 0 warnings"
        ],
        "",
    )


def test_a_changed_brief_brings_in_every_brief_linking_to_it(repo, capsys):
    repo.brief("2025/target.md", title="Target, renamed", review_by="2025-06-01")
    repo.commit("edit the target")
    code, out, _ = check(capsys, "--changed", "--format", "json")
    assert code == 0
    summary = check(capsys, "--changed")[1][-1]
    assert (
        summary == "3 of 4 briefs checked (changed against main and the briefs linking to "
        "them), 0 errors, 1 warning"
    )
    assert "other.md" not in " ".join(out)


def test_uncommitted_and_untracked_briefs_count_as_changed(repo, capsys):
    repo.write("briefs/2025/bad-brief.md", BAD_BRIEF)  # never added to git
    code, out, _ = check(capsys, "--changed")
    assert code == 1
    assert out[0] == f"briefs/2025/bad-brief.md:9: error: {UNKNOWN_ACTOR}"
    assert out[-1].startswith("1 of 5 briefs checked")


def test_deleting_a_brief_checks_the_briefs_that_linked_to_it(repo, capsys):
    repo.git("rm", "-q", "briefs/2025/target.md")
    repo.commit("drop the target")
    code, out, _ = check(capsys, "--changed")
    assert code == 1
    assert out == [
        "briefs/2025/linker.md:10: error: link to missing brief 'target.md'",
        "briefs/related-by-id.md:8: error: unknown related brief 'target'",
        "2 of 3 briefs checked (changed against main and the briefs linking to "
        "them), 2 errors, 0 warnings",
    ]


def test_renaming_a_brief_checks_the_briefs_linking_to_its_old_name(repo, capsys):
    repo.git("mv", "briefs/2025/target.md", "briefs/2025/target-2025.md")
    repo.commit("rename")
    code, out, _ = check(capsys, "--changed")
    assert code == 1
    assert [line.split(":")[0] for line in out[:-1]] == [
        "briefs/2025/linker.md",
        "briefs/related-by-id.md",
    ]
    assert out[-1].startswith("3 of 4 briefs checked")  # the renamed brief and its two old linkers


def test_a_registry_change_checks_every_brief(repo, capsys):
    actors = repo.briefs / "actors.yml"
    actors.write_text(
        actors.read_text(encoding="utf-8") + "\nnew-actor:\n  name: New Actor\n", encoding="utf-8"
    )
    code, out, _ = check(capsys, "--changed")
    assert code == 0
    assert out == [STALE, "4 briefs, 0 errors, 1 warning"]


def test_changes_on_main_after_the_branch_point_are_not_the_branch_s(repo, capsys):
    repo.git("checkout", "-q", "main")
    repo.write("briefs/2025/bad-on-main.md", BAD_BRIEF)
    repo.commit("someone else's bad brief on main")
    repo.git("checkout", "-q", "feature")
    repo.brief("2025/feature.md", title="Feature")
    repo.commit("the branch's own brief")
    repo.git("merge", "-q", "--no-edit", "main")
    # main's brief is now in the tree, but the merge base moved with the merge: it is not the
    # branch's change.
    assert check(capsys, "--changed") == (
        0,
        [
            "1 of 6 briefs checked (changed against main and the briefs linking to "
            "them), 0 errors, 0 warnings"
        ],
        "",
    )
    assert check(capsys)[0] == 1  # the full check still fails on it


def test_a_duplicate_id_is_reported_on_the_changed_file(repo, capsys):
    repo.brief("2024/other.md", title="Another 'other'")
    repo.commit("same id as briefs/other.md")
    code, out, _ = check(capsys, "--changed")
    assert code == 1
    assert (
        out[0] == "briefs/2024/other.md:1: error: brief id 'other' is used by more than "
        "one file: also briefs/other.md"
    )
    assert not any(
        line.startswith("briefs/other.md") for line in out
    )  # the untouched twin is not in scope


def test_an_explicit_base_is_used_as_given(repo, capsys):
    repo.brief("one.md", title="One")
    repo.commit("one")
    first = repo.git("rev-parse", "HEAD").strip()
    repo.brief("two.md", title="Two")
    repo.commit("two")
    assert (
        check(capsys, "--changed", first)[1][-1]
        == f"1 of 6 briefs checked (changed against {first} and the briefs linking "
        f"to them), 0 errors, 0 warnings"
    )
    assert check(capsys, "--changed", "main")[1][-1].startswith("2 of 6 briefs checked")


def test_the_gitlab_report_is_scoped_too(repo, capsys):
    repo.write("briefs/2025/bad-brief.md", BAD_BRIEF)
    code, out, err = check(capsys, "--changed", "--format", "gitlab")
    issues = json.loads("\n".join(out))
    assert code == 1 and [
        (i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ] == [("briefs/2025/bad-brief.md", 9)]
    assert err.startswith("1 of 5 briefs checked")


# --- when git cannot answer: a message, exit 2, never a traceback ------------------------------


def test_without_main_the_remote_main_is_used(repo, tmp_path, monkeypatch, capsys):
    copy = clone(repo, tmp_path / "copy", "--branch", "feature")
    copy.write("briefs/2025/bad-brief.md", BAD_BRIEF)
    monkeypatch.chdir(copy.path)
    code, out, _ = check(capsys, "--changed")
    assert code == 1
    assert (
        out[-1] == "1 of 5 briefs checked (changed against origin/main and the briefs linking "
        "to them), 1 error, 0 warnings"
    )


def test_no_main_anywhere_says_to_name_a_base(tmp_path, monkeypatch, capsys):
    repo = new_repo(tmp_path / "trunk", branch="trunk")
    repo.brief("a.md")
    repo.commit("a")
    monkeypatch.chdir(repo.path)
    code, out, err = check(capsys, "--changed")
    assert (code, out) == (2, [])
    assert (
        err == "briefing check --changed: no branch 'main' or 'origin/main' to compare "
        "with: name the base, e.g. briefing check --changed origin/master\n"
    )
    assert check(capsys, "--changed", "trunk")[0] == 0


def test_an_unknown_base_is_named(repo, capsys):
    code, _, err = check(capsys, "--changed", "mian")
    assert code == 2
    assert (
        err == "briefing check --changed: unknown git base 'mian': name a branch, tag "
        "or commit (git branch -a lists them)\n"
    )


def test_outside_a_repository_says_so(corpus_dir, monkeypatch, capsys):
    monkeypatch.chdir(corpus_dir.parent)
    monkeypatch.setenv(
        "GIT_CEILING_DIRECTORIES", str(corpus_dir.parent.parent)
    )  # pytest's tmp dir is in no repository
    code, _, err = check(capsys, "briefs", "--changed")
    assert code == 2
    assert (
        err == "briefing check --changed: briefs is not in a git repository (or git is "
        "missing): run briefing check without --changed\n"
    )


def test_a_shallow_clone_without_main_gives_a_message_not_a_traceback(repo, tmp_path):
    repo.brief("2025/feature.md", title="Feature")
    repo.commit("feature")
    shallow = clone(repo, tmp_path / "shallow", "--depth", "1", "--branch", "feature")
    result = cli(shallow, "--changed")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("briefing check --changed: no branch 'main' or 'origin/main'")


def test_a_shallow_clone_with_main_but_no_common_history_says_fetch_more(repo, tmp_path):
    repo.brief("2025/feature.md", title="Feature")
    repo.commit("feature")
    shallow = clone(repo, tmp_path / "shallow", "--depth", "1", "--branch", "feature")
    shallow.git("fetch", "-q", "--depth", "1", "origin", "main:main")
    result = cli(shallow, "--changed")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        result.stderr == "briefing check --changed: 'main' and HEAD share no history (a shallow "
        "clone? fetch more: git fetch --unshallow)\n"
    )


# --- briefing check FILE… (the pre-commit hook's form) ------------------------------------------


def test_named_files_are_checked_with_the_briefs_linking_to_them(repo, capsys):
    repo.write("briefs/2025/target.md", BAD_BRIEF)
    code, out, _ = check(capsys, "briefs/2025/target.md")
    assert code == 1
    assert out == [
        f"briefs/2025/target.md:9: error: {UNKNOWN_ACTOR}",
        "3 of 4 briefs checked (the files named and the briefs linking to them), "
        "1 error, 0 warnings",
    ]


def test_several_files_at_once(repo, capsys):
    code, out, _ = check(capsys, "briefs/other.md", "briefs/2025/linker.md")
    assert (code, out) == (
        0,
        [
            STALE,
            "2 of 4 briefs checked (the files named and the briefs linking to them), "
            "0 errors, 1 warning",
        ],
    )


def test_a_named_registry_checks_everything(repo, capsys):
    assert check(capsys, "briefs/actors.yml", "briefs/other.md")[1] == [
        STALE,
        "4 briefs, 0 errors, 1 warning",
    ]


def test_a_missing_file_is_a_usage_error(repo, capsys):
    assert check(capsys, "briefs/nope.md") == (
        2,
        [],
        "briefing check: no such file: briefs/nope.md\n",
    )


def test_a_file_outside_the_briefs_folder_is_a_usage_error(repo, capsys):
    (repo.path / "notes.md").write_text("x", encoding="utf-8")
    assert check(capsys, "notes.md") == (
        2,
        [],
        "briefing check: notes.md is not in the briefs folder briefs (set BRIEFS_DIR)\n",
    )


def test_files_and_changed_together_are_refused(repo, capsys):
    code, _, err = check(capsys, "briefs/other.md", "--changed")
    assert (code, err) == (
        2,
        "briefing check --changed: name brief files or use --changed, not both\n",
    )
