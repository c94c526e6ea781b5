"""The package as pip builds it: a wheel holds every part of the engine, and works installed
alone (not the editable install the Makefile makes)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.mark.slow  # builds a wheel and installs it with its dependencies in a new venv
def test_the_built_wheel_installed_in_a_fresh_environment_checks_and_builds_the_sample(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("briefing_room-*.whl")
    packages = {
        Path(name).parent.as_posix()
        for name in zipfile.ZipFile(wheel).namelist()
        if name.endswith(".py")
    }
    for package in (
        "briefing",
        "briefing/body",
        "briefing/site/pages",
        "briefing/site/pictures",
        "briefing/plugin",
        "briefing/cli",
    ):
        assert package in packages, package
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=600,
    )
    # The engine's dependencies come from the project's environment, read as a plain folder: its
    # editable install of briefing (a .pth hook) is not run, so `briefing` is the wheel's.
    site_packages = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    (site_packages / "project-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    where = subprocess.check_output(
        [str(python), "-c", "import briefing; print(briefing.__file__)"], cwd=tmp_path, text=True
    )
    assert where.startswith(str(site_packages)), where
    env = {**os.environ, "BRIEFING_CACHE": "0", "NO_MKDOCS_2_WARNING": "1"}
    check = subprocess.run(
        [str(venv / "bin" / "briefing"), "check", str(REPO / "briefs")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "12 briefs, 0 errors" in check.stdout
    site = tmp_path / "site"
    build = subprocess.run(
        [
            str(python),
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(REPO / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=tmp_path,
        env={**env, "BRIEFS_DIR": str(REPO / "briefs")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    assert (site / "actors" / "index.html").read_text(encoding="utf-8").count(
        "<svg"
    ) >= 1  # pictures
