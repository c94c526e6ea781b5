"""A generated page being written, and the one way it becomes HTML.

Pages are written as a list of parts: headings (which get anchors and make the table of
contents), HTML blocks (escaped by their makers with ``briefing.site.html.esc``; ``search=False``
keeps a block out of the page's search entry, e.g. lists of other briefs), and brief bodies
(``briefing.site.body``), whose headings keep the anchors the checker knows. ``finish`` gives the
page's HTML, the HTML its search entry is made from, and its table of contents: the same for
every generated page, in the main process or in a worker, with no Markdown converter between.
``markdown`` gives the same page as Markdown with raw HTML, for ``briefing render``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..body.anchors import Anchors
from ..body.tree import Heading as BodyHeading
from .html import esc, front_matter, md

_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Block:
    html: str
    search: bool = True


@dataclass(frozen=True)
class Body:
    """A brief's body, rendered; its headings (already anchored) go into the table of contents."""

    html: str
    headings: tuple[tuple[int, str, str], ...]  # (level on the page, text, anchor)


@dataclass
class Finished:
    """A page made: its HTML, the HTML its search entry is made from, and its table of contents
    (in the shape of Python-Markdown's ``toc_tokens``, which MkDocs' ``get_toc`` reads)."""

    html: str
    searched: str
    toc_tokens: list[dict]
    anchors: set[str] = field(default_factory=set)


class Doc:
    """A generated page: front matter (``meta``) and parts, in order."""

    def __init__(self, meta: dict | None = None) -> None:
        self.meta = meta or {}
        self.parts: list[Heading | Block | Body] = []

    def heading(self, level: int, text: str) -> Doc:
        self.parts.append(Heading(level, text))
        return self

    def html(self, block: str, *, search: bool = True) -> Doc:
        """Add an HTML block; ``search=False`` keeps it out of the search index (and its cost)."""
        if block:
            self.parts.append(Block(block, search))
        return self

    def body(
        self, markup: str, headings: list[BodyHeading], *, shift: int = 0, prefix: str = ""
    ) -> Doc:
        self.parts.append(
            Body(
                markup,
                tuple((min(6, h.level + shift), h.text, prefix + h.anchor) for h in headings),
            )
        )
        return self

    def md(self, text: str) -> Doc:
        """Headings written as Markdown (``"## Events"``, values through ``html.md``), and plain
        lines as paragraphs: the little Markdown generated pages use, read without a converter."""
        paragraph: list[str] = []
        for line in text.split("\n"):
            heading = _HEADING_LINE.match(line)
            if heading or not line.strip():
                if paragraph:
                    self.html(f"<p>{esc(' '.join(paragraph))}</p>\n")
                    paragraph = []
            if heading:
                self.heading(len(heading.group(1)), html.unescape(heading.group(2)))
            elif line.strip():
                paragraph.append(html.unescape(line.strip()))
        if paragraph:
            self.html(f"<p>{esc(' '.join(paragraph))}</p>\n")
        return self

    @property
    def blocks(self) -> list[str]:
        return [part.html for part in self.parts if isinstance(part, Block)]

    def finish(self) -> Finished:
        # A body's anchors come first, so they are what the checker computed from the body alone.
        taken = {
            anchor
            for part in self.parts
            if isinstance(part, Body)
            for _, _, anchor in part.headings
        }
        anchors = Anchors(taken)
        out: list[str] = []
        searched: list[str] = []
        flat: list[tuple[int, str, str]] = []
        for part in self.parts:
            if isinstance(part, Heading):
                anchor = anchors.heading(part.text)
                markup = _heading(part.level, part.text, anchor)
                out.append(markup)
                searched.append(markup)
                flat.append((part.level, anchor, esc(part.text)))
            elif isinstance(part, Block):
                out.append(part.html)
                if part.search:
                    searched.append(part.html)
            else:
                markup = f'<div class="br-body">\n{part.html}</div>\n'
                out.append(markup)
                searched.append(markup)
                flat.extend((level, anchor, esc(text)) for level, text, anchor in part.headings)
        return Finished("".join(out), "".join(searched), _nest(flat), anchors.taken)

    def markdown(self) -> str:
        """The page as Markdown with raw HTML blocks, for engines that run no plugin."""
        out = [front_matter(self.meta)]
        for part in self.parts:
            if isinstance(part, Heading):
                out.append(f"\n{'#' * part.level} {md(part.text)}\n\n")
            else:
                out.append(f'\n<div markdown="0">\n{part.html.strip()}\n</div>\n\n')
        return "".join(out)


def _heading(level: int, text: str, anchor: str) -> str:
    """A heading as MkDocs' own pages have it (Python-Markdown's toc, with a permalink)."""
    return (
        f'<h{level} id="{esc(anchor)}">{esc(text)}'
        f'<a class="headerlink" href="#{esc(anchor)}" title="Permanent link">&para;</a></h{level}>\n'
    )


def _nest(flat: list[tuple[int, str, str]]) -> list[dict]:
    """Headings in order → nested toc tokens: each under the nearest heading before it of a lower level."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, name in flat:
        token = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
