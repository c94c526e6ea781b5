"""The cross-file findings of each brief from the last check, for the next one under serve.

Most of ``cross_checks`` runs brief by brief: its ids, links, related briefs and markings are
checked against what the others are (``others_read``). A save changes one brief: the others'
findings are those of the last check while neither they nor what they read of the rest changed.
The checks comparing all briefs at once (duplicate ids, shared events and sources, judgments'
histories) run every time. Kept in memory only, by the briefs cache serve keeps between rebuilds
(``FileCache.earlier``): a check from the command line starts without it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field

from ..model import Actor, Brief, Problem, Topic, Unloaded
from .links import page_anchors


def others_read(brief: Brief, failed: bool) -> tuple:
    """What the checks of other briefs read of ``brief``: its place and id (links, ``related``,
    ``supersedes``, suggestions), whether it is published, its date (``supersedes``), its
    marking, the anchors of its page (links to them) and the brief it replaces (staleness)."""
    return (
        brief.path,
        brief.id,
        brief.published,
        brief.date,
        brief.marking,
        sorted(page_anchors(brief)),
        brief.supersedes if brief.published and not failed else None,
        failed,
    )


def _own(brief: Brief) -> tuple | None:
    """What a brief's own findings are made from, of itself; None for a brief not loaded from a
    file (no digests), which is checked afresh."""
    if not brief.front_digest or not brief.text_digest:
        return None
    return (brief.path, brief.id, brief.text_digest, brief.front_digest, brief.marking)


@dataclass
class EarlierFindings:
    """By brief: its findings (the checks of one brief against the others, the hints apart from
    them) and what they were found against (``begin``'s digest)."""

    # a brief's own key -> the digest of ``others_read``
    read: dict[tuple, bytes] = field(default_factory=dict)
    # a brief's own key -> (the others' digest, its findings, its hints)
    found: dict[tuple, tuple[bytes, list[Problem], list[Problem]]] = field(default_factory=dict)
    against: bytes = b""  # this check's digest of everything the findings read of the rest
    now: dict[tuple, tuple[bytes, list[Problem], list[Problem]]] = field(default_factory=dict)
    reused: int = 0  # briefs whose findings this check took from the last one

    def begin(
        self,
        briefs: list[Brief],
        *,
        failed: Set[str],
        actors: dict[str, Actor],
        topics: dict[str, Topic],
        broken: Mapping[str, Mapping[str, str]] | None,
        unloaded: Iterable[Unloaded],
        today: dt.date,
        hints: bool,
    ) -> None:
        """Works out what this check's findings read beyond each brief itself: every brief's
        ``others_read`` (in order: suggestions follow it), the files that could not be loaded,
        the registries, the day."""
        hashed = hashlib.blake2b(digest_size=20)
        shared = (today, hints, list(actors), list(topics), broken, list(unloaded))
        hashed.update(repr(shared).encode("utf-8", "surrogatepass"))
        if hints:  # the hints look for actors' names and aliases in the text
            hashed.update(repr(list(actors.values())).encode("utf-8", "surrogatepass"))
        read: dict[tuple, bytes] = {}
        for brief in briefs:
            own = _own(brief)
            is_failed = brief.path in failed
            if own is None:
                part = repr(others_read(brief, is_failed)).encode("utf-8", "surrogatepass")
            else:
                own_key = (*own, is_failed)
                part = (
                    self.read.get(own_key)
                    or hashlib.blake2b(
                        repr(others_read(brief, is_failed)).encode("utf-8", "surrogatepass"),
                        digest_size=20,
                    ).digest()
                )
                read[own_key] = part
            hashed.update(part)
        self.read = read
        self.against = hashed.digest()
        self.now = {}
        self.reused = 0

    def get(self, brief: Brief) -> tuple[list[Problem], list[Problem]] | None:
        """The brief's findings and hints from the last check, if made from the same."""
        own = _own(brief)
        kept = self.found.get(own) if own is not None else None
        if kept is None or kept[0] != self.against:
            return None
        self.now[own] = kept  # type: ignore[index]
        self.reused += 1
        return kept[1], kept[2]

    def keep(self, brief: Brief, findings: list[Problem], hints: list[Problem]) -> None:
        own = _own(brief)
        if own is not None:
            self.now[own] = (self.against, findings, hints)

    def end(self) -> None:
        """Only this check's briefs are kept: a brief edited away is not held to the end."""
        self.found, self.now = self.now, {}
