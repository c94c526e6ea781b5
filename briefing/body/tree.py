"""A brief's Markdown body, parsed once into a tree that keeps source lines.

The body dialect is CommonMark with GitHub's tables, strikethrough and footnotes: what the pull
request shows the analyst is what the site shows the reader. Raw HTML is off at the parser, so a
``<tag>`` in a body is text, never markup. markdown-it-py gives every block token its line range
and runs in bounded time on pathological input.

Everything the checker knows about a body (links and their lines, images, headings and their
anchors, limits) and the HTML the site shows (``briefing.site.body``) come from this one tree;
nothing else guesses what the renderer will do.
"""

from __future__ import annotations

import functools
import posixpath
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .anchors import Anchors

MAX_BODY = 100_000  # characters: a long brief is 30,000 (5,000 words)
# Block tokens nested deeper than this (lists in lists, block quotes in block quotes) are refused:
# the parser stops at its nesting limit, and the rest of the body would silently not show.
MAX_DEPTH = 32
_PARSER_NESTING = MAX_DEPTH + 2  # the parser's limit: reaching it puts a token past MAX_DEPTH
_PATH_END = re.compile(r"[#?]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


@functools.cache
def parser() -> MarkdownIt:
    """The one Markdown parser of brief bodies (made once per process; parsing never changes it)."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": _PARSER_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin, inline=False)
    # Every link is a link to the parser, whatever its scheme, so that the checker sees a
    # `javascript:` link and refuses it on its line (the page would drop its address anyway).
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's own hook
    return md


@dataclass(frozen=True)
class Link:
    """A link (or image) in a body: its file line, its words and its destination as written."""

    line: int
    text: str
    target: str

    # Read off the destination once (checking 10,000 briefs asks them 60,000 times).
    @functools.cached_property
    def path(self) -> str:
        """The destination without its ``#anchor`` or ``?query``, percent-escapes decoded."""
        return urllib.parse.unquote(_PATH_END.split(self.target, maxsplit=1)[0])

    @functools.cached_property
    def anchor(self) -> str:
        """The ``#anchor`` part, without the ``#``, decoded ('' for none)."""
        _, hash_, fragment = self.target.partition("#")
        return urllib.parse.unquote(fragment) if hash_ else ""

    @functools.cached_property
    def scheme(self) -> str | None:
        """``http``, ``mailto``, ``javascript`` …; None for a relative link."""
        match = _SCHEME.match(self.target)
        return match.group(1).lower() if match else None

    @property
    def is_local(self) -> bool:
        """A relative link: to another file (a brief, one hopes) or to an anchor on the page."""
        return self.scheme is None and not self.target.startswith("//")


@dataclass(frozen=True)
class Heading:
    """A heading of the body: its line, level (1–6), text and the anchor it gets on the page."""

    line: int
    level: int
    text: str
    anchor: str


@dataclass
class Body:
    """A parsed body: its facts for the checker, and its tokens for the page.

    The tokens are kept in memory only: the brief cache stores the facts, and a body loaded from
    the cache is parsed (once) when a page first needs its tokens.
    """

    text: str
    first_line: int
    links: list[Link] = field(default_factory=list)
    images: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    # (file line, message) for each limit the body goes past: the brief is refused.
    problems: list[tuple[int, str]] = field(default_factory=list)
    _tokens: list[Token] | None = field(default=None, repr=False, compare=False)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = _tokens(self.text) if not self.problems else []
        return self._tokens

    @property
    def anchors(self) -> set[str]:
        return {heading.anchor for heading in self.headings}

    def facts(self) -> tuple:
        """What the catalog reads of a body: its links, images and headings, without their lines
        (a paragraph added above them moves them, and changes nothing else)."""
        return (
            [(link.text, link.target) for link in self.links],
            [(image.text, image.target) for image in self.images],
            [(h.level, h.text, h.anchor) for h in self.headings],
        )

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_tokens"] = None
        return state

    def prose(self) -> Iterator[tuple[int, int, Token]]:
        """``(block index, child index, text token)`` of the body's running text: outside code,
        links, images and headings. Where an actor can be named (hints) and linked (pages)."""
        in_heading = False
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open":
                in_heading = True
            elif token.type == "heading_close":
                in_heading = False
            elif token.type == "inline" and not in_heading and token.children:
                depth = 0
                for child_index, child in enumerate(token.children):
                    if child.type == "link_open":
                        depth += 1
                    elif child.type == "link_close":
                        depth -= 1
                    elif child.type == "text" and depth == 0:
                        yield index, child_index, child

    def line_of(self, block_index: int, child_index: int | None = None) -> int:
        """The file line of a block token, or of a child of an inline token (counting its line
        breaks).
        """
        token = self.tokens[block_index]
        line = self.first_line + (token.map[0] if token.map else 0)
        if child_index is not None and token.children:
            line += sum(
                child.type in ("softbreak", "hardbreak") for child in token.children[:child_index]
            )
        return line


def _tokens(text: str) -> list[Token]:
    return parser().parse(text, {})


def parse_body(text: str, first_line: int = 1) -> Body:
    """Parse a body whose first line is line ``first_line`` of its file; collect its facts."""
    body = Body(text, first_line)
    if len(text) > MAX_BODY:
        message = (
            f"the body is {len(text):,} characters long; the limit is {MAX_BODY:,}: split the brief"
        )
        crossed = first_line + text.count("\n", 0, MAX_BODY)  # the line where the limit is passed
        body.problems.append((crossed, message))
        return body
    body._tokens = _tokens(text)
    anchors = Anchors()
    deepest: int | None = None
    for index, token in enumerate(body._tokens):
        if token.level > MAX_DEPTH and deepest is None:
            deepest = index
        if token.type == "heading_open":
            words = _plain(body._tokens[index + 1])
            level = int(token.tag[1])
            body.headings.append(Heading(body.line_of(index), level, words, anchors.heading(words)))
        elif token.type == "inline" and token.children:
            _collect_links(body, index, token)
    if deepest is not None:
        message = (
            f"lists and block quotes are nested more than {MAX_DEPTH} levels deep here (each list, "
            "each list item and each block quote is a level); the rest of the body would not show"
        )
        body.problems.append((body.line_of(deepest), message))
    return body


def _collect_links(body: Body, index: int, token: Token) -> None:
    children = token.children or []
    for child_index, child in enumerate(children):
        if child.type == "link_open":
            words = _plain_until(children, child_index + 1, "link_close")
            link = Link(body.line_of(index, child_index), words, str(child.attrs.get("href", "")))
            body.links.append(link)
        elif child.type == "image":
            alt = _plain_children(child.children or [])
            body.images.append(
                Link(body.line_of(index, child_index), alt, str(child.attrs.get("src", "")))
            )


def _plain(inline: Token) -> str:
    return _plain_children(inline.children or [])


def _plain_children(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_children(child.children or []))
    return "".join(parts)


def _plain_until(children: list[Token], start: int, closing: str) -> str:
    depth, end = 1, start
    while end < len(children):
        kind = children[end].type
        depth += kind == closing.replace("_close", "_open")
        depth -= kind == closing
        if depth == 0:
            break
        end += 1
    return _plain_children(children[start:end])


def file_links(body: Body, from_path: str) -> Iterator[tuple[Link, str]]:
    """The body's relative links to files (not to an anchor of the page), with the path each
    resolves to from the brief at ``from_path``: links to other briefs, one hopes."""
    for link in body.links:
        if link.is_local and link.path:
            yield link, resolve(from_path, link.path)


def resolve(from_path: str, target: str) -> str:
    """The path a relative link points at, from the folder of ``from_path`` (POSIX paths)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))
