"""The build store: a build that takes pages from an earlier build's store (CI restores it) gives
exactly the bytes of a build without it, and takes every page whose inputs did not change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import REPO, mkdocs_build


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def kept(stderr: str) -> tuple[int, int, int]:
    found = re.search(
        r"(\d+) generated pages: (\d+) finished and (\d+) rendered ones taken", stderr
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
    total, finished, rendered = kept(again)
    assert finished == total and rendered == total  # nothing changed: nothing made again
    assert files_of(tmp_path / "again") == files_of(tmp_path / "first")

    # A pull request changes one brief's words and an actor's other names.
    parade = briefs / "2025" / "victory-day-parade-moscow-2025.md"
    parade.write_text(
        parade.read_text(encoding="utf-8").replace(
            "## The event", "## The event\n\nA new first line."
        ),
        encoding="utf-8",
    )
    actors = briefs / "actors.yml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(
        text.replace("aliases: [President Xi, Xi]", "aliases: [President Xi]", 1), encoding="utf-8"
    )
    warm = build(briefs, tmp_path / "warm", cache)
    cold = build(briefs, tmp_path / "cold", None)
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")
    total, finished, rendered = kept(warm)
    assert 0 < finished < total and 0 < rendered < total  # some taken, the changed ones made again
