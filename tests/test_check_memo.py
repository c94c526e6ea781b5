"""`briefing check` of an unchanged folder answers from its last report; any change to what the
check reads is checked again, and gives what a check without the memo gives."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, TODAY

import briefing.check.memo as memo
from briefing.check.folder import check_folder
from briefing.markings import DEFAULT_MARKING
from briefing.model import Marking
from briefing.scales import DEFAULT, SCALES

SETTINGS = {"today": TODAY, "hints": False, "scale": DEFAULT, "default_marking": DEFAULT_MARKING}


@pytest.fixture
def briefs(tmp_path, monkeypatch):
    """A copy of the project's briefs, checked from the folder holding it, with its own cache."""
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "briefs", tmp_path / "briefs")
    return tmp_path / "briefs"


def as_text(problems) -> list[str]:
    return [str(p) for p in problems]


def unchecked(monkeypatch) -> None:
    """From here on, a check that loads the folder fails the test."""

    def refused(*args, **kwargs):
        raise AssertionError("the folder was checked again")

    monkeypatch.setattr(memo, "check_folder", refused)


def test_an_unchanged_folder_is_answered_from_its_last_report(briefs, monkeypatch):
    first = memo.check_report(briefs, **SETTINGS)
    fresh = check_folder(briefs, **SETTINGS)
    assert as_text(first.problems) == as_text(fresh.problems) and first.files == fresh.files
    assert first.summary() == fresh.summary()
    unchecked(monkeypatch)
    again = memo.check_report(briefs, **SETTINGS)
    assert as_text(again.problems) == as_text(first.problems)
    assert again.summary() == first.summary()


def test_a_fresh_clone_with_the_cache_restored_is_answered_from_it(briefs, tmp_path, monkeypatch):
    """CI: the same bytes in a new checkout (new inodes and times), found by their digests."""
    first = memo.check_report(briefs, **SETTINGS)
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(briefs, clone / "briefs")
    monkeypatch.chdir(clone)
    unchecked(monkeypatch)
    assert as_text(memo.check_report(briefs.name, **SETTINGS).problems) == as_text(first.problems)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PARADE = "2025/victory-day-parade-moscow-2025.md"
CHANGES = {
    "a body edit": lambda root: _edit(
        root / PARADE, "## The event", "## The event\n\nSee [nowhere](nowhere.md)."
    ),
    "a front-matter edit": lambda root: _edit(root / PARADE, "status: published", "status: draft"),
    "a new brief": lambda root: shutil.copy(root / PARADE, root / "2025" / "a-copy.md"),
    "a brief deleted": lambda root: (root / PARADE).unlink(),
    "a registry edit": lambda root: _edit(root / "topics.yml", "victory-day:", "victory-days:"),
    "another file in the folder": lambda root: (root / "notes.txt").write_text("x"),
    "a link to a file outside": lambda root: (root / "2025" / "linked.md").symlink_to(
        REPO / "README.md"
    ),
}
SETTING_CHANGES = {
    "another day": {"today": TODAY + dt.timedelta(days=400)},
    "hints": {"hints": True},
    "another scale": {"scale": next(s for s in SCALES.values() if s is not DEFAULT)},
    "another default marking": {"default_marking": Marking.CLEAR},
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_folder_is_checked_again(briefs, change):
    before = memo.check_report(briefs, **SETTINGS)
    CHANGES[change](briefs)
    after = memo.check_report(briefs, **SETTINGS)
    fresh = check_folder(briefs, **SETTINGS)
    assert as_text(after.problems) == as_text(fresh.problems)
    assert (after.files, after.summary()) == (fresh.files, fresh.summary())
    assert as_text(after.problems) != as_text(before.problems) or after.files != before.files


@pytest.mark.parametrize("first", [True, False], ids=["no report yet", "a report kept"])
@pytest.mark.parametrize("change", CHANGES)
def test_a_change_made_while_the_folder_is_checked_keeps_no_report(
    briefs, monkeypatch, change, first
):
    """The report of the files as they were loaded is not kept under the key of the files as
    they are after: the next check loads them (a save during a check, or a registry edit)."""
    if not first:
        memo.check_report(briefs, **SETTINGS)
        _edit(briefs / PARADE, "## The event", "## The event\n\nA first edit.")
    original = memo.check_folder

    def saved_meanwhile(*args, **kwargs):
        result = original(*args, **kwargs)
        CHANGES[change](briefs)
        return result

    monkeypatch.setattr(memo, "check_folder", saved_meanwhile)
    memo.check_report(briefs, **SETTINGS)
    monkeypatch.setattr(memo, "check_folder", original)
    checked = counted(monkeypatch)
    after = memo.check_report(briefs, **SETTINGS)
    assert checked == [1]
    fresh = check_folder(briefs, **SETTINGS)
    assert as_text(after.problems) == as_text(fresh.problems) and after.files == fresh.files


def test_a_first_check_reads_each_brief_once(briefs, monkeypatch):
    """With no report to compare with, the memo digests the files as the check loaded them (the
    brief cache's entries), not by reading every file again before and after."""
    import briefing.check.folder as folder
    import briefing.load.files as files

    reads: list[str] = []
    for module in (memo, folder, files):
        if hasattr(module, "regular_bytes"):
            real = files.regular_bytes
            monkeypatch.setattr(
                module, "regular_bytes", lambda path, real=real: reads.append(path) or real(path)
            )
    report = memo.check_report(briefs, **SETTINGS)
    assert report.files > 5
    assert not [path for path in reads if path.suffix == ".md"]  # only where they are loaded
    unchecked(monkeypatch)
    assert memo.check_report(briefs, **SETTINGS).summary() == report.summary()


def counted(monkeypatch) -> list[int]:
    """One item for each time the folder is checked again from here on."""
    checked: list[int] = []
    original = memo.check_folder
    monkeypatch.setattr(
        memo, "check_folder", lambda *a, **k: checked.append(1) or original(*a, **k)
    )
    return checked


def test_a_link_led_outside_to_the_same_bytes_is_checked_again(briefs, tmp_path):
    outside = tmp_path / "outside.md"
    shutil.copy(briefs / PARADE, outside)
    link = briefs / "2025" / "linked.md"
    link.symlink_to(briefs / PARADE)
    inside = memo.check_report(briefs, **SETTINGS)
    link.unlink()
    link.symlink_to(outside)
    after = memo.check_report(briefs, **SETTINGS)
    assert as_text(after.problems) == as_text(check_folder(briefs, **SETTINGS).problems)
    assert as_text(after.problems) != as_text(inside.problems)


@pytest.mark.parametrize("change", SETTING_CHANGES)
def test_other_settings_are_checked_again(briefs, change, monkeypatch):
    memo.check_report(briefs, **SETTINGS)
    settings = {**SETTINGS, **SETTING_CHANGES[change]}
    checked = counted(monkeypatch)
    after = memo.check_report(briefs, **settings)
    assert checked == [1]
    assert as_text(after.problems) == as_text(check_folder(briefs, **settings).problems)


def test_a_changed_engine_checks_again(briefs, monkeypatch):
    memo.check_report(briefs, **SETTINGS)
    engine = memo._engine()
    monkeypatch.setattr(memo, "_engine", lambda: engine + b"another version")
    checked = counted(monkeypatch)
    memo.check_report(briefs, **SETTINGS)
    assert checked == [1]


def test_the_command_prints_the_same_report_warm_as_cold(briefs, tmp_path):
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "briefing", "check", "--today", TODAY.isoformat(), "briefs"]
    command[4:4] = ["--config", str(REPO / "mkdocs.yml")]
    _edit(briefs / PARADE, "## The event", "## The event\n\nSee [nowhere](nowhere.md).")
    runs = [
        subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert list((tmp_path / "cache").glob("check-*.pickle"))  # the second run had a report
    assert runs[0].returncode == runs[1].returncode == 1, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert "nowhere.md" in runs[0].stdout and "briefs/2025/victory-day-parade" in runs[0].stdout
