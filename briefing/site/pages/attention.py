"""The "needs attention" page: every brief left off the site, and every warning, for the editors.

A build without ``--strict`` goes on past errors, publishing every good brief; this page names
the ones it left out, in the checker's words, so nothing is lost silently. It is made only under
``mkdocs serve`` and in an explicit editors' build (the plugin's ``editors_page``), never for the
hosted site or the offline export; even there it is kept out of the navigation, search, feeds and
sitemap, and marked ``noindex`` (see ARCHITECTURE.md, "Hostile input").

It never shows a draft's words: a problem in a draft is given by its line only (the message may
quote the draft; ``briefing check`` prints it in full). Paths are shown from the briefs folder's
own name, never as the build machine's absolute paths.
"""

from __future__ import annotations

import itertools
import posixpath

from ...check.folder import Result
from ...model import Problem, Severity
from ..doc import Doc
from ..html import esc, html_list, md, plural

TITLE = "Needs attention"
DRAFT_NOTE = "in a draft: the message is shown by briefing check, not here"


def page(result: Result) -> Doc:
    meta = {
        "title": TITLE,
        "robots": "noindex, nofollow",
        "search": {"exclude": True},
        "hide": ["navigation"],
    }
    doc = Doc(meta).md(f"# {TITLE}\n")
    shown = _Shown(result.corpus.root, result.drafts)
    problems = [shown.problem(p) for p in result.problems]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    rejected = result.corpus.rejected
    published = result.files - len(rejected)
    doc.html(
        "<p>For the editors: what this build left off the site, and what it warns "
        "about, in the words of "
        "<code>briefing check</code>. This page is not listed in the navigation, "
        "search, feeds or sitemap, "
        "and is not part of the published site.</p>\n"
        f"<p>{plural(result.files, 'brief file')}: {plural(published, 'brief')} "
        f"loaded, {plural(len(rejected), 'left off the site', 'left off the site')}.</p>\n"
    )
    if not errors and not warnings:
        doc.html("<p>Nothing needs attention: every brief is on the site.</p>\n")
    _section(doc, f"Left off the site or failing ({plural(len(errors), 'error')})", errors)
    _section(doc, f"Warnings ({plural(len(warnings), 'warning')})", warnings)
    return doc


class _Shown:
    """Problems as the page shows them: paths from the briefs folder's name, drafts unquoted."""

    def __init__(self, root: str, drafts: set[str]) -> None:
        self.root = root.rstrip("/") or "/"
        # An absolute folder (BRIEFS_DIR=/srv/…/briefs) is shown by its own name: "briefs/…".
        self.name = posixpath.basename(self.root) if posixpath.isabs(self.root) else None
        self.drafts = drafts

    def path(self, text: str) -> str:
        if self.name is None:
            return text
        return text.replace(self.root + "/", self.name + "/")

    def problem(self, problem: Problem) -> Problem:
        message = DRAFT_NOTE if problem.path in self.drafts else self.path(problem.message)
        return Problem(self.path(problem.path), problem.line, problem.severity, message)


def _section(doc: Doc, heading: str, problems: list[Problem]) -> None:
    if not problems:
        return
    doc.md(f"\n## {md(heading)}\n")
    for path, in_file in itertools.groupby(sorted(problems), key=lambda p: p.path):
        items = [esc(str(p)) for p in in_file]  # the very line `briefing check` prints
        doc.md(f"\n### {md(path)}\n").html(html_list(items), search=False)
