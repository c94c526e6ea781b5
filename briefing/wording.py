"""Values put in words: quoted in messages, suggested when mistyped, dates as readers write them,
and counts with their nouns. Shared by the checker's messages and the pages."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import unicodedata
from collections.abc import Iterable

MAX_SHOWN = 60  # characters of a value shown in a message


def _escape(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
        code = ord(char)
        return (
            f"\\x{code:02x}"
            if code < 0x100
            else f"\\u{code:04x}"
            if code < 0x10000
            else f"\\U{code:08x}"
        )
    return char


def clean(text: object) -> str:
    """``text`` with control, format and line-separator characters written as escapes."""
    text = str(text)
    if text.isprintable():  # the common case, one C call
        return text
    return "".join(_escape(char) for char in text)


def shorten(text: object, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def q(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` in single quotes, cleaned, and cut to ``limit`` characters with an ellipsis."""
    return f"'{clean(shorten(text, limit))}'"


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word nearest to ``word``, if any is near enough to be a likely typo."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A suffix for an error message: ``" (did you mean 'x'?)"`` or nothing."""
    match = closest(word, known)
    return f" (did you mean '{match}'?)" if match else ""


@functools.lru_cache(maxsize=8192)  # pages name the same few thousand days again and again
def day(value: dt.date) -> str:
    """A date as readers expect it: ``9 May 2025``."""
    return f"{value.day} {value:%B %Y}"


def whole_month(start: dt.date, end: dt.date | None) -> bool:
    """True for a range from the first to the last day of one month: how a brief records an
    event its source dates only to the month ("September 2024")."""
    return (
        end is not None
        and start.day == 1
        and (start.year, start.month) == (end.year, end.month)
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
