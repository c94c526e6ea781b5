"""`make test` on a fresh machine does the set-up it can: as root it installs the Debian packages
the tests drive (as CI does), otherwise it prints the exact command to run.

The package manager is the one thing stood in for here (a script named apt-get that records its
arguments): the tests cannot uninstall chromium and nginx to install them again.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

SCRIPT = REPO / ".ci" / "system-packages"


@pytest.fixture
def machine(tmp_path):
    """A PATH holding only ``id`` (answering ``uid``) and a recording ``apt-get``: a machine
    without chromium, nginx or git, as root or not."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt-get.log"

    def run(*packages: str, uid: int = 0, apt: bool = True) -> subprocess.CompletedProcess:
        (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n", encoding="utf-8")
        (bin_dir / "id").chmod(0o755)
        apt_get = bin_dir / "apt-get"
        if apt:
            apt_get.write_text(f'#!/bin/sh\necho "$*" >> {log}\n', encoding="utf-8")
            apt_get.chmod(0o755)
        elif apt_get.exists():
            apt_get.unlink()
        env = {
            "PATH": str(bin_dir),
            "CHROMIUM": str(tmp_path / "no-chromium"),
            "NGINX": str(tmp_path / "no-nginx"),
            "PYTHON": str(tmp_path / "no-python"),
        }
        return subprocess.run(
            ["/bin/sh", str(SCRIPT), *packages], env=env, capture_output=True, text=True, timeout=60
        )

    run.log = log
    return run


def test_as_root_the_missing_packages_are_installed(machine):
    result = machine("git", "chromium", "nginx", "python3.11-venv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert machine.log.read_text().splitlines() == [
        "update -qq",
        "install -y -qq git chromium nginx python3.11-venv",
    ]
    assert "Installing Debian's git chromium nginx python3.11-venv" in result.stdout


def test_without_root_the_exact_command_is_printed(machine):
    result = machine("git", "chromium", "nginx", uid=1000)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Missing Debian packages: git chromium nginx. Run this, then the same make command again:",
        "    sudo apt-get install -y git chromium nginx",
    ]
    assert not machine.log.exists()


def test_without_apt_get_the_packages_are_named(machine):
    result = machine("chromium", apt=False)
    assert result.returncode == 1
    assert "Missing: chromium (Debian's package names" in result.stdout


def test_nothing_is_done_when_nothing_is_missing(tmp_path):
    env = {**os.environ, "PATH": os.environ["PATH"]}
    result = subprocess.run(
        ["/bin/sh", str(SCRIPT), "git", "chromium", "nginx"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_make_test_and_ci_run_do_the_set_up_first():
    dry = subprocess.run(
        ["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, timeout=60
    ).stdout.splitlines()
    setup = dry.index(".ci/system-packages git chromium nginx")
    assert setup < next(i for i, line in enumerate(dry) if "-m pytest" in line)
    venv = Path(REPO / "Makefile").read_text(encoding="utf-8")
    assert ".ci/system-packages python$(shell" in venv  # before the venv is made
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
