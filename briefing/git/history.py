"""When each brief last changed, who changed it, and its last few commits, from one ``git log``
over the briefs folder.

One git process answers for the whole corpus (newest commit first, read only until every
brief has its last ``RECENT`` commits), so a site of 10,000 briefs pays for one walk of the
history, not 10,000.
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
RECENT = 5  # commits per brief shown under "What changed"


@dataclass(frozen=True)
class Commit:
    """One commit that touched a brief's file: its author's date, author and subject line."""

    date: dt.date
    author: str
    subject: str


@dataclass(frozen=True)
class Revision:
    """A brief's last change: from git (with its author), or from its front matter when git cannot
    say.
    """

    date: dt.date
    author: str | None = None
    from_git: bool = False
    history_url: str | None = None
    # The last commits touching the brief, newest first (empty when git cannot say).
    recent: tuple[Commit, ...] = ()


def from_front_matter(brief: Brief, history_url: str | None = None) -> Revision:
    return Revision(brief.updated or brief.date, history_url=history_url)


def last_commits(
    repo: Repository, folder: Path, wanted: set[str], *, keep: int = RECENT
) -> dict[str, list[Commit]]:
    """The newest ``keep`` commits touching each of ``wanted`` (paths relative to the repository),
    newest first.

    Commits at a shallow clone's edge are skipped: git lists every file there as if added.
    """
    edge = repo.shallow_commits()
    found: dict[str, list[Commit]] = {}
    full = 0  # paths holding ``keep`` commits already
    spec = os.path.relpath(folder.resolve(), repo.top)
    process = popen(
        [
            "log",
            "--no-renames",
            f"--format={_COMMIT}%H{_FIELD}%aI{_FIELD}%an{_FIELD}%s",
            "--name-only",
            "--",
            spec,
        ],
        repo.top,
    )
    current: Commit | None = None
    assert process.stdout is not None  # popen pipes it
    try:
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith(_COMMIT):
                commit, stamp, author, subject = [*line[1:].split(_FIELD, 3), ""][:4]
                current = (
                    None
                    if commit in edge
                    else Commit(dt.date.fromisoformat(stamp[:10]), author, subject)
                )
            elif line and current is not None and line in wanted:
                commits = found.setdefault(line, [])
                if len(commits) < keep:
                    commits.append(current)
                    if len(commits) == keep:
                        full += 1
                        if full == len(wanted):
                            # Every brief has its commits: the rest of the history is not needed.
                            break
    finally:
        process.kill()
        process.stdout.close()
        process.wait()
    return found


def history_base(repo_url: str | None, history_uri: str | None) -> str | None:
    """Where file histories live in the repository browser: ``repo_url`` joined with
    ``history_uri``.
    """
    if not repo_url or not history_uri:
        return None
    return repo_url.rstrip("/") + "/" + history_uri.lstrip("/")


def history_url(base: str | None, repo_path: str | None) -> str | None:
    """The brief's history in the repository browser: ``base`` (e.g. ``…/commits/main/``) plus its
    path.
    """
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
    """Every brief's last change by id. ``repo_root`` places briefs for the history link when git is
    absent.
    """
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
        recent = commits.get(path) if path else None
        result[brief.id] = (
            Revision(recent[0].date, recent[0].author, True, url, tuple(recent))
            if recent
            else from_front_matter(brief, url)
        )
    return result
