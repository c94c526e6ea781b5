"""A brief that cannot be loaded (its YAML broken mid-edit, say) fails the check with its own errors
and takes no other brief off the site: the briefs linking to it, naming it under ``related`` or
superseding it are not blamed as linking to a missing brief. What its text still says of its
status and marking is checked as if it had loaded: a draft stays a draft, a marking stays a
marking, and one whose marking cannot be read is taken for the narrowest."""

from __future__ import annotations

import re

import pytest
from conftest import TODAY, mkdocs_build

import briefing.wording
from briefing.check.folder import check_folder
from briefing.model import Severity


def problems_of(root):
    result = check_folder(root, today=TODAY)
    return result, [(p.path.rsplit("/", 1)[-1], p.severity, p.message) for p in result.problems]


def broken(root, name, *front_lines: str) -> None:
    """A brief file whose YAML does not parse; ``front_lines`` come before the broken line."""
    lines = "".join(line + "\n" for line in front_lines)
    (root / f"{name}.md").write_text(
        f"---\n{lines}title: [never closed\nsummary: x\n---\n\nBody.\n", encoding="utf-8"
    )


def test_links_and_ids_naming_an_unloadable_brief_are_not_errors(corpus_dir, write_brief):
    broken(corpus_dir, "target")
    write_brief("linker", body="See [the target](target.md#background).\n")
    write_brief("relating", related=["target"])
    write_brief("successor", supersedes="target", date="2025-06-01")
    result, problems = problems_of(corpus_dir)
    assert [path for path, _, _ in problems] == ["target.md"]
    assert all(severity is Severity.ERROR for _, severity, _ in problems)
    assert sorted(b.id for b in result.corpus.briefs) == ["linker", "relating", "successor"]
    assert [path.rsplit("/", 1)[-1] for path in result.corpus.rejected] == ["target.md"]


def test_a_deleted_brief_is_still_a_missing_brief(corpus_dir, write_brief):
    write_brief("linker", body="See [the target](target.md).\n")
    write_brief("relating", related=["target"])
    _, problems = problems_of(corpus_dir)
    assert problems == [
        ("linker.md", Severity.ERROR, "link to missing brief 'target.md'"),
        ("relating.md", Severity.ERROR, "unknown related brief 'target'"),
    ]


def test_no_typo_search_over_every_id_for_a_link_to_an_unloadable_brief(
    corpus_dir, write_brief, monkeypatch
):
    # The search ran once per linking brief over every id: seconds at a few thousand briefs.
    broken(corpus_dir, "target")
    for number in range(3):
        write_brief(f"linker-{number}", body="See [the target](target.md).\n", related=["target"])

    def refuse(word, known):
        raise AssertionError(f"looked for a brief like {word!r}")

    monkeypatch.setattr(briefing.wording, "closest", refuse)
    result, _ = problems_of(corpus_dir)
    assert len(result.corpus.briefs) == 3


def test_an_unloadable_draft_is_still_a_draft(corpus_dir, write_brief):
    broken(corpus_dir, "target", "status: draft")
    write_brief("linker", body="See [the target](target.md).\n")
    write_brief("relating", related=["target"])
    _, problems = problems_of(corpus_dir)
    assert [
        (path, severity, message) for path, severity, message in problems if path != "target.md"
    ] == [
        (
            "linker.md",
            Severity.ERROR,
            "link to draft brief 'target.md': a draft is not on the site; publish it first, "
            "or take the link out",
        ),
        (
            "relating.md",
            Severity.WARNING,
            "related brief 'target' is a draft: the link will not appear on the site",
        ),
    ]


def test_an_unloadable_brief_keeps_its_marking(corpus_dir, write_brief):
    broken(corpus_dir, "target", "marking: TLP:AMBER")
    write_brief("wide", marking="TLP:CLEAR", body="See [the target](target.md).\n")
    write_brief("as-narrow", marking="TLP:AMBER", body="See [the target](target.md).\n")
    _, problems = problems_of(corpus_dir)
    others = [(path, message) for path, _, message in problems if path != "target.md"]
    assert others == [
        (
            "wide.md",
            "link to 'target.md', marked TLP:AMBER, from a brief marked TLP:CLEAR: its readers "
            "could not follow it, and its words may reveal it; mark this brief TLP:AMBER or take "
            "the link out",
        )
    ]


@pytest.mark.parametrize(
    "front", [(), ("marking: TLP:AMBR",), ("marking: TLP:GREEN", "marking: TLP:RED")]
)
def test_an_unloadable_brief_whose_marking_is_not_known_is_taken_for_the_narrowest(
    corpus_dir, write_brief, front
):
    # No marking line gives the site's default (TLP:AMBER+STRICT); a wrong or doubled one, none.
    broken(corpus_dir, "target", *front)
    write_brief("linker", marking="TLP:AMBER", related=["target"])
    _, problems = problems_of(corpus_dir)
    others = [message for path, _, message in problems if path != "target.md"]
    narrowest = "TLP:AMBER+STRICT" if not front else "TLP:RED"
    assert len(others) == 1
    assert f"mark this brief {narrowest}" in others[0]
    assert ("whose marking cannot be read" in others[0]) == bool(front)
    if front:
        assert others[0].startswith(
            "related brief 'target', whose marking cannot be read (it has errors of its own), "
            "is taken as TLP:RED, more restrictive than this brief's TLP:AMBER: "
        )


def test_a_loaded_brief_with_a_wrong_marking_is_taken_for_the_narrowest(corpus_dir, write_brief):
    write_brief("target", marking="TLP:AMBR")
    write_brief("linker", marking="TLP:CLEAR", body="See [the target](target.md).\n")
    _, problems = problems_of(corpus_dir)
    assert [message for path, _, message in problems if path == "linker.md"] == [
        "link to 'target.md', whose marking cannot be read (it has errors of its own; taken as "
        "TLP:RED), from a brief marked TLP:CLEAR: its readers could not follow it, and its words "
        "may reveal it; mark this brief TLP:RED or take the link out"
    ]


def test_the_site_shows_the_linking_brief_with_the_link_as_words(corpus_dir, write_brief, tmp_path):
    broken(corpus_dir, "target")
    write_brief(
        "linker",
        title="The linker",
        body="See [the broken target](target.md) and [the other](other.md).\n",
    )
    write_brief("other", title="The other")
    site = tmp_path / "site"
    result = mkdocs_build(corpus_dir, site, strict=False)
    assert result.returncode == 0, result.stderr
    assert "target.md" in result.stderr  # its own error, reported by the build
    page = (site / "briefs" / "linker" / "index.html").read_text(encoding="utf-8")
    assert "the broken target" in page
    assert not re.search(r'href="[^"]*target[^"]*"', page)
    assert re.search(r'<a href="\.\./other/"[^>]*>the other</a>', page)
    assert not (site / "briefs" / "target").exists()
