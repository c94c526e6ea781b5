"""The brief and registry formats as data: every field declared once, with its kind, whether it is
required, what its values may be, and the words an editor shows for it.

``briefing.load.schema`` validates files against these declarations; ``briefing.load.jsonschema``
turns the same declarations into the JSON Schemas under ``docs/schemas/`` that editors read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markings import DEFAULT_MARKING
from ..model import (
    CREDIBILITY,
    RELIABILITY,
    ActorKind,
    Confidence,
    Marking,
    Status,
)
from ..scales import SCALES

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# Ids the site's own pages and files already take (``briefing/site/uris.py`` and ``feeds.py``): a
# brief, topic or actor with one of them would replace that page or be linked where it is not.
# The writing guide lists them; a test keeps this table equal to the generated paths.
RESERVED_IDS: dict[str, dict[str, str]] = {
    "brief": {"index": "briefs/index.md would be the page at briefs/, not a brief's page"},
    "topic": {
        "index": "topics/index.md is the Topics page",
        "all": "feeds/all.xml is the feed of the whole site",
        "sitemap": "feeds/sitemap.xml is taken by the site",
    },
    "actor": {"index": "actors/index.md is the Actors page"},
}

MAX_ITEMS = 500  # per list: more events or sources than this in one brief is a mistake, not a brief
MAX_TEXT = 10_000  # characters in one front-matter value


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is required, and what its values may be."""

    kind: str  # text | date | id | ids | texts | url | choice | records | marking
    required: bool = False
    choices: tuple = ()
    record: dict[str, Field] | None = None
    min_items: int = 0
    # Said after the choices in the checker's message ("Admiralty reliability A–F").
    note: str = ""
    # What the field holds, as an editor shows it on hover (the JSON Schema's description).
    about: str = ""
    # Words an editor offers while typing, where the value is free text (likelihood terms).
    examples: tuple[str, ...] = ()


def _choice(values, note: str = "", required: bool = False, about: str = "") -> Field:
    return Field("choice", required=required, choices=tuple(values), note=note, about=about)


def _likelihood_terms() -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.words for scale in SCALES.values() for t in scale.terms))


_SCALE_NAMES = " or ".join(scale.name for scale in SCALES.values())

EVENT = {
    "date": Field("date", required=True, about="The day it happened (its first day), YYYY-MM-DD."),
    "end": Field("date", about="The last day, for an event over several days, YYYY-MM-DD."),
    "title": Field("text", required=True, about="What happened, in a line."),
    "location": Field("text", about="Where it happened."),
    "actors": Field("ids", about="Ids of the actors in it, from actors.yml."),
    "id": Field("id", about="The event's id: briefs giving the same id describe the same event."),
}
SOURCE = {
    "id": Field("id", about="The source's id in this brief, named by judgments' 'sources'."),
    "title": Field("text", required=True, about="The document's title."),
    "publisher": Field("text", required=True, about="Who published it."),
    "url": Field("url", about="Its address: http:// or https://."),
    "published": Field("date", about="When it was published, YYYY-MM-DD."),
    "accessed": Field("date", about="When it was read, YYYY-MM-DD."),
    "reliability": _choice(
        RELIABILITY,
        "Admiralty reliability A–F",
        about="Admiralty reliability of the source: "
        + "; ".join(f"{k}: {v}" for k, v in RELIABILITY.items())
        + ".",
    ),
    "credibility": _choice(
        CREDIBILITY,
        "Admiralty credibility 1–6",
        about="Admiralty credibility of the information: "
        + "; ".join(f"{k}: {v}" for k, v in CREDIBILITY.items())
        + ".",
    ),
}
JUDGMENT = {
    "text": Field("text", required=True, about="The judgment, in a sentence."),
    "confidence": _choice(
        [c.value for c in Confidence],
        required=True,
        about="Confidence in the judgment: how good the evidence and reasoning are.",
    ),
    # A term of the site's likelihood scale: checked in ``briefing.check.judgments``, which knows
    # it (the scale is the site's setting), so the format takes any text.
    "likelihood": Field(
        "text",
        about=f"How likely: a term of the site's scale ({_SCALE_NAMES}), as the scale writes it.",
        examples=_likelihood_terms(),
    ),
    "sources": Field("ids", about="Ids of this brief's sources that support it."),
    "id": Field(
        "id", about="The judgment's id: the same id in several briefs is followed over time."
    ),
}
CHANGE = {
    "date": Field("date", required=True, about="When it changed, YYYY-MM-DD."),
    "note": Field("text", required=True, about="What changed in the brief, and why."),
}
BRIEF = {
    "title": Field("text", required=True, about="The headline."),
    "summary": Field(
        "text", required=True, about="The bottom line up front: one to three sentences."
    ),
    "date": Field("date", required=True, about="The as-of date, YYYY-MM-DD."),
    "updated": Field("date", about="The date of the last substantive update, YYYY-MM-DD."),
    "status": _choice(
        [s.value for s in Status],
        about="published (the default) or draft: a draft never reaches the site.",
    ),
    "topics": Field(
        "ids", required=True, min_items=1, about="One or more topic ids from topics.yml."
    ),
    "actors": Field(
        "ids", required=True, min_items=1, about="One or more actor ids from actors.yml."
    ),
    "events": Field("records", record=EVENT, about="What happened, each on its day."),
    "sources": Field(
        "records",
        required=True,
        record=SOURCE,
        min_items=1,
        about="One or more sources, each graded on the Admiralty scales.",
    ),
    "judgments": Field("records", record=JUDGMENT, about="The key judgments."),
    "related": Field("ids", about="Ids of related briefs, listed first under 'Related briefs'."),
    "review_by": Field("date", about="After this date the brief is marked stale, YYYY-MM-DD."),
    "changes": Field("records", record=CHANGE, about="What changed in the brief, and why."),
    "supersedes": Field("id", about="The id of an older brief this one replaces."),
    # A TLP 2.0 label; none: the site's default (briefing.markings, mkdocs.yml default_marking).
    "marking": Field(
        "marking",
        choices=tuple(m.value for m in Marking),
        about="Who may read it: a TLP 2.0 label. None: the site's default "
        f"({DEFAULT_MARKING.value} unless mkdocs.yml says otherwise).",
    ),
}
ACTOR = {
    "name": Field("text", required=True, about="The name shown on the site."),
    "kind": _choice([k.value for k in ActorKind], about="person, organisation or state."),
    "aliases": Field("texts", about="Other names the text may use for the actor."),
    "country": Field("text", about="The actor's country."),
    "role": Field("text", about="The actor's role or office."),
    "description": Field("text", about="A few words on the actor, shown on its page."),
}
TOPIC = {
    "title": Field("text", required=True, about="The topic's name, shown on its page."),
    "description": Field("text", about="What the topic covers, shown on its page."),
}
