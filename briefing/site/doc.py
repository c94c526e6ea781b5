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
from typing import TypedDict

from ..body.anchors import Anchors
from ..body.tree import Heading as BodyHeading
from .html import esc, front_matter, md

_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# A heading as the body's renderer writes it: its level, anchor and inner HTML.
_BODY_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.S)


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
class Section:
    """A part of a page for search: from one heading to the next, as escaped text without tags
    (the search index decodes it once). The first section has no anchor: it is the page itself."""

    anchor: str | None
    title: str
    text: list[str] = field(default_factory=list)


class TocToken(TypedDict):
    """A heading in the table of contents, as Python-Markdown's ``toc_tokens`` have it (MkDocs'
    ``get_toc`` reads this shape: tests/test_coupling.py holds it to MkDocs' own)."""

    level: int
    id: str
    name: str
    children: list[TocToken]


@dataclass
class Finished:
    """A page made: its HTML, its sections for search, and its table of contents (in the shape
    of Python-Markdown's ``toc_tokens``, which MkDocs' ``get_toc`` reads)."""

    html: str
    sections: list[Section]
    toc_tokens: list[TocToken]
    anchors: set[str] = field(default_factory=set)

    def search_entries(self, url: str, meta: dict) -> list[dict]:
        """The page's entries for the search index, in Material's shape (``location``, ``title``,
        ``text``, ``tags``): what its search plugin would make of the page, without parsing it."""
        search = meta.get("search") or {}
        if search.get("exclude"):
            return []
        tags = [str(tag) for tag in meta.get("tags") or [] if isinstance(tag, (str, int, float))]
        entries = []
        for section in self.sections:
            entry: dict[str, object] = {
                "location": url + ("#" + section.anchor if section.anchor else ""),
                "title": section.title or str(meta.get("title", "")),
                "text": _SPACES.sub(" ", " ".join(section.text)).strip(),
            }
            if "tags" in meta:
                entry["tags"] = list(tags)
            if "boost" in search:
                entry["boost"] = search["boost"]
            entries.append(entry)
        return entries


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
            if (heading or not line.strip()) and paragraph:
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
        sections: list[Section] = []
        flat: list[tuple[int, str, str]] = []
        for part in self.parts:
            if isinstance(part, Heading):
                anchor = anchors.heading(part.text)
                out.append(_heading(part.level, part.text, anchor))
                if part.level == 1 and not sections:
                    sections.append(Section(None, esc(part.text)))
                else:
                    sections.append(Section(anchor, esc(part.text)))
                flat.append((part.level, anchor, esc(part.text)))
            elif isinstance(part, Block):
                out.append(part.html)
                if part.search:
                    _section(sections).text.append(_text(part.html))
            else:
                out.append(f'<div class="br-body">\n{part.html}</div>\n')
                _body_sections(part.html, sections)
                flat.extend((level, anchor, esc(text)) for level, text, anchor in part.headings)
        return Finished("".join(out), sections, _nest(flat), anchors.taken)

    def markdown(self) -> str:
        """The page as Markdown with raw HTML blocks, for engines that run no plugin."""
        out = [front_matter(self.meta)]
        for part in self.parts:
            if isinstance(part, Heading):
                out.append(f"\n{'#' * part.level} {md(part.text)}\n\n")
            else:
                out.append(f'\n<div markdown="0">\n{part.html.strip()}\n</div>\n\n')
        return "".join(out)


def _section(sections: list[Section]) -> Section:
    if not sections:
        sections.append(Section(None, ""))  # text before any heading: the page's own section
    return sections[-1]


def _text(markup: str) -> str:
    """HTML as escaped text: every tag a space, so that fields and cells never run together."""
    return _TAGS.sub(" ", markup)


def _body_sections(markup: str, sections: list[Section]) -> None:
    """A rendered body split at its headings into sections."""
    last = 0
    for heading in _BODY_HEADING.finditer(markup):
        _section(sections).text.append(_text(markup[last : heading.start()]))
        title = _SPACES.sub(" ", _text(_PERMALINK.sub("", heading.group(3)))).strip()
        sections.append(Section(heading.group(2), title))
        last = heading.end()
    _section(sections).text.append(_text(markup[last:]))


def _heading(level: int, text: str, anchor: str) -> str:
    """A heading as MkDocs' own pages have it (Python-Markdown's toc, with a permalink)."""
    return (
        f'<h{level} id="{esc(anchor)}">{esc(text)}'
        f'<a class="headerlink" href="#{esc(anchor)}" title="Permanent '
        f'link">&para;</a></h{level}>\n'
    )


def _nest(flat: list[tuple[int, str, str]]) -> list[TocToken]:
    """Headings in order → nested toc tokens: each under the nearest heading before it of a lower
    level.
    """
    root: list[TocToken] = []
    stack: list[TocToken] = []
    for level, anchor, name in flat:
        token: TocToken = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
