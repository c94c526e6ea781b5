"""The "needs attention" page: every brief left off the site, and every warning, for the editors.

A build without ``--strict`` goes on past errors, publishing every good brief; this page names
the ones it left out, in the checker's words, so nothing is lost silently. It is not public
content: kept out of the navigation, search, feeds, sitemap and offline export, and marked
``noindex`` (see the README).
"""

from __future__ import annotations

import itertools

from ...model import Problem, Severity
from ..doc import Doc
from ..html import esc, html_list, md, plural

TITLE = "Needs attention"


def page(problems: list[Problem], rejected: list[str], files: int) -> Doc:
    meta = {
        "title": TITLE,
        "robots": "noindex, nofollow",
        "search": {"exclude": True},
        "hide": ["navigation"],
    }
    doc = Doc(meta).md(f"# {TITLE}\n")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    published = files - len(rejected)
    doc.html(
        "<p>For the editors: what this build left off the site, and what it warns about, in the words of "
        "<code>briefing check</code>. This page is not listed in the navigation, search, feeds or sitemap.</p>\n"
        f"<p>{plural(files, 'brief file')}: {plural(published, 'brief')} loaded, {plural(len(rejected), 'left off the site', 'left off the site')}.</p>\n"
    )
    if not errors and not warnings:
        doc.html("<p>Nothing needs attention: every brief is on the site.</p>\n")
    _section(doc, f"Left off the site or failing ({plural(len(errors), 'error')})", errors)
    _section(doc, f"Warnings ({plural(len(warnings), 'warning')})", warnings)
    return doc


def _section(doc: Doc, heading: str, problems: list[Problem]) -> None:
    if not problems:
        return
    doc.md(f"\n## {md(heading)}\n")
    for path, in_file in itertools.groupby(sorted(problems), key=lambda p: p.path):
        items = [esc(str(p)) for p in in_file]  # the very line `briefing check` prints
        doc.md(f"\n### {md(path)}\n").html(html_list(items), search=False)
