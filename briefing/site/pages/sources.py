"""The source register: every cited source, grouped by publisher, with grading and citing briefs."""

from __future__ import annotations

from ...catalog import Catalog
from .. import uris
from ..doc import Doc
from ..html import Links, esc, html_table, md
from .brief import grading, source_title


def page(catalog: Catalog, links: Links) -> Doc:
    here = uris.SOURCES
    total = sum(len(c) for c in catalog.citations_by_publisher.values())
    doc = Doc(
        {
            "title": "Source register",
            "description": "Every source cited by a published brief, with its Admiralty grading.",
        }
    )
    doc.heading(1, "Source register").html(
        f"<p>{total} sources from {len(catalog.citations_by_publisher)} publishers. Grading is the "
        "Admiralty system: reliability of the source (A–F), credibility of the information (1–6); "
        f"see {links.a('Method', here, 'method.md')}.</p>\n"
    )
    for publisher, citations in catalog.citations_by_publisher.items():
        rows = []
        for citation in citations:
            reliability, credibility = grading(citation.source)
            cited = ", ".join(links.a(b.title, here, uris.brief(b.id)) for b in citation.briefs)
            rows.append([source_title(citation.source), esc(reliability), esc(credibility), cited])
        doc.md(f"\n## {md(publisher)}\n").html(
            html_table(["Source", "Reliability", "Credibility", "Cited in"], rows, stacked=True),
            search=False,
        )
    return doc
