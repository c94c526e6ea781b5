"""The generated part of the home page: latest briefs, topics, stale briefs."""

from __future__ import annotations

from ..catalog import Catalog
from . import uris
from .indexes import brief_item
from .text import day, esc, link, plural

HOME_LATEST = 8
MARKER = "<!-- briefing:home -->"


def sections(catalog: Catalog) -> str:
    here = uris.HOME
    parts = ["## Latest briefs\n\n"]
    parts += [brief_item(b, here, summary=True) + "\n" for b in catalog.briefs[:HOME_LATEST]] or ["No published briefs yet.\n"]
    parts.append("\n## Topics\n\n")
    parts += [f"- {link(t.title, here, uris.topic(t.id))} ({plural(len(catalog.by_topic.get(t.id, [])), 'brief')})\n" for t in catalog.topics.values()]
    stale = catalog.stale()
    parts.append("\n## Stale briefs\n\n")
    if stale:
        parts.append("These briefs have passed their review date; read them with care until they are updated.\n\n")
        parts += [f"- {link(b.title, here, uris.brief(b.id))} · review was due {day(b.review_by)}\n" for b in stale]
    else:
        parts.append("None: every brief is within its review date.\n")
    return "".join(parts)


def merge(intro: str, catalog: Catalog) -> str:
    """Insert the generated sections at the marker in the hand-written home page, or append them."""
    generated = sections(catalog)
    if MARKER in intro:
        return intro.replace(MARKER, generated, 1)
    return intro.rstrip() + "\n\n" + generated


def default_intro() -> str:
    return '---\ntitle: Home\n---\n\n# Briefing Room\n\n' + esc("Analysts' briefs, cross-linked.") + "\n\n" + MARKER + "\n"
