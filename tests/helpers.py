"""Helpers shared by the checker and CLI tests: the bad-brief fixtures in tests/bad/ and staging them."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

# Seconds after which work is taken to hang: never a measure of speed (CI machines are shared and
# loaded), only a bound on what would otherwise never end, such as quadratic work on huge inputs.
HANG = 300

BAD = Path(__file__).resolve().parent / "bad"
# Valid briefs every bad fixture is checked beside: a published brief and a draft.
SUPPORT = BAD / "support"
SUPPORT_IDS = ["draft-target", "xi-visits-moscow"]


def bad_fixtures() -> list[str]:
    """The names of the bad fixtures (``tests/bad/*.md``; the companions in support/ excluded)."""
    return sorted(path.name for path in BAD.glob("*.md"))


def stage(root: Path, *names: str, support: bool = True) -> list[Path]:
    """Copy the named bad fixtures (and, by default, the valid companions) into the briefs folder ``root``."""
    written = []
    sources = (sorted(SUPPORT.glob("*.md")) if support else []) + [BAD / name for name in names]
    for source in sources:
        target = root / source.name
        shutil.copyfile(source, target)
        written.append(target)
    return written


def finishes(function, *args):
    """``function(*args)``, failing the test only if it has not returned after ``HANG`` seconds."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as err:  # re-raised in the test's own thread
            outcome["error"] = err

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG)
    if worker.is_alive():
        pytest.fail(f"{getattr(function, '__name__', function)} did not finish in {HANG} s: a hang")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
