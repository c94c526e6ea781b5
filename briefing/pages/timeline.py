"""The timeline: every event of every published brief, by year and month, merged by event id."""

from __future__ import annotations

import itertools

from ..catalog import Catalog, TimelineEntry
from . import uris
from .text import day_range, esc, front_matter, link


def entry_line(entry: TimelineEntry, catalog: Catalog, here: str) -> str:
    reports = ", ".join(link(b.title, here, uris.brief(b.id)) for b in entry.briefs)
    where = f" — {esc(entry.location)}" if entry.location else ""
    label = "Reported in" if len(entry.briefs) == 1 else f"Reported in {len(entry.briefs)} briefs"
    return f"- **{day_range(entry.date, entry.end)}** · {esc(entry.title)}{where}. {label}: {reports}"


def entries_by_month(entries: list[TimelineEntry], catalog: Catalog, here: str, *, anchors: bool, level: int = 2) -> str:
    out = []
    for year, in_year in itertools.groupby(entries, key=lambda e: e.date.year):
        out.append(f"\n{'#' * level} {year}\n")
        for month, in_month in itertools.groupby(in_year, key=lambda e: e.date.month):
            in_month = list(in_month)
            out.append(f"\n{'#' * (level + 1)} {in_month[0].date:%B %Y}\n\n")
            for entry in in_month:
                anchor = f"\n  {{: #{uris.event_anchor(entry.key)} }}" if anchors else ""
                out.append(entry_line(entry, catalog, here) + anchor + "\n")
    return "".join(out)


def render(catalog: Catalog) -> str:
    here = uris.TIMELINE
    count = len(catalog.timeline)
    intro = (
        f"# Timeline\n\nEvery event reported by a published brief, oldest first: {count} in all. "
        "Events that several briefs report under the same event id are shown once, with every brief that reports them.\n"
    )
    meta = {"title": "Timeline", "description": "Every event of every published brief, in date order."}
    return front_matter(meta) + intro + entries_by_month(catalog.timeline, catalog, here, anchors=True)
