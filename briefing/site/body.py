"""The analyst's Markdown body made ready for the site: links between briefs retargeted,
and the first mention of each of the brief's actors linked to the actor's page."""

from __future__ import annotations

import re
from functools import lru_cache

from ..body.links import Spans, code_spans, find_links, resolve
from ..catalog import Catalog
from ..model import Actor, Brief
from . import uris
from .html import Links, block_token, rel
from .sanitise import escape_raw_html

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t].*$|^.+\n(?:=+|-+)[ \t]*$", re.MULTILINE)
_HTML_TAG = re.compile(r"<[^<>\n]*>")  # no "<" inside: a line of "<" stays linear
_ATX = re.compile(r"^ {0,3}#{1,5}[ \t]", re.MULTILINE)


def prepare(
    brief: Brief, catalog: Catalog, here: str | None = None, *, links: Links | None = None
) -> str:
    """The body for a page at ``here`` (default: the brief's own page).

    Links are to ``.md`` files, which MkDocs resolves; with ``links`` they are the built site's
    URLs instead, for Markdown converted outside MkDocs (``briefing.plugin.workers``).
    """
    here = here or uris.brief(brief.id)
    target = (
        (lambda to_uri, anchor="": links.href(here, to_uri, anchor))
        if links
        else (lambda to_uri, anchor="": rel(here, to_uri) + anchor)
    )
    body = retarget_links(brief, catalog, target)
    body = link_actor_mentions(body, brief, catalog, target)
    return _no_block_tokens(escape_raw_html(body))


_TOKEN_WORD = block_token(0)[:-2]  # "BRIEFINGBLOCK"


def _no_block_tokens(body: str) -> str:
    """A body that spells a block token would have a generated block put in its place: break the word
    with a character reference (shown the same; code is left alone, where tokens are never filled)."""
    if _TOKEN_WORD not in body:
        return body
    code = Spans(code_spans(body))
    parts, last = [], 0
    at = body.find(_TOKEN_WORD)
    while at != -1:
        if at not in code:
            parts += [body[last:at], "BRIEFING&#66;LOCK"]
            last = at + len(_TOKEN_WORD)
        at = body.find(_TOKEN_WORD, at + 1)
    parts.append(body[last:])
    return "".join(parts)


def shift_headings(body: str, levels: int = 1) -> str:
    """Demote the body's ATX headings (outside code), for pages that hold several briefs."""
    spans = Spans(code_spans(body))
    return _ATX.sub(lambda m: m.group(0) if m.start() in spans else "#" * levels + m.group(0), body)


def retarget_links(brief: Brief, catalog: Catalog, target_of) -> str:
    """Point relative links to other briefs' files at those briefs' pages; drop links to drafts."""
    links = [link for link in find_links(brief.body) if link.is_local_markdown]
    if not links:
        return brief.body
    by_path = {catalog.by_id[i].path: catalog.by_id[i] for i in catalog.links_out.get(brief.id, [])}
    parts, last = [], 0
    for link in links:
        target = by_path.get(resolve(brief.path, link.path))
        parts.append(brief.body[last : link.start])
        if target is None:
            parts.append(link.text)  # a draft: its page does not exist, so keep the words only
        else:
            parts.append(f"[{link.text}]({target_of(uris.brief(target.id), link.anchor)})")
        last = link.end
    parts.append(brief.body[last:])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _mention_pattern(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w/#\[])(?:{alternatives})(?![\w\]])")


def _names(actor: Actor) -> list[str]:
    return [n for n in (actor.name, *actor.aliases) if n.strip()]


def link_actor_mentions(body: str, brief: Brief, catalog: Catalog, target_of=None) -> str:
    """Link the first mention of each actor of the brief, outside code, links, headings and HTML."""
    owner: dict[str, str] = {}
    for actor_id in dict.fromkeys([*brief.actors, *(a for e in brief.events for a in e.actors)]):
        actor = catalog.actors.get(actor_id)
        for name in _names(actor) if actor else []:
            owner.setdefault(name, actor_id)
    if not owner:
        return body
    protected = code_spans(body)
    protected += [(link.start, link.end) for link in find_links(body)]
    protected += [m.span() for m in _HEADING.finditer(body)]
    protected += [m.span() for m in _HTML_TAG.finditer(body)]
    protected = Spans(protected)
    if target_of is None:
        here = uris.brief(brief.id)
        target_of = lambda to_uri, anchor="": rel(here, to_uri) + anchor  # noqa: E731
    linked: set[str] = set()
    parts, last = [], 0
    # One pattern of every actor's names, compiled once per build rather than once per brief; a
    # longer name of another actor ("China Daily") wins over a shorter one of this brief's ("China").
    for match in _mention_pattern(catalog.actor_names).finditer(body):
        actor_id = owner.get(match.group(0))
        if actor_id is None or actor_id in linked or match.start() in protected:
            continue
        linked.add(actor_id)
        parts.append(body[last : match.start()])
        parts.append(f"[{match.group(0)}]({target_of(uris.actor(actor_id))})")
        last = match.end()
    parts.append(body[last:])
    return "".join(parts)
