"""The one place generated pages escape values and make links; every template goes through these.

Generated parts of pages are raw HTML blocks, which Markdown passes through untouched (cheap to
build at 10,000 briefs, and no Markdown syntax can sneak in): values in them are escaped with
``esc``. The few values that land in Markdown itself (headings, page titles) go through ``md``,
which writes every Markdown or HTML syntax character as a numeric character reference.
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
    """Text safe anywhere in Markdown (headings, titles Material prints unescaped), shown as written."""
    return str(value).translate(_MD_TABLE)


class Doc:
    """A generated page being written: Markdown, with raw HTML blocks kept aside.

    Python-Markdown parses raw HTML tag by tag, which costs as much as the brief itself. So each
    HTML block stands in the Markdown as a one-word paragraph (a token), and the adapter puts the
    HTML in its place after conversion. ``inline()`` gives plain Markdown for engines without hooks.
    """

    def __init__(self, meta: dict | None = None) -> None:
        self.meta = meta or {}
        self.parts: list[str] = [front_matter(meta)] if meta is not None else []
        self.blocks: list[str] = []
        self.searchable: list[bool] = []

    def md(self, text: str) -> "Doc":
        self.parts.append(text)
        return self

    def html(self, block: str, *, search: bool = True) -> "Doc":
        """Add an HTML block; ``search=False`` keeps it out of the search index (and its cost)."""
        if block:
            self.parts.append(f"\n\n{block_token(len(self.blocks))}\n\n")
            self.blocks.append(block)
            self.searchable.append(search)
        return self

    def markdown(self) -> str:
        return "".join(self.parts)


def block_token(index: int) -> str:
    return f"BRIEFINGBLOCK{index}X"


def fill_blocks(html_text: str, doc: Doc) -> str:
    """After Markdown: put each searchable block in place, and leave a comment for the others."""
    for index, block in enumerate(doc.blocks):
        token = block_token(index)
        html_text = html_text.replace(
            f"<p>{token}</p>", block if doc.searchable[index] else f"<!--{token}-->", 1
        )
    return html_text


def fill_unsearched_blocks(output: str, doc: Doc) -> str:
    """After the search index is made (the page's final HTML): put the other blocks in place."""
    for index, block in enumerate(doc.blocks):
        if not doc.searchable[index]:
            output = output.replace(f"<!--{block_token(index)}-->", block, 1)
    return output


def inline_blocks(markdown_text: str, blocks: list[str]) -> str:
    """The same page as plain Markdown with raw HTML blocks, for engines that run no hooks."""
    for index, block in enumerate(blocks):
        markdown_text = markdown_text.replace(block_token(index), block.strip(), 1)
    return markdown_text


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
    computes its own (``briefs/x.md`` → ``briefs/x/`` or ``briefs/x.html``).
    """

    def __init__(self, *, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls

    def url(self, src_uri: str) -> str:
        stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            return folder if self.directory_urls else folder + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def href(self, from_uri: str, to_uri: str, anchor: str = "") -> str:
        here, there = self.url(from_uri), self.url(to_uri)
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


def html_list(items: list[str]) -> str:
    """A raw HTML list block."""
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


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
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    labels = [f' data-label="{esc(h)}"' if stacked else "" for h in headers]
    ids = row_ids or [None] * len(rows)
    body = "".join(
        (f'<tr id="{esc(ident)}">' if ident else "<tr>")
        + "".join(f"<td{label}>{cell}</td>" for label, cell in zip(labels, row))
        + "</tr>\n"
        for ident, row in zip(ids, rows)
    )
    table = f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    return f'<div class="br-stack">\n{table}</div>\n' if stacked else table
