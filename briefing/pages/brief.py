"""The page of one brief: header card, body, judgments, events, sources, related, backlinks."""

from __future__ import annotations

from ..catalog import Catalog
from ..model import CREDIBILITY, RELIABILITY, Brief, Source
from . import uris
from .body import prepare, shift_headings
from .text import attr, day, day_range, esc, front_matter, link, plural

CONFIDENCE_MEANING = {
    "high": "high confidence: well-sourced, little doubt",
    "moderate": "moderate confidence: credible but incomplete",
    "low": "low confidence: thin or doubtful sourcing",
}


def render(brief: Brief, catalog: Catalog) -> str:
    here = uris.brief(brief.id)
    meta = {
        "title": esc(brief.title),
        "description": esc(brief.summary),
        "tags": [esc(catalog.topics[t].title) for t in brief.topics],
    }
    parts = [front_matter(meta), f"# {esc(brief.title)}\n\n", card(brief, catalog, here), "\n", prepare(brief, catalog), "\n"]
    parts += [judgments(brief), events(brief, catalog, here), sources(brief), related(brief, catalog, here), backlinks(brief, catalog, here)]
    return "".join(parts)


def book(topic_id: str, catalog: Catalog) -> str:
    """The topic's briefing book: every brief of the topic in one page, for printing."""
    topic = catalog.topics[topic_id]
    here = uris.book(topic_id)
    briefs = catalog.by_topic.get(topic_id, [])
    meta = {"title": esc(f"Briefing book: {topic.title}"), "description": esc(topic.description or topic.title), "search": {"exclude": True}}
    parts = [front_matter(meta), f"# {esc('Briefing book: ' + topic.title)}\n\n"]
    parts.append(f"{plural(len(briefs), 'published brief')}, newest first, for printing. {link('Back to the topic', here, uris.topic(topic_id))}.\n")
    for item in briefs:
        parts.append(f"\n## {link(item.title, here, uris.brief(item.id))}\n\n{card(item, catalog, here)}\n")
        parts.append(shift_headings(prepare(item, catalog, here), 2) + "\n")
        parts += [judgments(item, level=3), sources(item, level=3)]
    return "".join(parts)


def badges(brief: Brief, catalog: Catalog) -> str:
    items = []
    if brief.stale(catalog.today):
        items.append(f'<span class="br-badge br-badge--stale">Stale: review was due {day(brief.review_by)}</span>')
    elif brief.review_by:
        items.append(f'<span class="br-badge">Review by {day(brief.review_by)}</span>')
    return " ".join(items)


def card(brief: Brief, catalog: Catalog, here: str) -> str:
    topics = " · ".join(link(catalog.topics[t].title, here, uris.topic(t)) for t in brief.topics)
    actors = []
    for actor_id in brief.actors:
        actor = catalog.actors[actor_id]
        also = f" (also {esc(', '.join(actor.aliases))})" if actor.aliases else ""
        actors.append(link(actor.name, here, uris.actor(actor_id)) + also)
    rows = [("As of", day(brief.date))]
    if brief.updated:
        rows.append(("Updated", day(brief.updated)))
    rows += [("Topics", topics), ("Actors", " · ".join(actors))]
    grades = sorted({s.grade for s in brief.sources if s.grade})
    rows.append(("Sources", plural(len(brief.sources), "source") + (f", graded {', '.join(grades)}" if grades else "")))
    definitions = "".join(f"{term}\n:   {value}\n\n" for term, value in rows)
    badge_line = badges(brief, catalog)
    return (
        '<div class="br-card" markdown>\n\n'
        f'<p class="br-bluf"><strong>Bottom line up front:</strong> {esc(brief.summary)}</p>\n\n'
        + (f"{badge_line}\n\n" if badge_line else "")
        + definitions
        + "</div>\n"
    )


def judgments(brief: Brief, level: int = 2) -> str:
    if not brief.judgments:
        return ""
    blocks = []
    for judgment in brief.judgments:
        confidence = judgment.confidence.value
        blocks.append(f'!!! br-confidence-{confidence} "Key judgment · {esc(CONFIDENCE_MEANING[confidence])}"\n    {esc(judgment.text)}\n')
    return f"\n{'#' * level} Key judgments\n\n" + "\n".join(blocks)


def events(brief: Brief, catalog: Catalog, here: str) -> str:
    if not brief.events:
        return ""
    rows = ["| Date | Event | Location | Actors |", "| --- | --- | --- | --- |"]
    for index, event in sorted(enumerate(brief.events), key=lambda pair: (pair[1].date, pair[1].title)):
        key = event.id or f"{brief.id}#{index}"
        when = link(day_range(event.date, event.end), here, uris.TIMELINE, "#" + uris.event_anchor(key))
        who = ", ".join(link(catalog.actors[a].name, here, uris.actor(a)) for a in event.actors) or "–"
        rows.append(f"| {when} | {esc(event.title)} | {esc(event.location or '–')} | {who} |")
    return "\n## Events\n\n" + "\n".join(rows) + "\n"


def source_title(source: Source) -> str:
    if source.url:  # validated as http(s) when loaded; every character still escaped for the attribute
        return f'<a href="{attr(source.url)}" rel="noopener">{esc(source.title)}</a>'
    return esc(source.title)


def grading(source: Source) -> tuple[str, str]:
    reliability = f"{source.reliability}: {RELIABILITY[source.reliability]}" if source.reliability else "not graded"
    credibility = f"{source.credibility}: {CREDIBILITY[source.credibility]}" if source.credibility else "not graded"
    return reliability, credibility


def sources(brief: Brief, level: int = 2) -> str:
    rows = ["| Source | Publisher | Published | Reliability | Credibility |", "| --- | --- | --- | --- | --- |"]
    for source in brief.sources:
        reliability, credibility = grading(source)
        published = day(source.published) if source.published else "–"
        rows.append(f"| {source_title(source)} | {esc(source.publisher)} | {published} | {esc(reliability)} | {esc(credibility)} |")
    return f"\n{'#' * level} Sources\n\n" + "\n".join(rows) + "\n"


def related(brief: Brief, catalog: Catalog, here: str) -> str:
    items = catalog.related.get(brief.id, [])
    if not items:
        return ""
    lines = [f"- {link(r.brief.title, here, uris.brief(r.brief.id))} — *{esc(r.reason)}*" for r in items]
    return "\n## Related briefs\n\n" + "\n".join(lines) + "\n"


def backlinks(brief: Brief, catalog: Catalog, here: str) -> str:
    items = catalog.backlinks.get(brief.id, [])
    if not items:
        return ""
    lines = [f"- {link(other.title, here, uris.brief(other.id))} ({day(other.date)})" for other in items]
    return "\n## Referenced by\n\n" + "\n".join(lines) + "\n"
