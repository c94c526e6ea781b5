"""Find Markdown links in a brief's body, outside code, with their lines.

Links between briefs are ordinary relative links to the other brief's file; this module finds
them once so that the checker (missing targets), the catalog (backlinks) and the pages
(rewriting to the target's URL) all agree on what a link is.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_FENCE_LINE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_INDENTED = re.compile(r"^(?:    |\t)[^\n]*\S[^\n]*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
# [text](target "title") — targets without spaces, or in <angle brackets>
# The part after "](": target (bare or in <angle brackets>), an optional "title", and ")".
_TARGET = re.compile(r"(?P<target><[^>\n]*>|[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)")


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
        return self.target[len(self.path):]

    @property
    def is_local_markdown(self) -> bool:
        return "://" not in self.target and not self.target.startswith(("mailto:", "/")) and self.path.endswith(".md")


def code_spans(body: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks, indented code lines and inline code, where links are not links."""
    spans = [m.span() for m in _INDENTED.finditer(body)] if "\n    " in body or "\n\t" in body or body.startswith(("    ", "\t")) else []
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
        spans.extend(m.span() for m in _INLINE_CODE.finditer(body))
    return sorted(spans)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def find_links(body: str, *, first_line: int = 1) -> list[Link]:
    """Every inline link in ``body`` outside code; lines count from ``first_line``."""
    if "](" not in body:
        return []
    spans = None
    links = []
    line, counted = first_line, 0
    close = body.find("](")
    # Found from each "](" backwards (a literal search), not by a regex scanning every "[": this runs on every brief.
    while close != -1:
        start = body.rfind("[", body.rfind("\n", 0, close) + 1, close)
        target = _TARGET.match(body, close + 2) if start != -1 else None
        if target is not None and "]" not in body[start + 1:close] and not (start and body[start - 1] == "!"):
            spans = code_spans(body) if spans is None else spans
            if not _inside(start, spans):
                line += body.count("\n", counted, start)
                counted = start
                links.append(Link(start, target.end(), line, body[start + 1:close], target.group("target").strip("<>")))
        close = body.find("](", close + 2)
    return links


def resolve(from_path: str, target: str) -> str:
    """The path a relative link points at, from the folder of ``from_path`` (POSIX paths)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))
