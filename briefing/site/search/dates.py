"""Dates in text as search terms: "9 May 2025", "22–24 October 2024", "30 April – 2 May 2025",
"May 9, 2025", "October 2024", "2024-10-22" all become the days (and months) they name.

A day is indexed three ways: ``@2025-05-09`` (that day), ``@2025-05`` (its month) and ``@05-09``
(that day in any year), so "9 May" finds every brief that says 9 May of any year, "October 2024"
every date in that month, and "23 October 2024" the brief that says "22–24 October 2024".
``search-analysis.js`` reads dates with the same patterns (a test compares the two on the corpus).
Text is normalised first (``analysis.normalise``): lower case, so the month names are too.
"""

from __future__ import annotations

import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MAX_DAYS = 62  # a longer range is indexed by its months only

_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![^\W\d_])\.?"
_DAY = r"(?<![^\W_])([0-9]{1,2})(?:st|nd|rd|th)?(?![^\W_])"
_YEAR = r"(?<![^\W_])([0-9]{4})(?![^\W_])"
_DASH = r"\s*[-\u2012\u2013\u2014\u2015]\s*"
_OPTIONAL_YEAR = rf"(?:,?\s+{_YEAR})?"
_OF = r"(?:of\s+)?"
# One alternation, tried left to right at each place: the longest forms first.
PATTERN = re.compile(
    "|".join(
        [
            r"(?<![^\W_])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![^\W_])",  # 1-3: 2024-10-22
            # 4-8: 30 April – 2 May 2025
            rf"{_DAY}\s+{_OF}{_MONTH}{_DASH}{_DAY}\s+{_OF}{_MONTH}{_OPTIONAL_YEAR}",
            rf"{_DAY}{_DASH}{_DAY}\s+{_OF}{_MONTH}{_OPTIONAL_YEAR}",  # 9-12: 22–24 October 2024
            rf"{_DAY}\s+{_OF}{_MONTH}{_OPTIONAL_YEAR}",  # 13-15: 9 May 2025
            rf"{_MONTH}\s+{_DAY}{_OPTIONAL_YEAR}",  # 16-18: May 9, 2025
            rf"{_MONTH},?\s+{_YEAR}",  # 19-20: October 2024
            r"(?<![^\W_])([0-9]{4})-([0-9]{2})(?![^\W_])",  # 21-22: 2024-10
        ]
    )
)


# A day is (year, month, day), the year None when the text gives none; kept as plain numbers so
# that search-analysis.js can follow these steps exactly.
Day = tuple[int | None, int, int]


def _length(year: int | None, month: int) -> int:
    """Days in a month; a month of no year in particular is as long as it can be (29 February)."""
    if month == 2:
        leap = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _day(year: int | None, month: int, day: int) -> Day | None:
    if year is not None and not 1000 <= year <= 2999:
        return None
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= _length(year, month) else None


def _days(start: Day, end: Day) -> list[Day]:
    """Every day from start to end, both included; none for a range backwards or too long."""
    days = [start]
    while days[-1] != end:
        year, month, day = days[-1]
        if day < _length(year, month):
            days.append((year, month, day + 1))
        elif month < 12:
            days.append((year, month + 1, 1))
        else:
            days.append((None if year is None else year + 1, 1, 1))
        if len(days) > MAX_DAYS:
            return []
    return days


_DIGIT = re.compile(r"\d")
# Where a date can begin: every form of ``PATTERN`` begins with a digit or a month's name. Trying
# the long alternation only there, and not at every character, is what makes this fast (five
# times, on the bench's briefs); the matches are the same as ``PATTERN.finditer``'s.
_START = re.compile("[0-9]|" + "|".join(sorted({name[:3] for name in MONTHS})))


def spans(text: str) -> list[tuple[int, int, list[str]]]:
    """Each date in normalised text: where it is, and the most precise terms that say it
    (every day of a range; a month for "October 2024"), for a query to require."""
    found = []
    end = 0
    for start in _START.finditer(text):
        if start.start() < end:
            continue  # inside the last date (finditer, too, goes on after a match)
        match = PATTERN.match(text, start.start())
        if match is None:
            continue
        end = match.end()
        terms = _terms(match.groups())
        if terms:
            found.append((match.start(), match.end(), terms))
    return found


def _number(text: str | None) -> int | None:
    return int(text) if text else None


def _terms(g: tuple) -> list[str]:
    """The terms of one match of ``PATTERN``, from its groups."""
    if g[0]:  # 2024-10-22
        day = _day(int(g[0]), int(g[1]), int(g[2]))
        return [_say(day)] if day else []
    if g[3]:  # 30 April – 2 May 2025 (a year that ends inside the range begins the year before)
        year, first, last = _number(g[7]), MONTHS[g[4]], MONTHS[g[6]]
        start_year = year - 1 if year is not None and first > last else year
        start, end = _day(start_year, first, int(g[3])), _day(year, last, int(g[5]))
        if start and end and year is None and first > last:
            return [_say(d) for d in _days(start, (None, 12, 31)) + _days((None, 1, 1), end)]
        return [_say(d) for d in _days(start, end)] if start and end else []
    if g[8]:  # 22–24 October 2024
        year, month = _number(g[11]), MONTHS[g[10]]
        start, end = _day(year, month, int(g[8])), _day(year, month, int(g[9]))
        return [_say(d) for d in _days(start, end)] if start and end else []
    if g[12]:  # 9 May 2025
        day = _day(_number(g[14]), MONTHS[g[13]], int(g[12]))
        return [_say(day)] if day else []
    if g[15]:  # May 9, 2025
        day = _day(_number(g[17]), MONTHS[g[15]], int(g[16]))
        return [_say(day)] if day else []
    if g[18]:  # October 2024
        year = int(g[19])
        return [f"@{year:04d}-{MONTHS[g[18]]:02d}"] if 1000 <= year <= 2999 else []
    if g[20]:  # 2024-10
        year, month = int(g[20]), int(g[21])
        return [f"@{year:04d}-{month:02d}"] if 1000 <= year <= 2999 and 1 <= month <= 12 else []
    return []


def _say(day: Day) -> str:
    year, month, number = day
    return f"@{month:02d}-{number:02d}" if year is None else f"@{year:04d}-{month:02d}-{number:02d}"


def index_terms(text: str) -> list[str]:
    """Every date term of normalised text, as the index holds them: each day with its month and
    its day in any year."""
    if not _DIGIT.search(text):
        return []  # every date the pattern reads has a digit; most titles and tags have none
    terms = []
    for _, _, said in spans(text):
        for term in said:
            terms.append(term)
            if len(term) == 11:  # @YYYY-MM-DD
                terms += [term[:8], "@" + term[6:]]
    return terms
