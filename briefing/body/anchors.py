"""Heading ids: how a heading's text becomes the ``#anchor`` of its section.

The same rule as Python-Markdown's ``toc`` extension (which gives the ids of MkDocs' own pages),
so a link to ``briefs/x/#what-happened`` means the same on every page of the site. A page's ids
are made unique in the order they are given out: the body's headings first, the page's own
sections after them, so the ids of a body never depend on the page around it and the checker
knows them from the body alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set

_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def slugify(text: str) -> str:
    """``"Why it matters"`` → ``why-it-matters``; accented Latin letters lose their accents."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", ascii_text).strip().lower())


class Anchors:
    """The ids given out on one page; ``unique`` appends ``_1``, ``_2`` … to a taken one."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def unique(self, wanted: str) -> str:
        anchor = wanted
        if anchor in self.taken or not anchor:
            match = _COUNTED.match(anchor)
            base, count = (match.group(1), int(match.group(2))) if match else (anchor, 0)
            count += 1
            while f"{base}_{count}" in self.taken:
                count += 1
            anchor = f"{base}_{count}"
        self.taken.add(anchor)
        return anchor

    def heading(self, text: str) -> str:
        # Material's own controls have ids that start with "__" (``__search``): never one of those.
        return self.unique(slugify(text).lstrip("_"))


# The sections every brief page adds after its body, by the brief field that makes them appear
# (None: always there). The page module titles its sections from here, and the checker knows
# from here which anchors a link to a brief may name.
SECTION_TITLES = {
    "judgments": "Key judgments",
    "changes": "What changed",
    "events": "Events",
    "sources": "Sources",
}
BRIEF_SECTIONS = (
    ("judgments", SECTION_TITLES["judgments"]),
    ("changes", SECTION_TITLES["changes"]),
    ("events", SECTION_TITLES["events"]),
    (None, SECTION_TITLES["sources"]),
)


def judgment_anchor(judgment_id: str) -> str:
    """The anchor of a followed judgment, on the judgments page and on each brief giving it."""
    return "j-" + judgment_id


def brief_page_anchors(
    title: str, body_anchors: set[str], fields: dict[str, bool], extra: Set[str] = frozenset()
) -> set[str]:
    """Every anchor a link may name on a brief's page: the body's headings, then the title and
    the sections the brief has (``fields`` says which lists are non-empty), in the page's order,
    and the ``extra`` anchors the page gives fixed ids (a followed judgment's).
    "Related briefs" and "Referenced by" depend on other briefs, so a link may not name them."""
    anchors = Anchors(body_anchors)
    found = set(body_anchors) | set(extra)
    found.add(anchors.heading(title))
    for field_name, section in BRIEF_SECTIONS:
        if field_name is None or fields.get(field_name):
            found.add(anchors.heading(section))
    return found
