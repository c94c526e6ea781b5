"""When each brief last changed and who changed it, from one ``git log`` over the briefs folder.

One git process answers for the whole corpus (newest commit first, read only until every
brief is placed), so a site of 10,000 briefs pays for one walk of the history, not 10,000.
Where git cannot tell — no repository, a brief never committed, or a shallow clone whose
oldest commit seems to add every file — the brief's own ``updated`` or ``date`` is used and
the page says so.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..load.files import display_path
from ..model import Brief
from .repo import Repository, popen, repository

_COMMIT = "\x1e"  # starts each commit's line in the log; a file name never does
_FIELD = "\x1f"


@dataclass(frozen=True)
class Revision:
    """A brief's last change: from git (with its author), or from its front matter when git cannot say."""

    date: dt.date
    author: str | None = None
    from_git: bool = False
    history_url: str | None = None


def from_front_matter(brief: Brief, history_url: str | None = None) -> Revision:
    return Revision(brief.updated or brief.date, history_url=history_url)


def last_commits(
    repo: Repository, folder: Path, wanted: set[str]
) -> dict[str, tuple[dt.date, str]]:
    """Date and author of the newest commit touching each of ``wanted`` (paths relative to the repository).

    Commits at a shallow clone's edge are skipped: git lists every file there as if added.
    """
    edge = repo.shallow_commits()
    found: dict[str, tuple[dt.date, str]] = {}
    spec = os.path.relpath(folder.resolve(), repo.top)
    process = popen(
        [
            "log",
            "--no-renames",
            f"--format={_COMMIT}%H{_FIELD}%aI{_FIELD}%an",
            "--name-only",
            "--",
            spec,
        ],
        repo.top,
    )
    current: tuple[dt.date, str] | None = None
    try:
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith(_COMMIT):
                commit, stamp, author = line[1:].split(_FIELD, 2)
                current = None if commit in edge else (dt.date.fromisoformat(stamp[:10]), author)
            elif line and current is not None and line in wanted and line not in found:
                found[line] = current
                if len(found) == len(wanted):
                    break  # every brief placed: the rest of the history is not needed
    finally:
        process.kill()
        process.stdout.close()
        process.wait()
    return found


def history_base(repo_url: str | None, history_uri: str | None) -> str | None:
    """Where file histories live in the repository browser: ``repo_url`` joined with ``history_uri``."""
    if not repo_url or not history_uri:
        return None
    return repo_url.rstrip("/") + "/" + history_uri.lstrip("/")


def history_url(base: str | None, repo_path: str | None) -> str | None:
    """The brief's history in the repository browser: ``base`` (e.g. ``…/commits/main/``) plus its path."""
    if not base or not repo_path:
        return None
    return base.rstrip("/") + "/" + repo_path


def _repo_paths(briefs: list[Brief], folder: Path, top: Path) -> dict[str, str | None]:
    """Each brief's path relative to the repository (None when outside it), by id.

    The folder is placed in the repository once (symlinks resolved); each brief, named by the
    loader as the folder's display path plus its own, is then placed by string operations
    alone: a ``realpath`` per file costs more than the git log itself at 10,000 briefs.
    """
    folder_in_repo = os.path.relpath(os.path.realpath(folder), top).replace(os.sep, "/")
    if folder_in_repo.startswith(os.pardir):
        return {brief.id: None for brief in briefs}
    prefix = display_path(folder) + "/"
    paths: dict[str, str | None] = {}
    for brief in briefs:
        if brief.path.startswith(prefix):
            rest = brief.path[len(prefix) :]
            paths[brief.id] = rest if folder_in_repo == os.curdir else f"{folder_in_repo}/{rest}"
        else:  # not named from this folder: place it the slow way
            relative = os.path.relpath(os.path.realpath(brief.path), top)
            paths[brief.id] = (
                None if relative.startswith(os.pardir) else relative.replace(os.sep, "/")
            )
    return paths


def revisions(
    briefs: list[Brief],
    folder: Path,
    *,
    history_base: str | None = None,
    repo_root: Path | None = None,
) -> dict[str, Revision]:
    """Every brief's last change by id. ``repo_root`` places briefs for the history link when git is absent."""
    repo = repository(folder) if folder.is_dir() else None
    top = repo.top if repo is not None else (repo_root.resolve() if repo_root is not None else None)
    paths = (
        _repo_paths(briefs, folder, top)
        if top is not None
        else {brief.id: None for brief in briefs}
    )
    commits = (
        last_commits(repo, folder, {p for p in paths.values() if p}) if repo is not None else {}
    )
    result = {}
    for brief in briefs:
        path = paths[brief.id]
        url = history_url(history_base, path)
        commit = commits.get(path) if path else None
        result[brief.id] = (
            Revision(commit[0], commit[1], True, url) if commit else from_front_matter(brief, url)
        )
    return result
