"""Helpers shared by the checker and CLI tests: the bad-brief fixtures in tests/bad/ and staging them."""

from __future__ import annotations

import shutil
from pathlib import Path

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
