"""Where each generated page lives in the site (its MkDocs ``src_uri``); URLs follow from these."""

import datetime as dt

from ..body import anchors

BRIEFS = "briefs"
TOPICS_INDEX = "topics/index.md"
ACTORS_INDEX = "actors/index.md"
TIMELINE = "timeline.md"
SOURCES = "sources.md"
JUDGMENTS = "judgments.md"
HOME = "index.md"
ATTENTION = "attention.md"  # for the editors: not public content (pages/attention.py)


def inside_site(path: str) -> str:
    """``path`` if it stays inside the site folder, else ValueError.

    Every page path is built from ids the loader has validated; this is the last wall, so a bug
    there can never make the build write outside the site (or the render folder).
    """
    parts = path.split("/")
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or any(part in ("", ".", "..") for part in parts)
        or ":" in parts[0]
    ):
        raise ValueError(f"refusing a page path outside the site: {path!r}")
    return path


def brief(brief_id: str) -> str:
    # Flat and derived from the id alone, so a brief keeps its URL when moved between folders.
    return f"{BRIEFS}/{brief_id}.md"


def brief_id(src_uri: str) -> str:
    """The brief id of a brief page's ``src_uri`` (the inverse of ``brief``)."""
    return src_uri[len(BRIEFS) + 1 : -len(".md")]


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def book(topic_id: str) -> str:
    return f"topics/{topic_id}/book.md"


def actor(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def event_anchor(key: str) -> str:
    """The anchor of a timeline entry; event keys are ids or ``brief-id#n``."""
    return "ev-" + key.replace("#", "-")


def judgment_anchor(judgment_id: str) -> str:
    """The anchor of a tracked judgment, on the judgments page and on each brief giving it."""
    return anchors.judgment_anchor(judgment_id)


def source_anchor(source_id: str, brief_id: str | None = None) -> str:
    """The anchor of a source's row in a brief's sources table; in a briefing book, where many
    briefs share the page, prefixed with the brief's id."""
    return f"{brief_id}--source-{source_id}" if brief_id else f"source-{source_id}"


def period_anchor(year: int, month: int | None = None) -> str:
    """The id MkDocs gives a year or month heading of a timeline listing ("2024",
    "september-2024").
    """
    return f"{dt.date(year, month, 1):%B-%Y}".lower() if month else str(year)


def url_maker(*, site_url: str | None, directory_urls: bool, depth: int):
    """Links from a file ``depth`` folders deep to site paths like ``briefs/x/``:
    absolute under ``site_url`` when set, else relative; ``.html`` names without directory URLs."""
    base = site_url or "../" * depth
    if base and not base.endswith("/"):
        base += "/"

    def url(path: str) -> str:
        if not directory_urls:
            if path == "":
                path = "index.html"
            elif path.endswith("/"):
                path = path[:-1] + ".html"
        return base + path

    return url
