"""A published brief must be finished: none of the template's placeholders left, and some text.

``briefing new`` writes a draft full of "TODO" (``briefing/template.py`` takes its placeholders
from here); a brief whose status is changed to published before they are replaced would lead
the home page with "TODO: the bottom line up front". Drafts may hold them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Brief

MARK = "TODO"
SUMMARY = f"{MARK}: the bottom line up front, in one to three sentences."
SOURCE_TITLE = f"{MARK}: title of the source"
SOURCE_PUBLISHER = f"{MARK}: who published it"
BODY = MARK  # each section of the template's body holds this word alone

# A value starting with the placeholder: "TODO", "TODO: …" (capitals: "Todo lists" is a title).
_PLACEHOLDER = re.compile(rf"{MARK}\b")
# A body line holding the placeholder alone, as the template writes it under each heading.
_BODY_LINE = re.compile(rf"^[ \t]*{MARK}[ \t]*[.:]?[ \t]*\r?$", re.MULTILINE)


def _unfilled(text: str | None) -> bool:
    if not text:
        return False
    return _PLACEHOLDER.match(text.strip()) is not None


def problems(brief: Brief) -> Iterator[tuple[tuple, str]]:
    """(front-matter key, message) for each placeholder left in a published brief, and for an
    empty body; the body's own lines are keyed ``("body", line)``."""
    if not brief.published:
        return
    advice = "replace it before publishing (or keep 'status: draft')"
    for name in ("title", "summary"):
        if _unfilled(getattr(brief, name)):
            yield (name,), f"'{name}' is still the template's placeholder: {advice}"
    for index, source in enumerate(brief.sources):
        for name in ("title", "publisher"):
            if _unfilled(getattr(source, name)):
                yield (
                    ("sources", index, name),
                    f"'{name}' in sources item {index + 1} is still the template's "
                    f"placeholder: {advice}",
                )
    for index, judgment in enumerate(brief.judgments):
        if _unfilled(judgment.text):
            yield (
                ("judgments", index, "text"),
                f"'text' in judgments item {index + 1} is still the template's placeholder: "
                f"{advice}",
            )
    text = brief.body.text
    if not text.strip():
        # On the closing '---': the body would start on the line after it.
        yield ("body", -1), "the brief has no text after its front matter: write the analysis"
        return
    for found in _BODY_LINE.finditer(text):
        line = text.count("\n", 0, found.start())
        yield ("body", line), f"the text still holds the template's placeholder {MARK!r}: {advice}"
