"""Which generated pages a change between two catalogs can reach.

Under ``mkdocs serve`` a page whose inputs (``Page.inputs_key``) are those of the last rebuild is
taken as it was. Working the inputs out for every page is most of what the workers do after a
save (an actor page hashes its briefs, its events and its network), though one save reaches few
pages. This works out, from what changed between the two catalogs, the pages it can reach;
the others' inputs are known to be the same without working them out. Each rule names what the
page's inputs read (``topic_inputs``, ``book_inputs``, ``actor_inputs``,
``brief.page_inputs``): what a change can reach
is a superset, never less (tests/test_page_inputs.py holds every edit to it).
"""

from __future__ import annotations

from ...catalog import Brief, Catalog, TimelineEntry
from .. import uris


def unchanged_pages(old: Catalog | None, new: Catalog) -> set[str]:
    """The brief, topic, book and actor pages (by ``src_uri``) of ``new`` whose inputs are the
    same as under ``old``, their marking apart (which the plugin compares itself); none where the
    registries, the day or the settings changed, which every page reads."""
    if old is None or old.settings_digest != new.settings_digest:
        return set()
    listed, bodies = _changed(old, new)
    # A brief's body links lead to briefs by their paths: a brief coming, going or moving
    # changes what links to it say, in the briefs that link to it.
    linking = {
        other.id
        for brief_id in listed
        for catalog in (old, new)
        for other in catalog.backlinks.get(brief_id, [])
    }
    topics: set[str] = set()
    books: set[str] = set()
    actors: set[str] = set()
    for catalog in (old, new):
        entries = _entries_by_key(catalog)
        for brief_id in listed | bodies | linking:
            brief = catalog.by_id.get(brief_id)
            if brief is not None:
                books.update(brief.topics)  # its books list it, with its body and its links
        for brief_id in listed:
            brief = catalog.by_id.get(brief_id)
            if brief is None:
                continue
            topics.update(brief.topics)
            # Its actors' pages list it; those they appear with draw ties it counts, and carry
            # its marking in the ties: theirs change with its actors, its marking, or it.
            ties = _ties_changed(old, new, brief_id)
            for actor_id in brief.actors:
                actors.add(actor_id)
                if ties:
                    actors.update(catalog.co_actors.get(actor_id, ()))
            # The events it reports, merged with other briefs' reports of them: on the pages of
            # the entry's actors and of the topics of every brief reporting it.
            for entry in _its_entries(brief, entries):
                actors.update(entry.actors)
                topics.update(t for other, _ in entry.reports for t in other.topics)
    pages = _brief_pages(old, new, listed, bodies, linking)
    unchanged = {uris.inside_site(uris.brief(b.id)) for b in new.briefs if b.id not in pages}
    unchanged |= {uris.inside_site(uris.topic(t)) for t in new.topics if t not in topics}
    unchanged |= {uris.inside_site(uris.book(t)) for t in new.topics if t not in books}
    unchanged |= {uris.inside_site(uris.actor(a)) for a in new.actors if a not in actors}
    return unchanged


def _brief_pages(
    old: Catalog, new: Catalog, listed: set[str], bodies: set[str], linking: set[str]
) -> set[str]:
    """The briefs whose pages a change can reach (``brief.page_inputs``): the changed ones, those
    whose links lead to a brief come or gone, those a changed brief links to (they list it as
    linking to them), those giving a judgment a changed brief gives too (its history), and
    those whose related briefs differ or changed."""
    reached = listed | bodies | linking
    for catalog in (old, new):
        for brief_id in listed | bodies:
            reached.update(catalog.links_out.get(brief_id, ()))
        for brief_id in listed:
            brief = catalog.by_id.get(brief_id)
            if brief is None:
                continue
            for judgment in brief.judgments:
                if judgment.id is not None:
                    steps = catalog.judgment_history.get(judgment.id, ())
                    reached.update(step.brief.id for step in steps)
    for brief in new.briefs:
        if brief.id in reached:
            continue
        before = [(r.brief.id, r.declared, r.reason) for r in old.related.get(brief.id, ())]
        after = [(r.brief.id, r.declared, r.reason) for r in new.related.get(brief.id, ())]
        if before != after or any(r[0] in listed for r in after):
            reached.add(brief.id)
    return reached


def _changed(old: Catalog, new: Catalog) -> tuple[set[str], set[str]]:
    """The briefs (by id) whose listing differs (``Catalog.listed``: all but the body's text, its
    last change, staleness, the briefs it replaces and that replace it), gone and new ones too;
    and those whose body's text differs."""
    listed: set[str] = set()
    bodies: set[str] = set()
    for brief_id in old.by_id.keys() | new.by_id.keys():
        before, after = old.by_id.get(brief_id), new.by_id.get(brief_id)
        if before is None or after is None or old.listed([before]) != new.listed([after]):
            listed.add(brief_id)
        elif _text(before) != _text(after):
            bodies.add(brief_id)
    return listed, bodies


def _ties_changed(old: Catalog, new: Catalog, brief_id: str) -> bool:
    """Whether the ties the brief counts between its actors (``Catalog.co_actors``) and the
    marking they carry may differ: it came or went, or its actors or its marking changed."""
    before, after = old.by_id.get(brief_id), new.by_id.get(brief_id)
    if before is None or after is None:
        return True
    return sorted(before.actors) != sorted(after.actors) or before.marking != after.marking


def _text(brief: Brief) -> object:
    return brief.text_digest or brief.body.text


def _entries_by_key(catalog: Catalog) -> dict[str, TimelineEntry]:
    found = catalog.derived.get(("entries", "by key"))
    if found is None:
        found = catalog.derived["entries", "by key"] = {e.key: e for e in catalog.timeline}
    return found  # type: ignore[return-value]


def _its_entries(brief: Brief, entries: dict[str, TimelineEntry]) -> list[TimelineEntry]:
    """The timeline entries holding the brief's events (keyed as ``catalog._timeline`` keys
    them)."""
    found = []
    for index, event in enumerate(brief.events):
        entry = entries.get(event.id or f"{brief.id}#{index}")
        if entry is not None:
            found.append(entry)
    return found
