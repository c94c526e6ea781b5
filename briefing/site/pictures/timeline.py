"""The timeline chart: events along a time axis in lanes (by topic or by actor).

Up to ``MARK_LIMIT`` marks each event is drawn and linked to its brief: a dot for a day, a bar
for a range, a dashed outline where another brief dates the same event differently. Past that
the chart counts events per month (or per year over a long span) in each lane, each count a
link to that part of the timeline: the picture stays readable, and small, at 10,000 events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ...catalog import Catalog, TimelineEntry
from ...model import Brief
from ...wording import day, day_range
from .svg import WIDTH, TimeAxis, axis, clip, esc, frame, link, num, period_labels

MARK_LIMIT = 200  # marks drawn one by one; more are counted per month or year
SIZE_LIMIT = 200 * 1024  # the documented bound on one chart at 10,000 events (a test holds it)
MAX_LANES = 12  # the busiest lanes; the rest share an "other" lane
LABEL_WIDTH = 150
RIGHT = WIDTH - 12
TOP = 6
ROW = 14  # height of one row of marks; overlapping marks take the next row
MAX_ROWS = 6
COUNT_LANE = 38
MONTHS_UP_TO = 36  # counts per month over spans up to three years, per year beyond


@dataclass
class Lane:
    """One row of the chart: a label, where the label leads, and the entries in it (oldest
    first).
    """

    label: str
    entries: list[TimelineEntry]
    href: str | None = None


def lanes_by_topic(catalog: Catalog, topic_href: Callable[[str], str]) -> list[Lane]:
    """A lane per topic (registry order), the quietest merged into one when there are many."""
    present = [t for t in catalog.topics if catalog.timeline_by_topic.get(t)]
    kept = (
        set(sorted(present, key=lambda t: -len(catalog.timeline_by_topic[t]))[: MAX_LANES - 1])
        if len(present) > MAX_LANES
        else set(present)
    )
    lanes = [
        Lane(catalog.topics[t].title, catalog.timeline_by_topic[t], topic_href(t))
        for t in present
        if t in kept
    ]
    rest = [t for t in present if t not in kept]
    if rest:
        lanes.append(
            Lane(f"{len(rest)} other topics", _merged(catalog.timeline_by_topic[t] for t in rest))
        )
    return lanes


def lanes_by_actor(
    entries: list[TimelineEntry],
    catalog: Catalog,
    actor_href: Callable[[str], str],
    *,
    first: str | None = None,
) -> list[Lane]:
    """A lane for each of the actors most involved in ``entries`` (``first`` leading), then the
    rest.
    """
    by_actor: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in entries:  # one pass: the topic pages of a large corpus hold thousands of entries
        for actor in dict.fromkeys(entry.actors):
            by_actor[actor].append(entry)
    ranked = sorted(
        (a for a in by_actor if a in catalog.actors),
        key=lambda a: (-len(by_actor[a]), catalog.actors[a].name, a),
    )
    chosen = [first] if first in by_actor and first in catalog.actors else []
    chosen += [a for a in ranked if a != first][: MAX_LANES - 1 - len(chosen)]
    lanes = [Lane(catalog.actors[a].name, by_actor[a], actor_href(a)) for a in chosen]
    shown = set(chosen)
    rest = [e for e in entries if shown.isdisjoint(e.actors)]
    if rest:
        lanes.append(Lane("Other actors or none", rest))
    return lanes


def _merged(groups) -> list[TimelineEntry]:
    seen: dict[str, TimelineEntry] = {}
    for group in groups:
        for entry in group:
            seen.setdefault(entry.key, entry)
    return sorted(seen.values(), key=lambda e: (e.date, e.end or e.date, e.title, e.key))


def chart(
    lanes: list[Lane],
    *,
    ident: str,
    title: str,
    brief_href: Callable[[str], str],
    period_href: Callable[[int, int | None], str],
    periods_where: str = "below",
) -> str:
    """The chart as a <figure>; empty when there is nothing to draw."""
    lanes = [lane for lane in lanes if lane.entries]
    if not lanes:
        return ""
    marks = sum(len(lane.entries) for lane in lanes)
    events = {e.key: e for lane in lanes for e in lane.entries}
    first = min(e.date for e in events.values())
    last = max(e.end or e.date for e in events.values())
    summary = "; ".join(f"{lane.label}: {len(lane.entries)}" for lane in lanes)
    desc = f"{len(events)} events from {day(first)} to {day(last)}, by lane: {summary}."
    if marks <= MARK_LIMIT:
        body, height = _marks(lanes, events.values(), brief_href)
        caption = (
            "Each dot is an event of one day and each bar an event over several days; "
            "a dashed outline is "
            "another brief's dating of the same event. Select one to open its brief."
        )
    else:
        body, height, unit = _counts(lanes, first, last, period_href)
        caption = (
            f"{len(events):,} events are too many to draw one by one: each bar counts "
            f"a lane's events in a {unit}; "
            f"select it for that {unit}'s events {periods_where}."
        )
    return frame(
        ident, title, desc, body, height, linked=True, caption=esc(caption), kind="timeline"
    )


def _lane_label(lane: Lane, y_middle: float) -> str:
    text = (
        f'<text x="{LABEL_WIDTH - 8}" y="{num(y_middle + 4)}" '
        f'text-anchor="end">{esc(clip(lane.label, 22))}</text>'
    )
    return link(lane.href, lane.label, text) if lane.href else text


def _lead_brief(entry: TimelineEntry) -> Brief:
    """The brief whose dating the timeline shows (the first to report it)."""
    dates = (entry.date, entry.end or entry.date)
    return next(
        (b for b, e in entry.reports if (e.date, e.end or e.date) == dates), entry.briefs[0]
    )


def _shape(time: TimeAxis, start: dt.date, end: dt.date | None, y: float, css: str) -> str:
    x = time.x(start)
    if end is None or end == start:
        return f'<circle class="{css}" cx="{num(x)}" cy="{num(y)}" r="4.5"/>'
    width = max(time.x(end + dt.timedelta(days=1)) - x, 5)
    return (
        f'<rect class="{css}" x="{num(x)}" y="{num(y - 4)}" width="{num(width)}" '
        f'height="8" rx="2"/>'
    )


def _rows(entries: list[TimelineEntry], time: TimeAxis) -> list[int]:
    """A row for each entry so that marks in a row do not overlap (past ``MAX_ROWS``, the least
    crowded).
    """
    ends: list[float] = []
    rows = []
    for entry in entries:
        left = time.x(entry.date) - 6
        right = (
            max(time.x((entry.end or entry.date) + dt.timedelta(days=1)), time.x(entry.date)) + 6
        )
        row = next((r for r, end in enumerate(ends) if end <= left), None)
        if row is None and len(ends) < MAX_ROWS:
            row = len(ends)
            ends.append(right)
        elif row is None:
            row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], right)
        rows.append(row)
    return rows


def _tooltip(entry: TimelineEntry) -> str:
    where = f" — {entry.location}" if entry.location else ""
    briefs = entry.briefs
    reported = (
        f"reported in {len(briefs)} briefs" if len(briefs) > 1 else f"reported in {briefs[0].title}"
    )
    disagree = ""
    if entry.datings:
        disagree = (
            " Dates disagree: "
            + "; ".join(
                f"{day_range(s, e)} in {', '.join(b.title for b in bs)}"
                for s, e, bs in entry.datings
            )
            + "."
        )
    return f"{day_range(entry.date, entry.end)} · {entry.title}{where} ({reported}).{disagree}"


def _marks(lanes: list[Lane], events, brief_href: Callable[[str], str]) -> tuple[str, float]:
    datings = [(s, e or s) for entry in events for s, e, _ in entry.datings]
    first = min([e.date for e in events] + [s for s, _ in datings])
    last = max([e.end or e.date for e in events] + [e for _, e in datings])
    time = TimeAxis.around(first, last, LABEL_WIDTH, RIGHT)
    parts, y = [], TOP
    for index, lane in enumerate(lanes):
        rows = _rows(lane.entries, time)
        height = (max(rows) + 1) * ROW + 8
        if index % 2 == 0:
            parts.append(
                f'<rect class="br-band" x="0" y="{num(y)}" width="{WIDTH}" height="{num(height)}" '
                f'fill-opacity="0.04" pointer-events="none"/>'
            )
        parts.append(_lane_label(lane, y + height / 2))
        for entry, row in zip(lane.entries, rows, strict=False):
            cy = y + 4 + row * ROW + ROW / 2
            parts.append(
                link(
                    brief_href(_lead_brief(entry).id),
                    _tooltip(entry),
                    _shape(time, entry.date, entry.end, cy, "br-mark"),
                )
            )
            for start, end, briefs in entry.datings:
                if (start, end or start) != (entry.date, entry.end or entry.date):
                    tip = (
                        f"{entry.title}: reported as {day_range(start, end)} in "
                        f"{', '.join(b.title for b in briefs)}"
                    )
                    parts.append(
                        link(
                            brief_href(briefs[0].id),
                            tip,
                            _shape(time, start, end, cy, "br-mark br-mark--other"),
                        )
                    )
        y += height
    grid, labels = axis(time, TOP, y)
    return grid + "\n".join(parts) + "\n" + labels, y + 22  # the grid behind the marks


def _periods(first: dt.date, last: dt.date, by_month: bool) -> list[tuple[int, int | None]]:
    if not by_month:
        return [(year, None) for year in range(first.year, last.year + 1)]
    periods: list[tuple[int, int | None]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _period_words(period: tuple[int, int | None]) -> str:
    year, month = period
    return f"{dt.date(year, month, 1):%B %Y}" if month else str(year)


def _counts(
    lanes: list[Lane], first: dt.date, last: dt.date, period_href
) -> tuple[str, float, str]:
    by_month = (last.year - first.year) * 12 + last.month - first.month < MONTHS_UP_TO
    periods = _periods(first, last, by_month)
    column = (RIGHT - LABEL_WIDTH) / len(periods)
    place = {period: LABEL_WIDTH + i * column for i, period in enumerate(periods)}
    counted = [
        Counter((e.date.year, e.date.month if by_month else None) for e in lane.entries)
        for lane in lanes
    ]
    most = max(max(c.values()) for c in counted)
    parts, y = [], TOP
    for index, (lane, counts) in enumerate(zip(lanes, counted, strict=False)):
        if index % 2 == 0:
            parts.append(
                f'<rect class="br-band" x="0" y="{num(y)}" width="{WIDTH}" height="{COUNT_LANE}" '
                f'fill-opacity="0.04" pointer-events="none"/>'
            )
        parts.append(_lane_label(lane, y + COUNT_LANE / 2))
        base = y + COUNT_LANE - 3
        for period, count in sorted(counts.items()):
            height = max(1.5, count / most * (COUNT_LANE - 17))
            x = place[period]
            bar = (
                f'<rect class="br-bar" x="{num(x + 1)}" y="{num(base - height)}" '
                f'width="{num(max(column - 2, 1))}" height="{num(height)}"/>'
            )
            if column >= 26:  # room for a count of three digits
                bar += (
                    f'<text x="{num(x + column / 2)}" y="{num(base - height - 2)}" '
                    f'text-anchor="middle">{count}</text>'
                )
            tip = (
                f"{lane.label}: {count} event{'s' if count != 1 else ''} in {_period_words(period)}"
            )
            parts.append(link(period_href(*period), tip, bar))
        y += COUNT_LANE
    parts.append(period_labels(periods, place, column, y + 14))
    return "\n".join(parts) + "\n", y + 22, "month" if by_month else "year"
