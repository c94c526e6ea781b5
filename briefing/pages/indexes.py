"""Index pages: one per topic, one per actor, and the lists of topics and actors."""

from __future__ import annotations

from collections import Counter

from ..catalog import Catalog
from ..model import Brief
from . import uris
from .text import Links, day, day_range, esc, front_matter, html_list, html_table, md, plural
from .timeline import entries_by_month

LATEST = 10
TOP = 10


def brief_item(brief: Brief, links: Links, here: str, *, summary: bool) -> str:
    line = f"{links.a(brief.title, here, uris.brief(brief.id))} · {day(brief.date)}"
    return line + (f'<br>\n<span class="br-summary">{esc(brief.summary)}</span>' if summary else "")


def brief_list(briefs: list[Brief], links: Links, here: str) -> str:
    """The latest briefs with their summaries, then the rest as a compact list."""
    if not briefs:
        return "No published briefs yet.\n"
    # Summaries of other pages stay out of this page's search entry; the briefs' own pages hold them.
    out = html_list([brief_item(b, links, here, summary=True) for b in briefs[:LATEST]], search=False)
    if len(briefs) > LATEST:
        out += "\n### Earlier briefs\n\n" + html_list([brief_item(b, links, here, summary=False) for b in briefs[LATEST:]], search=False)
    return out


def topic_page(topic_id: str, catalog: Catalog, links: Links) -> str:
    topic = catalog.topics[topic_id]
    here = uris.topic(topic_id)
    briefs = catalog.by_topic.get(topic_id, [])
    meta = {"title": esc(topic.title), "description": esc(topic.description or topic.title), "br_feed": f"feeds/{topic_id}.xml"}
    parts = [front_matter(meta), f"# {md(topic.title)}\n\n"]
    if topic.description:
        parts.append(f"<p>{esc(topic.description)}</p>\n\n")
    book = links.a("the briefing book", here, uris.book(topic_id))
    parts.append(f"<p>{plural(len(briefs), 'published brief')}. For printing: {book}, the topic's briefs in one page.</p>\n\n")
    parts.append(f"## Latest briefs\n\n{brief_list(briefs, links, here)}")
    actors = Counter(a for b in briefs for a in b.actors)
    if actors:
        items = [f"{links.a(catalog.actors[a].name, here, uris.actor(a))} ({plural(n, 'brief')})" for a, n in actors.most_common(TOP)]
        parts.append("\n## Actors most involved\n\n" + html_list(items, search=False))
    entries = catalog.entries_for({b.id for b in briefs})
    if entries:
        parts.append("\n## Timeline of events\n")
        parts.append(entries_by_month(entries, links, here, anchors=False, level=3))
    publishers = Counter(s.publisher for b in briefs for s in b.sources)
    if publishers:
        items = [f"{esc(p)} ({plural(n, 'citation')})" for p, n in sorted(publishers.items(), key=lambda kv: (-kv[1], kv[0]))]
        parts.append("\n## Sources used\n\n" + html_list(items, search=False))
        parts.append(f"\n<p>Every source with its grading is in the {links.a('source register', here, uris.SOURCES)}.</p>\n")
    return "".join(parts)


def actor_page(actor_id: str, catalog: Catalog, links: Links) -> str:
    actor = catalog.actors[actor_id]
    here = uris.actor(actor_id)
    parts = [front_matter({"title": esc(actor.name), "description": esc(actor.description or actor.role or actor.name)})]
    parts.append(f"# {md(actor.name)}\n\n")
    facts = [("Kind", actor.kind.value if actor.kind else None), ("Role", actor.role), ("Country", actor.country), ("Also known as", ", ".join(actor.aliases) or None)]
    parts.append("<dl>\n" + "".join(f"<dt>{term}</dt><dd>{esc(value)}</dd>\n" for term, value in facts if value) + "</dl>\n\n")
    if actor.description:
        parts.append(f"<p>{esc(actor.description)}</p>\n\n")
    briefs = catalog.by_actor.get(actor_id, [])
    parts.append(f"## Briefs\n\n<p>{plural(len(briefs), 'published brief')}, newest first.</p>\n\n")
    parts.append(html_list([brief_item(b, links, here, summary=False) for b in briefs], search=False) if briefs else "")
    events = catalog.events_by_actor.get(actor_id, [])
    if events:
        items = [f"<strong>{day_range(e.date, e.end)}</strong> · {esc(e.title)} ({links.a(b.title, here, uris.brief(b.id))})" for b, e in events]
        parts.append("\n## Events\n\n" + html_list(items, search=False))
    together = catalog.co_actors.get(actor_id, Counter())
    if together:
        items = [f"{links.a(catalog.actors[a].name, here, uris.actor(a))} ({plural(n, 'shared brief')})" for a, n in together.most_common(TOP) if a in catalog.actors]
        parts.append("\n## Most often appears with\n\n" + html_list(items, search=False))
    return "".join(parts)


def topics_index(catalog: Catalog, links: Links) -> str:
    here = uris.TOPICS_INDEX
    items = [
        f"{links.a(t.title, here, uris.topic(t.id))} ({plural(len(catalog.by_topic.get(t.id, [])), 'brief')})<br>\n{esc(t.description or '')}"
        for t in catalog.topics.values()
    ]
    return front_matter({"title": "Topics"}) + "# Topics\n\n" + html_list(items)


def actors_index(catalog: Catalog, links: Links) -> str:
    here = uris.ACTORS_INDEX
    ordered = sorted(catalog.actors.values(), key=lambda a: a.name.lower())
    rows = [[links.a(a.name, here, uris.actor(a.id)), esc(a.kind.value if a.kind else "–"), esc(a.role or "–"), str(len(catalog.by_actor.get(a.id, [])))] for a in ordered]
    return front_matter({"title": "Actors"}) + "# Actors\n\n" + html_table(["Actor", "Kind", "Role", "Briefs"], rows)
