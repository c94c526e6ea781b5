"""Problems as text for people, as GitHub annotations, as GitLab's code-quality report, and as
JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from ..model import Problem, Severity


def as_text(problems: list[Problem]) -> str:
    return "".join(f"{problem}\n" for problem in problems)


def escape_github(value: str, *, prop: bool = False) -> str:
    """The escaping GitHub documents for workflow commands: ``%``, CR and LF everywhere, and ``:``
    and ``,`` in properties.
    """
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.HINT: "notice"}


def as_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line in the pull request."""
    lines = []
    for problem in problems:
        level = GITHUB_LEVEL[problem.severity]
        title = escape_github(f"Brief {problem.severity.value}", prop=True)
        props = f"file={escape_github(problem.path, prop=True)},line={problem.line},title={title}"
        lines.append(f"::{level} {props}::{escape_github(problem.message)}\n")
    return "".join(lines)


# GitLab's code-quality severities are info, minor, major, critical and blocker. An error keeps a
# brief off the site and fails the pipeline, but no brief endangers the others: "major".
GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.HINT: "info"}
CODE_CLIMATE_CATEGORY = {
    Severity.ERROR: "Bug Risk",
    Severity.WARNING: "Clarity",
    Severity.HINT: "Style",
}


def as_gitlab(problems: list[Problem]) -> str:
    """GitLab's code-quality report (a Code Climate issue list): shown in merge requests, on each
    line.

    The fingerprint leaves the line out, so a problem that only moves down the file is not
    reported as new; the same message twice in one file is told apart by its occurrence.
    """
    seen: Counter = Counter()
    issues = []
    for problem in problems:
        key = (problem.path, problem.severity.value, problem.message)
        seen[key] += 1
        fingerprint = hashlib.sha256(
            "\0".join([*key, str(seen[key])]).encode("utf-8", "surrogateescape")
        ).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": f"briefing-check/{problem.severity.value}",
                "description": problem.message,
                "categories": [CODE_CLIMATE_CATEGORY[problem.severity]],
                "severity": GITLAB_SEVERITY[problem.severity],
                "fingerprint": fingerprint,
                "location": {"path": problem.path, "lines": {"begin": problem.line}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def as_json(problems: list[Problem]) -> str:
    items = [
        {"path": p.path, "line": p.line, "severity": p.severity.value, "message": p.message}
        for p in problems
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": as_text, "github": as_github, "gitlab": as_gitlab, "json": as_json}
