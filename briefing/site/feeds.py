"""Atom feeds of the latest briefs: one for the site, one per topic. Plain XML built with
ElementTree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.etree import ElementTree as ET

from ..catalog import Catalog
from ..markings import MEANING, of, rolled_up
from ..model import Brief, Marking

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
SITE_FEED = "feeds/all.xml"


def topic_feed(topic_id: str) -> str:
    return f"feeds/{topic_id}.xml"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text  # ElementTree escapes text and attributes: values stay text
    return element


def atom(
    title: str,
    feed_id: str,
    briefs: list[Brief],
    catalog: Catalog,
    url: Callable[[str], str],
    self_path: str,
) -> str:
    """An Atom document for ``briefs`` (newest first). ``url`` turns a site path into the link
    readers follow.
    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title)
    _add(feed, "id", feed_id)
    _add(feed, "link", rel="self", href=url(self_path))
    _add(feed, "link", rel="alternate", href=url(""))
    newest = max((b.updated or b.date for b in briefs), default=dt.date(1970, 1, 1))
    _add(feed, "updated", _stamp(newest))  # from the briefs, never the build clock: reproducible
    author = _add(feed, "author")
    _add(author, "name", "Briefing Room analysts")
    # The roll-up of what the feed holds (its entries, and the date they set), and each entry's own.
    _add(feed, "rights", _rights(rolled_up(briefs)))
    for brief in briefs[:FEED_SIZE]:
        entry = _add(feed, "entry")
        _add(entry, "title", brief.title)
        _add(entry, "id", f"tag:briefing-room,2025:brief/{brief.id}")
        _add(entry, "link", rel="alternate", type="text/html", href=url(f"briefs/{brief.id}/"))
        _add(entry, "published", _stamp(brief.date))
        _add(entry, "updated", _stamp(brief.updated or brief.date))
        _add(entry, "summary", brief.summary)
        _add(entry, "rights", _rights(of(brief)))
        for topic in brief.topics:
            _add(entry, "category", term=topic, label=catalog.topics[topic].title)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _rights(marking: Marking) -> str:
    return f"{marking.value}. {MEANING[marking]}"


# Material's JavaScript takes every <link rel="alternate"> (our feeds) for a language version of
# the site and fetches "sitemap.xml" beside it; an empty one answers that instead of a 404.
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'


def feed_paths(catalog: Catalog) -> list[str]:
    """Where ``feeds`` puts each feed, known before any is made."""
    return ["feeds/sitemap.xml", SITE_FEED, *(topic_feed(topic_id) for topic_id in catalog.topics)]


def feeds(catalog: Catalog, url: Callable[[str], str]) -> dict[str, str]:
    """Every feed of the site, keyed by its path in the site."""
    out = {
        "feeds/sitemap.xml": EMPTY_SITEMAP,
        SITE_FEED: atom(
            "Briefing Room: latest briefs",
            "tag:briefing-room,2025:feed/all",
            catalog.briefs,
            catalog,
            url,
            SITE_FEED,
        ),
    }
    for topic_id, topic in catalog.topics.items():
        path = topic_feed(topic_id)
        out[path] = atom(
            f"Briefing Room: {topic.title}",
            f"tag:briefing-room,2025:feed/{topic_id}",
            catalog.by_topic.get(topic_id, []),
            catalog,
            url,
            path,
        )
    return out
