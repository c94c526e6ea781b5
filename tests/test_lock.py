"""The lock: uv.lock pins, with hashes, every package pyproject.toml's pins resolve to, and the
install uses it and nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO

UV = Path(sys.executable).parent / "uv"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))


def uv_check(folder: Path, *, offline: bool = True) -> subprocess.CompletedProcess:
    # --offline: deciding that a lock still satisfies pyproject.toml needs no registry. Deciding
    # that it does not means resolving again, which reads the registry's metadata: offline, that
    # works only where uv's cache happens to hold it (not on a fresh machine).
    return subprocess.run(
        [str(UV), "lock", "--check", *(["--offline"] if offline else [])],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_project(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def test_the_lock_agrees_with_pyproject():
    result = uv_check(REPO)
    assert result.returncode == 0, result.stderr


def test_a_pin_changed_without_locking_again_is_caught(tmp_path):
    folder = copy_of_the_project(tmp_path)
    project = folder / "pyproject.toml"
    text = project.read_text(encoding="utf-8")
    assert '    "nh3==0.3.7",\n' in text
    project.write_text(text.replace('    "nh3==0.3.7",\n', ""), encoding="utf-8")
    result = uv_check(folder, offline=False)
    assert result.returncode != 0
    assert "needs to be updated" in result.stderr, result.stderr


def test_every_locked_package_has_hashes():
    packages = [p for p in LOCK["package"] if p["name"] != "briefing-room"]
    assert len(packages) > 50  # direct and transitive
    unhashed = [
        p["name"]
        for p in packages
        if not all("hash" in w for w in p.get("wheels", []))
        or ("sdist" in p and "hash" not in p["sdist"])
        or not (p.get("wheels") or p.get("sdist"))
    ]
    assert unhashed == []


def test_every_direct_dependency_is_pinned_exactly_and_locked_at_that_version():
    locked = {p["name"]: p["version"] for p in LOCK["package"]}
    wanted = list(PROJECT["project"]["dependencies"])
    for extra in PROJECT["project"]["optional-dependencies"].values():
        wanted += extra
    for requirement in wanted:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^;\s]+)", requirement)
        assert match, f"{requirement!r} is not an exact pin"
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
        assert locked.get(name) == match[2], requirement


def test_requires_python_is_what_the_locked_packages_need():
    # pymdown-extensions 13.1 declares >=3.11.5; the project must not promise less.
    assert PROJECT["project"]["requires-python"] == ">=3.11.5"
    assert LOCK["requires-python"] == ">=3.11.5"
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "sys.version_info >= (3, 11, 5)" in makefile


def test_the_install_syncs_from_the_lock_and_refuses_a_stale_one():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    sync = re.search(r"^SYNC := (.+)$", makefile, re.M)
    assert sync and "uv sync" in sync[1] and "--locked" in sync[1]
    assert re.search(r"^\$\(STAMP\): pyproject.toml uv.lock", makefile, re.M)
    assert "pip install" not in makefile.replace(
        "pip install --quiet --require-hashes --no-deps -r .ci/uv-requirements.txt", ""
    )


def test_uv_itself_comes_from_its_own_hashes_at_the_locked_version():
    pinned = (REPO / ".ci" / "uv-requirements.txt").read_text(encoding="utf-8")
    version = re.search(r"^uv==(\S+) \\$", pinned, re.M)
    assert version and "--hash=sha256:" in pinned
    locked = {p["name"]: p["version"] for p in LOCK["package"]}
    assert locked["uv"] == version[1]
