"""The command line's reference page (``docs/cli.md``), made from the parsers' own ``--help``.

The page is the help text of ``briefing`` and of each of its commands, as argparse prints it, so
it cannot say something the commands do not. ``make cli-reference`` writes it; a test fails while
the committed page differs from what this makes (after any change to an option or its help).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from . import build_parser

# Help is wrapped at a fixed width, not the terminal's, so the page is the same on every machine.
WIDTH = 80

HEADER = """\
---
title: The command line
---

# The command line

<!-- Generated from `briefing --help` by `make cli-reference` (briefing/cli/reference.py):
change the help in briefing/cli/__init__.py and regenerate, never this file by hand. -->

The `briefing` command checks, creates, renders and exports briefs. After `make install` it is
`.venv/bin/briefing`. Each section below is what `--help` prints for that command. How the
commands fit into writing a brief is in [How to write a brief](writing-briefs.md).
"""


def _help(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=WIDTH)
    return parser.format_help()


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers by name, in the order they were declared."""
    # argparse exposes subcommands only through its (stable, long-documented) action class.
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The whole page: the header, then ``briefing --help`` and each command's ``--help``."""
    parser = parser or build_parser()
    sections = [HEADER, f"## briefing\n\n```text\n{_help(parser)}```\n"]
    for name, command in _commands(parser).items():
        sections.append(f"## briefing {name}\n\n```text\n{_help(command)}```\n")
    return "\n".join(sections)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m briefing.cli.reference OUT.md", file=sys.stderr)
        return 2
    Path(args[0]).write_text(reference(), encoding="utf-8")
    print(f"wrote {args[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
