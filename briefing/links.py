"""Find Markdown links in a brief's body, outside code, with their lines.

Links between briefs are ordinary relative links to the other brief's file; this module finds
them once so that the checker (missing targets), the catalog (backlinks) and the pages
(rewriting to the target's URL) all agree on what a link is.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
# [text](target "title") — targets without spaces, or in <angle brackets>
_LINK = re.compile(r"(?<!\!)\[(?P<text>[^\]\n]*)\]\((?P<target><[^>\n]*>|[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)")


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
    """Offsets of fenced code blocks and inline code, where links are not links."""
    spans = []
    offset = 0
    fence_start = None
    fence_mark = ""
    for line in body.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence_start is None and match:
            fence_start, fence_mark = offset, match.group(1)
        elif fence_start is not None and line.strip().startswith(fence_mark[0] * len(fence_mark)):
            spans.append((fence_start, offset + len(line)))
            fence_start = None
        elif fence_start is None and line.startswith(("    ", "\t")) and line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line)
    if fence_start is not None:
        spans.append((fence_start, len(body)))
    spans.extend(m.span() for m in _INLINE_CODE.finditer(body))
    return sorted(spans)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def find_links(body: str, *, first_line: int = 1) -> list[Link]:
    """Every inline link in ``body`` outside code; lines count from ``first_line``."""
    if "](" not in body:
        return []
    spans = code_spans(body)
    links = []
    for match in _LINK.finditer(body):
        if _inside(match.start(), spans):
            continue
        target = match.group("target").strip("<>")
        line = first_line + body.count("\n", 0, match.start())
        links.append(Link(match.start(), match.end(), line, match.group("text"), target))
    return links


def resolve(from_path: str, target: str) -> str:
    """The path a relative link points at, from the folder of ``from_path`` (POSIX paths)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))
