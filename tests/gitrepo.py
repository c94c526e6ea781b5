"""Real git repositories in temp dirs, for the --changed, history and pre-commit tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import REPO, brief_text

# The developer's own git settings (default branch, hooks, signing) never leak into a test
# repository.
ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


class Repo:
    """A git work tree holding ``briefs/`` with the real registries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.briefs = path / "briefs"

    def git(
        self, *args: str, author: str = "Alice Analyst", date: str = "2025-05-01T09:00:00+00:00"
    ) -> str:
        env = {
            **os.environ,
            **ISOLATED,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "analyst@example.org",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": "analyst@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout

    def write(self, relative: str, text: str) -> Path:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def brief(self, relative: str, **fields) -> Path:
        return self.write(f"briefs/{relative}", brief_text(**fields))

    def commit(self, message: str, **who) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, **who)


def new_repo(path: Path, *, branch: str = "main") -> Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = Repo(path)
    repo.git("init", "-q", "-b", branch)
    repo.briefs.mkdir()
    for name in ("actors.yml", "topics.yml"):
        shutil.copy(REPO / "briefs" / name, repo.briefs / name)
    return repo


def clone(source: Repo, target: Path, *args: str) -> Repo:
    """``git clone ARGS file://SOURCE TARGET`` (``file://`` so that ``--depth`` makes a real shallow
    clone).
    """
    done = subprocess.run(
        ["git", "clone", "-q", *args, f"file://{source.path}", str(target)],
        env={**os.environ, **ISOLATED},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return Repo(target)
