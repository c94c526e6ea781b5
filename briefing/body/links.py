"""Find Markdown links in a brief's body, outside code, with their lines.

Links between briefs are ordinary relative links to the other brief's file; this module finds
them once so that the checker (missing targets), the catalog (backlinks) and the pages
(rewriting to the target's URL) all agree on what a link is.
"""

from __future__ import annotations

import bisect
import itertools
import posixpath
import re
from dataclasses import dataclass

_FENCE_LINE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_INDENTED = re.compile(r"^(?:    |\t)[^\n]*\S[^\n]*$", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
# After "](": where a bare target stops, where an <angle> target stops, and an optional "title" then ")".
_BARE_STOP = re.compile(r"[)\s]")
_ANGLE_STOP = re.compile(r"[>\n]")
_TITLE_CLOSE = re.compile(r"\s+\"[^\"\n]*\"\)")


@dataclass(frozen=True)
class Link:
    """A Markdown link in a body: its 0-based offsets, its file line and its target."""

    start: int
    end: int
    line: int
    text: str
    target: str

    @property
    def path(self) -> str:
        """The target without its ``#anchor`` or ``?query``."""
        return re.split(r"[#?]", self.target, maxsplit=1)[0]

    @property
    def anchor(self) -> str:
        return self.target[len(self.path) :]

    @property
    def is_local_markdown(self) -> bool:
        return (
            "://" not in self.target
            and not self.target.startswith(("mailto:", "/"))
            and self.path.endswith(".md")
        )


def code_spans(body: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks, indented code lines and inline code, where links are not links."""
    spans = (
        [m.span() for m in _INDENTED.finditer(body)]
        if "\n    " in body or "\n\t" in body or body.startswith(("    ", "\t"))
        else []
    )
    if "```" in body or "~~~" in body:
        open_at, mark = None, ""
        for match in _FENCE_LINE.finditer(body):
            fence = match.group(2)
            if open_at is None:
                if len(match.group(1).expandtabs()) <= 3:
                    open_at, mark = match.start(), fence
            elif fence[0] == mark[0] and len(fence) >= len(mark):
                spans.append((open_at, match.end()))
                open_at = None
        if open_at is not None:
            spans.append((open_at, len(body)))
    if "`" in body:
        spans.extend(inline_code(body))
    return sorted(spans)


def inline_code(body: str) -> list[tuple[int, int]]:
    """Inline code spans: a run of backticks up to the next run of the same length on the same line.

    One pass over the runs (a regex with a backreference took minutes on a line of backticks).
    """
    spans = []
    waiting: dict[int, int] = {}  # run length -> start of the open run of that length on this line
    scanned = 0
    for run in _BACKTICKS.finditer(body):
        if body.find("\n", scanned, run.start()) != -1:
            waiting.clear()
        scanned = run.end()
        size = run.end() - run.start()
        if size in waiting:
            spans.append((waiting.pop(size), run.end()))
            waiting.clear()  # runs inside a code span open nothing
        else:
            waiting[size] = run.start()
    return spans


class Spans:
    """Sorted, possibly overlapping ``(start, end)`` spans, asked "is this offset inside one?" in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.reach = list(
            itertools.accumulate((end for _, end in spans), max)
        )  # furthest end so far

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and self.reach[index] > position


def _target(body: str, at: int, stops: dict) -> tuple[str, int] | None:
    """The link target starting at ``at`` (just after "](") and the offset after its ")", or None.

    Where a target stops is searched once and reused by every later "](" before that point, so a
    line of thousands of "](" costs one pass, not one pass each.
    """
    if body.startswith("<", at):
        stop = _stop(body, at + 1, _ANGLE_STOP, stops, "angle")
        if stop < len(body) and body[stop] == ">":
            end = _close(body, stop + 1)
            if end is not None:
                return body[at : stop + 1].strip("<>"), end
    stop = _stop(body, at, _BARE_STOP, stops, "bare")
    end = _close(body, stop) if stop > at else None
    return (body[at:stop].strip("<>"), end) if end is not None else None


def _stop(body: str, start: int, pattern: re.Pattern, stops: dict, kind: str) -> int:
    stop = stops.get(kind)
    if stop is None or stop < start:
        found = pattern.search(body, start)
        stop = stops[kind] = found.start() if found else len(body)
    return stop


def _close(body: str, after: int) -> int | None:
    """The end of the link, if a ")" (perhaps after a "title") follows the target."""
    if body.startswith(")", after):
        return after + 1
    title = _TITLE_CLOSE.match(body, after)
    return title.end() if title else None


def find_links(body: str, *, first_line: int = 1) -> list[Link]:
    """Every inline link in ``body`` outside code; lines count from ``first_line``.

    Linear in the body: each "](" is paired with the nearest "[" before it on its line, and the
    positions of the last "[", "]" and newline are carried forward rather than searched back for.
    """
    if "](" not in body:
        return []
    spans: Spans | None = None
    links = []
    line, counted = first_line, 0
    scanned, line_start, last_open, last_close = 0, 0, -1, -1
    stops: dict = {}
    close = body.find("](")
    # Found from each "](" (a literal search), not by a regex scanning every "[": this runs on every brief.
    while close != -1:
        newline = body.rfind("\n", scanned, close)
        if newline != -1:
            line_start = newline + 1
        found = body.rfind("[", max(scanned, line_start), close)
        if found != -1:
            last_open = found
        found = body.rfind("]", scanned, close)
        if found != -1:
            last_close = found
        scanned = close
        start = last_open if last_open >= line_start and last_open > last_close else -1
        target = _target(body, close + 2, stops) if start != -1 else None
        if target is not None and not (start and body[start - 1] == "!"):
            spans = Spans(code_spans(body)) if spans is None else spans
            if start not in spans:
                line += body.count("\n", counted, start)
                counted = start
                links.append(Link(start, target[1], line, body[start + 1 : close], target[0]))
        last_close = close  # this "](" closes any "[" before it
        close = body.find("](", close + 2)
    return links


def resolve(from_path: str, target: str) -> str:
    """The path a relative link points at, from the folder of ``from_path`` (POSIX paths)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))
