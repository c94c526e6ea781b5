"""The one place generated pages escape values: every template goes through these helpers.

Front-matter and registry values are text, never markup. Writing each character that means
something to Markdown or HTML as a numeric character reference keeps it text in every
context we emit into: Markdown inline text, table cells, admonition titles, HTML attributes,
and page titles that Material's templates print unescaped.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath

# Markdown and HTML syntax characters, plus ':' so that no text can become an autolink scheme.
_SPECIAL = set('&<>"\'`*_[](){}#+-.!|~^=\\:$%@/')
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_TABLE.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})


def esc(value: object) -> str:
    """Text safe to place anywhere in generated Markdown or HTML, shown exactly as written."""
    return str(value).translate(_TABLE)


def attr(value: object) -> str:
    """Text for a double-quoted HTML attribute."""
    return esc(value)


def front_matter(meta: dict) -> str:
    """A page's YAML front matter; JSON is valid YAML, so every value is quoted safely."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def rel(from_uri: str, to_uri: str) -> str:
    """A relative link from one generated page to another, both given as ``src_uri``s."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def link(text: object, from_uri: str, to_uri: str, anchor: str = "") -> str:
    return f"[{esc(text)}]({rel(from_uri, to_uri)}{anchor})"


def day(value: dt.date) -> str:
    """A date as readers expect it: ``9 May 2025``."""
    return f"{value.day} {value:%B %Y}"


def day_range(start: dt.date, end: dt.date | None) -> str:
    """A date or a range shown as a range: ``7–10 May 2025``, ``30 Apr – 2 May 2025``."""
    if end is None or end == start:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{day(start)} – {day(end)}"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
