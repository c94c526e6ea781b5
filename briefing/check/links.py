"""Links and images in brief bodies, as the parsed tree has them: each one lands where the site
can take the reader, or is an error on its line.

A body may link to other briefs (their ``.md`` files, perhaps with an ``#anchor``), to anchors of
its own page, and to ``http``, ``https`` and ``mailto`` addresses. It may not show images: the site
never loads anything from outside the intranet, and the briefs folder is not part of the site.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping

from ..body.anchors import brief_page_anchors, judgment_anchor
from ..body.tree import Link
from ..model import Brief, Problem, Severity, Unloaded
from ..wording import did_you_mean, q

SCHEMES = ("http", "https", "mailto")
_ALLOWED = "a body may link to other briefs (their .md files), to #anchors and to http(s) addresses"


def page_anchors(brief: Brief) -> set[str]:
    """The anchors of the brief's page that a link may name."""
    fields = {
        "judgments": bool(brief.judgments),
        "changes": bool(brief.changes),
        "events": bool(brief.events),
    }
    followed = {judgment_anchor(judgment.id) for judgment in brief.judgments if judgment.id}
    return brief_page_anchors(brief.title, brief.body.anchors, fields, followed)


class BodyLinks:
    """Checks every brief's links against the others; built once per check (anchors are cached)."""

    def __init__(self, briefs: list[Brief], unloaded: Mapping[str, Unloaded] | None = None) -> None:
        self.by_path = {brief.path: brief for brief in briefs}
        self.unloaded = unloaded or {}
        self.ids = sorted({brief.id for brief in briefs})
        self.anchors: dict[str, set[str]] = {}

    def anchors_of(self, brief: Brief) -> set[str]:
        if brief.path not in self.anchors:
            self.anchors[brief.path] = page_anchors(brief)
        return self.anchors[brief.path]

    def problems(self, brief: Brief) -> Iterator[Problem]:
        for link in brief.body.links:
            message = self.link(brief, link)
            if message is not None:
                yield Problem(brief.path, link.line, Severity.ERROR, message)
        for image in brief.body.images:
            yield Problem(brief.path, image.line, Severity.ERROR, _image(image))

    def link(self, brief: Brief, link: Link) -> str | None:
        """What is wrong with one link, or None."""
        if link.target.startswith("//"):
            return f"link to {q(link.target)} has no scheme: write https:// in front of it"
        if not link.is_local:
            return (
                None
                if link.scheme in SCHEMES
                else f"link to {q(link.target)} is not allowed: {_ALLOWED}"
            )
        if not link.path:
            if not link.anchor or link.anchor in self.anchors_of(brief):
                return None
            known = self.anchors_of(brief)
            return (
                f"link to missing anchor {q('#' + link.anchor)} of this "
                f"brief{did_you_mean(link.anchor, known)}"
            )
        if link.path.startswith("/"):
            return f"link to {q(link.target)} leaves the briefs folder: {_ALLOWED}"
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(brief.path), link.path))
        target = self.by_path.get(resolved)
        if target is None and resolved in self.unloaded:
            # Its own errors keep it off the site and fail the check; blaming every brief that
            # links to it too (as a link to a missing brief) would take them off the site while
            # one brief is being mended, and hide the one error that matters among theirs. The
            # link shows as its words until the target is back, as a link to a loaded brief
            # with errors does. Its anchors are not known: not checked.
            if brief.published and self.unloaded[resolved].draft:
                return _draft(link)
            return None
        if target is None:
            if not link.path.endswith(".md"):
                return f"link to {q(link.target)} is not a brief: {_ALLOWED}"
            name = posixpath.basename(link.path)[:-3]
            return f"link to missing brief {q(link.path)}{did_you_mean(name, self.ids)}"
        if brief.published and not target.published:
            return _draft(link)
        if link.anchor and link.anchor not in self.anchors_of(target):
            known = self.anchors_of(target)
            return (
                f"link to missing anchor {q('#' + link.anchor)} in "
                f"{q(link.path)}{did_you_mean(link.anchor, known)}"
            )
        return None


def _draft(link: Link) -> str:
    return (
        f"link to draft brief {q(link.path)}: a draft is not on the site; "
        "publish it first, or take the link out"
    )


def _image(image: Link) -> str:
    if image.target.startswith("//") or image.scheme in ("http", "https"):
        return (
            f"image from an outside address {q(image.target)}: the site never loads anything from "
            "outside the intranet; link to it instead (drop the '!')"
        )
    return (
        f"image {q(image.target)}: a brief cannot show pictures (the briefs folder is not part of "
        "the site); describe it in words, or link to where readers can see it"
    )
