"""The analyst's Markdown body made ready for the site: links between briefs retargeted,
and the first mention of each of the brief's actors linked to the actor's page."""

from __future__ import annotations

import re
from functools import lru_cache

from ..catalog import Catalog
from ..links import code_spans, find_links, resolve
from ..model import Actor, Brief
from . import uris
from .text import rel

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t].*$|^.+\n(?:=+|-+)[ \t]*$", re.MULTILINE)
_HTML_TAG = re.compile(r"<[^>\n]*>")
_ATX = re.compile(r"^ {0,3}#{1,5}[ \t]", re.MULTILINE)


def prepare(brief: Brief, catalog: Catalog, here: str | None = None) -> str:
    """The body for a page at ``here`` (default: the brief's own page)."""
    here = here or uris.brief(brief.id)
    body = retarget_links(brief, catalog, here)
    return link_actor_mentions(body, brief, catalog, here)


def shift_headings(body: str, levels: int = 1) -> str:
    """Demote the body's ATX headings (outside code), for pages that hold several briefs."""
    spans = code_spans(body)
    return _ATX.sub(lambda m: m.group(0) if any(s <= m.start() < e for s, e in spans) else "#" * levels + m.group(0), body)


def retarget_links(brief: Brief, catalog: Catalog, here: str) -> str:
    """Point relative links to other briefs' files at those briefs' pages; drop links to drafts."""
    links = [link for link in find_links(brief.body) if link.is_local_markdown]
    if not links:
        return brief.body
    by_path = {catalog.by_id[i].path: catalog.by_id[i] for i in catalog.links_out.get(brief.id, [])}
    parts, last = [], 0
    for link in links:
        target = by_path.get(resolve(brief.path, link.path))
        parts.append(brief.body[last:link.start])
        if target is None:
            parts.append(link.text)  # a draft: its page does not exist, so keep the words only
        else:
            parts.append(f"[{link.text}]({rel(here, uris.brief(target.id))}{link.anchor})")
        last = link.end
    parts.append(brief.body[last:])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _mention_pattern(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w/#\[])(?:{alternatives})(?![\w\]])")


def _names(actor: Actor) -> list[str]:
    return [n for n in (actor.name, *actor.aliases) if n.strip()]


def link_actor_mentions(body: str, brief: Brief, catalog: Catalog, here: str | None = None) -> str:
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
    here = here or uris.brief(brief.id)
    linked: set[str] = set()
    parts, last = [], 0
    for match in _mention_pattern(tuple(sorted(owner))).finditer(body):
        actor_id = owner[match.group(0)]
        if actor_id in linked or any(start <= match.start() < end for start, end in protected):
            continue
        linked.add(actor_id)
        parts.append(body[last:match.start()])
        parts.append(f"[{match.group(0)}]({rel(here, uris.actor(actor_id))})")
        last = match.end()
    parts.append(body[last:])
    return "".join(parts)
