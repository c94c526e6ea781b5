"""The activity chart of a topic: how many briefs were written, and events happened, each month."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ...catalog import TimelineEntry
from ...model import Brief
from .svg import WIDTH, esc, frame, num, period_labels

LABEL_WIDTH = 70
RIGHT = WIDTH - 12
ROW = 64
GAP = 10
TOP = 6
MONTHS_UP_TO = 240  # bars per month up to twenty years, per year beyond


def _month(value: dt.date) -> tuple[int, int]:
    return value.year, value.month


def _words(period: tuple[int, int | None]) -> str:
    year, month = period
    return f"{dt.date(year, month, 1):%B %Y}" if month else str(year)


def _periods(
    first: tuple[int, int], last: tuple[int, int], by_month: bool
) -> list[tuple[int, int | None]]:
    if not by_month:
        return [(year, None) for year in range(first[0], last[0] + 1)]
    periods: list[tuple[int, int | None]] = []
    year, month = first
    while (year, month) <= last:
        periods.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _busiest(counts: Counter, noun: str) -> str:
    if not counts:
        return f"no {noun}s"
    period, count = max(sorted(counts.items()), key=lambda kv: kv[1])
    return (
        f"{sum(counts.values())} {noun}{'s' if sum(counts.values()) != 1 else ''}, "
        f"most in {_words(period)} ({count})"
    )


def chart(briefs: list[Brief], entries: list[TimelineEntry], *, ident: str, title: str) -> str:
    """Two rows of bars, briefs above and events below, over the same months; empty if no data."""
    brief_months = Counter(_month(b.date) for b in briefs)
    event_months = Counter(_month(e.date) for e in entries)
    months = set(brief_months) | set(event_months)
    if not months:
        return ""
    first, last = min(months), max(months)
    by_month = (last[0] - first[0]) * 12 + last[1] - first[1] < MONTHS_UP_TO
    if not by_month:
        brief_months = _by_year(briefs, lambda b: b.date)
        event_months = _by_year(entries, lambda e: e.date)
    periods = _periods(first, last, by_month)
    column = (RIGHT - LABEL_WIDTH) / len(periods)
    place = {period: LABEL_WIDTH + i * column for i, period in enumerate(periods)}
    unit = "month" if by_month else "year"
    parts, y = [], TOP
    for noun, counts in (("brief", brief_months), ("event", event_months)):
        base = y + ROW - 4
        most = max(counts.values(), default=0)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{num(y + ROW / 2 + 4)}" '
            f'text-anchor="end">{noun.capitalize()}s</text>'
        )
        parts.append(
            f'<line class="br-baseline" x1="{LABEL_WIDTH}" y1="{num(base)}" x2="{RIGHT}" '
            f'y2="{num(base)}" stroke="currentColor" stroke-opacity="0.4"/>'
        )
        if most:
            parts.append(
                f'<text x="{RIGHT}" y="{num(y + 8)}" text-anchor="end">most in a {unit}: '
                f"{most}</text>"
            )
        for period, count in sorted(counts.items()):
            height = count / most * (ROW - 18)
            x = place[period]
            tip = f"{_words(period)}: {count} {noun}{'s' if count != 1 else ''}"
            parts.append(
                f'<rect class="br-bar br-bar--{noun}" x="{num(x + 0.5)}" y="{num(base - height)}" '
                f'width="{num(max(column - 1, 0.8))}" '
                f'height="{num(height)}"><title>{esc(tip)}</title></rect>'
            )
        y += ROW + GAP
    parts.append(period_labels(periods, place, column, y + 4))
    desc = (
        f"Per {unit} from {_words(periods[0])} to {_words(periods[-1])}: "
        f"{_busiest(brief_months, 'brief')}; "
        f"{_busiest(event_months, 'event')}."
    )
    return frame(ident, title, desc, "\n".join(parts) + "\n", y + 14, linked=False, kind="activity")


def _by_year(items, date_of) -> Counter:
    return Counter((date_of(item).year, None) for item in items)
