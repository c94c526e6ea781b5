"""Key judgments on pages: each with its likelihood, confidence and sources (the brief page, the
lists of briefs), and the judgments page following each tracked judgment id across briefs."""

from __future__ import annotations

from ...catalog import Catalog
from ...model import Brief, Judgment
from ...scales import Scale
from ...tracked import Step, id_pattern, movement
from .. import uris
from ..doc import Doc
from ..html import Links, day, esc, html_table, plural

# What each confidence level says about the evidence (docs/method.md).
CONFIDENCE_MEANING = {
    "high": "well-sourced, little doubt",
    "moderate": "credible but incomplete",
    "low": "thin or doubtful sourcing",
}


def likelihood(judgment: Judgment, scale: Scale) -> str:
    """The likelihood in words and range, ``likely (55–80 %)``; empty when the judgment gives
    none.
    """
    term = scale.term(judgment.likelihood) if judgment.likelihood else None
    return f"{term.words} ({term.range})" if term else ""


def state(judgment: Judgment, scale: Scale) -> str:
    """Likelihood and confidence together, as the lists and histories show them (plain text)."""
    said = likelihood(judgment, scale)
    confidence = f"{judgment.confidence.value} confidence"
    return f"{said}, {confidence}" if said else confidence


def sourcing(brief: Brief) -> str:
    """The brief's sourcing in one phrase: ``3 sources, graded B1, B2, F2``."""
    grades = sorted({s.grade for s in brief.sources if s.grade})
    return plural(len(brief.sources), "source") + (
        f", graded {esc(', '.join(grades))}" if grades else ""
    )


def first_judgment(brief: Brief, scale: Scale) -> str:
    """The brief's first key judgment and its sourcing, for the lists of briefs (HTML; the lists
    stay out of search)."""
    sources = f'<span class="br-sourcing">{sourcing(brief)}</span>'
    if not brief.judgments:
        return f'<br>\n<span class="br-first-judgment">{sources}</span>'
    judgment = brief.judgments[0]
    return (
        f'<br>\n<span class="br-first-judgment"><strong>Key judgment:</strong> '
        f"{esc(judgment.text)} "
        f"<em>({esc(state(judgment, scale))})</em> · {sources}</span>"
    )


def _source_links(brief: Brief, judgment: Judgment, links_prefix: str | None) -> str:
    by_id = {s.id: s for s in brief.sources if s.id}
    cited = []
    for source_id in judgment.sources:
        source = by_id.get(source_id)
        if source is None:
            continue  # refused by the checker on a published brief
        grade = f" ({esc(source.grade)})" if source.grade else " (not graded)"
        anchor = uris.source_anchor(source_id, links_prefix)
        cited.append(f'<a href="#{esc(anchor)}">{esc(source.title)}</a>{grade}')
    return "; ".join(cited) or "none given"


def previously(step: Step | None, catalog: Catalog, links: Links, here: str) -> str:
    """ "Previously: unlikely, moderate confidence in <brief> (4 May 2025)", with what changed."""
    if step is None or step.previous is None:
        return ""
    before = step.previous
    change = f" Since then: {esc(movement(step, catalog.scale))}." if step.changed else ""
    history = links.a(
        "its history", here, uris.JUDGMENTS, "#" + uris.judgment_anchor(step.judgment.id or "")
    )
    return (
        f'<p class="br-previously">Previously: {esc(state(before.judgment, catalog.scale))} in '
        f"{links.a(before.brief.title, here, uris.brief(before.brief.id))} "
        f"({day(before.brief.date)}).{change} See {history}.</p>\n"
    )


def judgment_parts(
    brief: Brief, catalog: Catalog, links: Links, here: str, *, in_book: bool = False
) -> list[tuple[str, bool]]:
    """The brief's key judgments as HTML blocks and whether search reads each: text, likelihood in
    words and range, confidence, and the sources as links to their rows in the brief's sources
    table, with their grades; then where the judgment stood before, which names another brief and
    so stays out of this page's search entry."""
    prefix = brief.id if in_book else None
    parts = []
    for index, judgment in enumerate(brief.judgments):
        confidence = judgment.confidence.value
        said = likelihood(judgment, catalog.scale)
        title = f"Key judgment {index + 1}" + (f" · {said}" if said else "")
        ident = (
            f' id="{esc(uris.judgment_anchor(judgment.id))}"'
            if judgment.id is not None and not in_book
            else ""
        )
        facts = [
            f"<strong>Likelihood:</strong> {esc(said)}, on the {esc(catalog.scale.name)} scale"
            if said
            else "<strong>Likelihood:</strong> not stated",
            f"<strong>Confidence:</strong> {esc(confidence)} "
            f"({esc(CONFIDENCE_MEANING[confidence])})",
            f"<strong>Sources:</strong> {_source_links(brief, judgment, prefix)}",
        ]
        parts.append(
            (
                f'<div class="admonition br-judgment br-confidence-{confidence}"{ident}>\n'
                f'<p class="admonition-title">{esc(title)} · {esc(confidence)} confidence</p>\n'
                f'<p class="br-judgment-text">{esc(judgment.text)}</p>\n'
                f'<p class="br-judgment-facts">{" · ".join(facts)}</p>\n',
                True,
            )
        )
        step = catalog.step(brief, judgment) if not in_book else None
        parts.append((previously(step, catalog, links, here) + "</div>\n", False))
    return parts


def linked_note(text: str, brief: Brief, catalog: Catalog, links: Links, here: str) -> str:
    """A ``changes`` note, escaped, with the ids of tracked judgments it names linked to their
    history.
    """
    ids = [j.id for j in brief.judgments if j.id and j.id in catalog.judgment_history]
    if not ids:
        return esc(text)
    pattern = id_pattern(ids)  # the one reading of "a note names a judgment" (briefing.tracked)
    parts, at = [], 0
    for match in pattern.finditer(text):
        parts.append(esc(text[at : match.start()]))
        anchor = "#" + uris.judgment_anchor(match.group().lower())
        parts.append(
            f'<a href="{esc(links.href(here, uris.JUDGMENTS, anchor))}">'
            f"<code>{esc(match.group())}</code></a>"
        )
        at = match.end()
    return "".join(parts) + esc(text[at:])


def _change_cell(step: Step, catalog: Catalog) -> str:
    if step.previous is None:
        return "First assessed"
    if not step.changed:
        return "Unchanged"
    note = step.note
    why = f": {esc(note.note)}" if note is not None else ""
    return (
        f'<strong class="br-change">{esc(movement(step, catalog.scale).capitalize())}</strong>{why}'
    )


def scale_table(scale: Scale) -> str:
    rows = [[esc(t.words), esc(t.range)] for t in scale.terms]
    return html_table(["Likelihood", "Probability"], rows)


def page(catalog: Catalog, links: Links) -> Doc:
    """The judgments page: every tracked judgment id, its history across briefs and where it
    moved.
    """
    here = uris.JUDGMENTS
    meta = {
        "title": "Key judgments over time",
        "description": "Every key judgment that briefs follow by id: its likelihood "
        "and confidence in each brief, and where they changed.",
    }
    doc = Doc(meta).heading(1, "Key judgments over time")
    tracked = sorted(
        catalog.judgment_history.items(),
        key=lambda item: (item[1][-1].brief.date, item[0]),
        reverse=True,
    )
    doc.html(
        "<p>A judgment that several briefs give under the same <code>id</code> is one judgment "
        "followed over time. Each is listed here, latest first, with its likelihood and confidence "
        "in every brief and where they moved. Likelihood is written in the terms of "
        f"{esc(catalog.scale.name)}; confidence says how good the evidence is, not how likely the "
        'outcome. See <a href="' + esc(links.href(here, "method.md")) + '">Method</a>.</p>\n'
    )
    if not tracked:
        doc.html(
            "<p>No brief follows a judgment by id yet: give a judgment an <code>id</code> "
            "and use it again in a later brief.</p>\n"
        )
    for judgment_id, steps in tracked:
        latest = steps[-1]
        # The judgment's id is its anchor (brief pages link to it), kept whatever its text.
        doc.heading(2, latest.judgment.text).html(
            f'<div class="br-anchor" id="{esc(uris.judgment_anchor(judgment_id))}"></div>\n'
        )
        moves = sum(step.changed for step in steps)
        summary = (
            f"<p>Judgment <code>{esc(judgment_id)}</code>: given in {plural(len(steps), 'brief')}, "
            f"{plural(moves, 'change')}; latest: "
            f"<strong>{esc(state(latest.judgment, catalog.scale))}</strong> "
            f"in {links.a(latest.brief.title, here, uris.brief(latest.brief.id))}.</p>\n"
        )
        rows = [
            [
                day(step.brief.date),
                esc(likelihood(step.judgment, catalog.scale) or "not stated"),
                esc(step.judgment.confidence.value),
                links.a(
                    step.brief.title,
                    here,
                    uris.brief(step.brief.id),
                    "#" + uris.judgment_anchor(judgment_id),
                ),
                _change_cell(step, catalog),
            ]
            for step in steps
        ]
        doc.html(
            summary
            + html_table(
                ["Date", "Likelihood", "Confidence", "Brief", "Change"], rows, stacked=True
            ),
            search=False,
        )
    doc.heading(2, f"The likelihood scale: {catalog.scale.name}").html(
        scale_table(catalog.scale), search=False
    )
    return doc
