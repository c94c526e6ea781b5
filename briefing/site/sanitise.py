"""What a brief's Markdown body may put on a page: text and Markdown, never markup or script.

Two walls, because Markdown has many ways to make a tag or an attribute:

- before conversion, ``escape_raw_html`` writes every ``<`` outside code as ``&lt;``, so raw
  HTML in a body shows as text (an ``<https://…>`` autolink stays a link);
- after conversion, ``clean_html`` keeps only the tags and attributes Markdown itself makes,
  and only http(s), relative and ``#`` link targets: ``javascript:``, ``data:`` and the like
  lose their ``href``/``src``, and ``{: onclick=… }`` attribute lists lose their attribute.

Only generated pages go through here: hand-written pages in ``docs/`` are reviewed code.
"""

from __future__ import annotations

import html
import re

from ..body.links import Spans, code_spans

_AUTOLINK = re.compile(r"<https?://[^\s<>]+>", re.IGNORECASE)

# What Python-Markdown and the site's extensions produce (toc, tables, admonition, details,
# def_list, abbr, superfences, tilde), and nothing else.
TAGS = frozenset(
    "a abbr blockquote br code dd del details div dl dt em h1 h2 h3 h4 h5 h6 hr img ins li mark "
    "ol p pre span strong sub summary sup table tbody td tfoot th thead tr ul".split()
)
ATTRIBUTES = frozenset(
    "id class href title alt src open start colspan rowspan align scope style".split()
)
_URL_ATTRIBUTES = frozenset(("href", "src"))
_STYLE = re.compile(r"text-align: (?:left|right|center);?")  # what the tables extension writes
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# A tag as Python-Markdown serialises it (attributes always double-quoted), or any other "<".
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/\"']+(?:=\"[^\"]*\")?)*)\s*(/?)>|<")
_ATTRIBUTE = re.compile(r"\s+([^\s=>/\"']+)(?:=\"([^\"]*)\")?")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these before reading a scheme


def escape_raw_html(body: str) -> str:
    """The body with each ``<`` outside code written as ``&lt;`` (http(s) autolinks kept)."""
    if "<" not in body:
        return body
    code = Spans(code_spans(body))
    parts, last = [], 0
    at = body.find("<")
    while at != -1:
        autolink = _AUTOLINK.match(body, at)
        if autolink is not None:
            at = body.find("<", autolink.end())
            continue
        if at not in code:
            parts += [body[last:at], "&lt;"]
            last = at + 1
        at = body.find("<", at + 1)
    parts.append(body[last:])
    return "".join(parts)


def safe_url(value: str) -> bool:
    """Whether a link target may stay: http(s), or relative (a path, ``?query`` or ``#anchor``)."""
    url = _IGNORED_IN_URLS.sub("", html.unescape(value)).lower()
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1) in ("http", "https")


def _attribute(name: str, value: str | None) -> str:
    name = name.lower()
    if name not in ATTRIBUTES or value is None:
        return ""
    if name in _URL_ATTRIBUTES and not safe_url(value):
        return ""
    if name == "style" and not _STYLE.fullmatch(value):
        return ""
    if name == "id" and value.startswith("__"):
        return ""  # Material's own controls use ids like __search and __drawer
    return f' {name}="{value}"'


def _tag(match: re.Match) -> str:
    closing, name, attributes, self_closing = match.groups()
    if name is None:
        return "&lt;"  # not a tag Markdown wrote: shown as text
    if name.lower() not in TAGS:
        return html.escape(match.group(0), quote=False)
    kept = (
        "".join(_attribute(n, v) for n, v in _ATTRIBUTE.findall(attributes)) if attributes else ""
    )
    return f"<{closing}{name}{kept}{' /' if self_closing else ''}>"


def clean_html(text: str) -> str:
    """Converted Markdown with only Markdown's own tags, safe attributes and safe link targets."""
    return _TAG.sub(_tag, text)
