"""The markers: on a machine without Chromium or nginx, `pytest -m "not browser and not nginx"`
runs everything else, and passes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import REPO

# Modules that hold both kinds: tests that need Chromium or nginx, and tests that need neither.
MIXED = ["tests/test_search.py", "tests/test_export.py", "tests/test_nginx.py"]


def pytest_run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def counts(output: str) -> dict[str, int]:
    summary = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}


def test_every_test_that_drives_chromium_or_nginx_is_marked():
    listed = pytest_run("--collect-only", "-m", "browser or nginx", *MIXED)
    marked = {line for line in listed.stdout.splitlines() if "::" in line}
    assert any("test_search.py::" in t for t in marked)
    assert any("test_export.py::" in t for t in marked)
    assert all(t.startswith("tests/test_nginx.py::") for t in marked if "nginx" in t)
    # The other way round: what is left unmarked names neither fixture.
    rest = pytest_run("--collect-only", "-m", "not browser and not nginx", *MIXED)
    assert not any("test_nginx.py::" in line for line in rest.stdout.splitlines())


@pytest.mark.slow
def test_without_chromium_and_nginx_the_rest_runs_and_passes(tmp_path):
    missing = {
        **os.environ,
        "CHROMIUM": str(tmp_path / "no-chromium"),
        "NGINX": str(tmp_path / "no-nginx"),
    }
    # Unfiltered, a browser test fails on the missing Chromium: the settings are read.
    failing = pytest_run(
        "-x",
        "tests/test_export.py",
        "-m",
        "browser",
        env=missing,
    )
    assert failing.returncode == 1 and "Chromium not found at" in failing.stdout, failing.stdout
    done = pytest_run("-m", "not browser and not nginx", *MIXED, env=missing)
    assert done.returncode == 0, done.stdout[-3000:]
    tally = counts(done.stdout)
    assert tally.get("passed", 0) > 10 and tally.get("deselected", 0) > 20
    assert "failed" not in tally and "error" not in tally and "errors" not in tally
