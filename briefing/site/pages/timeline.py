"""The timeline: every event of every published brief, by year and month, merged by event id."""

from __future__ import annotations

import itertools

from ...catalog import Catalog, TimelineEntry
from .. import uris
from ..doc import Doc
from ..html import Links, day_range, esc
from . import figures


def entry_item(entry: TimelineEntry, links: Links, here: str, *, anchor: bool) -> str:
    reports = ", ".join(links.a(b.title, here, uris.brief(b.id)) for b in entry.briefs)
    where = f" — {esc(entry.location)}" if entry.location else ""
    label = "Reported in" if len(entry.briefs) == 1 else f"Reported in {len(entry.briefs)} briefs"
    ident = f' id="{uris.event_anchor(entry.key)}"' if anchor else ""
    return (
        f"<li{ident}><strong>{day_range(entry.date, entry.end)}</strong> · "
        f"{esc(entry.title)}{where}. "
        f"{label}: {reports}{discrepancy(entry, links, here)}</li>\n"
    )


def discrepancy(entry: TimelineEntry, links: Links, here: str) -> str:
    """The briefs' disagreement on an event's dates, in words: "reported as September 2024 in A;
    …".
    """
    datings = entry.datings
    if not datings:
        return ""
    parts = [
        f"{day_range(start, end)} in "
        + ", ".join(links.a(b.title, here, uris.brief(b.id)) for b in briefs)
        for start, end, briefs in datings
    ]
    return (
        f'<br>\n<span class="br-discrepancy"><strong>Dates disagree:</strong> reported '
        f"as {'; '.join(parts)}.</span>"
    )


def entries_by_month(
    doc: Doc,
    entries: list[TimelineEntry],
    links: Links,
    here: str,
    *,
    anchors: bool,
    level: int = 2,
) -> None:
    """Year and month headings (Markdown, for the table of contents) over raw HTML lists."""
    for year, in_year in itertools.groupby(entries, key=lambda e: e.date.year):
        doc.md(f"\n{'#' * level} {year}\n")
        for _, month_entries in itertools.groupby(in_year, key=lambda e: e.date.month):
            in_month = list(month_entries)
            doc.md(f"\n{'#' * (level + 1)} {in_month[0].date:%B %Y}\n")
            doc.html(
                "<ul>\n"
                + "".join(entry_item(entry, links, here, anchor=anchors) for entry in in_month)
                + "</ul>\n",
                search=False,
            )


def page(catalog: Catalog, links: Links) -> Doc:
    here = uris.TIMELINE
    intro = (
        f"# Timeline\n\nEvery event reported by a published brief, oldest first: "
        f"{len(catalog.timeline)} in all. "
        "Events that several briefs report under the same event id are shown once, "
        "with every brief that reports them.\n"
    )
    meta = {
        "title": "Timeline",
        "description": "Every event of every published brief, in date order.",
    }
    doc = Doc(meta).md(intro).html(figures.site_timeline(catalog, links), search=False)
    entries_by_month(doc, catalog.timeline, links, here, anchors=True)
    return doc
