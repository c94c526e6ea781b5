"""The one place generated pages escape values and make links; every template goes through these.

Generated pages are HTML made by the engine (``briefing.site.doc``): values in them are escaped
with ``esc``. The few values that land in Markdown (page titles in front matter, headings in the
pages ``briefing render`` writes) go through ``md``, which writes every Markdown or HTML syntax
character as a numeric character reference.
"""

from __future__ import annotations

import html
import json
import posixpath

from ..wording import day, day_range  # noqa: F401  (the pages' date words)

_SPECIAL = set("&<>\"'`*_[](){}#+-.!|~^=\\:$%@/")
_MD_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_MD_TABLE.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})


def esc(value: object) -> str:
    """Text for HTML content or a double-quoted attribute."""
    return html.escape(str(value), quote=True)


def md(value: object) -> str:
    """Text safe anywhere in Markdown (headings, titles Material prints unescaped), shown as
    written.
    """
    return str(value).translate(_MD_TABLE)


def front_matter(meta: dict) -> str:
    """A page's YAML front matter; JSON is valid YAML, so every value is quoted safely."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def rel(from_uri: str, to_uri: str) -> str:
    """A relative Markdown link target from one page to another, both given as ``src_uri``s."""
    return _relpath(to_uri, posixpath.dirname(from_uri))


class Links:
    """Links between pages as the built site has them, with or without directory URLs.

    Raw HTML is not rewritten by MkDocs, so generated links are computed here the way MkDocs
    computes its own (``briefs/x.md`` → ``briefs/x/`` or ``briefs/x.html``), relative to the
    page's URL. Zensical does rewrite them, as if relative to the page's source file:
    ``from_source`` writes them that way (``briefing render --for zensical``).
    """

    def __init__(self, *, directory_urls: bool = True, from_source: bool = False) -> None:
        self.directory_urls = directory_urls
        self.from_source = from_source

    def url(self, src_uri: str) -> str:
        stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            return folder if self.directory_urls else folder + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def href(self, from_uri: str, to_uri: str, anchor: str = "") -> str:
        there = self.url(to_uri)
        if self.from_source:
            folder = posixpath.dirname(from_uri)
        else:
            here = self.url(from_uri)
            folder = here if here.endswith("/") else posixpath.dirname(here)
        target = _relpath(there.rstrip("/"), folder.rstrip("/"))
        if there.endswith("/") or not there:
            target = "./" if target == "." else target + "/"
        return target + anchor

    def a(self, text: object, from_uri: str, to_uri: str, anchor: str = "") -> str:
        return f'<a href="{esc(self.href(from_uri, to_uri, anchor))}">{esc(text)}</a>'


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths, without its filesystem calls (a hot path)."""
    to = target.split("/") if target else []
    at = start.split("/") if start else []
    common = 0
    while common < len(to) and common < len(at) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def html_list(items: list[str], *, search: bool = True) -> str:
    """A raw HTML list block; ``search=False`` keeps it out of Material's search index (for a
    hand-written page's listings, where ``Doc.html(search=False)`` is not at hand)."""
    exclude = "" if search else ' data-search-exclude="listing"'
    return f"<ul{exclude}>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


def html_table(
    headers: list[str],
    rows: list[list[str]],
    *,
    row_ids: list[str | None] | None = None,
    stacked: bool = False,
) -> str:
    """A raw HTML table block with header cells (``scope="col"``) for screen readers.

    ``row_ids`` give rows anchors (a judgment links to its source's row). A ``stacked`` table is
    read on a phone as one card per row, each cell under its column's name (``data-label``, set
    from the plain-text headers; docs/stylesheets/briefing.css), with no sideways scrolling.
    """
    # Cells on lines of their own: search indexes the text without the tags, and words of
    # neighbouring cells must not run together.
    head = "\n".join(f'<th scope="col">{h}</th>' for h in headers)
    labels = [f' data-label="{esc(h)}"' if stacked else "" for h in headers]
    ids = row_ids or [None] * len(rows)
    body = "".join(
        (f'<tr id="{esc(ident)}">\n' if ident else "<tr>\n")
        + "\n".join(f"<td{label}>{cell}</td>" for label, cell in zip(labels, row, strict=False))
        + "\n</tr>\n"
        for ident, row in zip(ids, rows, strict=False)
    )
    table = f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    return f'<div class="br-stack">\n{table}</div>\n' if stacked else table
