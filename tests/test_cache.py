"""The per-file brief cache: same answers warm as cold, and a changed file is read again."""

from __future__ import annotations

import os

from conftest import TODAY, brief_text

from briefing.check.folder import check_folder
from briefing.load.cache import FileCache


def problems(result):
    return [str(p) for p in result.problems]


def test_warm_run_gives_the_same_problems_and_briefs(
    corpus_dir, write_brief, tmp_path, monkeypatch
):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    write_brief("good", title="Good")
    write_brief("bad", actors=["xi-jingping"], review_by="2025-01-01")
    cold = check_folder(corpus_dir, today=TODAY)
    assert list((tmp_path / "cache").glob("*.pickle"))
    warm = check_folder(corpus_dir, today=TODAY)
    assert problems(warm) == problems(cold) and len(problems(cold)) == 2
    assert [b.title for b in warm.corpus.briefs] == ["Good"]


def test_edited_file_is_read_again(corpus_dir, write_brief, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    path = write_brief("one", title="Before")
    assert check_folder(corpus_dir, today=TODAY).corpus.briefs[0].title == "Before"
    path.write_text(brief_text(title="After, and longer"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert check_folder(corpus_dir, today=TODAY).corpus.briefs[0].title == "After, and longer"


def test_cache_from_other_code_is_ignored(corpus_dir, write_brief, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    write_brief("one", title="Real")
    check_folder(corpus_dir, today=TODAY)
    cache = FileCache(corpus_dir)
    shown, (size, mtime, loaded) = next(iter(cache.entries.items()))
    loaded.value.title = "Poisoned"
    cache.fingerprint = "something else"
    cache.changed = True
    cache.save()
    assert check_folder(corpus_dir, today=TODAY).corpus.briefs[0].title == "Real"


def test_cache_can_be_turned_off(corpus_dir, write_brief, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    write_brief("one")
    check_folder(corpus_dir, today=TODAY)
    assert not (tmp_path / "cache").exists()


def test_many_briefs_load_alike_in_workers_and_serially(corpus_dir, write_brief, monkeypatch):
    for index in range(450):  # above the threshold for worker processes
        write_brief(f"brief-{index}", title=f"Brief {index}", date=f"2025-01-{index % 28 + 1:02d}")
    write_brief("broken", date="not a date")
    monkeypatch.setenv("BRIEFING_CACHE", "0")
    monkeypatch.setenv("BRIEFING_WORKERS", "2")
    parallel = check_folder(corpus_dir, today=TODAY)
    monkeypatch.setenv("BRIEFING_WORKERS", "1")
    serial = check_folder(corpus_dir, today=TODAY)
    assert problems(parallel) == problems(serial) and len(problems(serial)) == 1
    assert [b.id for b in parallel.corpus.briefs] == [b.id for b in serial.corpus.briefs] and len(
        serial.corpus.briefs
    ) == 450
