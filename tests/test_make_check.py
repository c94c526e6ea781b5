"""`make check` over the real briefs: it passes, and fails with the right path:line when any bad
file is dropped in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from helpers import BAD, SUPPORT
from test_check_errors import EXPECTED

from briefing.cli import main

ERROR_FIXTURES = sorted(
    name for name, problems in EXPECTED.items() if any(p[1].value == "error" for p in problems)
)


@pytest.fixture
def real_briefs(tmp_path: Path) -> Path:
    """A copy of the repository's briefs folder (with the fixtures' valid companions)."""
    root = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", root)
    for companion in SUPPORT.glob("*.md"):
        shutil.copyfile(companion, root / companion.name)
    return root


def test_make_check_passes_on_the_sample_briefs():
    result = subprocess.run(
        ["make", "-s", "check"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Two briefs past their review dates; the Kazan summit's dating is corrected, so no brief
    # disagrees.
    assert result.stdout.strip().endswith("12 briefs, 0 errors, 2 warnings")


def test_make_check_fails_at_the_right_line_when_a_bad_brief_is_dropped_in(real_briefs):
    shutil.copyfile(BAD / "unknown-actor.md", real_briefs / "2025" / "unknown-actor.md")
    env = {**os.environ, "BRIEFS_DIR": str(real_briefs)}
    result = subprocess.run(
        ["make", "-s", "check", f"BRIEFS_DIR={real_briefs}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    line, _, message = EXPECTED["unknown-actor.md"][0]
    assert f"{real_briefs}/2025/unknown-actor.md:{line}: error: {message}" in result.stdout


@pytest.mark.parametrize("name", ERROR_FIXTURES)
def test_check_over_real_briefs_names_each_dropped_in_file(real_briefs, name, capsys, monkeypatch):
    monkeypatch.chdir(real_briefs.parent)
    shutil.copyfile(BAD / name, real_briefs / name)
    code = main(["check", "briefs", "--today", "2026-01-01"])
    out = capsys.readouterr().out
    assert code == 1
    for line, severity, message in EXPECTED[name]:
        if severity.value == "error":
            assert f"briefs/{name}:{line}: error: {message}" in out
    # The sample briefs are not blamed for the newcomer.
    assert all(row.startswith(f"briefs/{name}:") for row in out.splitlines() if ": error: " in row)
