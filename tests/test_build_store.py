"""The build store: a build that takes pages from an earlier build's store (CI restores it) gives
exactly the bytes of a build without it, and takes every page whose inputs did not change."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path

from conftest import REPO, TODAY, mkdocs_build

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.plugin.store import FLUSH_BYTES, Store
from briefing.plugin.workers import keep_related, kept_related


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def kept(stderr: str) -> tuple[int, int, int, int]:
    """Generated pages; finished ones taken from the store, those of them found by their inputs
    (their Doc not written), and rendered ones taken."""
    found = re.search(
        r"(\d+) generated pages: (\d+) finished \((\d+) of them found by their inputs, "
        r"unwritten\) and (\d+) rendered ones taken",
        stderr,
    )
    assert found, stderr[-2000:]
    return tuple(int(n) for n in found.groups())


def build(briefs: Path, site: Path, cache: Path | None) -> str:
    env = {
        "BRIEFING_WORKERS": "2",
        **({"BRIEFING_CACHE_DIR": str(cache)} if cache else {"BRIEFING_CACHE": "0"}),
    }
    result = mkdocs_build(briefs, site, extra_env=env, verbose=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_a_build_from_the_store_is_the_build_without_it(tmp_path):
    briefs = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", briefs)
    cache = tmp_path / "cache"
    build(briefs, tmp_path / "first", cache)
    again = build(briefs, tmp_path / "again", cache)
    total, finished, unwritten, rendered = kept(again)
    # Nothing changed: nothing made again, and no page so much as written.
    assert finished == total and rendered == total and unwritten == total
    assert files_of(tmp_path / "again") == files_of(tmp_path / "first")

    # A pull request changes one brief's words: only the pages showing it are written again.
    parade = briefs / "2025" / "victory-day-parade-moscow-2025.md"
    parade.write_text(
        parade.read_text(encoding="utf-8").replace(
            "## The event", "## The event\n\nA new first line."
        ),
        encoding="utf-8",
    )
    warm = build(briefs, tmp_path / "warm", cache)
    build(briefs, tmp_path / "cold", None)
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")
    total, finished, unwritten, rendered = kept(warm)
    assert 0 < rendered < total  # the changed ones rendered again
    # Written again: its own page and its topics' books, which all came out new. Every other
    # page was found by its inputs.
    assert 0 < unwritten == finished < total

    # Then an actor's other names: every body may mention it, so every brief page is written
    # again, and some come out the same.
    actors = briefs / "actors.yml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(
        text.replace("aliases: [President Xi, Xi]", "aliases: [President Xi]", 1), encoding="utf-8"
    )
    warm = build(briefs, tmp_path / "warm-2", cache)
    build(briefs, tmp_path / "cold-2", None)
    assert files_of(tmp_path / "warm-2") == files_of(tmp_path / "cold-2")
    total, finished, unwritten, rendered = kept(warm)
    assert 0 < finished < total and 0 < rendered < total


def test_related_briefs_kept_in_the_store_are_taken_by_a_build_of_the_same_briefs(tmp_path):
    result = check_folder(REPO / "briefs", today=TODAY)
    place = tmp_path / "build.sqlite"
    store = Store(place)
    kept = kept_related(store)
    assert kept.ids == {}  # an empty store: scored
    catalog_module.build(result.corpus, today=TODAY, related=kept)
    keep_related(store, kept, b"")
    store.save()

    later = Store(place)  # the next build, in CI with the store restored
    taken = kept_related(later)
    assert taken == kept and taken.ids
    some = next(iter(taken.ids))
    taken.ids = {**taken.ids, some: [(some, True, "what only the kept copy says", 0.0)]}
    catalog = catalog_module.build(result.corpus, today=TODAY, related=taken)
    assert [r.reason for r in catalog.related[some]] == ["what only the kept copy says"]
    keep_related(later, taken, taken.made_from)
    assert later.pending == {}  # taken as kept: not written again

    # Scored from other briefs: scored again, and kept in its place.
    dropped = next(b.id for b in result.corpus.briefs if b.id != some)
    fewer = dataclasses.replace(
        result.corpus, briefs=[b for b in result.corpus.briefs if b.id != dropped]
    )
    catalog = catalog_module.build(fewer, today=TODAY, related=taken)
    assert [r.reason for r in catalog.related[some]] != ["what only the kept copy says"]
    keep_related(later, taken, kept.made_from)
    later.save()
    assert kept_related(Store(place)).made_from not in (b"", kept.made_from)


def test_a_store_without_a_folder_lets_its_entries_go_once_they_are_many():
    # BRIEFING_CACHE=0, or no usable folder: the build runs as if every entry were missing, and
    # must not hold every page it made until it ends (hundreds of megabytes at scale).
    store = Store(None)
    for number in range(24):
        store.put("page", bytes([number]), os.urandom(1024 * 1024))  # does not compress
        assert store.pending_bytes <= FLUSH_BYTES + 2 * 1024 * 1024
    assert store.get("page", bytes([0])) is None
