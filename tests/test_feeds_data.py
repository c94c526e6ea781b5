"""Feeds parsed with feedparser; briefs.json and timeline.json validated against their schemas."""

from __future__ import annotations

import json

import feedparser
import jsonschema
import pytest
from conftest import HOSTILE_TITLE, REPO


@pytest.fixture(scope="module")
def site_feed(small_site):
    return feedparser.parse((small_site / "feeds" / "all.xml").read_bytes())


def test_site_feed_lists_published_briefs_newest_first(site_feed):
    assert not site_feed.bozo, site_feed.bozo_exception
    assert site_feed.feed.title == "Briefing Room: latest briefs"
    titles = [e.title for e in site_feed.entries]
    assert "Unfinished draft zzqx" not in titles and len(titles) == 5
    dates = [e.published_parsed for e in site_feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_entry_has_title_summary_date_link_and_id(site_feed):
    entry = next(e for e in site_feed.entries if e.title == "Xi visits Moscow")
    assert entry.summary == "Xi goes to Moscow for the parade."
    assert entry.id == "tag:briefing-room,2025:brief/visit"
    assert entry.link.endswith("briefs/visit/")
    assert entry.published.startswith("2025-05-04")
    assert {t.term for t in entry.tags} == {"russia-china-relations", "victory-day"}


def test_hostile_title_is_text_in_the_feed(site_feed, small_site):
    assert HOSTILE_TITLE in [e.title for e in site_feed.entries]
    assert b"<script>" not in (small_site / "feeds" / "all.xml").read_bytes()


def test_topic_feed_holds_only_its_briefs_and_is_linked_from_the_topic_page(small_site):
    feed = feedparser.parse((small_site / "feeds" / "victory-day.xml").read_bytes())
    assert not feed.bozo
    assert {e.id.rsplit("/", 1)[1] for e in feed.entries} == {"visit", "parade", "parade-plan"}
    page = (small_site / "topics" / "victory-day" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in page and 'href="../../feeds/victory-day.xml"' in page
    home = (small_site / "index.html").read_text(encoding="utf-8")
    assert 'href="feeds/all.xml"' in home


def schema(name: str) -> dict:
    return json.loads((REPO / "docs" / "schemas" / name).read_text(encoding="utf-8"))


def test_briefs_json_matches_its_schema(small_site):
    data = json.loads((small_site / "briefs.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema("briefs.schema.json"))
    by_id = {b["id"]: b for b in data["briefs"]}
    assert set(by_id) == {"visit", "parade", "parade-plan", "ceasefire", "hostile"}
    assert by_id["visit"]["sources"][0]["reliability_meaning"] == "Usually reliable"
    assert by_id["hostile"]["title"] == HOSTILE_TITLE
    assert by_id["visit"]["judgments"][0] == {
        "id": "parade-goes-ahead",
        "text": "The parade will go ahead with Xi as guest.",
        "likelihood": "likely",
        "confidence": "moderate",
        "sources": ["kremlin", "wire"],
    }
    assert by_id["parade"]["changes"][0]["date"] == "2025-05-09"
    assert by_id["parade"]["supersedes"] == "parade-plan"
    assert by_id["parade-plan"]["superseded_by"] == "parade"
    assert (by_id["parade"]["stale"], by_id["visit"]["stale"], by_id["parade-plan"]["stale"]) == (
        True,  # as of 9 May 2025, more than 180 days before the build
        False,  # reviewed by 1 June 2026
        False,  # superseded
    )
    assert data["likelihood_scale"]["id"] == "icd-203" and data["stale_after_days"] == 180
    assert data["likelihood_scale"]["terms"][4] == {"words": "likely", "low": 55, "high": 80}


def test_briefs_json_schema_rejects_a_wrong_shape(small_site):
    data = json.loads((small_site / "briefs.json").read_text(encoding="utf-8"))
    data["briefs"][0]["sources"][0]["reliability"] = "G"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema("briefs.schema.json"))


def test_timeline_json_is_timelinejs_format_with_escaped_html(small_site):
    data = json.loads((small_site / "timeline.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema("timeline.schema.json"))
    parade = next(e for e in data["events"] if e["unique_id"] == "parade-2025")
    assert parade["start_date"] == {"year": 2025, "month": 5, "day": 9}
    assert "briefs/visit/" in parade["text"]["text"] and "briefs/parade/" in parade["text"]["text"]
    hostile = next(e for e in data["events"] if "onerror" in e["text"]["headline"])
    assert "<img" not in hostile["text"]["headline"] and "&lt;img" in hostile["text"]["headline"]
