"""Markings in a build: the audience it is for, the editors' page it may show, the notice file
at its root, and the labels' meanings for the theme's banner (overrides/partials/marking.html)."""

from __future__ import annotations

from dataclasses import replace

from mkdocs.config.defaults import MkDocsConfig

from ..audience import Audience, AudienceError, editors_view, hosted, one_brief
from ..catalog import Catalog
from ..check.folder import Result
from ..markings import MEANING, slug
from ..model import Marking
from ..site import rollup
from ..site.doc import Doc
from ..site.html import esc
from ..site.pages import attention
from .config import BriefingConfig

# At the site's root: the roll-up in words, for whoever finds the folder or the archive.
NOTICE = "MARKING.txt"


def audience(options: BriefingConfig, result: Result, *, offline: bool) -> Audience:
    """The audience the options ask for; one brief alone only for an offline archive."""
    if options.brief:
        if not offline:
            raise AudienceError(
                "the 'brief' option (BRIEFING_BRIEF) makes an archive of one brief for hand "
                "delivery and is never part of a hosted site: use 'briefing export --brief ID'"
            )
        return one_brief(result, options.brief)
    return hosted(options.audience)


def editors_page(result: Result, audience: Audience) -> Doc:
    """The editors' page as the audience's own build may show it (``briefing.audience``)."""
    view = editors_view(result, audience)
    corpus = replace(result.corpus, rejected=view.rejected)
    doc = attention.page(replace(result, problems=view.problems, files=view.files, corpus=corpus))
    doc.html(
        f"<p>This build is for readers of {esc(audience.level.value)}: this page names only the "
        "brief files marked at or below it, and no problem that names another brief; a file "
        "read too little to know its marking is not named here. <code>briefing check</code> "
        "names every file, whatever its marking.</p>\n",
        search=False,
    )
    rollup.stamp(doc.meta, view.marking)
    return doc


def for_theme(config: MkDocsConfig) -> None:
    """What the banner needs to know of each label: its CSS class and its meaning."""
    config.extra["br_markings"] = {
        marking.value: {"slug": slug(marking), "meaning": MEANING[marking]} for marking in Marking
    }


def notice(audience: Audience, catalog: Catalog) -> str:
    held = rollup.whole_site(catalog)
    if audience.brief is not None:
        scope = (
            f"the brief '{audience.brief}' alone, marked {audience.level.value}, for hand "
            "delivery to the recipients it names"
        )
    else:
        scope = (
            f"the briefs marked at or below {audience.level.value}, for readers cleared for it; "
            "nothing marked above it"
        )
    return (
        f"{held.value}\n\n{MEANING[held]}\n\n"
        f"Briefing Room: this site holds {scope}. Every page shows the most restrictive "
        "marking of what it holds, at its top and on every printed page.\n"
    )
