"""Serve's rebuilds take each brief's cross-file findings from the last check where neither the
brief nor what they read of the others changed (``briefing.check.earlier``): after every edit
the problems are those of a check from nothing, and an edit elsewhere reuses the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, brief_text

from briefing.check.earlier import EarlierFindings
from briefing.check.folder import check_folder

LINKING = "See [the talks](a.md#the-talks) and [the rest](a.md).\n"


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.fixture
def three(write_brief):
    write_brief("a", title="A", body="## The talks\n\nThey met.\n")
    write_brief("b", title="B", body=LINKING)
    write_brief("c", title="C", related=["a"])
    write_brief("e", title="E", body="Names no other brief.\n")


def test_findings_after_edits_are_those_of_a_fresh_check_and_unchanged_ones_are_reused(
    corpus_dir, three
):
    earlier = EarlierFindings()

    def both(today: dt.date = TODAY) -> list[str]:
        kept = check_folder(corpus_dir, today=today, earlier=earlier)
        fresh = check_folder(corpus_dir, today=today)
        assert messages(kept) == messages(fresh)
        return messages(kept)

    def edit(name: str, **fields) -> None:
        (corpus_dir / f"{name}.md").write_text(brief_text(**fields), encoding="utf-8")

    assert both() == [] and earlier.reused == 0
    assert both() == [] and earlier.reused == 4
    # A paragraph added to one brief, a new brief: the others' findings stand.
    edit("c", title="C", related=["a"], body="Some analysis.\n\nMore of it.\n")
    assert both() == [] and earlier.reused == 3
    edit("f", title="F")
    assert both() == [] and earlier.reused == 4
    # What the others read of a changes: its heading (b's anchor link), its status, its marking;
    # e and f, which name no brief, keep theirs.
    edit("a", title="A", body="## The meeting\n\nThey met.\n")
    found = both()
    assert earlier.reused == 2
    assert any("b.md" in m and "missing anchor '#the-talks'" in m for m in found)
    edit("a", title="A", body="## The talks\n\nThey met.\n", status="draft")
    found = both()
    assert any("b.md" in m and "link to draft brief 'a.md'" in m for m in found)
    assert any("c.md" in m and "related brief 'a' is a draft" in m for m in found)
    edit("a", title="A", body="## The talks\n\nThey met.\n")
    assert both() == []
    edit("a", title="A", body="## The talks\n\nThey met.\n", marking="TLP:RED")
    found = both()
    assert any("b.md" in m and "marked TLP:RED" in m for m in found)
    assert any("c.md" in m and "related brief 'a' is marked TLP:RED" in m for m in found)
    # a gone: what links to it and names it is an error, suggesting a brief of a near id, or
    # one come since.
    (corpus_dir / "a.md").unlink()
    found = both()
    assert any("b.md" in m and "link to missing brief 'a.md'" in m for m in found)
    assert any("c.md" in m and "unknown related brief 'a'" in m for m in found)
    assert not any("did you mean" in m for m in found)
    edit("aa", title="AA")
    found = both()
    assert any("c.md" in m and "unknown related brief 'a'" in m and "'aa'" in m for m in found)
    edit("d", title="D")
    edit("c", title="C", related=["d"], review_by="2025-12-01")
    found = both()
    assert not any("c.md" in m and "related" in m for m in found)
    assert any("c.md" in m and "brief is stale" in m for m in found)
    # A brief that replaces c: c is not stale (its successor is shown instead).
    edit("g", title="G", supersedes="c")
    found = both()
    assert not any("c.md" in m and "brief is stale" in m for m in found)
    # A brief that cannot be loaded is judged by what its text says (a draft, here), and a brief
    # naming it by that, until the text says otherwise.
    broken = "---\ntitle: [H\nstatus: draft\n---\n\nText.\n"  # no YAML: not loaded at all
    (corpus_dir / "h.md").write_text(broken, encoding="utf-8")
    edit("i", title="I", related=["h"])
    assert any("i.md" in m and "related brief 'h' is a draft" in m for m in both())
    (corpus_dir / "h.md").write_text(broken.replace("draft", "published"), encoding="utf-8")
    found = both()
    assert any("h.md" in m for m in found)
    assert not any("i.md" in m for m in found)
    # Another day: every brief is checked again.
    both(TODAY - dt.timedelta(days=60))
    assert earlier.reused == 0
