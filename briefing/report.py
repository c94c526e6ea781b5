"""Problems as text for people, as GitHub annotations, and as JSON."""

from __future__ import annotations

import json

from .model import Problem


def as_text(problems: list[Problem]) -> str:
    return "".join(f"{problem}\n" for problem in problems)


def _escape_github(value: str, *, prop: bool = False) -> str:
    # The workflow-command escaping GitHub documents for messages and, with ':' and ',', properties.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line in the pull request."""
    lines = []
    for problem in problems:
        level = {"error": "error", "warning": "warning"}.get(problem.severity.value, "notice")
        lines.append(f"::{level} file={_escape_github(problem.path, prop=True)},line={problem.line}::{_escape_github(problem.message)}\n")
    return "".join(lines)


def as_json(problems: list[Problem]) -> str:
    items = [{"path": p.path, "line": p.line, "severity": p.severity.value, "message": p.message} for p in problems]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": as_text, "github": as_github, "json": as_json}
