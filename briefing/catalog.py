"""Cross-brief relations built in one pass: indexes by topic and actor, timeline, sources, links.

Every page is answered from these dictionaries; nothing rescans all briefs per page
(the cost stays linear in the number of briefs, which the benchmark holds us to).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cached_property

from .body.mentions import MentionScanner
from .body.tree import file_links
from .git.history import Revision, from_front_matter
from .model import STALE_AFTER_DAYS, Actor, Brief, Corpus, Event, Source, Topic
from .related import Kept, Related, related_briefs
from .scales import DEFAULT, Scale
from .tracked import Step, histories


@dataclass
class TimelineEntry:
    """One event on the timeline; events sharing an ``id`` across briefs are merged here."""

    key: str
    date: dt.date
    end: dt.date | None
    title: str
    location: str | None
    actors: list[str]
    reports: list[tuple[Brief, Event]] = field(default_factory=list)

    @property
    def briefs(self) -> list[Brief]:
        seen: dict[str, Brief] = {}
        for brief, _ in self.reports:
            seen.setdefault(brief.id, brief)
        return list(seen.values())

    @property
    def datings(self) -> list[tuple[dt.date, dt.date | None, list[Brief]]]:
        """When the reporting briefs disagree on the dates: each dating with its briefs, oldest
        first; empty when they agree (the checker warns about the disagreement)."""
        if len(self.reports) < 2:
            return []
        by_dates: dict[tuple, list[Brief]] = {}
        for brief, event in self.reports:
            briefs = by_dates.setdefault((event.date, event.end or event.date), [])
            if brief not in briefs:
                briefs.append(brief)
        if len(by_dates) < 2:
            return []
        return [
            (start, None if end == start else end, briefs)
            for (start, end), briefs in sorted(by_dates.items(), key=lambda kv: kv[0])
        ]


@dataclass
class Citation:
    """A source as cited by one or more briefs (same URL, or same title and publisher)."""

    source: Source
    briefs: list[Brief] = field(default_factory=list)


@dataclass
class Catalog:
    """Published briefs and every index the pages need."""

    actors: dict[str, Actor]
    topics: dict[str, Topic]
    briefs: list[Brief]  # newest first
    by_id: dict[str, Brief]
    by_topic: dict[str, list[Brief]]
    by_actor: dict[str, list[Brief]]
    timeline: list[TimelineEntry]
    citations_by_publisher: dict[str, list[Citation]]
    links_out: dict[str, list[str]]
    backlinks: dict[str, list[Brief]]
    related: dict[str, list[Related]]
    co_actors: dict[str, Counter[str]]
    today: dt.date
    # Each brief's last change (from git where it can tell, else the front matter), by id.
    revisions: dict[str, Revision] = field(default_factory=dict)
    # The timeline's entries by the topics of the briefs reporting them, and by event actor (oldest
    # first).
    timeline_by_topic: dict[str, list[TimelineEntry]] = field(default_factory=dict)
    timeline_by_actor: dict[str, list[TimelineEntry]] = field(default_factory=dict)
    # A brief without review_by is stale this many days after its as-of date (0: never).
    stale_after_days: int = STALE_AFTER_DAYS
    # The likelihood scale judgments are written in (the site's likelihood_scale).
    scale: Scale = DEFAULT
    # The published brief that replaces each superseded one, by the superseded brief's id.
    superseded_by: dict[str, Brief] = field(default_factory=dict)
    # Every judgment id of the published briefs, with its steps oldest first.
    judgment_history: dict[str, list[Step]] = field(default_factory=dict)
    # Values worked out from the catalog, each once (it never changes once built), by (kind,
    # key): what pages read of a brief, of a timeline entry, of a body's links.
    derived: dict[tuple[str, str], object] = field(default_factory=dict, repr=False, compare=False)

    def is_stale(self, brief: Brief) -> bool:
        """Past its review date or, without one, older than ``stale_after_days``; a superseded
        brief is not stale: its successor speaks for it."""
        return brief.id not in self.superseded_by and brief.stale(self.today, self.stale_after_days)

    def stale(self) -> list[Brief]:
        return [b for b in self.briefs if self.is_stale(b)]

    def latest(self, briefs: list[Brief] | None = None) -> list[Brief]:
        """``briefs`` (default: all), newest first, without the superseded ones."""
        return [
            b for b in (self.briefs if briefs is None else briefs) if b.id not in self.superseded_by
        ]

    def recently_updated(self) -> list[Brief]:
        """Briefs by their last change (git, else the front matter), newest first."""
        return sorted(
            self.briefs, key=lambda b: (self.revisions[b.id].date, b.date, b.id), reverse=True
        )

    def step(self, brief: Brief, judgment) -> Step | None:
        """The step of a tracked judgment given by ``brief`` (None for a judgment without an id)."""
        if judgment.id is None:
            return None
        return next(
            (s for s in self.judgment_history.get(judgment.id, []) if s.brief is brief), None
        )

    @cached_property
    def by_path(self) -> dict[str, Brief]:
        """Published briefs by their file's path, as links in bodies resolve to them."""
        return {brief.path: brief for brief in self.briefs}

    @cached_property
    def actor_names_digest(self) -> str:
        """A digest of every actor's id, name and aliases: what a mention can be."""
        names = sorted((a.id, a.name, tuple(a.aliases)) for a in self.actors.values())
        return hashlib.blake2b(repr(names).encode(), digest_size=16).hexdigest()

    @cached_property
    def scale_named(self) -> str:
        """The likelihood scale, whole, as plain text (what brief pages show of it)."""
        return repr(self.scale)

    @cached_property
    def settings_digest(self) -> bytes:
        """A digest of what every page may read beyond the briefs: both registries, the day and
        the settings."""
        return hashlib.blake2b(
            repr(
                (
                    list(self.actors.items()),
                    list(self.topics.items()),
                    self.today,
                    self.stale_after_days,
                    self.scale,
                )
            ).encode(),
            digest_size=20,
        ).digest()

    @cached_property
    def digest_but_bodies(self) -> bytes:
        """A digest of everything the catalog is made from but the text of the bodies: each
        published brief's fields with its body's links, images and headings (not their lines),
        both registries, the day, the revisions and the settings. Every index here is made from
        these, so pages and files that show no body (the indexes, feeds) are the same while it
        is."""
        hashed = hashlib.blake2b(self.settings_digest, digest_size=20)
        hashed.update(repr(list(self.revisions.items())).encode())
        for brief in self.briefs:
            hashed.update(repr(front_identity(brief)).encode())
        return hashed.digest()

    def listed(self, briefs: Iterable[Brief]) -> bytes:
        """A digest of what a page listing ``briefs`` may read of each (all but its body's text,
        its last change, whether it is stale, the briefs it replaces and that replace it), in
        their order: a page made from these and ``settings_digest`` alone is the same while it
        is. Each brief's part is worked out once per catalog: most briefs are listed on several
        pages (their topics', their actors', the timeline's)."""
        derived = self.derived
        hashed = hashlib.blake2b(digest_size=20)
        for brief in briefs:
            row = derived.get(("listed", brief.id))
            if row is None:
                row = derived["listed", brief.id] = self._row(brief)
            hashed.update(row)  # type: ignore[arg-type]
        return hashed.digest()

    def entries_digest(self, entries: Iterable[TimelineEntry]) -> bytes:
        """A digest of timeline entries as pages read them: each merged event, the briefs
        reporting it (by id) and their datings, in order; each entry's part worked out once per
        catalog (an event is on its topics' and its actors' pages)."""
        derived = self.derived
        hashed = hashlib.blake2b(digest_size=20)
        for entry in entries:
            part = derived.get(("entry", entry.key))
            if part is None:
                shown = (
                    entry.key,
                    entry.date,
                    entry.end,
                    entry.title,
                    entry.location,
                    entry.actors,
                    [b.id for b in entry.briefs],
                    [(start, end, [b.id for b in briefs]) for start, end, briefs in entry.datings],
                )
                part = derived["entry", entry.key] = hashlib.blake2b(
                    repr(shown).encode("utf-8"), digest_size=20
                ).digest()
            hashed.update(part)  # type: ignore[arg-type]
        return hashed.digest()

    def _row(self, brief: Brief) -> bytes:
        successor = self.superseded_by.get(brief.id)
        earlier = self.by_id.get(brief.supersedes or "")
        row = (
            front_identity(brief),
            repr(self.revisions.get(brief.id)),
            self.is_stale(brief),
            (successor.id, successor.title, successor.date) if successor else None,
            (earlier.id, earlier.title) if earlier else None,
        )
        return hashlib.blake2b(repr(row).encode("utf-8"), digest_size=20).digest()

    @cached_property
    def mention_scanner(self) -> MentionScanner:
        """The one matcher of actors' names in bodies (the checker's hints use the same)."""
        return MentionScanner(self.actors)


# A brief's fields as ``digest_but_bodies`` reads them (``lines`` only say where each is written).
_FIELDS_BUT_BODY = tuple(
    f.name for f in fields(Brief) if f.name not in ("body", "lines", "text_digest", "front_digest")
)


def front_identity(brief: Brief) -> tuple:
    """A brief but its body's text: the loader's digest of it, else every field and the body's
    links, images and headings."""
    if brief.front_digest:
        return (brief.path, brief.id, brief.front_digest, brief.marking)
    return ([getattr(brief, name) for name in _FIELDS_BUT_BODY], brief.body.facts())


def newest_first(briefs: list[Brief]) -> list[Brief]:
    return sorted(briefs, key=lambda b: (b.date, b.id), reverse=True)


def build(
    corpus: Corpus,
    *,
    today: dt.date | None = None,
    revisions: dict[str, Revision] | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    scale: Scale = DEFAULT,
    related: Kept | None = None,
) -> Catalog:
    """Index the published briefs of a checked corpus; ``revisions`` (``briefing.git.history``) date
    their last change; ``related``: what an earlier build scored (``briefing.related.Kept``).
    """
    today = today or dt.date.today()
    briefs = newest_first([b for b in corpus.briefs if b.published])
    revisions = revisions or {}
    by_id = {b.id: b for b in briefs}
    by_topic: dict[str, list[Brief]] = defaultdict(list)
    by_actor: dict[str, list[Brief]] = defaultdict(list)
    co_actors: dict[str, Counter[str]] = defaultdict(Counter)
    for brief in briefs:
        for topic in brief.topics:
            by_topic[topic].append(brief)
        for actor in brief.actors:
            by_actor[actor].append(brief)
            co_actors[actor].update(a for a in brief.actors if a != actor)
    links_out, backlinks = _links(briefs, by_id)
    timeline = _timeline(briefs)
    timeline_by_topic, timeline_by_actor = _timeline_indexes(timeline)
    return Catalog(
        actors=corpus.actors,
        topics=corpus.topics,
        briefs=briefs,
        by_id=by_id,
        by_topic=dict(by_topic),
        by_actor=dict(by_actor),
        timeline=timeline,
        citations_by_publisher=_citations(briefs),
        links_out=links_out,
        backlinks=backlinks,
        related=related_briefs(briefs, by_id, by_topic, by_actor, kept=related),
        co_actors=dict(co_actors),
        today=today,
        revisions={b.id: revisions.get(b.id) or from_front_matter(b) for b in briefs},
        timeline_by_topic=timeline_by_topic,
        timeline_by_actor=timeline_by_actor,
        stale_after_days=stale_after_days,
        scale=scale,
        superseded_by=_successors(briefs, by_id),
        judgment_history=histories(briefs),
    )


def _successors(briefs: list[Brief], by_id: dict[str, Brief]) -> dict[str, Brief]:
    """Each superseded brief's successor: the newest published brief naming it under
    ``supersedes``.
    """
    successors: dict[str, Brief] = {}
    for brief in reversed(briefs):  # oldest first, so the newest successor is kept
        if brief.supersedes in by_id and brief.supersedes != brief.id:
            successors[brief.supersedes] = brief
    return successors


def _links(
    briefs: list[Brief], by_id: dict[str, Brief]
) -> tuple[dict[str, list[str]], dict[str, list[Brief]]]:
    """Outgoing links of each brief (body links and ``related``), and the backlinks they imply."""
    by_path = {b.path: b for b in briefs}
    links_out: dict[str, list[str]] = {}
    backlinks: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        targets: dict[str, None] = {}
        for _, path in file_links(brief.body, brief.path):
            target = by_path.get(path)
            if target is not None:
                targets[target.id] = None
        for other in brief.related:
            if other in by_id:
                targets[other] = None
        targets.pop(brief.id, None)
        links_out[brief.id] = list(targets)
        for target_id in targets:
            backlinks[target_id].append(brief)
    return links_out, {k: newest_first(v) for k, v in backlinks.items()}


def _timeline(briefs: list[Brief]) -> list[TimelineEntry]:
    entries: dict[str, TimelineEntry] = {}
    for brief in briefs:
        for index, event in enumerate(brief.events):
            key = event.id or f"{brief.id}#{index}"
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = TimelineEntry(
                    key, event.date, event.end, event.title, event.location, list(event.actors)
                )
            else:
                entry.actors.extend(a for a in event.actors if a not in entry.actors)
            entry.reports.append((brief, event))
    for entry in entries.values():
        if len(entry.reports) > 1:
            _date_by_majority(entry)
    return sorted(entries.values(), key=lambda e: (e.date, e.end or e.date, e.title, e.key))


def _date_by_majority(entry: TimelineEntry) -> None:
    """Briefs that disagree on an event's dates (a warning): place it where most of them do,
    the newest brief breaking a tie, with that brief's wording."""
    counts = Counter((event.date, event.end or event.date) for _, event in entry.reports)
    if len(counts) < 2:
        return
    dates = max(counts, key=counts.__getitem__)  # the first of the most reported, in report order
    event = next(e for _, e in entry.reports if (e.date, e.end or e.date) == dates)
    entry.date, entry.end, entry.title, entry.location = (
        event.date,
        event.end,
        event.title,
        event.location,
    )


def _timeline_indexes(
    timeline: list[TimelineEntry],
) -> tuple[dict[str, list[TimelineEntry]], dict[str, list[TimelineEntry]]]:
    by_topic: dict[str, list[TimelineEntry]] = defaultdict(list)
    by_actor: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in timeline:
        for topic in dict.fromkeys(t for brief, _ in entry.reports for t in brief.topics):
            by_topic[topic].append(entry)
        for actor in dict.fromkeys(entry.actors):
            by_actor[actor].append(entry)
    return dict(by_topic), dict(by_actor)


def _citations(briefs: list[Brief]) -> dict[str, list[Citation]]:
    citations: dict[tuple, Citation] = {}
    for brief in reversed(briefs):  # oldest first, so the first citation keeps the original grading
        for source in brief.sources:
            key = ("url", source.url) if source.url else ("title", source.publisher, source.title)
            citation = citations.setdefault(key, Citation(source))
            if brief not in citation.briefs:
                citation.briefs.append(brief)
    by_publisher: dict[str, list[Citation]] = defaultdict(list)
    for citation in citations.values():
        by_publisher[citation.source.publisher].append(citation)
    return {
        publisher: sorted(items, key=lambda c: c.source.title.lower())
        for publisher, items in sorted(by_publisher.items(), key=lambda kv: kv[0].lower())
    }
