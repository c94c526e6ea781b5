"""Resource limits: hostile sizes and shapes are refused with a clear message, in bounded time.

The time bounds are loose (seconds, on a shared 2-core machine): they catch work that grows
with the square of the input, which took minutes before the fixes these tests pin.
"""

from __future__ import annotations

import json
import time

import pytest
from conftest import REPO, TODAY, brief_text, mkdocs_build

from briefing.body.tree import MAX_BODY, MAX_DEPTH
from briefing.check.folder import check_folder
from briefing.load.brief import brief_from_text


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


# Bodies that made a Markdown scanner or converter quadratic, recursive or worse (issue 6's
# shapes and later finds); each also after an unclosed fence, which once hid them from the checker.
PATHOLOGICAL = {
    "backticks": "`" * 100_000,
    "backtick-pairs": "`a" * 49_000,
    "link-closers": "](" * 49_000,
    "unclosed-links": "[a](" * 24_000,
    "unclosed-angle-links": "[a](<" * 19_000,
    "many-links-and-code": "[a](https://e.org) `c` " * 4_000,
    "angle-brackets": "<" * 99_000,
    "brackets": "[" * 99_000,
    "image-openers": "![" * 49_000,
    "nested-emphasis": "*a " * 1_000 + "x" + " a*" * 1_000,
    "nested-brackets": "[" * 5_000 + "a" + "](https://e.org)" * 5_000,
    "stars": "*" * 99_000,
    "underscores": "_" * 99_000,
    "tildes": "~" * 99_000,
    "alternating-emphasis": "*a_" * 33_000,
    "quotes": "> " * 2_000 + "x",
    "lists": "".join("  " * i + "- x\n" for i in range(200)),
    "entities": "&#x41;" * 16_000,
    "table": "| a |\n|---|\n" + "| [x](https://e.org) |\n" * 4_000,
    "footnotes": "".join(f"[^{i}] " for i in range(3_000))
    + "\n\n"
    + "".join(f"[^{i}]: n\n" for i in range(3_000)),
}
HANG = 120  # seconds: a bound on a hang, not a measure of speed (CI machines are shared and loaded)


def _cases():
    for name, body in PATHOLOGICAL.items():
        yield name, body
        yield name + "-after-unclosed-fence", "Intro.\n\n```\n" + body


@pytest.mark.parametrize("name,body", list(_cases()), ids=[n for n, _ in _cases()])
def test_a_pathological_body_renders_or_is_refused_on_its_line(name, body):
    from briefing import catalog as catalog_module
    from briefing.model import Corpus
    from briefing.site import uris
    from briefing.site.body import body_html
    from briefing.site.html import Links

    loaded, elapsed = timed(brief_from_text, brief_text(body=body), "x.md", "x")
    assert elapsed < HANG
    errors = [p for p in loaded.problems if p.severity.value == "error"]
    if errors:  # refused: each problem names a line of the body
        assert all(p.line >= 9 for p in errors), [str(p) for p in errors]
        return
    registries = check_folder(REPO / "briefs", today=TODAY).corpus
    corpus = Corpus("briefs", [loaded.value], registries.actors, registries.topics)
    catalog = catalog_module.build(corpus, today=TODAY)
    markup, elapsed = timed(body_html, loaded.value, catalog, Links(), uris.brief("x"))
    assert elapsed < HANG and markup


@pytest.mark.slow
def test_a_site_of_pathological_bodies_is_built_and_loses_none(tmp_path, corpus_dir):
    """Every brief is on the site or named in an error: none takes the build down."""
    for name, body in _cases():
        (corpus_dir / f"{name}.md").write_text(brief_text(title=name, body=body), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(corpus_dir, site, strict=False, extra_env={"BRIEFING_WORKERS": "2"})
    assert result.returncode == 0, result.stderr[-3000:]
    for name, _ in _cases():
        published = (site / "briefs" / name / "index.html").is_file()
        named = f"{name}.md:" in result.stderr
        assert published != named, name


LIMITED = {
    # name: (body, the line of the problem within the body (1-based), the message's start)
    "too-long": (
        "x" * 100_000,  # with the blank line before it, 100,001
        1,
        "the body is 100,001 characters long; the limit is 100,000",
    ),
    "nesting": (
        "ok\n\n" + "> " * 40 + "deep",
        3,
        f"lists and block quotes are nested more than {MAX_DEPTH} levels deep here",
    ),
    "nested-lists": (
        "".join("  " * i + "- x\n" for i in range(40)),
        16,  # the 16th item's text is the first thing past 32 levels (a list and an item each)
        f"lists and block quotes are nested more than {MAX_DEPTH} levels deep here",
    ),
}


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_body_past_a_limit_is_refused_at_its_line(name):
    body, line, message = LIMITED[name]
    text = brief_text(body=body)
    body_line = text.index("\n---\n") + 1
    body_line = text[:body_line].count("\n") + 3  # the line after "---" and the blank line
    loaded = brief_from_text(text, "x.md", "x")
    assert loaded.failed
    assert [(p.line, p.message[: len(message)]) for p in loaded.problems] == [
        (body_line + line - 1, message)
    ]


def test_nesting_short_of_the_limit_shows_every_line():
    """The parser drops what lies past its nesting limit: a body short of ours loses nothing."""
    from briefing.body.tree import parse_body

    body = parse_body("> " * (MAX_DEPTH - 2) + "deepest words\n\nafter\n")
    assert body.problems == []
    texts = [t.content for t in body.tokens if t.type == "inline"]
    assert texts == ["deepest words", "after"]


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
    result, elapsed = timed(check_folder, corpus_dir)
    assert elapsed < HANG
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
    result, elapsed = timed(check_folder, corpus_dir)
    assert elapsed < HANG
    assert result.problems == [] and len(result.corpus.actors) == 5_001


def test_the_writing_guide_states_the_limits_the_code_enforces():
    from briefing.load import fields, yamltext
    from briefing.load import registries as load

    guide = (REPO / "docs" / "writing-briefs.md").read_text(encoding="utf-8")
    table = guide.split("## Limits", 1)[1].split("\n\n", 2)[2]
    for value in (
        fields.MAX_TEXT,
        fields.MAX_ITEMS,
        yamltext.MAX_NODES,
        load.MAX_REGISTRY_NODES,
        MAX_BODY,
        MAX_DEPTH,
        yamltext.MAX_DEPTH,
    ):
        assert f"| {value:,}" in table or f"| {value} " in table, value
    from briefing.load.files import MAX_BYTES

    assert MAX_BYTES == 2 * 1024 * 1024 and "| 2 MB |" in table
