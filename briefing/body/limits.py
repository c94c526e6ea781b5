"""Limits on a brief's Markdown body, so that converting it takes bounded time.

Python-Markdown is fast on prose but slow (quadratic or worse) or recursive on some shapes of
input: thousands of "[" in one brief, deep nesting, long runs of "*", many abbreviations.
A real brief is nowhere near these limits; a hostile or broken one is refused here, with its
line, before the build ever converts it. Each check is one linear pass over the body.
The figures behind each limit are in tests/test_limits.py; docs/writing-briefs.md lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .links import Spans, code_spans

MAX_BODY = 100_000  # characters: a long brief is 30,000 (5,000 words)
MAX_BRACKETS = 1_000  # "[" outside code: links, footnotes, bracketed text
MAX_ANGLES = 1_000  # "<" outside code
MAX_AMPERSANDS = 4_000  # "&" outside code (character references)
MAX_RUN = 100  # one character of * _ ~ repeated
MAX_INDENT = 64  # columns of leading space: 16 levels of lists or admonitions
MAX_QUOTES = 16  # ">" levels of block quote
MAX_ABBREVIATIONS = 100  # "*[ABC]: ..." definitions
MAX_DEFINITIONS = 500  # ":   " definition-list lines

_RUN = re.compile(r"\*{%d,}|_{%d,}|~{%d,}" % (MAX_RUN + 1, MAX_RUN + 1, MAX_RUN + 1))
_DEEP = re.compile(r"^[ \t]{17,}", re.MULTILINE)  # candidates: 17 tabs or more than 16 spaces
_QUOTES = re.compile(r"^ {0,3}(?:> ?){%d,}" % (MAX_QUOTES + 1), re.MULTILINE)
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]*\]:", re.MULTILINE)
_DEFINITION = re.compile(r"^:[ \t]", re.MULTILINE)
_COUNTED = (
    ("[", MAX_BRACKETS, "'[' (links and brackets)"),
    ("<", MAX_ANGLES, "'<'"),
    ("&", MAX_AMPERSANDS, "'&'"),
)


def problems(body: str) -> Iterator[tuple[int, str]]:
    """``(offset, message)`` for each limit the body goes past; offsets point at the first excess."""
    if len(body) > MAX_BODY:
        yield (
            MAX_BODY,
            f"the body is {len(body):,} characters long; the limit is {MAX_BODY:,}: split the brief",
        )
        return  # the other counts would only repeat the point
    code: Spans | None = None
    for char, limit, what in _COUNTED:
        if body.count(char) > limit:  # cheap test first: code is found only for a body near a limit
            code = code or Spans(code_spans(body))
            outside = [at for at in _positions(body, char) if at not in code]
            if len(outside) > limit:
                yield (
                    outside[limit],
                    f"the body has {len(outside):,} {what} outside code; the limit is {limit:,}",
                )
    for run in _RUN.finditer(body):
        code = code or Spans(code_spans(body))
        if run.start() not in code:
            yield (
                run.start(),
                f"a run of {run.end() - run.start():,} '{run.group(0)[0]}' characters; the limit is {MAX_RUN}",
            )
            break
    for deep in _DEEP.finditer(body):
        width = len(deep.group(0).expandtabs(4))
        if width > MAX_INDENT:
            yield (
                deep.start(),
                f"a line indented {width} columns; the limit is {MAX_INDENT} (16 levels of nesting)",
            )
            break
    quotes = _QUOTES.search(body)
    if quotes is not None:
        yield quotes.start(), f"block quotes nested more than {MAX_QUOTES} levels deep"
    for pattern, limit, what in (
        (_ABBREVIATION, MAX_ABBREVIATIONS, "abbreviation definitions"),
        (_DEFINITION, MAX_DEFINITIONS, "definition-list lines"),
    ):
        if body.count(":") > limit:
            found = [m.start() for m in pattern.finditer(body)]
            if len(found) > limit:
                yield found[limit], f"the body has {len(found):,} {what}; the limit is {limit:,}"


def _positions(body: str, char: str) -> Iterator[int]:
    at = body.find(char)
    while at != -1:
        yield at
        at = body.find(char, at + 1)
