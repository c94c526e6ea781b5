"""The generated part of the home page: latest briefs, recently updated, topics, stale briefs.

Its lists stay out of search: they repeat the briefs' and topics' own titles and summaries, and
a reader searching wants the brief, not the home page that lists it."""

from __future__ import annotations

from collections.abc import Callable

from ...catalog import Catalog
from ...model import Brief
from ...wording import shorten
from .. import uris
from ..html import Links, day, esc, html_list, plural
from .indexes import brief_item

HOME_LATEST = 8
HOME_RECENT = 5
SHOWN_CHANGE = 160  # characters of a note or commit subject in the home page's list
MARKER = "<!-- briefing:home -->"


def last_change(brief: Brief, catalog: Catalog) -> str:
    """What the brief's last change was, in the analyst's words: the newest ``changes`` note dated
    on or after the last commit, else the commit's subject; nothing when neither says."""
    revision = catalog.revisions[brief.id]
    notes = sorted(brief.changes, key=lambda c: c.date, reverse=True)
    if notes and (not revision.recent or notes[0].date >= revision.date):
        return notes[0].note
    if revision.recent:
        return revision.recent[0].subject
    return ""


def recently_updated(catalog: Catalog, links: Links, here: str) -> str:
    items = []
    for brief in catalog.recently_updated()[:HOME_RECENT]:
        revision = catalog.revisions[brief.id]
        what = last_change(brief, catalog)
        items.append(
            f"{links.a(brief.title, here, uris.brief(brief.id))} · updated {day(revision.date)}"
            + (
                f'<br>\n<span class="br-summary">{esc(shorten(what, SHOWN_CHANGE))}</span>'
                if what
                else ""
            )
        )
    return html_list(items, search=False) if items else "<p>No published briefs yet.</p>\n"


def _stale_reason(brief: Brief, catalog: Catalog) -> str:
    if brief.review_by:
        return f"review was due {day(brief.review_by)}"
    return f"as of {day(brief.as_of)}, more than {catalog.stale_after_days} days ago"


def sections(catalog: Catalog, links: Links) -> str:
    return "".join(_parts(catalog, links))


def _parts(catalog: Catalog, links: Links) -> list[str]:
    """The generated sections: Markdown headings, each followed by HTML."""
    here = uris.HOME
    latest = [
        brief_item(b, catalog, links, here, summary=True, judgment=True)
        for b in catalog.latest()[:HOME_LATEST]
    ]
    parts = [
        "## Latest briefs\n\n",
        html_list(latest, search=False) if latest else "No published briefs yet.\n",
    ]
    parts += ["\n## Recently updated\n\n", recently_updated(catalog, links, here)]
    topics = [
        f"{links.a(t.title, here, uris.topic(t.id))} "
        f"({plural(len(catalog.by_topic.get(t.id, [])), 'brief')})"
        for t in catalog.topics.values()
    ]
    parts += ["\n## Topics\n\n", html_list(topics, search=False)]
    stale = catalog.stale()
    parts.append("\n## Stale briefs\n\n")
    if stale:
        parts.append(
            "<p>These briefs have passed their review date, or set none and are more than "
            f"{catalog.stale_after_days} days old; read them with care until they "
            f"are updated.</p>\n\n"
            + html_list(
                [
                    f"{links.a(b.title, here, uris.brief(b.id))} · {_stale_reason(b, catalog)}"
                    for b in stale
                ],
                search=False,
            )
        )
    else:
        parts.append("<p>None: every brief is within its review date.</p>\n")
    return parts


def merge(intro: str, catalog: Catalog, links: Links) -> str:
    """Insert the generated sections at the marker in the hand-written home page, or append them."""
    return _inserted(intro, sections(catalog, links))


def merge_held(intro: str, catalog: Catalog, links: Links) -> tuple[str, dict[str, str]]:
    """``merge``, with each HTML block of the sections held out as a placeholder comment, and the
    blocks by placeholder (``put_back``): Python-Markdown passes raw HTML through unchanged, but
    only after reading it, which takes a second for the thousands of stale briefs of a large
    corpus."""
    held: dict[str, str] = {}
    parts = []
    for index, part in enumerate(_parts(catalog, links)):
        if part.startswith("<"):
            placeholder = f"<!-- briefing:held:{index} -->"
            held[placeholder] = part.rstrip("\n")
            part = placeholder + "\n"
        parts.append(part)
    return _inserted(intro, "".join(parts)), held


LISTING = '<ul data-search-exclude="listing">'  # how ``html_list(search=False)`` opens


def skim(held: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The held blocks as Material's search is to read them, and what ``unskim`` puts back: a
    block's closing listing (which the search indexer reads only to skip, at a large corpus the
    thousands of stale briefs) emptied but for a mark, and each listing by its mark."""
    skimmed: dict[str, str] = {}
    listings: dict[str, str] = {}
    for number, (placeholder, block) in enumerate(held.items()):
        start = block.find(LISTING + "\n")
        if start < 0 or block.count(LISTING) != 1 or not block.endswith("</ul>"):
            skimmed[placeholder] = block
            continue
        mark = f"<!-- briefing:listing:{number} -->"
        skimmed[placeholder] = block[:start] + LISTING + mark + "</ul>"
        listings[mark] = block[start:]
    return skimmed, listings


def unskim(html: str, listings: dict[str, str], strip: Callable[[str], str]) -> str | None:
    """The page's HTML with its listings back, ``strip``ped as the search plugin stripped the
    page (``strip`` where it took the listing's attribute away, as it was where not); None if a
    mark is gone."""
    for mark, listing in listings.items():
        for opening, shown in ((strip(LISTING), strip(listing)), (LISTING, listing)):
            if opening + mark + "</ul>" in html:
                html = html.replace(opening + mark + "</ul>", shown, 1)
                break
        else:
            return None
    return html


def put_back(html: str, held: dict[str, str]) -> str:
    """The HTML of a page converted from ``merge_held``'s Markdown, with its blocks back."""
    for placeholder, block in held.items():
        html = html.replace(placeholder, block, 1)
    return html


def _inserted(intro: str, generated: str) -> str:
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
