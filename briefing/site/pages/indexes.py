"""Index pages: one per topic, one per actor, and the lists of topics and actors."""

from __future__ import annotations

from collections import Counter

from ...catalog import Catalog
from ...model import Brief
from .. import uris
from ..doc import Doc
from ..html import Links, day, day_range, esc, html_list, html_table, md, plural
from . import figures
from .judgments import first_judgment
from .timeline import entries_by_month

LATEST = 10
TOP = 10


def brief_item(
    brief: Brief,
    catalog: Catalog,
    links: Links,
    here: str,
    *,
    summary: bool,
    judgment: bool = False,
) -> str:
    """A brief in a list: its title and date; with ``summary``, its bottom line; with ``judgment``,
    its first key judgment and how it is sourced. A superseded brief names its successor."""
    line = f"{links.a(brief.title, here, uris.brief(brief.id))} · {day(brief.date)}"
    successor = catalog.superseded_by.get(brief.id)
    if successor is not None:
        line += f" · superseded by {links.a(successor.title, here, uris.brief(successor.id))}"
    if summary:
        line += f'<br>\n<span class="br-summary">{esc(brief.summary)}</span>'
    if judgment:
        line += first_judgment(brief, catalog.scale)
    return line


def brief_list(doc: Doc, briefs: list[Brief], catalog: Catalog, links: Links, here: str) -> None:
    """The latest briefs with their summaries and first judgments, then the rest as a compact list;
    superseded briefs last, under their own heading."""
    current = catalog.latest(briefs)
    if not current:
        doc.md("No published briefs yet.\n")
    # Other pages' titles and summaries stay out of this page's search entry: they would match the
    # wrong page.
    doc.html(
        html_list(
            [
                brief_item(b, catalog, links, here, summary=True, judgment=True)
                for b in current[:LATEST]
            ]
        )
        if current
        else "",
        search=False,
    )
    if len(current) > LATEST:
        doc.md("\n### Earlier briefs\n").html(
            html_list(
                [brief_item(b, catalog, links, here, summary=False) for b in current[LATEST:]]
            ),
            search=False,
        )
    replaced = [b for b in briefs if b.id in catalog.superseded_by]
    if replaced:
        doc.md("\n### Superseded briefs\n").html(
            html_list([brief_item(b, catalog, links, here, summary=False) for b in replaced]),
            search=False,
        )


def topic_page(topic_id: str, catalog: Catalog, links: Links) -> Doc:
    topic = catalog.topics[topic_id]
    here = uris.topic(topic_id)
    briefs = catalog.by_topic.get(topic_id, [])
    meta = {
        "title": esc(topic.title),
        "description": esc(topic.description or topic.title),
        "br_feed": f"feeds/{topic_id}.xml",
    }
    doc = Doc(meta).md(f"# {md(topic.title)}\n")
    book = links.a("the briefing book", here, uris.book(topic_id))
    intro = f"<p>{esc(topic.description)}</p>\n" if topic.description else ""
    doc.html(
        intro + f"<p>{plural(len(briefs), 'published brief')}. For printing: {book}, the "
        f"topic's briefs in one page.</p>\n"
    )
    doc.md("\n## Latest briefs\n")
    brief_list(doc, briefs, catalog, links, here)
    actors = Counter(a for b in briefs for a in b.actors)
    if actors:
        items = [
            f"{links.a(catalog.actors[a].name, here, uris.actor(a))} ({plural(n, 'brief')})"
            for a, n in actors.most_common(TOP)
        ]
        doc.md("\n## Actors most involved\n").html(html_list(items), search=False)
    entries = catalog.timeline_by_topic.get(topic_id, [])
    if briefs:
        doc.md("\n## Activity\n").html(figures.topic_activity(topic_id, catalog), search=False)
    if entries:
        doc.md("\n## Timeline of events\n").html(
            figures.topic_timeline(topic_id, catalog, links), search=False
        )
        entries_by_month(doc, entries, links, here, anchors=False, level=3)
    publishers = Counter(s.publisher for b in briefs for s in b.sources)
    if publishers:
        items = [
            f"{esc(p)} ({plural(n, 'citation')})"
            for p, n in sorted(publishers.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        register = (
            f"<p>Every source with its grading is in the "
            f"{links.a('source register', here, uris.SOURCES)}.</p>\n"
        )
        doc.md("\n## Sources used\n").html(html_list(items) + register, search=False)
    return doc


def actor_page(actor_id: str, catalog: Catalog, links: Links) -> Doc:
    actor = catalog.actors[actor_id]
    here = uris.actor(actor_id)
    doc = Doc(
        {
            "title": esc(actor.name),
            "description": esc(actor.description or actor.role or actor.name),
        }
    ).md(f"# {md(actor.name)}\n")
    facts = [
        ("Kind", actor.kind.value if actor.kind else None),
        ("Role", actor.role),
        ("Country", actor.country),
        ("Also known as", ", ".join(actor.aliases) or None),
    ]
    about = (
        "<dl>\n"
        + "".join(f"<dt>{term}</dt>\n<dd>{esc(value)}</dd>\n" for term, value in facts if value)
        + "</dl>\n"
    )
    doc.html(about + (f"<p>{esc(actor.description)}</p>\n" if actor.description else ""))
    briefs = catalog.by_actor.get(actor_id, [])
    listing = (
        html_list(
            [brief_item(b, catalog, links, here, summary=False, judgment=True) for b in briefs]
        )
        if briefs
        else ""
    )
    doc.md("\n## Briefs\n").html(
        f"<p>{plural(len(briefs), 'published brief')}, newest first.</p>\n" + listing, search=False
    )
    # Each event once, merged by id across the briefs reporting it (as on the timeline), newest
    # first.
    events = catalog.timeline_by_actor.get(actor_id, [])
    if events:
        items = [
            f"<strong>{day_range(e.date, e.end)}</strong> · {esc(e.title)} ("
            + ", ".join(links.a(b.title, here, uris.brief(b.id)) for b in e.briefs)
            + ")"
            for e in reversed(events)
        ]
        doc.md("\n## Events\n").html(
            figures.actor_timeline(actor_id, catalog, links) + html_list(items), search=False
        )
    together = catalog.co_actors.get(actor_id, Counter())
    if together:
        items = [
            f"{links.a(catalog.actors[a].name, here, uris.actor(a))} ({plural(n, 'shared brief')})"
            for a, n in together.most_common(TOP)
            if a in catalog.actors
        ]
        doc.md("\n## Most often appears with\n").html(
            figures.actor_network(actor_id, catalog, links) + html_list(items), search=False
        )
    return doc


def topics_index(catalog: Catalog, links: Links) -> Doc:
    here = uris.TOPICS_INDEX
    items = [
        f"{links.a(t.title, here, uris.topic(t.id))} "
        f"({plural(len(catalog.by_topic.get(t.id, [])), 'brief')})<br>\n{esc(t.description or '')}"
        for t in catalog.topics.values()
    ]
    return Doc({"title": "Topics"}).md("# Topics\n").html(html_list(items))


def actors_index(catalog: Catalog, links: Links) -> Doc:
    here = uris.ACTORS_INDEX
    ordered = sorted(catalog.actors.values(), key=lambda a: a.name.lower())
    rows = [
        [
            links.a(a.name, here, uris.actor(a.id)),
            esc(a.kind.value if a.kind else "–"),
            esc(a.role or "–"),
            str(len(catalog.by_actor.get(a.id, []))),
        ]
        for a in ordered
    ]
    doc = (
        Doc({"title": "Actors"})
        .md("# Actors\n")
        .html(figures.site_network(catalog, links), search=False)
    )
    return doc.html(html_table(["Actor", "Kind", "Role", "Briefs"], rows))
