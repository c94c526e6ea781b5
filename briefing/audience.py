"""Audiences: a build for the readers of one TLP label holds nothing marked above it.

The filter stands between the check and the catalog: ``corpus_for`` keeps the briefs the
audience may read, and every later stage (catalog, pages, pictures, feeds, data files, search,
sitemap) is made from what it kept, so a brief above the level cannot reach any of them, nor
can its existence through a count. The check itself still sees every brief, so that a link to a
more restrictive brief is an error (``briefing.check.markings``).

The editors' page is made from the check's problems, which name any brief: ``editors_view``
keeps those of the audience's own files that mention no other file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from . import markings
from .check.folder import Result
from .model import Brief, Corpus, Marking, Problem, Severity
from .wording import did_you_mean

WITHHELD = "left off the site: 'briefing check' says why"


class AudienceError(Exception):
    """A build that cannot be made for the audience asked; the message says why."""


@dataclass(frozen=True)
class Audience:
    """Who a build is for: readers cleared for ``level``; with ``brief``, that one brief alone
    (``briefing export --brief``, for hand delivery: its own marking is then the level)."""

    level: Marking
    brief: str | None = None

    def admits(self, brief: Brief) -> bool:
        if self.brief is not None:
            return brief.id == self.brief
        return brief.marking is not None and markings.within(brief.marking, self.level)

    def admits_marking(self, marking: Marking) -> bool:
        """For a file that is no brief: whether its marking is within a hosted audience."""
        return self.brief is None and markings.within(marking, self.level)

    @property
    def name(self) -> str:
        return self.level.value if self.brief is None else f"{self.brief} ({self.level.value})"


def hosted(level: Marking) -> Audience:
    """The audience of a hosted site or a whole archive; never TLP:RED."""
    if level not in markings.HOSTED:
        raise AudienceError(
            f"{level.value} is for named recipients and is never part of a hosted site or "
            "archive: give one brief to them with 'briefing export --brief ID'"
        )
    return Audience(level)


def one_brief(result: Result, brief_id: str) -> Audience:
    """The audience of a one-brief archive: the brief must be published and free of errors."""
    brief = next((b for b in result.corpus.briefs if b.id == brief_id), None)
    if brief is None:
        loaded = next((b for b in result.loaded if b.id == brief_id), None)
        if loaded is None:
            known = [b.id for b in result.corpus.briefs]
            raise AudienceError(f"no brief '{brief_id}'{did_you_mean(brief_id, known)}")
        raise AudienceError(
            f"brief '{brief_id}' has errors and is on no site: fix them first (briefing check)"
        )
    if not brief.published:
        raise AudienceError(f"brief '{brief_id}' is a draft: publish it first")
    return Audience(markings.of(brief), brief=brief.id)


def corpus_for(corpus: Corpus, audience: Audience) -> Corpus:
    """The part of a checked corpus the audience may read; the registries are everyone's."""
    briefs = [brief for brief in corpus.briefs if audience.admits(brief)]
    return Corpus(corpus.root, briefs, corpus.actors, corpus.topics, rejected=[])


@dataclass
class EditorsView:
    """What the editors' page of an audience's build may list."""

    problems: list[Problem]
    rejected: list[str]
    files: int
    marking: Marking


def editors_view(result: Result, audience: Audience) -> EditorsView:
    """The check's problems with a path among the audience's own brief files (or a registry),
    less any whose words name a file the audience may not see. A file that could not be read
    far enough to know its marking (broken YAML, a wrong label) is one of those: only
    ``briefing check`` names it."""
    shown = [brief for brief in result.loaded if audience.admits(brief)]
    unbuilt = {path: m for path, m in result.unbuilt.items() if audience.admits_marking(m)}
    visible = {brief.path for brief in shown} | set(unbuilt)
    briefs = {brief.path for brief in result.loaded} | set(result.corpus.rejected)
    names: set[str] = set()
    for brief in result.loaded:
        if brief.path not in visible:
            names.update(_names(brief.path, brief.id))
    for path in set(result.corpus.rejected) - visible:
        names.update(_names(path, posixpath.splitext(posixpath.basename(path))[0]))
    problems: list[Problem] = []
    withheld: dict[str, int] = {}
    for problem in result.problems:
        if problem.path in visible or problem.path not in briefs:
            if not any(name in problem.message for name in names):
                problems.append(problem)
            elif problem.severity is Severity.ERROR:
                withheld.setdefault(problem.path, problem.line)
    rejected = [path for path in result.corpus.rejected if path in visible]
    # A brief of the audience left off for a reason that names another: listed, the reason not.
    shown_errors = {p.path for p in problems if p.severity is Severity.ERROR}
    for path in rejected:
        if path not in shown_errors and path in withheld:
            problems.append(Problem(path, withheld[path], Severity.ERROR, WITHHELD))
    problems.sort(key=lambda p: (p.path, p.line, p.severity.value, p.message))
    marking = markings.most_restrictive([markings.rolled_up(shown), *unbuilt.values()])
    return EditorsView(problems, rejected, len(visible), marking)


def _names(path: str, brief_id: str) -> tuple[str, ...]:
    """How a message may name a brief: its path, its file's name, its id as quoted."""
    return (path, posixpath.basename(path), f"'{brief_id}'")
