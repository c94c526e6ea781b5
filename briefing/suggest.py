""""Did you mean" suggestions for mistyped keys and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word nearest to ``word``, if any is near enough to be a likely typo."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A suffix for an error message: ``" (did you mean 'x'?)"`` or nothing."""
    match = closest(word, known)
    return f" (did you mean '{match}'?)" if match else ""
