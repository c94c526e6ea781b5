"""The per-file brief cache: same answers warm as cold, and a changed file is read again."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import TODAY, brief_text

from briefing.check.folder import check_folder
from briefing.load.cache import FileCache
from briefing.load.files import display_path


def problems(result):
    return [str(p) for p in result.problems]


def test_warm_run_gives_the_same_problems_and_briefs(
    corpus_dir, write_brief, tmp_path, monkeypatch
):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    write_brief("good", title="Good")
    write_brief("bad", actors=["xi-jingping"], review_by="2025-01-01")
    cold = check_folder(corpus_dir, today=TODAY)
    assert list((tmp_path / "cache").glob("briefs-*/*.pickle"))
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
    cache = FileCache(display_path(corpus_dir))
    entry = next(iter(cache.entries.values()))
    entry.loaded.value.title = "Poisoned"
    cache.fingerprint = "something else"
    cache.save(whole=True)
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


def test_a_fresh_clone_with_the_cache_restored_reads_no_brief_again(tmp_path, monkeypatch):
    """CI: another folder, new modification times and inodes, the same bytes: every brief comes
    from the cache (content keys), and a brief whose bytes changed is read again."""
    import shutil

    import briefing.check.folder as folder

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    first = tmp_path / "one" / "briefs"
    first.mkdir(parents=True)
    for name in ("actors.yml", "topics.yml"):
        shutil.copy(Path(__file__).parent.parent / "briefs" / name, first / name)
    for index in range(5):
        (first / f"brief-{index}.md").write_text(
            brief_text(title=f"Brief {index}"), encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path / "one")
    check_folder(Path("briefs"), today=TODAY)
    second = tmp_path / "two" / "briefs"
    shutil.copytree(first, second)  # new inodes and times, as a fresh clone has
    (second / "brief-3.md").write_text(brief_text(title="Changed"), encoding="utf-8")
    parsed = []
    original = folder.load_brief_text
    monkeypatch.setattr(
        folder,
        "load_brief_text",
        lambda path, **k: parsed.append(path.name) or original(path, **k),
    )
    monkeypatch.chdir(tmp_path / "two")
    result = check_folder(Path("briefs"), today=TODAY)
    assert parsed == ["brief-3.md"]
    assert sorted(b.title for b in result.corpus.briefs) == [
        "Brief 0",
        "Brief 1",
        "Brief 2",
        "Brief 4",
        "Changed",
    ]


def test_a_changed_brief_rewrites_only_its_part_of_the_cache(
    corpus_dir, write_brief, tmp_path, monkeypatch
):
    """A check after one edit writes one shard, not the whole folder's cache (68 MB at 10,000
    briefs); a shard gone or damaged costs only its own briefs."""
    import briefing.check.folder as folder

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    paths = [write_brief(f"brief-{index}", title=f"Brief {index}") for index in range(40)]
    check_folder(corpus_dir, today=TODAY)
    shards = sorted((tmp_path / "cache").glob("briefs-*/*.pickle"))
    assert len(shards) > 10  # the 40 briefs are spread over many
    for shard in shards:
        os.utime(shard, ns=(0, 0))  # so that a rewrite shows, however coarse the clock
    paths[7].write_text(brief_text(title="Edited"), encoding="utf-8")
    check_folder(corpus_dir, today=TODAY)
    rewritten = [shard for shard in shards if shard.stat().st_mtime_ns != 0]
    assert len(rewritten) == 1
    rewritten[0].write_bytes(b"not a pickle")
    parsed = []
    original = folder.load_brief_text
    monkeypatch.setattr(
        folder,
        "load_brief_text",
        lambda path, **k: parsed.append(path.name) or original(path, **k),
    )
    result = check_folder(corpus_dir, today=TODAY)
    assert "brief-7.md" in parsed and 0 < len(parsed) < 40
    assert sorted(b.title for b in result.corpus.briefs)[-1] == "Edited"


def test_a_briefs_own_wording_checks_are_kept_with_it_and_done_again_when_it_changes(
    corpus_dir, write_brief, tmp_path, monkeypatch
):
    """The checks that read one brief alone (its judgments' likelihood terms and estimative
    language) are kept in the brief cache: an unchanged brief's come from there, kept on disk
    too (a restored cache), a changed brief's and another scale's are worked out again."""
    from briefing.check import judgments
    from briefing.scales import PHIA

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    source = {"id": "w", "title": "R", "publisher": "W", "reliability": "B", "credibility": 2}

    def hedged(text: str, likelihood: str = "very likely") -> dict:
        return {"text": text, "likelihood": likelihood, "confidence": "low", "sources": ["w"]}

    path = write_brief("one", sources=[source], judgments=[hedged("The talks might go ahead.")])
    write_brief("two", sources=[source], judgments=[hedged("The talks will go ahead.")])

    def wording(result) -> list[str]:
        return [p.message for p in result.problems if "judgment 1" in p.message]

    cache = FileCache(display_path(corpus_dir))
    first = check_folder(corpus_dir, today=TODAY, cache=cache)
    assert [m.split(",")[0] for m in wording(first)] == ["judgment 1 says 'might'"]
    worked_out = []
    real = judgments.wording_problems

    def counted(brief, scale_wording):
        worked_out.append(brief.id)
        return real(brief, scale_wording)

    monkeypatch.setattr(judgments, "wording_problems", counted)
    assert wording(check_folder(corpus_dir, today=TODAY, cache=cache)) == wording(first)
    assert worked_out == []
    cache.save()
    restored = FileCache(display_path(corpus_dir))  # as a fresh process finds it on disk
    assert wording(check_folder(corpus_dir, today=TODAY, cache=restored)) == wording(first)
    assert worked_out == []

    path.write_text(
        brief_text(sources=[source], judgments=[hedged("The talks will go ahead soon.")]),
        encoding="utf-8",
    )
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert wording(check_folder(corpus_dir, today=TODAY, cache=restored)) == []
    assert worked_out == ["one"]
    # Another scale: 'very likely' is not one of its terms, in either brief.
    other = check_folder(corpus_dir, today=TODAY, cache=restored, scale=PHIA)
    assert sorted(worked_out) == ["one", "one", "two"]
    assert sum("'likelihood' is 'very likely'" in p.message for p in other.problems) == 2
