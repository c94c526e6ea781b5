"""Dates in words, as readers expect them; shared by the checker's messages and the pages."""

from __future__ import annotations

import calendar
import datetime as dt


def day(value: dt.date) -> str:
    """A date as readers expect it: ``9 May 2025``."""
    return f"{value.day} {value:%B %Y}"


def whole_month(start: dt.date, end: dt.date | None) -> bool:
    """True for a range from the first to the last day of one month: how a brief records an
    event its source dates only to the month ("September 2024")."""
    return (
        end is not None and start.day == 1 and (start.year, start.month) == (end.year, end.month)
        and end.day == calendar.monthrange(end.year, end.month)[1]
    )


def day_range(start: dt.date, end: dt.date | None) -> str:
    """A date or a range shown as a range: ``7–10 May 2025``, ``30 April – 2 May 2025``;
    a whole month as the month: ``September 2024``."""
    if end is None or end == start:
        return day(start)
    if whole_month(start, end):
        return f"{start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{day(start)} – {day(end)}"
