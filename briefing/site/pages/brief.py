"""The page of one brief: header card, key judgments, body, what changed, events, sources,
related, backlinks. The bottom line and the judgments come first: a reader who stops there
has the assessment and what it rests on."""

from __future__ import annotations

from ...body.anchors import SECTION_TITLES
from ...catalog import Catalog
from ...model import CREDIBILITY, RELIABILITY, Brief, Source
from .. import rollup, uris
from ..body import Bodies, body_html, body_links
from ..doc import Doc
from ..html import Links, day, day_range, esc, html_list, html_table
from .judgments import judgment_parts, linked_note, sourcing

BOOK_SIZE = (
    12  # briefs per printed briefing book: the latest of the topic (a book is read, not archived)
)


def meta(brief: Brief, catalog: Catalog) -> dict:
    """The page's front matter: what MkDocs and Material read before the page is converted."""
    return {
        "title": esc(brief.title),
        "description": esc(brief.summary),
        "tags": [esc(catalog.topics[t].title) for t in brief.topics],
    }


def page(brief: Brief, catalog: Catalog, links: Links, bodies: Bodies = body_html) -> Doc:
    here = uris.brief(brief.id)
    doc = Doc(meta(brief, catalog)).heading(1, brief.title)
    doc.html(superseded(brief, catalog, links, here), search=False)
    doc.html(card(brief, catalog, links, here))
    # Who last changed a brief is no reason to find it.
    doc.html(revision(brief, catalog), search=False)
    judgments(doc, brief, catalog, links, here)
    doc.body(bodies(brief, catalog, links, here), brief.body.headings)
    changes(doc, brief, catalog, links, here)
    events(doc, brief, catalog, links, here)
    sources(doc, brief)
    related(doc, brief, catalog, links, here)
    backlinks(doc, brief, catalog, links, here)
    return doc


def page_inputs(brief: Brief, catalog: Catalog, links: Links, marking: object) -> tuple:
    """Everything ``page`` reads, as plain values (``marking``: the page's, from ``rollup``): under
    ``mkdocs serve`` a brief page whose inputs are unchanged is not written again. Whatever
    ``page`` comes to read must be named here too: tests/test_page_inputs.py edits every field and
    fails where a page changed but its inputs did not."""
    here = uris.brief(brief.id)
    previous = []
    for judgment in brief.judgments:
        step = catalog.step(brief, judgment)
        before = step.previous if step is not None else None
        previous.append(
            (judgment.id in catalog.judgment_history)
            if before is None
            else (before.brief.id, before.brief.title, before.brief.date, repr(before.judgment))
        )
    actors = [*brief.actors, *(a for event in brief.events for a in event.actors)]
    return (
        # The brief: the loader's digest of its text, else every field and the body's text.
        (brief.path, brief.text_digest, brief.marking) if brief.text_digest else repr(brief),
        here,
        links.directory_urls,
        links.from_source,
        repr(marking),
        [catalog.topics[t].title for t in brief.topics],
        [(catalog.actors[a].name, catalog.actors[a].aliases) for a in actors],
        catalog.scale_named,
        catalog.stale_after_days,
        # Its last change, whether it is stale, the briefs it replaces and that replace it.
        catalog.listed([brief]),
        previous,
        [(r.brief.id, r.brief.title, r.reason) for r in catalog.related.get(brief.id, [])],
        [(other.id, other.title, other.date) for other in catalog.backlinks.get(brief.id, [])],
        body_links(brief, catalog),
    )


def book(topic_id: str, catalog: Catalog, links: Links, bodies: Bodies = body_html) -> Doc:
    """The topic's briefing book: its latest briefs in one page, for printing."""
    topic = catalog.topics[topic_id]
    here = uris.book(topic_id)
    # The current briefs: a superseded brief is replaced by its successor in the book too.
    briefs = catalog.latest(catalog.by_topic.get(topic_id, []))
    shown = briefs[:BOOK_SIZE]
    meta = {
        "title": esc(f"Briefing book: {topic.title}"),
        "description": esc(topic.description or topic.title),
        "search": {"exclude": True},
    }
    doc = Doc(meta).heading(1, "Briefing book: " + topic.title)
    scope = (
        "every published brief"
        if len(shown) == len(briefs)
        else f"the latest {len(shown)} of {len(briefs)} published briefs"
    )
    doc.html(
        f"<p>{esc(scope.capitalize())} of the topic, newest first, for printing. "
        f"{links.a('Back to the topic', here, uris.topic(topic_id))}.</p>\n"
    )
    for item in shown:
        doc.html(
            f'<h2 id="{esc(item.id)}">{links.a(item.title, here, uris.brief(item.id))}</h2>\n'
            f"{card(item, catalog, links, here)}"
        )
        judgments(doc, item, catalog, links, here, level=3, in_book=True)
        prefix = f"{item.id}-"  # the book holds several bodies: their anchors must not meet
        markup = bodies(item, catalog, links, here, shift=1, prefix=prefix)
        doc.body(markup, item.body.headings, shift=1, prefix=prefix)
        sources(doc, item, level=3, in_book=True)
    return doc


def badges(brief: Brief, catalog: Catalog) -> str:
    if catalog.is_stale(brief):
        if brief.review_by:
            said = f"Stale: review was due {day(brief.review_by)}"
        else:
            said = f"Stale: as of {day(brief.as_of)}, more than {catalog.stale_after_days} days ago"
        return f'<p><span class="br-badge br-badge--stale">{said}</span></p>\n'
    if brief.review_by:
        return f'<p><span class="br-badge">Review by {day(brief.review_by)}</span></p>\n'
    return ""


def superseded(brief: Brief, catalog: Catalog, links: Links, here: str) -> str:
    """A banner on a brief another has replaced, pointing to its successor."""
    successor = catalog.superseded_by.get(brief.id)
    if successor is None:
        return ""
    return (
        '<div class="admonition warning br-superseded">\n'
        '<p class="admonition-title">Superseded</p>\n'
        f"<p>This brief has been replaced by "
        f"{links.a(successor.title, here, uris.brief(successor.id))} "
        f"({day(successor.date)}). It is kept as it stood on {day(brief.as_of)}; "
        f"read its successor for "
        "the current assessment.</p>\n</div>\n"
    )


def card(brief: Brief, catalog: Catalog, links: Links, here: str) -> str:
    """The header card: bottom line, dates, topics, actors (with their other names, so search finds
    them).
    """
    topics = " · ".join(links.a(catalog.topics[t].title, here, uris.topic(t)) for t in brief.topics)
    actors = []
    for actor_id in brief.actors:
        actor = catalog.actors[actor_id]
        also = f" (also {esc(', '.join(actor.aliases))})" if actor.aliases else ""
        actors.append(links.a(actor.name, here, uris.actor(actor_id)) + also)
    rows = [("Marking", rollup.badge(brief)), ("As of", day(brief.date))]
    if brief.updated:
        rows.append(("Updated", day(brief.updated)))
    rows += [("Topics", topics), ("Actors", " · ".join(actors))]
    rows.append(("Sources", sourcing(brief)))
    earlier = catalog.by_id.get(brief.supersedes or "")
    if earlier is not None:
        rows.append(("Supersedes", links.a(earlier.title, here, uris.brief(earlier.id))))
    facts = "".join(f"<dt>{term}</dt>\n<dd>{value}</dd>\n" for term, value in rows)
    return (
        '<div class="br-card">\n'
        f'<p class="br-bluf"><strong>Bottom line up front:</strong> {esc(brief.summary)}</p>\n'
        f"{badges(brief, catalog)}<dl>\n{facts}</dl>\n</div>\n"
    )


def revision(brief: Brief, catalog: Catalog) -> str:
    """The last change and a link to the brief's history in the repository browser."""
    change = catalog.revisions.get(brief.id)
    if change is None:
        return ""
    if change.from_git:
        said = f"Last updated {day(change.date)}" + (
            f" by {esc(change.author)}" if change.author else ""
        )
    else:
        said = f"Last updated {day(change.date)} (from the brief's front matter)"
    history = (
        f' · <a href="{esc(change.history_url)}" rel="noopener">History</a>'
        if change.history_url
        else ""
    )
    return f'<p class="br-revision">{said}{history}</p>\n'


def judgments(
    doc: Doc,
    brief: Brief,
    catalog: Catalog,
    links: Links,
    here: str,
    *,
    level: int = 2,
    in_book: bool = False,
) -> None:
    if not brief.judgments:
        return
    doc.heading(level, SECTION_TITLES["judgments"])
    for markup, search in judgment_parts(brief, catalog, links, here, in_book=in_book):
        doc.html(markup, search=search)


def changes(doc: Doc, brief: Brief, catalog: Catalog, links: Links, here: str) -> None:
    """What changed and why (the analyst's ``changes`` notes, newest first), and the last commits
    that touched the brief's file, from the same ``git log`` as "Last updated"."""
    revision = catalog.revisions.get(brief.id)
    commits = revision.recent if revision is not None else ()
    if not brief.changes and not commits:
        return
    doc.heading(2, SECTION_TITLES["changes"])
    if brief.changes:
        notes = [
            f"<strong>{day(change.date)}</strong> · "
            f"{linked_note(change.note, brief, catalog, links, here)}"
            for change in sorted(brief.changes, key=lambda c: c.date, reverse=True)
        ]
        doc.html(html_list(notes))
    if commits:
        items = [
            f"{day(commit.date)} · {esc(commit.subject or '(no subject)')} "
            f"<em>({esc(commit.author)})</em>"
            for commit in commits
        ]
        history = (
            f' <a href="{esc(revision.history_url)}" rel="noopener">Full history</a>.'
            if revision is not None and revision.history_url
            else ""
        )
        doc.html(
            f'<p class="br-commits-intro">The last commits to this brief\'s file:{history}</p>\n'
            + html_list(items),
            search=False,
        )


def events(doc: Doc, brief: Brief, catalog: Catalog, links: Links, here: str) -> None:
    if not brief.events:
        return
    rows = []
    for index, event in sorted(
        enumerate(brief.events), key=lambda pair: (pair[1].date, pair[1].title)
    ):
        key = event.id or f"{brief.id}#{index}"
        when = links.a(
            day_range(event.date, event.end), here, uris.TIMELINE, "#" + uris.event_anchor(key)
        )
        who = (
            ", ".join(links.a(catalog.actors[a].name, here, uris.actor(a)) for a in event.actors)
            or "–"
        )
        rows.append([when, esc(event.title), esc(event.location or "–"), who])
    doc.heading(2, SECTION_TITLES["events"]).html(
        html_table(["Date", "Event", "Location", "Actors"], rows, stacked=True), search=False
    )


def source_title(source: Source) -> str:
    if source.url:  # validated as http(s) when loaded; escaped for the attribute all the same
        return f'<a href="{esc(source.url)}" rel="noopener">{esc(source.title)}</a>'
    return esc(source.title)


def grading(source: Source) -> tuple[str, str]:
    reliability = (
        f"{source.reliability}: {RELIABILITY[source.reliability]}"
        if source.reliability
        else "not graded"
    )
    credibility = (
        f"{source.credibility}: {CREDIBILITY[source.credibility]}"
        if source.credibility
        else "not graded"
    )
    return reliability, credibility


def sources(doc: Doc, brief: Brief, level: int = 2, *, in_book: bool = False) -> None:
    rows = []
    prefix = brief.id if in_book else None
    ids = [uris.source_anchor(s.id, prefix) if s.id else None for s in brief.sources]
    for source in brief.sources:
        reliability, credibility = grading(source)
        published = day(source.published) if source.published else "–"
        rows.append(
            [
                source_title(source),
                esc(source.publisher),
                published,
                esc(reliability),
                esc(credibility),
            ]
        )
    doc.heading(level, SECTION_TITLES["sources"]).html(
        html_table(
            ["Source", "Publisher", "Published", "Reliability", "Credibility"],
            rows,
            row_ids=ids,
            stacked=True,
        ),
        search=False,
    )


def related(doc: Doc, brief: Brief, catalog: Catalog, links: Links, here: str) -> None:
    lines = [
        f"{links.a(r.brief.title, here, uris.brief(r.brief.id))} — <em>{esc(r.reason)}</em>"
        for r in catalog.related.get(brief.id, [])
    ]
    _listing(doc, "Related briefs", lines)


def backlinks(doc: Doc, brief: Brief, catalog: Catalog, links: Links, here: str) -> None:
    lines = [
        f"{links.a(other.title, here, uris.brief(other.id))} ({day(other.date)})"
        for other in catalog.backlinks.get(brief.id, [])
    ]
    _listing(doc, "Referenced by", lines)


def _listing(doc: Doc, heading: str, lines: list[str]) -> None:
    """A section listing other briefs; kept out of this page's search entry (their titles would
    match here).
    """
    if lines:
        doc.heading(2, heading).html(html_list(lines), search=False)
