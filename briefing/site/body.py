"""A brief's body on a page: the one path from the parsed tree (``briefing.body.tree``) to HTML.

``body_html`` renders the tree with the links rewritten to the site's pages, the first mention of
each of the brief's actors linked to the actor's page, and the headings given their anchors;
then an allow-list sanitiser (nh3) keeps only the tags and attributes a Markdown body can make,
a second wall behind the parser's own (raw HTML is off there). Brief pages, briefing books and
``briefing render`` all call it, in the main process or in a worker.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import nh3
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..body.mentions import Mention
from ..body.tree import Link, parser, resolve
from ..catalog import Catalog
from ..check.links import SCHEMES
from ..model import Brief
from . import uris
from .html import Links, esc

# What a Markdown body makes (CommonMark, tables, strikethrough, footnotes), and nothing else.
TAGS = frozenset(
    [
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "section",
        "strong",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}
CLASSES = {
    "a": {"headerlink", "footnote-backref"},
    "sup": {"footnote-ref"},
    "hr": {"footnotes-sep"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
}


# How a page gets a body's HTML: ``body_html`` itself, or a build's kept copy of what it made.
Bodies = Callable[..., str]


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        filter_style_properties={"text-align"},  # a table column's alignment, nothing else
        url_schemes=set(SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_no_other_host,
    )


def _no_other_host(element: str, attribute: str, value: str) -> str | None:
    """Drop a protocol-relative address (``//host/…``; browsers read ``\\`` as ``/``): nh3 takes it
    for a relative one, but it names another host."""
    if attribute == "href" and re.match(r"\s*[/\\]{2}", value):
        return None
    return value


def sanitise(markup: str) -> str:
    """Only a Markdown body's own tags, attributes and link schemes (``http``, ``https``,
    ``mailto``).
    """
    return _cleaner().clean(markup)


@dataclass
class _Job:
    """What one rendering of one body needs: kept in the renderer's ``env``, made per call."""

    brief: Brief
    catalog: Catalog
    links: Links
    here: str
    shift: int
    prefix: str
    mentions: dict[tuple[int, int], list[Mention]]
    block: int = 0
    headings: int = 0
    dropped: list[bool] = field(default_factory=list)  # per open link: shown as its words only


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with the site's links, anchors and actor mentions."""

    def render(self, tokens: Sequence[Token], options, env) -> str:
        job: _Job = env["briefing"]
        out = []
        for index, token in enumerate(tokens):
            job.block = index
            if token.type == "inline":
                out.append(self.renderInline(token.children or [], options, env))
            elif token.type in self.rules:
                out.append(self.rules[token.type](tokens, index, options, env))
            else:
                out.append(self.renderToken(tokens, index, options, env))
        return "".join(out)

    def heading_open(self, tokens, idx, options, env) -> str:
        job: _Job = env["briefing"]
        level = min(6, int(tokens[idx].tag[1]) + job.shift)
        anchor = job.prefix + job.brief.body.headings[job.headings].anchor
        return f'<h{level} id="{esc(anchor)}">'

    def heading_close(self, tokens, idx, options, env) -> str:
        job: _Job = env["briefing"]
        level = min(6, int(tokens[idx].tag[1]) + job.shift)
        anchor = job.prefix + job.brief.body.headings[job.headings].anchor
        job.headings += 1
        return (
            f'<a class="headerlink" href="#{esc(anchor)}" title="Permanent '
            f'link">&para;</a></h{level}>\n'
        )

    def link_open(self, tokens, idx, options, env) -> str:
        job: _Job = env["briefing"]
        token = tokens[idx]
        href = _href(job, str(token.attrs.get("href", "")))
        job.dropped.append(href is None)
        if href is None:
            return ""
        title = token.attrs.get("title")
        return f'<a href="{esc(href)}"' + (f' title="{esc(title)}"' if title else "") + ">"

    def link_close(self, tokens, idx, options, env) -> str:
        job: _Job = env["briefing"]
        return "" if job.dropped.pop() else "</a>"

    def image(self, tokens, idx, options, env) -> str:
        # The checker refuses images; a draft or a non-strict build shows the words alone.
        return esc(tokens[idx].content)

    def text(self, tokens, idx, options, env) -> str:
        job: _Job = env["briefing"]
        content = tokens[idx].content
        mentions = job.mentions.get((job.block, idx))
        if not mentions:
            return esc(content)
        out, last = [], 0
        for mention in mentions:
            href = job.links.href(job.here, uris.actor(mention.actor_id))
            out.append(esc(content[last : mention.start]))
            out.append(f'<a href="{esc(href)}">{esc(content[mention.start : mention.end])}</a>')
            last = mention.end
        out.append(esc(content[last:]))
        return "".join(out)

    def fence(self, tokens, idx, options, env) -> str:
        return f"<pre><code>{esc(tokens[idx].content)}</code></pre>\n"

    def code_block(self, tokens, idx, options, env) -> str:
        return f"<pre><code>{esc(tokens[idx].content)}</code></pre>\n"


@functools.cache
def _renderer() -> _Renderer:
    renderer = _Renderer()
    # The footnote plugin's own render rules, with the ids it makes from ``env["docId"]``.
    theirs = parser().renderer
    assert isinstance(theirs, RendererHTML)  # markdown-it's own, typed as its protocol
    for name, rule in theirs.rules.items():
        if name.startswith("footnote"):
            renderer.rules[name] = rule.__func__.__get__(renderer)
    return renderer


def _href(job: _Job, target: str) -> str | None:
    """The address a body link has on the site, or None to show its words only."""
    link = Link(0, "", target)
    if target.startswith("//"):
        return None
    if not link.is_local:
        return target if link.scheme in SCHEMES else None
    if not link.path:
        return "#" + job.prefix + link.anchor if link.anchor else target
    if link.path.startswith("/"):
        return None
    other = job.catalog.by_path.get(resolve(job.brief.path, link.path))
    if other is None:
        return None  # a draft, a missing brief, a file outside the site: refused by the checker
    return job.links.href(job.here, uris.brief(other.id), "#" + link.anchor if link.anchor else "")


def _mentions(brief: Brief, catalog: Catalog) -> dict[tuple[int, int], list[Mention]]:
    """The first mention of each actor of the brief (its actors and its events' actors), by the
    text token it is in, in the order they come."""
    own = {*brief.actors, *(actor for event in brief.events for actor in event.actors)}
    found = catalog.mention_scanner.first_mentions(brief.body)
    by_token: dict[tuple[int, int], list[Mention]] = {}
    for mention in sorted(found.values(), key=lambda m: (m.block, m.child, m.start)):
        if mention.actor_id in own:
            by_token.setdefault((mention.block, mention.child), []).append(mention)
    return by_token


def body_inputs(
    brief: Brief, catalog: Catalog, links: Links, here: str, *, shift: int = 0, prefix: str = ""
) -> tuple:
    """Everything ``body_html`` reads, as plain values: what a kept body is found by."""
    return (
        brief.id,
        brief.path,
        brief.body.text,
        here,
        shift,
        prefix,
        links.directory_urls,
        *body_links(brief, catalog),
    )


def body_links(brief: Brief, catalog: Catalog) -> tuple:
    """What ``body_html`` reads beyond the body: the briefs its links lead to, and the actors'
    names it may link (once per catalog: a brief's page, its books and its body's store key read
    them)."""
    found = catalog.derived.get(("body links", brief.id))
    if found is None:
        found = catalog.derived["body links", brief.id] = _body_links(brief, catalog)
    return found  # type: ignore[return-value]


def _body_links(brief: Brief, catalog: Catalog) -> tuple:
    targets = []
    for link in brief.body.links:
        other = (
            catalog.by_path.get(resolve(brief.path, link.path))
            if link.is_local and link.path
            else None
        )
        targets.append(other.id if other is not None else None)
    own = sorted({*brief.actors, *(actor for event in brief.events for actor in event.actors)})
    return (tuple(targets), tuple(own), catalog.actor_names_digest)


def body_html(
    brief: Brief, catalog: Catalog, links: Links, here: str, *, shift: int = 0, prefix: str = ""
) -> str:
    """The brief's body as safe HTML for the page ``here``: headings demoted by ``shift`` levels
    and their anchors prefixed with ``prefix`` (a briefing book holds several bodies)."""
    mentions = _mentions(brief, catalog)
    job = _Job(brief, catalog, links, here, shift, prefix, mentions)
    env = {"briefing": job, "docId": brief.id}
    return sanitise(_renderer().render(brief.body.tokens, parser().options, env))
