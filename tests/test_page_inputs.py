"""A page's inputs (``Page.inputs_key``) say when it is unchanged without writing it: under
``mkdocs serve`` a page whose inputs are the same as at the last rebuild is taken as it was. So
equal inputs must mean an equal page. Each edit below changes one thing an analyst can change;
after it, every page whose inputs are unchanged must be the page written afresh, and a body edit
must leave the other pages' inputs alone (or nothing is saved). The other shortcuts of a rebuild
are held to the same: what they keep or skip is what doing the work gives."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import REPO, TODAY
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.plugin.workers import digest
from briefing.related import Kept
from briefing.site import rollup, uris
from briefing.site.html import Links
from briefing.site.pages import affected, generate, home

A = "2023/xi-state-visit-moscow-march-2023.md"  # tracked judgment, related briefs, two topics
B = "2024/putin-state-visit-china-may-2024.md"  # a year later: it can supersede A
C = "2025/xi-state-visit-russia-outcome-may-2025.md"  # no brief links to it; it supersedes E
E = "2025/xi-state-visit-russia-may-2025.md"
D_PAGE = "briefs/seed-report-claims-graded.md"  # A does not link to it
A_PAGE = "briefs/xi-state-visit-moscow-march-2023.md"
B_PAGE = "briefs/putin-state-visit-china-may-2024.md"


def split(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def join(path: Path, data: dict, body: str) -> None:
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def front(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        data, body = split(folder / name)
        change(data)
        join(folder / name, data, body)

    return edit


def body(name: str, added: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        data, text = split(folder / name)
        join(folder / name, data, text + added)

    return edit


def registry(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        change(data)
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    return edit


def setting(key: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[key] = value

    return change


def first(key: str, field: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[key][0][field] = value

    return change


def entry(entry_id: str, field: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[entry_id][field] = value

    return change


EDITS: dict[str, Callable[[Path], None]] = {
    "body: a paragraph": body(A, "\nAn added paragraph.\n"),
    "body: a heading": body(A, "\n## An added section\n\nMore.\n"),
    "body: a link to another brief": body(
        A, "\nSee [the graded claims](../2025/seed-report-claims-graded.md).\n"
    ),
    "title": front(A, setting("title", "A retitled brief")),
    "summary": front(A, setting("summary", "Another bottom line.")),
    "date": front(A, setting("date", dt.date(2023, 1, 2))),
    "a topic taken off": front(A, lambda d: d["topics"].pop()),
    "an actor taken off": front(A, lambda d: d["actors"].remove("china")),
    "an event moved": front(A, first("events", "date", dt.date(2023, 3, 1))),
    "an event retitled": front(A, first("events", "title", "Another event title")),
    "an event's actors": front(A, first("events", "actors", ["xi-jinping"])),
    "a source regraded": front(A, first("sources", "reliability", "C")),
    "a judgment's likelihood": front(A, first("judgments", "likelihood", "unlikely")),
    "a judgment's confidence": front(A, first("judgments", "confidence", "low")),
    "a judgment's text": front(A, first("judgments", "text", "Another judgment.")),
    "related taken off": front(A, lambda d: d.pop("related")),
    "marking": front(C, setting("marking", "TLP:GREEN")),
    "made a draft": front(C, setting("status", "draft")),
    "review date passed": front(A, setting("review_by", dt.date(2023, 6, 1))),
    "a changes note": front(
        A, setting("changes", [{"date": dt.date(2023, 3, 25), "note": "engagement-continues"}])
    ),
    "supersedes": front(B, setting("supersedes", "xi-state-visit-moscow-march-2023")),
    "a successor retitled": front(C, setting("title", "A retitled successor")),
    "a successor redated": front(C, setting("date", dt.date(2025, 5, 30))),
    "a predecessor retitled": front(E, setting("title", "A retitled predecessor")),
    "an actor renamed": registry("actors.yml", entry("xi-jinping", "name", "Xi J.")),
    "an actor's other names": registry("actors.yml", entry("xi-jinping", "aliases", ["Xi"])),
    "a topic retitled": registry("topics.yml", entry("ukraine-war", "title", "Another title")),
    # A name bodies mention without their briefs listing it.
    "an actor a body mentions renamed": registry("actors.yml", entry("ukraine", "name", "Kyiv")),
}


# Edits that every page shows: each brief's body links the actors' names where it mentions them.
EVERY_PAGE = {"an actor renamed", "an actor's other names", "an actor a body mentions renamed"}


def pages_of(
    folder: Path, today: dt.date = TODAY, *, digested: bool = True
) -> dict[str, tuple[bytes | None, bytes]]:
    """Each generated page with inputs: its inputs' key and the digest of the page written.
    ``digested=False``: as for briefs made without the loader, which digests their text."""
    result = check_folder(folder, today=today)
    assert not result.errors, result.errors
    for brief in [] if digested else result.corpus.briefs:
        brief.text_digest = brief.front_digest = ""
    catalog = catalog_module.build(result.corpus, today=today)
    return {
        src_uri: (page.inputs_key(), digest(page.write()))
        for src_uri, page in generate(catalog).items()
        if page.inputs is not None
    }


@pytest.fixture(scope="module")
def normalised(tmp_path_factory) -> Path:
    """The sample briefs, each written back as the edits write it (so only an edit differs)."""
    folder = tmp_path_factory.mktemp("inputs") / "briefs"
    shutil.copytree(REPO / "briefs", folder)
    for path in folder.rglob("*.md"):
        front(str(path.relative_to(folder)), lambda data: None)(folder)
    return folder


def edited(
    normalised: Path, tmp_path: Path, edit: str, *, digested: bool = True
) -> tuple[dict, dict]:
    """The pages before and after ``edit``, in the same folder (a brief's path is an input)."""
    folder = tmp_path / "briefs"
    shutil.copytree(normalised, folder)
    before = pages_of(folder, digested=digested)
    EDITS[edit](folder)
    return before, pages_of(folder, digested=digested)


@pytest.mark.parametrize("digested", [True, False], ids=["loaded", "made otherwise"])
@pytest.mark.parametrize("edit", EDITS)
def test_a_page_whose_inputs_are_unchanged_is_unchanged(edit, digested, normalised, tmp_path):
    before, after = edited(normalised, tmp_path, edit, digested=digested)
    stale = [
        src_uri
        for src_uri in before.keys() & after.keys()
        if before[src_uri][0] == after[src_uri][0] and before[src_uri][1] != after[src_uri][1]
    ]
    assert stale == [], f"{edit}: these pages changed, but their inputs did not"
    changed = [s for s in before.keys() & after.keys() if before[s][1] != after[s][1]]
    assert changed or before.keys() != after.keys(), f"{edit} changed no page: it tests nothing"
    kept = [s for s in before.keys() & after.keys() if before[s][0] == after[s][0]]
    assert kept or edit in EVERY_PAGE, f"{edit} changed the inputs of every page: it tests nothing"


def test_a_page_whose_inputs_are_unchanged_the_next_day_is_unchanged(normalised):
    """`mkdocs serve` left running: briefs go stale as the days pass."""
    before, after = pages_of(normalised, dt.date(2024, 6, 1)), pages_of(normalised)
    changed = [s for s in before if before[s][1] != after[s][1]]
    assert changed  # some briefs went stale in between
    assert [s for s in changed if before[s][0] == after[s][0]] == []


@pytest.mark.parametrize("digested", [True, False], ids=["loaded", "made otherwise"])
def test_a_body_edit_leaves_every_other_pages_inputs_alone(digested, normalised, tmp_path):
    before, after = edited(normalised, tmp_path, "body: a paragraph", digested=digested)
    moved = sorted(s for s in before if before[s][0] != after[s][0])
    # The brief's own page, and the briefing books of its topics, which print its body.
    assert moved == [
        A_PAGE,
        "topics/russia-china-relations/book.md",
        "topics/ukraine-war/book.md",
    ]


def test_a_title_edit_moves_the_inputs_of_its_own_topics_and_actors_pages_alone(
    normalised, tmp_path
):
    before, after = edited(normalised, tmp_path, "title")
    moved = {s for s in before if before[s][0] != after[s][0]}
    data, _ = split(normalised / A)
    assert {s for s in moved if s.startswith("actors/") and s != uris.ACTORS_INDEX} == {
        f"actors/{actor}.md" for actor in data["actors"]
    }
    assert uris.ACTORS_INDEX not in moved  # it lists no brief: who appears with whom is the same
    assert {s for s in moved if s.startswith("topics/") and s != uris.TOPICS_INDEX} == {
        page
        for topic in data["topics"]
        for page in (f"topics/{topic}.md", f"topics/{topic}/book.md")
    }


def test_a_link_added_to_a_body_moves_the_inputs_of_the_page_it_leads_to(normalised, tmp_path):
    before, after = edited(normalised, tmp_path, "body: a link to another brief")
    assert before[D_PAGE][1] != after[D_PAGE][1]  # its "Referenced by" lists the brief now
    assert before[D_PAGE][0] != after[D_PAGE][0]


def test_mkdocs_reads_a_generated_pages_file_as_the_plugin_hands_its_front_matter(normalised):
    """The plugin gives MkDocs a generated page's front matter without parsing its file
    (``_GeneratedPage.read_source``): it must be what MkDocs would make of the file."""
    result = check_folder(normalised, today=TODAY)
    pages = generate(catalog_module.build(result.corpus, today=TODAY))
    for src_uri, page in pages.items():
        assert get_data(page.content) == ("", json.loads(json.dumps(page.meta or {}))), src_uri


def test_every_generated_page_has_inputs(normalised):
    """A page without inputs would be written at every rebuild."""
    result = check_folder(normalised, today=TODAY)
    pages = generate(catalog_module.build(result.corpus, today=TODAY))
    assert [src_uri for src_uri, page in pages.items() if page.inputs is None] == []
    assert uris.TIMELINE in pages and uris.TOPICS_INDEX in pages


def related_of(folder: Path, kept: Kept) -> tuple[dict, dict]:
    """The related briefs scored afresh, and as ``related_briefs`` gives them with ``kept``."""
    result = check_folder(folder, today=TODAY)
    fresh = catalog_module.build(result.corpus, today=TODAY)
    with_kept = catalog_module.build(result.corpus, today=TODAY, related=kept)
    return fresh.related, with_kept.related


@pytest.mark.parametrize("edit", ["body: a paragraph", "a topic taken off", "date", "made a draft"])
def test_related_briefs_kept_from_the_last_rebuild_are_the_ones_scored_afresh(
    edit, normalised, tmp_path
):
    folder = tmp_path / "briefs"
    shutil.copytree(normalised, folder)
    kept = Kept()
    fresh, taken = related_of(folder, kept)
    assert taken == fresh and kept.ids
    made_from = kept.made_from
    EDITS[edit](folder)
    fresh, taken = related_of(folder, kept)
    assert taken == fresh
    # Scored again only when what they are scored from changed: not for a body edit.
    assert (kept.made_from == made_from) == (edit == "body: a paragraph")


def test_related_briefs_are_taken_from_what_was_kept_when_made_from_the_same(normalised):
    result = check_folder(normalised, today=TODAY)
    kept = Kept()
    catalog_module.build(result.corpus, today=TODAY, related=kept)
    some = next(iter(kept.ids))
    kept.ids = {some: [(some, True, "kept", 0.0)]}  # what only the kept copy says
    again = catalog_module.build(result.corpus, today=TODAY, related=kept)
    assert [(r.brief.id, r.reason) for r in again.related[some]] == [(some, "kept")]


def test_the_home_pages_blocks_held_out_of_its_markdown_come_back_as_markdown_leaves_them(
    normalised,
):
    """``home.merge_held``: the home page's lists are held out of Python-Markdown (which reads raw
    HTML slowly) and put back after; the page is the one converting them gives."""
    config = load_config(str(REPO / "mkdocs.yml"))
    result = check_folder(normalised, today=dt.date(2026, 6, 1))  # some briefs are stale by then
    catalog = catalog_module.build(result.corpus, today=dt.date(2026, 6, 1))
    intro = (REPO / "docs" / "index.md").read_text(encoding="utf-8")

    def convert(text: str) -> str:
        converter = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )
        return converter.convert(text)

    links = Links(directory_urls=True)
    held_text, held = home.merge_held(intro, catalog, links)
    assert catalog.stale() and len(held) >= 4  # the lists of latest, updated, topics and stale
    assert all(block not in held_text for block in held.values())
    assert home.put_back(convert(held_text), held) == convert(home.merge(intro, catalog, links))


def catalog_of(folder: Path, *, digested: bool = True) -> catalog_module.Catalog:
    result = check_folder(folder, today=TODAY)
    for brief in [] if digested else result.corpus.briefs:
        brief.text_digest = brief.front_digest = ""
    return catalog_module.build(result.corpus, today=TODAY)


def assert_unchanged_pages_keep_their_inputs(
    before: catalog_module.Catalog, after: catalog_module.Catalog, what: str
) -> set[str]:
    """``affected.unchanged_pages`` may name only pages whose inputs are indeed the same; gives
    the pages it named."""
    unchanged = affected.unchanged_pages(before, after)
    old, new = generate(before), generate(after)
    wrong = sorted(
        src_uri
        for src_uri in unchanged
        if src_uri not in old or old[src_uri].inputs_key() != new[src_uri].inputs_key()
    )
    assert wrong == [], f"{what}: these pages' inputs changed, yet were taken as unchanged"
    assert unchanged <= set(new)
    # They hold what they held: their markings are taken as they were.
    was, now = rollup.page_markings(before), rollup.page_markings(after)
    assert [s for s in unchanged if was.get(s) != now[s]] == [], what
    kept = {s: was[s] for s in unchanged if s in was}
    assert rollup.page_markings(after, kept) == now, what
    return unchanged


@pytest.mark.parametrize("digested", [True, False], ids=["loaded", "made otherwise"])
@pytest.mark.parametrize("edit", EDITS)
def test_the_pages_a_change_cannot_reach_keep_their_inputs(edit, digested, normalised, tmp_path):
    """Under serve, the pages no change reached keep the inputs the last
    rebuild found, without working them out (``pages.affected``)."""
    folder = tmp_path / "briefs"
    shutil.copytree(normalised, folder)
    before = catalog_of(folder, digested=digested)
    EDITS[edit](folder)
    after = catalog_of(folder, digested=digested)
    unchanged = assert_unchanged_pages_keep_their_inputs(before, after, edit)
    if edit.startswith(("body", "title", "summary", "a judgment")):
        assert unchanged, f"{edit}: every page was worked out again"


def test_a_brief_coming_or_going_reaches_the_books_of_the_briefs_linking_to_it(
    normalised, tmp_path
):
    """A body link leads to a brief by its path: when that brief goes, or comes back, the link
    says so, in the briefing books printing the body that holds it."""
    folder = tmp_path / "briefs"
    shutil.copytree(normalised, folder)
    body(A, "\nSee [the outcome](../2025/xi-state-visit-russia-outcome-may-2025.md).\n")(folder)
    linked = catalog_of(folder)
    front(C, setting("status", "draft"))(folder)
    gone = catalog_of(folder)
    unchanged = assert_unchanged_pages_keep_their_inputs(linked, gone, "the linked brief gone")
    data, _ = split(folder / A)
    assert not {f"topics/{t}/book.md" for t in data["topics"]} & unchanged
    front(C, setting("status", "published"))(folder)
    assert_unchanged_pages_keep_their_inputs(gone, catalog_of(folder), "the linked brief back")


def test_random_edits_never_take_a_changed_page_as_unchanged(tmp_path):
    """Edits of every kind an analyst makes, drawn at random over a generated corpus whose
    briefs share events, actors and topics, link to each other and replace each other."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate as generate_corpus

    folder = tmp_path / "briefs"
    generate_corpus(folder, 60, seed=3)
    rng = random.Random(14)
    paths = sorted(folder.glob("*/*.md"))
    topics = list(yaml.safe_load((folder / "topics.yml").read_text(encoding="utf-8")))
    actors = list(yaml.safe_load((folder / "actors.yml").read_text(encoding="utf-8")))[:30]

    def fields(path: Path) -> tuple[dict, str]:
        _, head, text = path.read_text(encoding="utf-8").split("---\n", 2)
        return yaml.safe_load(head), text

    def write(path: Path, data: dict, text: str) -> None:
        head = "\n".join(f"{k}: {json.dumps(v, default=str)}" for k, v in data.items())
        path.write_text(f"---\n{head}\n---\n{text}", encoding="utf-8")

    def edit(path: Path) -> str:
        data, text = fields(path)
        kind = rng.choice(
            [
                "title", "topics", "actors", "event actors", "event shared", "event date",
                "draft", "published", "supersedes", "link", "body", "new brief", "date", "marking",
            ]
        )  # fmt: skip
        other = rng.choice(paths)
        if kind == "title":
            data["title"] = f"Retitled {rng.random()}"
        elif kind == "topics":
            data["topics"] = rng.sample(topics, rng.randint(1, 3))
        elif kind == "actors":
            data["actors"] = rng.sample(actors, rng.randint(1, 4))
        elif kind == "event actors":
            data["events"][0]["actors"] = rng.sample(actors, 2)
        elif kind == "event shared":
            data["events"][0]["id"] = f"shared-{rng.randint(0, 5)}"
        elif kind == "event date":
            moved = dt.date(2017, 1, 1) + dt.timedelta(rng.randint(0, 900))
            data["events"][-1]["date"] = str(moved)
        elif kind == "draft":
            data["status"] = "draft"
        elif kind == "published":
            data.pop("status", None)
        elif kind == "supersedes":
            data["supersedes"] = other.stem
        elif kind == "marking":
            data["marking"] = rng.choice(["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"])
        elif kind == "date":
            data["date"] = str(dt.date(2016, 1, 1) + dt.timedelta(rng.randint(0, 3600)))
        elif kind == "link":
            text += f"\nSee [another](../{other.parent.name}/{other.name}).\n"
        elif kind == "body":
            text += f"\nAnother paragraph {rng.random()}.\n"
        elif kind == "new brief":
            path = path.with_name(f"new-{rng.randint(0, 10**6)}.md")
            paths.append(path)
        write(path, data, text)
        return f"{kind} in {path.name}"

    before = catalog_of(folder)
    found = 0
    for step in range(40):
        done = [edit(rng.choice(paths)) for _ in range(rng.randint(1, 3))]
        after = catalog_of(folder)
        found += len(assert_unchanged_pages_keep_their_inputs(before, after, f"{step}: {done}"))
        before = after
    assert found > 0  # the rule saves work, or it tests nothing


def test_a_topic_edit_reaches_the_briefs_actors_not_those_they_appear_with(normalised, tmp_path):
    """A brief's ties between its actors (actor pages' networks, and the marking they carry)
    change with its actors or its marking, not its topics: those its actors appear with keep
    their pages; changing its actors reaches them."""
    folder = tmp_path / "briefs"
    shutil.copytree(normalised, folder)
    before = catalog_of(folder)
    brief_id = A.rsplit("/", 1)[1][:-3]
    own = set(before.by_id[brief_id].actors)
    around = {c for a in own for c in before.co_actors.get(a, ()) if c not in own}
    assert around, "the sample brief's actors appear with no one else"
    front(A, lambda d: d["topics"].pop())(folder)
    after = catalog_of(folder)
    unchanged = assert_unchanged_pages_keep_their_inputs(before, after, "a topic off")
    assert {uris.inside_site(uris.actor(a)) for a in around} <= unchanged
    assert not {uris.inside_site(uris.actor(a)) for a in own} & unchanged
    front(A, lambda d: d["actors"].pop())(folder)
    again = catalog_of(folder)
    unchanged = assert_unchanged_pages_keep_their_inputs(after, again, "an actor off")
    assert not {uris.inside_site(uris.actor(a)) for a in around} & unchanged
