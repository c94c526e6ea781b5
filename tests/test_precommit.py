"""The pre-commit hook: the real ``pre-commit`` (pinned in the test extra) runs it in a temp git
repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from gitrepo import ISOLATED, new_repo
from test_changed import BAD_BRIEF, UNKNOWN_ACTOR

CONFIG = REPO / ".pre-commit-config.yaml"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def hooks() -> dict[str, dict]:
    (repo,) = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["repos"]
    assert repo["repo"] == "local"
    return {each["id"]: each for each in repo["hooks"]}


def hook() -> dict:
    return hooks()["briefing-check"]


def test_the_hook_runs_the_project_checker_on_briefs_only():
    only = hook()
    assert (
        only["entry"] == ".venv/bin/briefing check"
        and only["language"] == "system"
        and only["pass_filenames"] is True
    )
    files = re.compile(only["files"])
    # Every file under briefs/: one named x.MD, or a stray notes.txt, gets its message too.
    assert all(
        files.search(p)
        for p in (
            "briefs/a.md",
            "briefs/2025/a.md",
            "briefs/actors.yml",
            "briefs/topics.yml",
            "briefs/x.MD",
            "briefs/notes.txt",
        )
    )
    assert not any(files.search(p) for p in ("docs/a.md", "README.md", "tests/briefs/a.md"))


def test_the_config_is_valid_for_pre_commit(tmp_path):
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path),
    }  # pre-commit makes its store even to validate: not in ~/.cache
    result = subprocess.run(
        [str(PRE_COMMIT), "validate-config", str(CONFIG)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout


@pytest.fixture
def hooked(tmp_path):
    """A repository with the project's hook installed, a valid brief committed, and the project's
    .venv beside it.
    """
    repo = new_repo(tmp_path / "repo")
    shutil.copy(CONFIG, repo.path / ".pre-commit-config.yaml")
    (repo.path / ".gitignore").write_text(".venv\n", encoding="utf-8")
    (repo.path / ".venv").symlink_to(REPO / ".venv")
    shutil.copy(REPO / "pyproject.toml", repo.path / "pyproject.toml")  # ruff's and mypy's settings
    repo.brief("2025/good.md", title="Good")
    repo.commit("start")
    env = {**os.environ, **ISOLATED, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("BRIEFS_DIR", None)
    subprocess.run(
        [str(PRE_COMMIT), "install"],
        cwd=repo.path,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    repo.env = env
    return repo


def commit(repo, message: str) -> subprocess.CompletedProcess:
    env = {
        **repo.env,
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org",
    }
    # git prints the hook's output on stderr: read both together, in order.
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=repo.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )


def test_a_commit_staging_a_bad_brief_is_refused_with_its_line(hooked):
    hooked.write("briefs/2025/bad-brief.md", BAD_BRIEF)
    hooked.git("add", "briefs/2025/bad-brief.md")
    result = commit(hooked, "add a bad brief")
    assert result.returncode == 1
    assert f"briefs/2025/bad-brief.md:9: error: {UNKNOWN_ACTOR}" in result.stdout
    assert (
        "1 of 2 briefs checked (the files named and the briefs linking to them), "
        "1 error, 0 warnings" in result.stdout
    )
    assert hooked.git("log", "--format=%s") == "start\n"  # nothing committed


def test_a_commit_staging_a_brief_with_a_wrong_extension_is_refused(hooked):
    hooked.brief("2025/second.md", title="Second")
    (hooked.path / "briefs" / "2025" / "second.md").rename(hooked.path / "briefs/2025/second.MD")
    hooked.git("add", "-A")
    result = commit(hooked, "a brief the site would never show")
    assert result.returncode == 1
    assert (
        "briefs/2025/second.MD:1: error: file name 'second.MD' does not end in '.md': not read; "
        "rename it to 'second.md'"
    ) in result.stdout


def test_a_commit_staging_a_good_brief_passes(hooked):
    hooked.brief("2025/second.md", title="Second")
    hooked.git("add", "-A")
    result = commit(hooked, "add a good brief")
    assert result.returncode == 0, result.stdout
    assert re.search(r"briefing check \(staged briefs\)\.+Passed", result.stdout)


def test_what_is_checked_is_what_is_staged(hooked):
    # Staged: a good brief. In the work tree only: a typo. pre-commit stashes the unstaged change,
    # so the commit passes.
    path = hooked.brief("2025/second.md", title="Second")
    hooked.git("add", "-A")
    path.write_text(BAD_BRIEF, encoding="utf-8")
    result = commit(hooked, "the staged version is good")
    assert result.returncode == 0, result.stdout
    assert path.read_text(encoding="utf-8") == BAD_BRIEF  # the analyst's unstaged work is put back


def test_a_commit_without_briefs_skips_the_hook(hooked):
    (hooked.path / "notes.txt").write_text("x", encoding="utf-8")
    hooked.git("add", "notes.txt")
    result = commit(hooked, "notes")
    assert result.returncode == 0
    assert re.search(
        r"briefing check \(staged briefs\)\.+\(no files to check\)Skipped", result.stdout
    )


def test_the_code_hooks_run_the_tools_ci_runs_from_the_venv():
    code = {name: each for name, each in hooks().items() if name != "briefing-check"}
    assert {name: each["entry"] for name, each in code.items()} == {
        "ruff-check": ".venv/bin/ruff check --force-exclude",
        "ruff-format": ".venv/bin/ruff format --check --force-exclude",
        "mypy": ".venv/bin/mypy",
    }
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    for tool in ("ruff check", "ruff format --check", "mypy"):
        assert f"$(BIN)/{tool}" in lint  # the same tools as CI's `make lint`


def test_a_commit_staging_code_that_fails_lint_or_types_is_refused(hooked):
    hooked.write(
        "briefing/sloppy.py",
        'import os\n\n\ndef count() -> int:\n    return    "three"\n',
    )
    hooked.git("add", "briefing/sloppy.py")
    result = commit(hooked, "sloppy code")
    assert result.returncode == 1
    assert "F401" in result.stdout and "`os` imported but unused" in result.stdout  # ruff check
    assert "briefing/sloppy.py:5:12" in result.stdout  # ruff format --check: what it would change
    assert "1 file would be reformatted" in result.stdout
    assert (
        'briefing/sloppy.py:5: error: Incompatible return value type (got "str", expected "int")'
        in result.stdout
    )  # mypy
    assert hooked.git("log", "--format=%s") == "start\n"


def test_a_commit_staging_clean_code_passes_every_hook(hooked):
    hooked.write("briefing/tidy.py", "def count() -> int:\n    return 3\n")
    hooked.git("add", "briefing/tidy.py")
    result = commit(hooked, "tidy code")
    assert result.returncode == 0, result.stdout
    for name in ("ruff check", "ruff format --check", "mypy"):
        assert re.search(rf"{re.escape(name)} \([^)]*\)\.+Passed", result.stdout), result.stdout
