"""The generated part of the home page: latest briefs, topics, stale briefs.

Its lists stay out of search: they repeat the briefs' and topics' own titles and summaries, and
a reader searching wants the brief, not the home page that lists it."""

from __future__ import annotations

from ...catalog import Catalog
from .. import uris
from ..html import Links, day, esc, html_list, plural
from .indexes import brief_item

HOME_LATEST = 8
MARKER = "<!-- briefing:home -->"


def sections(catalog: Catalog, links: Links) -> str:
    here = uris.HOME
    latest = [brief_item(b, links, here, summary=True) for b in catalog.briefs[:HOME_LATEST]]
    parts = [
        "## Latest briefs\n\n",
        html_list(latest, search=False) if latest else "No published briefs yet.\n",
    ]
    topics = [
        f"{links.a(t.title, here, uris.topic(t.id))} ({plural(len(catalog.by_topic.get(t.id, [])), 'brief')})"
        for t in catalog.topics.values()
    ]
    parts += ["\n## Topics\n\n", html_list(topics, search=False)]
    stale = catalog.stale()
    parts.append("\n## Stale briefs\n\n")
    if stale:
        parts.append(
            "<p>These briefs have passed their review date; read them with care until they are updated.</p>\n\n"
        )
        parts.append(
            html_list(
                [
                    f"{links.a(b.title, here, uris.brief(b.id))} · review was due {day(b.review_by)}"
                    for b in stale
                ],
                search=False,
            )
        )
    else:
        parts.append("<p>None: every brief is within its review date.</p>\n")
    return "".join(parts)


def merge(intro: str, catalog: Catalog, links: Links) -> str:
    """Insert the generated sections at the marker in the hand-written home page, or append them."""
    generated = sections(catalog, links)
    if MARKER in intro:
        return intro.replace(MARKER, generated, 1)
    return intro.rstrip() + "\n\n" + generated


def default_intro() -> str:
    return (
        "---\ntitle: Home\n---\n\n# Briefing Room\n\n"
        + esc("Analysts' briefs, cross-linked.")
        + "\n\n"
        + MARKER
        + "\n"
    )
