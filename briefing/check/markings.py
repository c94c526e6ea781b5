"""Markings across briefs: the site's default given to unmarked briefs, and no brief pointing at a
brief its readers may not read.

A link in the text, or an id under ``related``, to a more restrictively marked brief is an error
on its line: the brief's readers could not follow it, and its words may reveal what it points at.
The label itself is checked where it is read (``briefing.load.schema``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..body.tree import file_links
from ..markings import NARROWEST, rank
from ..model import Brief, Marking, Problem, Severity, Unloaded
from ..wording import q


def written(brief: Brief) -> bool:
    """True if the brief's front matter has a ``marking`` line (valid or not)."""
    return ("marking",) in brief.lines


def give_default(briefs: list[Brief], default: Marking) -> None:
    """Every unmarked brief gets ``default``; a brief whose label was wrong keeps None (its
    error is reported where it was read, and it is shown to no audience)."""
    for brief in briefs:
        # Given again at each check: a brief kept from an earlier one (serve) gets today's default.
        if not written(brief):
            brief.marking = default


class MarkingLinks:
    """Finds links and ``related`` ids pointing at more restrictive briefs; built once per check.

    A brief file that could not be loaded (``unloaded``) is judged by the marking its text gives:
    it is off the site for its own errors, but the words that link to it may still reveal it. A
    target whose marking cannot be read (a wrong label, or a file that could not be loaded) is
    taken for the narrowest: while it is being mended, nothing may point at it from a wider
    audience."""

    def __init__(self, briefs: list[Brief], unloaded: Mapping[str, Unloaded] | None = None) -> None:
        self.by_path: dict[str, Brief | Unloaded] = {**(unloaded or {})}
        self.by_path.update((brief.path, brief) for brief in briefs)
        self.by_id: dict[str, Brief | Unloaded] = {u.id: u for u in (unloaded or {}).values()}
        self.by_id.update((brief.id, brief) for brief in briefs)

    def problems(self, brief: Brief) -> Iterator[Problem]:
        mine = brief.marking
        if mine is None:
            return  # its label is already an error; it reaches no audience
        for link, path in file_links(brief.body, brief.path):
            target = self.by_path.get(path)
            theirs = _narrower(target, mine)
            if theirs is not None and target is not brief:
                yield Problem(
                    brief.path,
                    link.line,
                    Severity.ERROR,
                    f"link to {q(link.path)}, {_marked(target, theirs)}, from a brief marked "
                    f"{mine.value}: its readers could not follow it, and its words may reveal "
                    f"it; mark this brief {theirs.value} or take the link out",
                )
        for index, other in enumerate(brief.related):
            target = self.by_id.get(other)
            theirs = _narrower(target, mine)
            if theirs is not None and target is not brief:
                yield Problem(
                    brief.path,
                    brief.line_of("related", index),
                    Severity.ERROR,
                    f"related brief {q(other)}{_related_marked(target, theirs)}, more "
                    f"restrictive than this brief's {mine.value}: its readers could not follow "
                    f"it, and naming it may reveal it; mark this brief {theirs.value} or take it "
                    "out of 'related'",
                )


def _marked(target: Brief | Unloaded | None, marking: Marking) -> str:
    if target is not None and target.marking is None:
        return f"whose marking cannot be read (it has errors of its own; taken as {marking.value})"
    return f"marked {marking.value}"


def _related_marked(target: Brief | Unloaded | None, marking: Marking) -> str:
    if target is not None and target.marking is None:
        unread = ", whose marking cannot be read (it has errors of its own),"
        return f"{unread} is taken as {marking.value}"
    return f" is marked {marking.value}"


def _narrower(target: Brief | Unloaded | None, mine: Marking) -> Marking | None:
    """The target's marking when it is more restrictive than ``mine``, else None."""
    if target is None:
        return None
    theirs = target.marking or NARROWEST
    return theirs if rank(theirs) > rank(mine) else None
