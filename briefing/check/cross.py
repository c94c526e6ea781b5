"""Checks across files: ids that must exist, ids that must be unique, staleness, links, and
whether briefs agree with each other (shared events' dates, shared sources' grading) and with
their own text (actors listed and named: hints, shown only when asked for). Key judgments are
checked against the site's likelihood scale and across briefs in ``judgments``.

Each check is a function from loaded values to problems, so each can be tested alone and the
CLI and the build report the same problems in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Set

from ..body.mentions import MentionScanner
from ..model import Actor, Brief, Problem, Severity, Topic, Unloaded
from ..scales import DEFAULT, Scale
from ..wording import day_range, did_you_mean, q
from . import judgments
from .earlier import EarlierFindings
from .hints import actor_mentions
from .links import BodyLinks
from .markings import MarkingLinks


def _error(brief: Brief, key: tuple, message: str) -> Problem:
    return Problem(brief.path, brief.line_of(*key), Severity.ERROR, message)


def _warning(brief: Brief, key: tuple, message: str) -> Problem:
    return Problem(brief.path, brief.line_of(*key), Severity.WARNING, message)


def duplicate_ids(briefs: list[Brief]) -> Iterator[Problem]:
    """A brief id is its file name, and must be unique across the whole tree."""
    by_id: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        by_id[brief.id].append(brief)
    for brief_id, same in by_id.items():
        if len(same) > 1:
            for brief in same:
                others = ", ".join(other.path for other in same if other is not brief)
                yield Problem(
                    brief.path,
                    1,
                    Severity.ERROR,
                    f"brief id '{brief_id}' is used by more than one file: also {others}",
                )


def registry_ids(
    brief: Brief,
    actors: dict[str, Actor],
    topics: dict[str, Topic],
    broken: dict[str, dict[str, str]] | None = None,
) -> Iterator[Problem]:
    """Every topic and actor a brief or its events name must be in the registries. An id whose
    entry is there but has an error is told apart from an unknown one, and points at the entry."""
    broken = broken or {}

    def missing(kind: str, value: str, known: dict, suffix: str = "") -> str:
        where = broken.get(kind, {}).get(value)
        if where:
            return f"{kind} {q(value)}{suffix} cannot be used: its entry ({where}) has an error"
        advice = f": add it to {kind}s.yml or fix the id" if not suffix else ""
        return f"unknown {kind} {q(value)}{suffix}{did_you_mean(value, known)}{advice}"

    for index, topic in enumerate(brief.topics):
        if topic not in topics:
            yield _error(brief, ("topics", index), missing("topic", topic, topics))
    for index, actor in enumerate(brief.actors):
        if actor not in actors:
            yield _error(brief, ("actors", index), missing("actor", actor, actors))
    for event_index, event in enumerate(brief.events):
        for index, actor in enumerate(event.actors):
            if actor not in actors:
                yield _error(
                    brief,
                    ("events", event_index, "actors", index),
                    missing("actor", actor, actors, f" in event {q(event.title)}"),
                )


def related_ids(
    brief: Brief, by_id: dict[str, Brief], unloaded: Mapping[str, Unloaded] | None = None
) -> Iterator[Problem]:
    """Declared related briefs must exist; pointing at a draft is allowed but flagged. A brief
    file that could not be loaded (``unloaded``, by id) exists: its own errors are reported, and
    the site leaves it out of the list until they are mended."""
    for index, other in enumerate(brief.related):
        target = by_id.get(other)
        if other == brief.id:
            yield _error(brief, ("related", index), "a brief cannot be related to itself")
        elif target is None and unloaded and other in unloaded:
            if brief.published and unloaded[other].draft:
                yield _warning(brief, ("related", index), _related_draft(other))
        elif target is None:
            others = (
                known for known in by_id if known != brief.id
            )  # never suggest the brief itself
            yield _error(
                brief,
                ("related", index),
                f"unknown related brief '{other}'{did_you_mean(other, others)}",
            )
        elif brief.published and not target.published:
            yield _warning(brief, ("related", index), _related_draft(other))


def _related_draft(other: str) -> str:
    return f"related brief '{other}' is a draft: the link will not appear on the site"


def supersedes_id(
    brief: Brief, by_id: dict[str, Brief], unloaded: Mapping[str, Unloaded] | None = None
) -> Iterator[Problem]:
    """The brief a brief replaces must exist, be another brief, and not be newer than it (not
    known of a brief file that could not be loaded: its own errors are reported)."""
    other = brief.supersedes
    if other is None or (unloaded and other in unloaded and other not in by_id):
        return
    target = by_id.get(other)
    if other == brief.id:
        yield _error(brief, ("supersedes",), "a brief cannot supersede itself")
    elif target is None:
        known = (k for k in by_id if k != brief.id)
        yield _error(
            brief,
            ("supersedes",),
            f"'supersedes' names an unknown brief '{other}'{did_you_mean(other, known)}",
        )
    elif target.date > brief.date:
        yield _warning(
            brief,
            ("supersedes",),
            f"this brief ({brief.date}) supersedes '{other}', which is newer ({target.date}): "
            "a brief replaces an older one",
        )


def staleness(brief: Brief, today: dt.date, superseded: set[str]) -> Iterator[Problem]:
    """A published brief past its ``review_by``, unless a published brief supersedes it (the site
    shows such a brief with a banner to its successor, not as stale). The age rule of the site's
    ``stale_after_days`` is shown on the site only: age alone is nothing a pull request must fix."""
    if brief.published and brief.id not in superseded and brief.stale(today):
        yield _warning(
            brief, ("review_by",), f"brief is stale: its review date {brief.review_by} has passed"
        )


SHOWN_PLACES = 10  # places named per dating or grading; a message past that counts the rest


def _places(places: list[str]) -> str:
    if len(places) <= SHOWN_PLACES:
        return ", ".join(places)
    return ", ".join(places[:SHOWN_PLACES]) + f" and {len(places) - SHOWN_PLACES} more"


def _disagreements(
    subject: str, verb: str, reports: list[tuple[Brief, tuple, str, object]], advice: str
) -> Iterator[Problem]:
    """When reports of one thing (brief, line key, value in words, sort key) disagree: a warning at
    each report, giving its value and every other report's path:line, grouped by value.

    A published brief is compared with published briefs only, so its warning never quotes a
    draft (what a draft says is not public); a draft is compared with every brief."""
    published = [report for report in reports if report[0].published]
    drafts = [report for report in reports if not report[0].published]
    yield from _warnings(subject, verb, published, advice, at=published)
    if drafts:
        yield from _warnings(subject, verb, reports, advice, at=drafts)


def _warnings(
    subject: str, verb: str, reports: list, advice: str, *, at: list
) -> Iterator[Problem]:
    groups: dict[str, list[str]] = {}
    order: dict[str, object] = {}
    for brief, key, label, sort_key in reports:
        groups.setdefault(label, []).append(f"{brief.path}:{brief.line_of(*key)}")
        order.setdefault(label, sort_key)
    if len(groups) < 2:
        return
    labels = sorted(groups, key=lambda label: (order[label], label))
    for brief, key, label, _ in at:
        where = f"{brief.path}:{brief.line_of(*key)}"
        same = [other for other in groups[label] if other != where]
        as_in = f" (as in {_places(same)})" if same else ""
        others = "; ".join(
            f"{other} in {_places(groups[other])}" for other in labels if other != label
        )
        yield _warning(brief, key, f"{subject} {verb} {label} here{as_in} but {others}: {advice}")


def event_dates(briefs: list[Brief]) -> Iterator[Problem]:
    """Events sharing an id are one event: every brief reporting it must give the same dates."""
    by_id: dict[str, list] = defaultdict(list)
    for brief in briefs:
        for index, event in enumerate(brief.events):
            if event.id:
                dates = (event.date, event.end or event.date)
                by_id[event.id].append((brief, ("events", index, "date"), day_range(*dates), dates))
    for event_id, reports in by_id.items():
        if len(reports) > 1:
            yield from _disagreements(
                f"event '{event_id}'",
                "is dated",
                reports,
                "briefs sharing an event id must agree on its dates",
            )


def source_citations(briefs: list[Brief]) -> Iterator[Problem]:
    """A source cited by URL in several briefs must carry the same grading and publisher in each."""
    by_url: dict[str, list] = defaultdict(list)
    for brief in briefs:
        for index, source in enumerate(brief.sources):
            if source.url:
                by_url[source.url].append((brief, index, source))
    for url, citations in by_url.items():
        if len(citations) < 2:
            continue
        grades = [
            (b, ("sources", i, "reliability"), s.grade or "ungraded", s.grade or "~")
            for b, i, s in citations
        ]
        yield from _disagreements(
            f"source {url}",
            "is graded",
            grades,
            "a source should carry one grading in every brief that cites it",
        )
        publishers = [
            (b, ("sources", i, "publisher"), f"'{s.publisher}'", s.publisher)
            for b, i, s in citations
        ]
        yield from _disagreements(
            f"source {url}",
            "is published by",
            publishers,
            "a source should name one publisher in every brief that cites it",
        )


def cross_checks(
    briefs: list[Brief],
    actors: dict[str, Actor],
    topics: dict[str, Topic],
    *,
    today: dt.date,
    failed: Set[str] = frozenset(),
    hints: bool = False,
    scale: Scale = DEFAULT,
    broken: dict[str, dict[str, str]] | None = None,
    unloaded: Iterable[Unloaded] = (),
    wording_found: dict[str, list[Problem]] | None = None,
    earlier: EarlierFindings | None = None,
) -> list[Problem]:
    """Every check that needs more than one file, over all loaded briefs; hints only when asked for.

    Briefs at the ``failed`` paths had errors when loaded, so their invalid fields were dropped:
    they take no part in the comparisons between briefs, which would blame the others for them.
    ``unloaded``: the brief files that could not be loaded at all. Links and ids naming one are
    not blamed on the briefs that hold them (as links to missing briefs, each with its own
    error), only checked against what its text says of its status and marking: one brief
    broken mid-edit fails the check with its own errors and takes no other brief off the site.

    ``wording_found``: the problems of ``judgments.wording_problems`` already known, by brief
    path (from the brief cache); a brief's not there are worked out and put there.

    ``earlier``: each brief's findings from the last check (serve's rebuilds), taken where
    neither the brief nor what they read of the others changed, and kept for the next.
    """
    problems = list(duplicate_ids(briefs))
    sound = [brief for brief in briefs if brief.path not in failed]
    problems.extend(event_dates(sound))
    problems.extend(source_citations(sound))
    problems.extend(judgments.tracked_changes(sound))
    by_id = {brief.id: brief for brief in briefs}
    unloaded_at = {file.path: file for file in unloaded}
    unloaded_ids = {file.id: file for file in unloaded}
    links = BodyLinks(briefs, unloaded_at)
    marking_links = MarkingLinks(briefs, unloaded_at)
    scanner = MentionScanner(actors) if hints else None
    wording = judgments.Wording(scale)
    superseded = {b.supersedes for b in sound if b.published and b.supersedes}
    if earlier is not None:
        earlier.begin(
            briefs,
            failed=failed,
            superseded=superseded,
            actors=actors,
            topics=topics,
            broken=broken,
            unloaded=unloaded_at.values(),
            today=today,
            hints=hints,
        )
    for brief in briefs:
        kept = earlier.get(brief) if earlier is not None else None
        if kept is None:
            mine = [
                *registry_ids(brief, actors, topics, broken),
                *related_ids(brief, by_id, unloaded_ids),
                *supersedes_id(brief, by_id, unloaded_ids),
                *links.problems(brief),
                *marking_links.problems(brief),
                *staleness(brief, today, superseded),
            ]
            hinted = list(actor_mentions(brief, actors, scanner)) if scanner is not None else []
            if earlier is not None:
                earlier.keep(brief, mine, hinted)
        else:
            mine, hinted = kept
        problems.extend(mine)
        found = wording_found.get(brief.path) if wording_found is not None else None
        if found is None:
            found = judgments.wording_problems(brief, wording)
            if wording_found is not None:
                wording_found[brief.path] = found
        problems.extend(found)
        problems.extend(hinted)
    if earlier is not None:
        earlier.end()
    return problems
