"""Index pages: one per topic, one per actor, and the lists of topics and actors."""

from __future__ import annotations

from collections import Counter

from ..catalog import Catalog
from ..model import Brief
from . import uris
from .text import day, day_range, esc, front_matter, link, plural
from .timeline import entries_by_month

LATEST = 10
TOP = 10


def brief_item(brief: Brief, here: str, *, summary: bool) -> str:
    line = f"- {link(brief.title, here, uris.brief(brief.id))} · {day(brief.date)}"
    return line + (f"  \n  {esc(brief.summary)}" if summary else "")


def brief_list(briefs: list[Brief], here: str) -> str:
    """The latest briefs with their summaries, then the rest as a compact list."""
    if not briefs:
        return "No published briefs yet.\n"
    lines = [brief_item(b, here, summary=True) for b in briefs[:LATEST]]
    if len(briefs) > LATEST:
        lines.append("\n### Earlier briefs\n")
        lines += [brief_item(b, here, summary=False) for b in briefs[LATEST:]]
    return "\n".join(lines) + "\n"


def topic_page(topic_id: str, catalog: Catalog) -> str:
    topic = catalog.topics[topic_id]
    here = uris.topic(topic_id)
    briefs = catalog.by_topic.get(topic_id, [])
    meta = {"title": esc(topic.title), "description": esc(topic.description or topic.title), "br_feed": f"feeds/{topic_id}.xml"}
    parts = [front_matter(meta)]
    parts.append(f"# {esc(topic.title)}\n\n{esc(topic.description or '')}\n\n")
    parts.append(f"{plural(len(briefs), 'published brief')}. For printing: {link('the briefing book', here, uris.book(topic_id))}, every brief of the topic in one page.\n\n## Latest briefs\n\n{brief_list(briefs, here)}")
    actors = Counter(a for b in briefs for a in b.actors)
    if actors:
        parts.append("\n## Actors most involved\n\n")
        parts += [f"- {link(catalog.actors[a].name, here, uris.actor(a))} ({plural(n, 'brief')})\n" for a, n in actors.most_common(TOP)]
    entries = catalog.entries_for({b.id for b in briefs})
    if entries:
        parts.append("\n## Timeline of events\n")
        parts.append(entries_by_month(entries, catalog, here, anchors=False, level=3))
    publishers = Counter(s.publisher for b in briefs for s in b.sources)
    if publishers:
        parts.append("\n## Sources used\n\n")
        parts += [f"- {esc(p)} ({plural(n, 'citation')})\n" for p, n in sorted(publishers.items(), key=lambda kv: (-kv[1], kv[0]))]
        parts.append(f"\nEvery source with its grading is in the {link('source register', here, uris.SOURCES)}.\n")
    return "".join(parts)


def actor_page(actor_id: str, catalog: Catalog) -> str:
    actor = catalog.actors[actor_id]
    here = uris.actor(actor_id)
    parts = [front_matter({"title": esc(actor.name), "description": esc(actor.description or actor.role or actor.name)})]
    parts.append(f"# {esc(actor.name)}\n\n")
    facts = [("Kind", actor.kind.value if actor.kind else None), ("Role", actor.role), ("Country", actor.country), ("Also known as", ", ".join(actor.aliases) or None)]
    parts += [f"{term}\n:   {esc(value)}\n\n" for term, value in facts if value]
    if actor.description:
        parts.append(f"{esc(actor.description)}\n\n")
    briefs = catalog.by_actor.get(actor_id, [])
    parts.append(f"## Briefs\n\n{plural(len(briefs), 'published brief')}, newest first.\n\n")
    parts.append("\n".join(brief_item(b, here, summary=False) for b in briefs) + "\n")
    events = catalog.events_by_actor.get(actor_id, [])
    if events:
        parts.append("\n## Events\n\n")
        parts += [f"- **{day_range(e.date, e.end)}** · {esc(e.title)} ({link(b.title, here, uris.brief(b.id))})\n" for b, e in events]
    together = catalog.co_actors.get(actor_id, Counter())
    if together:
        parts.append("\n## Most often appears with\n\n")
        parts += [f"- {link(catalog.actors[a].name, here, uris.actor(a))} ({plural(n, 'shared brief')})\n" for a, n in together.most_common(TOP) if a in catalog.actors]
    return "".join(parts)


def topics_index(catalog: Catalog) -> str:
    here = uris.TOPICS_INDEX
    lines = [f"- {link(t.title, here, uris.topic(t.id))} ({plural(len(catalog.by_topic.get(t.id, [])), 'brief')})  \n  {esc(t.description or '')}" for t in catalog.topics.values()]
    return front_matter({"title": "Topics"}) + "# Topics\n\n" + "\n".join(lines) + "\n"


def actors_index(catalog: Catalog) -> str:
    here = uris.ACTORS_INDEX
    ordered = sorted(catalog.actors.values(), key=lambda a: a.name.lower())
    rows = ["| Actor | Kind | Role | Briefs |", "| --- | --- | --- | --- |"]
    rows += [f"| {link(a.name, here, uris.actor(a.id))} | {esc(a.kind.value if a.kind else '–')} | {esc(a.role or '–')} | {len(catalog.by_actor.get(a.id, []))} |" for a in ordered]
    return front_matter({"title": "Actors"}) + "# Actors\n\n" + "\n".join(rows) + "\n"
