"""Which MkDocs-compatible engine builds the site: a setting, ``$BRIEFING_ENGINE``.

MkDocs 1.6 is unmaintained and Material 9 ends on 5 May 2027 (ARCHITECTURE.md, "The road past
Material 9"); ProperDocs, the MkDocs 1.x fork, reads the same ``mkdocs.yml`` and loads the same
plugin. The Makefile's ``ENGINE`` sets the variable; ``briefing export`` and the tests read it here.
"""

from __future__ import annotations

import os
import sys

ENGINES = ("mkdocs", "properdocs")
DEFAULT = "mkdocs"


class EngineError(Exception):
    """``$BRIEFING_ENGINE`` names no engine this project builds with."""


def engine(value: str | None = None) -> str:
    """``value`` (else ``$BRIEFING_ENGINE``, else mkdocs), checked against ``ENGINES``."""
    name = value if value is not None else os.environ.get("BRIEFING_ENGINE") or DEFAULT
    if name not in ENGINES:
        raise EngineError(
            f"BRIEFING_ENGINE={name!r} is not an engine this site builds with: "
            f"use {' or '.join(ENGINES)}"
        )
    return name


def command(value: str | None = None) -> list[str]:
    """The engine's command line in this interpreter: ``python -m mkdocs`` or ``-m properdocs``."""
    return [sys.executable, "-m", engine(value)]
