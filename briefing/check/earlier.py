"""The cross-file findings of each brief from the last check, for the next one under serve.

Most of ``cross_checks`` runs brief by brief: its ids, links, related briefs and markings are
checked against what the briefs it names are (``others_read``). A save changes one brief: the
others' findings are those of the last check while neither they nor the briefs they name
changed (a new brief is named by none, but where a brief names one that is missing, the
suggestions read every id).
The checks comparing all briefs at once (duplicate ids, shared events and sources, judgments'
histories) run every time. Kept in memory only, by the plugin beside the briefs cache it keeps
between serve's rebuilds (``BriefingPlugin.caches``): a check from the command line starts
without it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field

from ..body.tree import file_links
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


def _refs(brief: Brief) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The briefs a brief's checks look up: by id (``related``, ``supersedes``) and by path (its
    body's links to files)."""
    ids = (*brief.related, *((brief.supersedes,) if brief.supersedes else ()))
    return ids, tuple(path for _, path in file_links(brief.body, brief.path))


def _digest(value: object) -> bytes:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=20).digest()


@dataclass
class EarlierFindings:
    """By brief: its findings (the checks of one brief against the others, the hints apart from
    them) and what they were found against: the ``others_read`` of each brief it names, the
    ids of all briefs where one it names is missing (the suggestions), whether a brief replaces
    it, and what every brief's checks read (the registries, the files not loaded, the day)."""

    # a brief's own key (with whether it failed) -> the digest of its ``others_read``
    read: dict[tuple, bytes] = field(default_factory=dict)
    # a brief's own key -> the briefs it names (``_refs``)
    refs: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    # a brief's own key -> (what they were found against, its findings, its hints)
    found: dict[tuple, tuple[bytes, list[Problem], list[Problem]]] = field(default_factory=dict)
    reused: int = 0  # briefs whose findings this check took from the last one
    _now: dict[tuple, tuple[bytes, list[Problem], list[Problem]]] = field(default_factory=dict)
    _refs_now: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    _shared: bytes = b""
    _by_id: dict[str, bytes] = field(default_factory=dict)
    _by_path: dict[str, bytes] = field(default_factory=dict)
    _ids: bytes = b""
    _superseded: Set[str] = frozenset()
    _against: dict[tuple, bytes] = field(default_factory=dict)

    def begin(
        self,
        briefs: list[Brief],
        *,
        failed: Set[str],
        superseded: Set[str],
        actors: dict[str, Actor],
        topics: dict[str, Topic],
        broken: Mapping[str, Mapping[str, str]] | None,
        unloaded: Iterable[Unloaded],
        today: dt.date,
        hints: bool,
    ) -> None:
        """Works out, once per check, what the briefs' findings may read of each other."""
        shared: tuple = (today, hints, list(actors), list(topics), broken)
        if hints:  # the hints look for actors' names and aliases in the text
            shared += (list(actors.values()),)
        self._shared = _digest(shared)
        self._by_id, self._by_path = {}, {}
        for file in unloaded:  # a loaded brief at the same id or path is the one looked up
            self._by_id[file.id] = self._by_path[file.path] = _digest(("unloaded", file))
        read: dict[tuple, bytes] = {}
        for brief in briefs:
            own = _own(brief)
            is_failed = brief.path in failed
            if own is None:
                part = _digest(others_read(brief, is_failed))
            else:
                own_key = (*own, is_failed)
                part = self.read.get(own_key) or _digest(others_read(brief, is_failed))
                read[own_key] = part
            self._by_id[brief.id] = self._by_path[brief.path] = part
        self.read = read
        self._ids = _digest([brief.id for brief in briefs])
        self._superseded = superseded
        self._now, self._refs_now, self._against = {}, {}, {}
        self.reused = 0

    def _found_against(self, brief: Brief, own: tuple) -> bytes:
        refs = self.refs.get(own) or _refs(brief)
        self._refs_now[own] = refs
        ids, paths = refs
        named = [self._by_id.get(i) for i in ids] + [self._by_path.get(p) for p in paths]
        hashed = hashlib.blake2b(self._shared, digest_size=20)
        for part in named:
            hashed.update(part or b"missing")
        if None in named:  # an unknown brief: the suggestions come from every id
            hashed.update(self._ids)
        hashed.update(b"replaced" if brief.id in self._superseded else b"current")
        return hashed.digest()

    def get(self, brief: Brief) -> tuple[list[Problem], list[Problem]] | None:
        """The brief's findings and hints from the last check, if made from the same."""
        own = _own(brief)
        if own is None:
            return None
        against = self._against[own] = self._found_against(brief, own)
        kept = self.found.get(own)
        if kept is None or kept[0] != against:
            return None
        self._now[own] = kept
        self.reused += 1
        return kept[1], kept[2]

    def keep(self, brief: Brief, findings: list[Problem], hints: list[Problem]) -> None:
        """The brief's findings, for the next check (after ``get`` said there were none)."""
        own = _own(brief)
        if own is not None and own in self._against:
            self._now[own] = (self._against[own], findings, hints)

    def end(self) -> None:
        """Only this check's briefs are kept: a brief edited away is not held to the end."""
        self.found, self._now = self._now, {}
        self.refs, self._refs_now = self._refs_now, {}
        self._against = {}
