"""The part of a corpus a partial check reports on: the briefs named (or changed) and every brief
linking to them.

The whole corpus is always loaded and cross-checked (a duplicate id or a missing link target
needs every file; loading is cached), and only the report is narrowed. So a partial check
reports exactly the problems the full check reports for those files, plus every problem of
the registries and the folder, which concern every brief. A change to ``actors.yml`` or
``topics.yml`` can break any brief, so it widens the scope to everything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..body.tree import file_links
from ..load.files import ACTORS_FILE, TOPICS_FILE, display_path
from ..model import Brief, Problem
from .folder import tally

REGISTRIES = (ACTORS_FILE, TOPICS_FILE)


@dataclass
class Scope:
    """Display paths of the briefs whose problems are reported, and why they were chosen."""

    paths: set[str]
    why: str

    def select(self, problems: list[Problem]) -> list[Problem]:
        # Problems outside brief files (registries, the folder itself) concern every brief: always
        # shown.
        return [p for p in problems if p.path in self.paths or not p.path.endswith(".md")]

    def summary(self, problems: list[Problem], total: int) -> str:
        checked = len(self.paths)
        return (
            f"{checked} of {total} brief{'s' if total != 1 else ''} checked ({self.why}), "
            f"{tally(problems)}"
        )


def shown_in(root: Path, path: Path) -> str | None:
    """``path`` as the loader names it (walked from ``root``), or None when it is outside
    ``root``.
    """
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    if relative == os.curdir or relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        return None
    return display_path(Path(root, relative))


def is_registry(root: Path, shown: str) -> bool:
    return shown in {display_path(Path(root, name)) for name in REGISTRIES}


def linking_to(briefs: list[Brief], paths: set[str]) -> set[str]:
    """Briefs that link to any of ``paths`` in their body or name one of them under ``related``."""
    ids = {os.path.basename(path)[:-3] for path in paths}
    found = set()
    for brief in briefs:
        if any(other in ids for other in brief.related) or any(
            path in paths for _, path in file_links(brief.body, brief.path)
        ):
            found.add(brief.path)
    return found


def scope_for(
    root: Path, briefs: list[Brief], named: list[Path], gone: list[Path], why: str
) -> Scope | None:
    """The scope of the files ``named`` (existing) and ``gone`` (deleted), or None for the whole
    corpus.
    """
    named_shown = {shown for shown in (shown_in(root, path) for path in named) if shown is not None}
    gone_shown = {shown for shown in (shown_in(root, path) for path in gone) if shown is not None}
    if any(is_registry(root, shown) for shown in named_shown | gone_shown):
        return None
    named_briefs = {shown for shown in named_shown if shown.endswith(".md")}
    gone_briefs = {shown for shown in gone_shown if shown.endswith(".md")}
    # Briefs whose link targets changed or vanished may now fail (a renamed id, a deleted brief).
    linkers = linking_to(briefs, named_briefs | gone_briefs) - gone_briefs
    return Scope(named_briefs | linkers, why)
