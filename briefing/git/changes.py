"""Which files of a briefs folder changed against a git base, for ``briefing check --changed``.

The base is compared through its merge base with ``HEAD`` (what a pull request shows), and
against the work tree, so uncommitted and untracked briefs count as changed too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .repo import GitError, git, repository

# Tried in turn when no base is named: a local main, else the remote's (CI clones often have only
# that).
DEFAULT_BASES = ("main", "origin/main")


@dataclass
class Changes:
    """Files changed since the base, as absolute paths: the ones that exist, and the ones gone."""

    base: str
    changed: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)


def _is_commit(ref: str, top: Path) -> bool:
    try:
        git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
    except GitError:
        return False
    return True


def _base(explicit: str | None, top: Path) -> str:
    if explicit:
        if not _is_commit(explicit, top):
            raise GitError(
                f"unknown git base '{explicit}': name a branch, tag or commit (git "
                f"branch -a lists them)"
            )
        return explicit
    for candidate in DEFAULT_BASES:
        if _is_commit(candidate, top):
            return candidate
    raise GitError(
        "no branch 'main' or 'origin/main' to compare with: name the base, e.g. "
        "briefing check --changed origin/master"
    )


def _merge_base(base: str, top: Path) -> str:
    if not _is_commit("HEAD", top):
        raise GitError(
            "this branch has no commit yet: commit once, or run briefing check without --changed"
        )
    try:
        return git(["merge-base", base, "HEAD"], top).strip()
    except GitError:
        raise GitError(
            f"'{base}' and HEAD share no history (a shallow clone? fetch more: git "
            f"fetch --unshallow)"
        ) from None


def _split_z(text: str) -> list[str]:
    return [part for part in text.split("\0") if part]


def changed_files(root: Path, base: str | None = None) -> Changes:
    """Files under ``root`` added, modified, renamed or deleted since ``base`` (default: main)."""
    repo = repository(root)
    if repo is None:
        raise GitError(
            f"{os.fspath(root)} is not in a git repository (or git is missing): run "
            f"briefing check without --changed"
        )
    top = repo.top
    base = _base(base, top)
    since = _merge_base(base, top)
    folder = os.path.relpath(Path(root).resolve(), top)
    pathspec = ["--", folder]
    changes = Changes(base)
    fields = _split_z(git(["diff", "--name-status", "-z", "--find-renames", since, *pathspec], top))
    index = 0
    while index < len(fields):
        status = fields[index]
        if status[0] in "RC":  # renamed or copied: the old name, then the new one
            old, new = fields[index + 1], fields[index + 2]
            if status[0] == "R":
                changes.deleted.append(top / old)
            changes.changed.append(top / new)
            index += 3
            continue
        target = changes.deleted if status[0] == "D" else changes.changed
        target.append(top / fields[index + 1])
        index += 2
    changes.changed.extend(
        top / name
        for name in _split_z(
            git(["ls-files", "-z", "--others", "--exclude-standard", *pathspec], top)
        )
    )
    return changes
