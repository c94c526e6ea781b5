"""Helpers shared by the checker and CLI tests: the bad-brief fixtures in tests/bad/ and staging
them.
"""

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
    """Copy the named bad fixtures (and, by default, the valid companions) into the briefs folder
    ``root``.
    """
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


KAZAN_CORRECTED = (
    "  - date: 2024-10-22\n    end: 2024-10-24\n    title: 16th BRICS summit in Kazan\n"
)
KAZAN_AS_THE_SEED_REPORT_HAS_IT = (
    "  - date: 2024-09-01\n    end: 2024-09-30\n"
    "    title: BRICS summit in Kazan, as the seed report dates it\n"
)


def uncorrected_sample(root: Path) -> Path:
    """A copy of the sample briefs as they stood before the visit brief's correction of 5 May 2025:
    its Kazan summit dated September 2024, as the seed report has it. Returns the briefs folder."""
    briefs = root / "briefs"
    shutil.copytree(Path(__file__).resolve().parent.parent / "briefs", briefs)
    visit = briefs / "2025" / "xi-state-visit-russia-may-2025.md"
    text = visit.read_text(encoding="utf-8")
    assert KAZAN_CORRECTED in text
    visit.write_text(
        text.replace(KAZAN_CORRECTED, KAZAN_AS_THE_SEED_REPORT_HAS_IT), encoding="utf-8"
    )
    return briefs
