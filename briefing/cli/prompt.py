"""The questions ``briefing new`` asks in a terminal for what its flags left out.

Every answer is checked as it is given: ids against the registries (with a suggestion for a
typo, and the list on ``?``), so the brief written is one the checker accepts. When stdout is
not the terminal, questions go to stderr, so ``path=$(briefing new …)`` captures only the
new file's path.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator

from ..wording import did_you_mean

_SEPARATORS = re.compile(r"[\s,]+")


class Cancelled(Exception):
    """The analyst closed the input (Ctrl-D): nothing is written."""


def _read(question: str) -> str:
    try:
        if sys.stdout.isatty():
            # readline shows the question once the terminal is set up for it: an answer (or a
            # Ctrl-D) typed at once is never caught half-way between the two terminal modes.
            return input(question)
        sys.stderr.write(question)  # stdout is captured: the question still reaches the analyst
        sys.stderr.flush()
        return input()
    except EOFError:
        raise Cancelled from None


def _say(text: str) -> None:
    print(text, file=sys.stderr)


@contextlib.contextmanager
def _completing(words: list[str]) -> Iterator[None]:
    """Tab completes ids while a question about them is open (where Python has readline)."""
    try:
        import readline
    except ImportError:  # Windows, or a Python built without it
        yield
        return

    def complete(text: str, state: int) -> str | None:
        matches = [word for word in words if word.startswith(text)]
        return matches[state] if state < len(matches) else None

    previous, delims = readline.get_completer(), readline.get_completer_delims()
    readline.set_completer(complete)
    readline.set_completer_delims(" ,")
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        readline.set_completer(previous)
        readline.set_completer_delims(delims)


def ask_text(
    question: str,
    *,
    required: bool,
    read: Callable[[str], str] = _read,
    say: Callable[[str], None] = _say,
) -> str:
    """A line of text; asked again while a required answer is blank."""
    while True:
        answer = read(question).strip()
        if answer or not required:
            return answer
        say("  an answer is needed (Ctrl-D cancels)")


def ask_ids(
    kind: str,
    known: dict[str, str],
    *,
    read: Callable[[str], str] = _read,
    say: Callable[[str], None] = _say,
) -> list[str]:
    """One or more ids from ``known`` (id → name), separated by commas or spaces; ``?`` lists
    them.
    """
    with _completing(sorted(known)):
        while True:
            answer = read(
                f"{kind.capitalize()}s (ids, separated by commas; ? lists them, Tab completes): "
            ).strip()
            if answer == "?":
                for key in sorted(known):
                    say(f"  {key}  {known[key]}")
                continue
            ids = list(dict.fromkeys(part for part in _SEPARATORS.split(answer) if part))
            if not ids:
                say(f"  at least one {kind} is needed")
                continue
            unknown = [
                f"  unknown {kind} '{i}'{did_you_mean(i, known)}" for i in ids if i not in known
            ]
            if not unknown:
                return ids
            for message in unknown:
                say(message)


def ask_id(
    problem: Callable[[str], str | None],
    *,
    read: Callable[[str], str] = _read,
    say: Callable[[str], None] = _say,
) -> str:
    """An id for the new brief, asked again while ``problem`` finds something wrong with it."""
    while True:
        answer = read("Id (lowercase letters, digits and hyphens): ").strip()
        wrong = problem(answer) if answer else "an id is needed (Ctrl-D cancels)"
        if wrong is None:
            return answer
        say(f"  {wrong}")
