"""Running git: the one place the engine starts a git process, and turns its failures into messages.

Git is optional for the site (a tarball of the repository builds too), so callers get ``None``
or a ``GitError`` with a sentence an analyst can act on, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Plain file names (no "\303\251" quoting) and no pager, colour or locale surprises.
_GIT = ["git", "-c", "core.quotepath=off", "-c", "color.ui=never"]
_ENV = {"GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


class GitError(Exception):
    """A git command failed; the message says what was asked and what git answered."""


def git(args: list[str], cwd: str | os.PathLike) -> str:
    """The output of ``git ARGS`` run in ``cwd``; raises ``GitError`` when git is missing or
    fails.
    """
    if not Path(cwd).is_dir():
        raise GitError(f"folder not found: {os.fspath(cwd)}")
    try:
        done = subprocess.run(
            _GIT + args,
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, **_ENV},
            errors="surrogateescape",
        )
    except OSError as err:
        raise GitError(f"git is not available: {err.strerror or err}") from None
    if done.returncode != 0:
        answer = done.stderr.strip().splitlines()
        raise GitError(answer[-1] if answer else f"git {args[0]} failed")
    return done.stdout


def popen(args: list[str], cwd: str | os.PathLike) -> subprocess.Popen:
    """``git ARGS`` with its output streamed, for reading only as much history as is needed."""
    return subprocess.Popen(
        _GIT + args,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        errors="surrogateescape",
        env={**os.environ, **_ENV},
    )


@dataclass(frozen=True)
class Repository:
    """The work tree holding a folder, and whether its history is cut short (a shallow clone)."""

    top: Path
    git_dir: Path
    shallow: bool

    def shallow_commits(self) -> set[str]:
        """The commits at the edge of a shallow clone: git shows each as if it added every file."""
        if not self.shallow:
            return set()
        try:
            return set((self.git_dir / "shallow").read_text().split())
        except OSError:
            return set()


def repository(folder: str | os.PathLike) -> Repository | None:
    """The repository ``folder`` is in, or ``None`` when it is in none (or git is missing)."""
    try:
        out = git(
            ["rev-parse", "--show-toplevel", "--absolute-git-dir", "--is-shallow-repository"],
            folder,
        ).splitlines()
    except GitError:
        return None
    if len(out) < 3:
        return None
    return Repository(Path(out[0]).resolve(), Path(out[1]), out[2].strip() == "true")
