"""libyaml's syntax errors in an analyst's words: the line to look at, and what to do there.

libyaml says what it expected ("did not find expected key") at the place it gave up, which is
often after the mistake: an unclosed quote or ``[`` is found at the end of the file. Each kind
of error is mapped here to the line where the mistake is and to advice built from that line.
"""

from __future__ import annotations

import json
import re

import yaml

from ..wording import clean, q

_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s\"'#:\[\]{},][^:#]*?)\s*:(?:\s+(.*?))?\s*$")
_QUOTED_THEN_MORE = re.compile(r"^(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')\s*([^\s#].*)$")
_SHOWN = 50  # characters of an analyst's value repeated in an example


def explain(err: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 0-based line of ``text`` to report, and the message (starting "YAML syntax error: ")."""
    lines = text.split("\n")
    problem, context = err.problem or "", err.context or ""
    at = err.problem_mark or err.context_mark
    line = at.line if at else 0
    column = at.column if at else 0
    start = err.context_mark.line if err.context_mark else line
    start_column = err.context_mark.column if err.context_mark else column

    def row(index: int) -> str:
        return lines[index] if 0 <= index < len(lines) else ""

    advice = None
    if context == "while scanning a quoted scalar" and problem.startswith("found unexpected"):
        line, advice = start, _unclosed_quote(row(start), start_column)
    elif problem == "found unknown escape character":
        advice = (
            "a backslash inside double quotes starts an escape such as \\n: write \\\\ for a "
            "backslash, or put the value in single quotes"
        )
    elif problem == "mapping values are not allowed in this context":
        advice = _colon_in_value(row(line), row(_previous(lines, line)))
    elif problem == "did not find expected key":
        advice = _not_a_key(row(line))
    elif problem == "did not find expected '-' indicator":
        advice = (
            "this line breaks the list above it: each item starts with '- ' in the same "
            "column as the others, and an item's keys line up under its first key"
        )
    elif problem == "could not find expected ':'":
        line = start
        advice = (
            f"{q(row(start).strip())} has no ':' after it: write it as 'key: value', or indent "
            "it under the key whose value it continues"
        )
    elif context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        line, advice = _flow(context, start, line)
    elif problem == "did not find expected node content":
        advice = "an empty item in a list or mapping written in [ ] or { }: remove the extra ','"
    elif "tab character" in problem or (
        problem == "found character that cannot start any token" and row(line)[column:][:1] == "\t"
    ):
        advice = "a tab in the indentation: indent with spaces (YAML does not allow tabs there)"
    elif problem == "found character that cannot start any token":
        advice = _cannot_start(row(line), column)
    elif context in ("while scanning an alias", "while scanning an anchor"):
        line = start
        advice = _cannot_start(row(start), start_column)
    elif problem == "exceeded maximum nesting depth":
        advice = "brackets nested far too deep: a value is text, a list or a mapping of them"
    elif problem == "did not find expected <document start>":
        line, advice = _stray_document_line(lines, line)
    if advice is None:
        advice = clean(problem or context or "invalid YAML")
    return line, f"YAML syntax error: {advice}"


def _previous(lines: list[str], index: int) -> int:
    """The nearest line above ``index`` that holds something other than a comment."""
    for before in range(index - 1, -1, -1):
        if lines[before].strip() and not lines[before].lstrip().startswith("#"):
            return before
    return -1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _example(key: str, value: str) -> str:
    """``key: "value"`` as YAML that keeps the value as written (JSON strings are YAML)."""
    key, value = _cut(key), _cut(value)
    if '"' in value and "'" not in value:
        return clean(f"{key}: '{value}'")
    return clean(f"{key}: {json.dumps(value, ensure_ascii=False)}")


def _unclosed_quote(line: str, column: int) -> str:
    mark = line[column : column + 1] or '"'
    inside = (
        "write a ' inside single quotes as ''"
        if mark == "'"
        else 'write a " inside double quotes as \\"'
    )
    return (
        f"the value opened with {mark} on this line is never closed: end it with {mark} ({inside})"
    )


def _colon_in_value(line: str, above: str) -> str:
    found = _KEY_VALUE.match(line)
    if found and found.group(3) and (": " in found.group(3) or found.group(3).endswith(":")):
        key, value = found.group(2), found.group(3)
        return (
            f"the value of {q(key)} contains ': ' (a colon and a space): put the whole value in "
            f"quotes, e.g. {_example(key, value)}"
        )
    over = _KEY_VALUE.match(above)
    if (
        found
        and _indent(line) > _indent(above)
        and ((over and over.group(3)) or above.strip()[:2] == "- ")
    ):
        holder = q(over.group(2)) if over else f"the list item {q(above.strip())}"
        return (
            f"{q(found.group(2))} is indented under {holder}, which already has a value: "
            "line its key up with the keys above it"
        )
    if above.strip() and ":" not in above:
        return (
            f"the line above, {q(above.strip())}, has no ':': write it as 'key: value', or quote "
            "a value that goes on over several lines"
        )
    return (
        "': ' (a colon and a space) where no key can start: quote a value holding ': ', and line "
        "each key up with the keys of its mapping"
    )


def _not_a_key(line: str) -> str:
    stripped = line.strip()
    if stripped == "-" or stripped.startswith("- "):
        return (
            "a list item ('- ') where a key was expected: line it up with the other items of its "
            "list, under a key ending with ':'"
        )
    found = _KEY_VALUE.match(line)
    if found and found.group(3):
        quoted = _QUOTED_THEN_MORE.match(found.group(3))
        if quoted:
            return (
                f"text after the closing quote of the value of {q(found.group(2))}: quote the "
                f"whole value, e.g. {_example(found.group(2), found.group(3))}"
            )
        if found.group(3)[:1] in "[{":
            return f"text after the closing bracket of the value of {q(found.group(2))}: remove it"
    return (
        "this line does not fit the mapping it is in: keys of one mapping start in the same "
        "column (check the indentation here and on the line above)"
    )


def _flow(context: str, start: int, line: int) -> tuple[int, str]:
    opened, closer = ("[", "]") if "sequence" in context else ("{", "}")
    if line != start:
        return start, (
            f"the {opened} opened on this line is never closed: end it with {closer} (on the same "
            "line, or indent the lines that continue it)"
        )
    return line, (
        f"inside {opened} {closer}, items are separated by ', ': put an item holding ': ', ',' "
        f"or {q(closer)} in quotes"
    )


def _cannot_start(line: str, column: int) -> str:
    char = line[column : column + 1]
    if not line[:column].strip():
        return f"a key cannot start with {q(char)} in YAML: a key is a plain word followed by ':'"
    found = _KEY_VALUE.match(line)
    example = (
        f", e.g. {_example(found.group(2), found.group(3))}" if found and found.group(3) else ""
    )
    return f"a value cannot start with {q(char)} in YAML: put the whole value in quotes{example}"


def _stray_document_line(lines: list[str], line: int) -> tuple[int, str]:
    for index in range(min(line, len(lines) - 1), -1, -1):
        stripped = lines[index].strip()
        if stripped.startswith("%"):
            return index, (
                f"YAML directives ({q(stripped.split()[0])}) are not allowed here: remove this line"
            )
        if stripped == "...":
            return index, "the line '...' ends the YAML document: remove it"
    return line, "more than one YAML document: keep one"
