"""Machine-readable exports written into the site: ``briefs.json`` and a TimelineJS
``timeline.json``.

Their shapes are documented by the JSON Schemas in ``docs/schemas/``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable

from ..catalog import Catalog
from ..markings import of, rolled_up
from ..model import CREDIBILITY, RELIABILITY, Brief

BRIEFS_JSON = "briefs.json"
TIMELINE_JSON = "timeline.json"


def _dumps(data: object) -> str:
    # The same JSON, with <, > and & as escapes: safe even if someone embeds it in a page.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def brief_record(brief: Brief, url: Callable[[str], str], catalog: Catalog) -> dict:
    successor = catalog.superseded_by.get(brief.id)
    return {
        "id": brief.id,
        "url": url(f"briefs/{brief.id}/"),
        "title": brief.title,
        "summary": brief.summary,
        "date": _date(brief.date),
        "updated": _date(brief.updated),
        "review_by": _date(brief.review_by),
        "topics": brief.topics,
        "actors": brief.actors,
        "events": [
            {
                "id": e.id,
                "date": _date(e.date),
                "end": _date(e.end),
                "title": e.title,
                "location": e.location,
                "actors": e.actors,
            }
            for e in brief.events
        ],
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "published": _date(s.published),
                "accessed": _date(s.accessed),
                "reliability": s.reliability,
                "reliability_meaning": RELIABILITY.get(s.reliability or ""),
                "credibility": s.credibility,
                "credibility_meaning": CREDIBILITY.get(s.credibility or 0),
            }
            for s in brief.sources
        ],
        "judgments": [
            {
                "id": j.id,
                "text": j.text,
                "likelihood": j.likelihood,
                "confidence": j.confidence.value,
                "sources": j.sources,
            }
            for j in brief.judgments
        ],
        "related": brief.related,
        "changes": [{"date": _date(c.date), "note": c.note} for c in brief.changes],
        "supersedes": brief.supersedes,
        "superseded_by": successor.id if successor is not None else None,
        "stale": catalog.is_stale(brief),
        "marking": of(brief).value,
    }


def briefs_json(catalog: Catalog, url: Callable[[str], str]) -> str:
    scale = catalog.scale
    return _dumps(
        {
            "marking": rolled_up(catalog.briefs).value,
            "likelihood_scale": {
                "id": scale.id,
                "name": scale.name,
                "terms": [{"words": t.words, "low": t.low, "high": t.high} for t in scale.terms],
            },
            "stale_after_days": catalog.stale_after_days,
            "briefs": [brief_record(b, url, catalog) for b in catalog.briefs],
        }
    )


def _timeline_date(value: dt.date) -> dict:
    return {"year": value.year, "month": value.month, "day": value.day}


def timeline_json(catalog: Catalog, url: Callable[[str], str]) -> str:
    """TimelineJS's JSON format. TimelineJS renders its text fields as HTML, so they are escaped
    here.
    """
    events = []
    for entry in catalog.timeline:
        links = ", ".join(
            f'<a href="{html.escape(url(f"briefs/{b.id}/"))}">{html.escape(b.title)}</a>'
            for b in entry.briefs
        )
        event = {
            "unique_id": entry.key.replace("#", "-"),
            "start_date": _timeline_date(entry.date),
            "text": {"headline": html.escape(entry.title), "text": f"Reported in: {links}"},
        }
        if entry.end:
            event["end_date"] = _timeline_date(entry.end)
        if entry.location:
            event["group"] = html.escape(entry.location)
        events.append(event)
    marking = rolled_up(b for entry in catalog.timeline for b in entry.briefs)
    return _dumps(
        {
            "title": {
                "text": {
                    "headline": f"Briefing Room timeline ({marking.value})",
                    "text": "Every event reported by a published brief.",
                }
            },
            "events": events,
        }
    )


def datafiles(catalog: Catalog, url: Callable[[str], str]) -> dict[str, str]:
    return {BRIEFS_JSON: briefs_json(catalog, url), TIMELINE_JSON: timeline_json(catalog, url)}
