"""Resource limits: hostile sizes and shapes are refused with a clear message, in bounded time.

No test measures speed: ``finishes`` only fails work that has not ended after minutes, which is
what work growing with the square of these inputs does (it took minutes on far smaller ones
before the fixes these tests pin), however loaded the machine.
"""

from __future__ import annotations

import json

import markdown
import pytest
from conftest import REPO, TODAY, brief_text
from helpers import finishes

from briefing.body import limits as body_limits
from briefing.body.links import code_spans, find_links
from briefing.check.folder import check_folder
from briefing.load.brief import brief_from_text
from briefing.site.body import link_actor_mentions, shift_headings

MARKDOWN_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tilde",
]


# Bodies that made the link finder or code-span finder quadratic (or worse: 281 s for 20,000 backticks).
PATHOLOGICAL_BODIES = {
    "backticks": "`" * 2_000_000,
    "backtick-pairs": "`a" * 1_000_000,
    "link-closers": "](" * 1_000_000,
    "unclosed-links": "[a](" * 500_000,
    "unclosed-angle-links": "[a](<" * 400_000,
    "many-links-and-code": "[a](b.md) `c` " * 140_000,
    "angle-brackets": "<" * 2_000_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_BODIES))
def test_link_and_code_finders_are_linear_on_pathological_bodies(name):
    body = PATHOLOGICAL_BODIES[name]
    links, spans = finishes(lambda: (find_links(body), code_spans(body)))
    assert isinstance(links, list) and isinstance(spans, list)


def test_fast_finders_still_find_what_they_found():
    body = '`a` [x](<y z.md>) [t](u.md "title") ``[n](o.md)`` ![i](p.md) [v](w.md)\n`[open](q.md)\n[k](<l)'
    assert [(l.text, l.target) for l in find_links(body)] == [
        ("x", "y z.md"),
        ("t", "u.md"),
        ("v", "w.md"),
        ("open", "q.md"),
        ("k", "l"),
    ]
    assert code_spans("`a` and ``b`` and `c``\n`d") == [(0, 3), (8, 13)]


def test_actor_mentions_and_heading_shifts_are_linear(catalog_for_mentions):
    brief, catalog = catalog_for_mentions
    brief.body = "`Xi` [Putin](x.md) # Xi\n" * 60_000 + "Xi"
    linked = finishes(link_actor_mentions, brief.body, brief, catalog)
    assert linked.count("](") > 60_000  # the first mention of each actor became a link
    shifted = finishes(
        shift_headings, "```\n" + "# h\n" * 200_000 + "```\n" + "`a` # b\n" * 100_000
    )
    assert shifted.startswith("```\n# h\n")  # inside code: not a heading


@pytest.fixture
def catalog_for_mentions():
    from briefing import catalog as catalog_module

    result = check_folder(REPO / "briefs", today=TODAY)
    catalog = catalog_module.build(result.corpus, today=TODAY)
    brief = next(b for b in catalog.briefs if {"xi-jinping", "vladimir-putin"} <= set(b.actors))
    return brief, catalog


# --- Body limits: each refused with its line, and each limit is what keeps conversion bounded ---

LIMITED = {
    # name: (body, the line of the problem within the body (1-based), the message's start)
    "too-long": (
        "x" * 100_000,
        1,
        "the body is 100,001 characters long; the limit is 100,000",
    ),  # with the blank line before it
    "brackets": (
        "ok\n" + "[" * 1_001,
        2,
        "the body has 1,001 '[' (links and brackets) outside code; the limit is 1,000",
    ),
    "angles": ("<" * 1_001, 1, "the body has 1,001 '<' outside code; the limit is 1,000"),
    "ampersands": ("&#1;" * 4_001, 1, "the body has 4,001 '&' outside code; the limit is 4,000"),
    "run": (
        "a\n\n" + "*" * 101 + "a" + "*" * 101,
        3,
        "a run of 101 '*' characters; the limit is 100",
    ),
    "indent": (
        "".join("    " * i + "- x\n" for i in range(18)),
        18,
        "a line indented 68 columns; the limit is 64",
    ),
    "quotes": ("> " * 17 + "x", 1, "block quotes nested more than 16 levels deep"),
    "abbreviations": (
        "".join(f"*[A{i}]: x\n" for i in range(101)),
        101,
        "the body has 101 abbreviation definitions; the limit is 100",
    ),
    "definitions": (
        "term\n" + ":   x\n" * 501,
        502,
        "the body has 501 definition-list lines; the limit is 500",
    ),
}


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_body_past_a_limit_is_refused_at_its_line(name):
    body, line, message = LIMITED[name]
    text = brief_text(body=body)
    body_line = text.index("\n---\n") + 1
    body_line = text[:body_line].count("\n") + 3  # the line after "---" and the blank line
    loaded = finishes(brief_from_text, text, "x.md", "x")
    assert loaded.failed
    assert [(p.line, p.message[: len(message)]) for p in loaded.problems] == [
        (body_line + line - 1, message)
    ]


def test_counts_leave_out_code():
    body = "```\n" + "[<&" * 5_000 + "\n```\n" + "`" + "[" * 2_000 + "`\n"
    assert list(body_limits.problems(body)) == []


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_a_body_at_each_limit_converts_quickly(name):
    """One under each limit, Python-Markdown (with the site's extensions) finishes in bounded time."""
    body = {
        "too-long": "Lorem ipsum *dolor* sit amet. " * 3_300,
        "brackets": "[" * 1_000,
        "angles": "<a " * 1_000,
        "ampersands": "&#1;" * 4_000,
        "run": "*" * 100 + "a" + "*" * 100,
        "indent": "".join("    " * i + "- x\n" for i in range(17)),
        "quotes": "> " * 16 + "x",
        "abbreviations": "".join(f"*[A{i}]: x\n" for i in range(100))
        + " ".join(f"A{i}" for i in range(100)),
        "definitions": "term\n" + ":   x\n" * 500,
    }[name]
    assert list(body_limits.problems(body)) == []
    html = finishes(markdown.Markdown(extensions=MARKDOWN_EXTENSIONS).convert, body)
    assert html.strip()


# --- Front matter: thousands of events or sources, and registries ---------------------------


@pytest.mark.parametrize(
    "field,item",
    [
        ("events", {"date": "2025-05-01", "title": "E"}),
        ("sources", {"title": "S", "publisher": "P"}),
        ("judgments", {"text": "J", "confidence": "low"}),
        ("actors", "xi-jinping"),
    ],
)
@pytest.mark.parametrize("count", [1_000, 8_000])
def test_thousands_of_items_are_refused_quickly(corpus_dir, field, item, count):
    (corpus_dir / "many.md").write_text(brief_text(**{field: [item] * count}), encoding="utf-8")
    result = finishes(check_folder, corpus_dir)
    values = count * (len(item) * 2 + 1 if isinstance(item, dict) else 1)
    expected = (
        f"'{field}' has {count} items; the limit is 500"
        if values < 20_000
        else "front matter has more than 20000 values"
    )
    assert [p.message for p in result.problems] == [expected]
    assert result.corpus.rejected and not result.corpus.briefs


def test_a_large_registry_is_accepted(corpus_dir):
    actors = {
        f"actor-{i}": {"name": f"Actor {i}", "aliases": [f"A{i}", f"B{i}"], "kind": "person"}
        for i in range(5_000)
    }
    actors["xi-jinping"] = {"name": "Xi Jinping"}
    (corpus_dir / "actors.yml").write_text(json.dumps(actors), encoding="utf-8")
    result = finishes(check_folder, corpus_dir)
    assert result.problems == [] and len(result.corpus.actors) == 5_001


def test_the_writing_guide_states_the_limits_the_code_enforces():
    from briefing.load import registries as load
    from briefing.load import schema, yamltext

    guide = (REPO / "docs" / "writing-briefs.md").read_text(encoding="utf-8")
    table = guide.split("## Limits", 1)[1].split("\n\n", 2)[2]
    for value in (
        schema.MAX_TEXT,
        schema.MAX_ITEMS,
        yamltext.MAX_NODES,
        load.MAX_REGISTRY_NODES,
        body_limits.MAX_BODY,
        body_limits.MAX_BRACKETS,
        body_limits.MAX_ANGLES,
        body_limits.MAX_AMPERSANDS,
        body_limits.MAX_RUN,
        body_limits.MAX_INDENT,
        body_limits.MAX_QUOTES,
        body_limits.MAX_ABBREVIATIONS,
        body_limits.MAX_DEFINITIONS,
        yamltext.MAX_DEPTH,
    ):
        assert f"| {value:,}" in table or f"| {value} " in table, value
    from briefing.load.files import MAX_BYTES

    assert MAX_BYTES == 2 * 1024 * 1024 and "| 2 MB |" in table
