"""The ``briefing`` command as analysts and CI run it: output formats, exit codes, ``new``, help."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY
from helpers import bad_fixtures, stage

from briefing.check.folder import check_folder
from briefing.cli import build_parser, main
from briefing.load.fields import ID_PATTERN

LINE = re.compile(r"^[^\n:]+:\d+: (error|warning): [^\n]+$")
SUMMARY = re.compile(r"^\d+ briefs?, \d+ errors?, \d+ warnings?$")
# Fixtures whose output shows a known engine bug (see test_check_errors.KNOWN_BUGS).
BROKEN_OUTPUT = {"control-character.md"}
NEW_ARGS = ["--topic", "victory-day", "--actor", "vladimir-putin", "--today", "2026-01-01"]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in-process from the folder holding ``briefs/``, so paths print as ``briefs/…``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFS_DIR", raising=False)
    return tmp_path


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a fresh interpreter."""
    full_env = {k: v for k, v in os.environ.items() if k != "BRIEFS_DIR"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args, "--today", TODAY.isoformat()])
    out, err = capsys.readouterr()
    return code, out, err


# --- briefing check: text ---------------------------------------------------------------------


def test_check_clean_folder_exits_0_with_summary(corpus_dir, in_tmp, capsys):
    stage(corpus_dir)
    assert check(capsys, "briefs") == (0, "2 briefs, 0 errors, 0 warnings\n", "")


def test_check_error_exits_1_with_path_line_and_summary(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "bad-date.md")
    code, out, _ = check(capsys, "briefs")
    assert code == 1
    assert out == (
        "briefs/bad-date.md:5: error: 'date' is '2025-02-30', a day that does not "
        "exist (February 2025 has 28 days)\n"
        "3 briefs, 1 error, 0 warnings\n"
    )


def test_check_warning_only_exits_0(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "stale.md")
    code, out, _ = check(capsys, "briefs")
    assert code == 0
    assert (
        out == "briefs/stale.md:6: warning: brief is stale: its review date 2025-06-01 "
        "has passed\n3 briefs, 0 errors, 1 warning\n"
    )


def test_check_reports_problems_from_several_files_at_once(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "unknown-actor.md", "javascript-url.md", "stale.md")
    code, out, _ = check(capsys, "briefs")
    assert code == 1
    assert out.splitlines() == [
        "briefs/javascript-url.md:14: error: 'url' in sources item 1 must be an "
        "http:// or https:// address, not 'javascript:alert(1)'",
        "briefs/stale.md:6: warning: brief is stale: its review date 2025-06-01 has passed",
        "briefs/unknown-actor.md:10: error: unknown actor 'vladimir-putn' (did "
        "you mean 'vladimir-putin'?): add it to actors.yml or fix the id",
        "5 briefs, 2 errors, 1 warning",
    ]


def test_check_today_option_decides_staleness(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "stale.md")
    assert main(["check", "briefs", "--today", "2025-05-31"]) == 0
    assert capsys.readouterr().out == "3 briefs, 0 errors, 0 warnings\n"


def test_check_missing_folder_is_an_error(in_tmp, capsys):
    assert check(capsys, "nowhere") == (
        1,
        "nowhere:1: error: briefs folder not found (set BRIEFS_DIR or pass the "
        "folder)\n0 briefs, 1 error, 0 warnings\n",
        "",
    )


def test_check_defaults_to_briefs_folder(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "bad-date.md")
    code, out, _ = check(capsys)
    assert code == 1 and out.startswith("briefs/bad-date.md:5: error: ")


def test_check_every_fixture_at_once_prints_only_problem_lines(corpus_dir, tmp_path):
    stage(corpus_dir, *[n for n in bad_fixtures() if n not in BROKEN_OUTPUT])
    result = run("check", "briefs", "--today", TODAY.isoformat(), cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert result.stderr == ""
    assert [line for line in lines[:-1] if not LINE.match(line)] == []
    assert SUMMARY.match(lines[-1])


def test_check_never_prints_a_traceback(corpus_dir, tmp_path):
    stage(corpus_dir, *bad_fixtures())
    (corpus_dir / "actors.yml").write_bytes(b"\xff\xfe not utf-8")
    (corpus_dir / "topics.yml").write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    (corpus_dir / "folder.md").mkdir()
    (corpus_dir / "dangling.md").symlink_to(corpus_dir / "gone.md")
    result = run("check", "briefs", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert (
        "briefs/dangling.md:1: error: file is a symbolic link to nothing (its target "
        "does not exist): not read" in result.stdout.splitlines()
    )


def test_check_non_utf8_file_name_gives_no_traceback(corpus_dir, tmp_path):
    stage(corpus_dir)
    os.rename(corpus_dir / "xi-visits-moscow.md", os.fsencode(corpus_dir) + b"/caf\xe9.md")
    result = run("check", "briefs", cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in result.stderr
    assert result.returncode == 1


def test_check_control_character_is_one_output_line(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "control-character.md")
    _, out, _ = check(capsys, "briefs")
    assert [line for line in out.splitlines()[:-1] if not LINE.match(line)] == []


# --- briefing check: BRIEFS_DIR ---------------------------------------------------------------


def test_check_honours_briefs_dir_env(corpus_dir, tmp_path):
    stage(corpus_dir, "bad-date.md")
    result = run("check", "--today", TODAY.isoformat(), cwd=tmp_path, env={"BRIEFS_DIR": "briefs"})
    assert result.returncode == 1
    assert (
        result.stdout.splitlines()[0]
        == "briefs/bad-date.md:5: error: 'date' is '2025-02-30', a day that does "
        "not exist (February 2025 has 28 days)"
    )


def test_check_briefs_dir_env_pointing_nowhere_fails(tmp_path):
    result = run("check", cwd=tmp_path, env={"BRIEFS_DIR": "elsewhere"})
    assert result.returncode == 1
    assert result.stdout.startswith("elsewhere:1: error: briefs folder not found")


def test_check_path_argument_wins_over_env(corpus_dir, tmp_path):
    stage(corpus_dir)
    result = run(
        "check",
        "briefs",
        "--today",
        TODAY.isoformat(),
        cwd=tmp_path,
        env={"BRIEFS_DIR": "elsewhere"},
    )
    assert (result.returncode, result.stdout) == (0, "2 briefs, 0 errors, 0 warnings\n")


# --- briefing check: GitHub annotations -------------------------------------------------------


def test_check_github_annotations(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "bad-date.md", "stale.md")
    code, out, err = check(capsys, "briefs", "--format", "github")
    assert code == 1
    assert out == (
        "::error file=briefs/bad-date.md,line=5,title=Brief error::'date' is '2025-02-30', "
        "a day that does not exist (February 2025 has 28 days)\n"
        "::warning file=briefs/stale.md,line=6,title=Brief warning::brief is stale: "
        "its review date 2025-06-01 has passed\n"
    )
    assert err == "4 briefs, 1 error, 1 warning\n"


def test_check_github_escapes_comma_in_file_property(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, support=True)
    (corpus_dir / "xi-visits-moscow.md").rename(corpus_dir / "a,b.md")
    _, out, _ = check(capsys, "briefs", "--format", "github")
    assert (
        out == "::error file=briefs/a%2Cb.md,line=1,title=Brief error::file name 'a,b.md' "
        "is not a valid brief id: use lowercase letters, digits and single hyphens\n"
    )


def test_check_github_clean_folder_prints_no_annotations(corpus_dir, in_tmp, capsys):
    stage(corpus_dir)
    assert check(capsys, "briefs", "--format", "github") == (
        0,
        "",
        "2 briefs, 0 errors, 0 warnings\n",
    )


# --- briefing check: JSON ---------------------------------------------------------------------


def test_check_json_is_a_list_of_problems(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "unknown-topic.md", "stale.md")
    code, out, _ = check(capsys, "briefs", "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "path": "briefs/stale.md",
            "line": 6,
            "severity": "warning",
            "message": "brief is stale: its review date 2025-06-01 has passed",
        },
        {
            "path": "briefs/unknown-topic.md",
            "line": 8,
            "severity": "error",
            "message": "unknown topic 'ukraine-wars' (did you mean 'ukraine-war'?): "
            "add it to topics.yml or fix the id",
        },
    ]


def test_check_json_clean_folder_is_empty_list_and_exit_0(corpus_dir, in_tmp, capsys):
    stage(corpus_dir)
    code, out, _ = check(capsys, "briefs", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_check_json_keeps_non_ascii_readable(corpus_dir, in_tmp, capsys):
    stage(corpus_dir, "credibility-out-of-range.md")
    _, out, _ = check(capsys, "briefs", "--format", "json")
    assert "1–6" in out and json.loads(out)[0]["message"].endswith("(Admiralty credibility 1–6)")


def test_check_rejects_unknown_format(corpus_dir, in_tmp, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "briefs", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


# --- briefing new ------------------------------------------------------------------------------


def new(capsys, title: str, *args: str) -> tuple[int, str, str]:
    code = main(["new", title, *(args or NEW_ARGS), "--briefs", "briefs"])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_writes_year_folder_and_slug(corpus_dir, in_tmp, capsys):
    assert new(capsys, "Xi Jinping attends the Victory Day parade") == (
        0,
        "briefs/2026/xi-jinping-attends-the-victory-day-parade.md\n",
        "",
    )
    assert (corpus_dir / "2026" / "xi-jinping-attends-the-victory-day-parade.md").is_file()


def test_new_id_is_valid_for_a_hostile_title(corpus_dir, in_tmp, capsys):
    code, out, _ = new(capsys, 'Putin: "no truce" — 9 May, Zelenskyy\'s reply!')
    assert code == 0
    assert out == "briefs/2026/putin-no-truce-9-may-zelenskyy-s-reply.md\n"
    assert ID_PATTERN.fullmatch(Path(out.strip()).stem)


def test_new_brief_passes_the_checker(corpus_dir, in_tmp, capsys):
    new(capsys, 'Putin: "no truce" — 9 May')
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == [] and len(result.corpus.briefs) == 1


def test_new_brief_keeps_title_and_date_and_is_a_draft(corpus_dir, in_tmp, capsys):
    title = 'Putin: "no truce" — 9 May\\ #1'
    new(capsys, title)
    brief = check_folder(corpus_dir, today=TODAY).corpus.briefs[0]
    assert (brief.title, brief.date.isoformat(), brief.status.value) == (
        title,
        "2026-01-01",
        "draft",
    )
    assert (brief.topics, brief.actors) == (["victory-day"], ["vladimir-putin"])


def test_new_takes_repeated_topics_and_actors(corpus_dir, in_tmp, capsys):
    new(
        capsys,
        "Talks",
        "--topic",
        "ukraine-war",
        "--topic",
        "victory-day",
        "--actor",
        "kremlin",
        "--actor",
        "russia",
        "--today",
        "2026-01-01",
    )
    brief = check_folder(corpus_dir, today=TODAY).corpus.briefs[0]
    assert (brief.topics, brief.actors) == (["ukraine-war", "victory-day"], ["kremlin", "russia"])


def test_new_uses_the_year_of_today(corpus_dir, in_tmp, capsys):
    _, out, _ = new(
        capsys, "Talks", "--topic", "ukraine-war", "--actor", "kremlin", "--today", "2031-07-04"
    )
    assert out == "briefs/2031/talks.md\n"


def test_new_refuses_to_overwrite(corpus_dir, in_tmp, capsys):
    new(capsys, "Talks")
    path = corpus_dir / "2026" / "talks.md"
    path.write_text("analyst's work\n", encoding="utf-8")
    assert new(capsys, "Talks") == (
        1,
        "",
        "briefing new: a brief with id 'talks' already exists: briefs/2026/talks.md: "
        "give the brief an id with --id\n",
    )
    assert path.read_text(encoding="utf-8") == "analyst's work\n"


def test_new_refuses_an_id_used_in_another_year(corpus_dir, in_tmp, capsys):
    stage(corpus_dir)  # briefs/xi-visits-moscow.md
    code, _, err = new(
        capsys,
        "Xi visits Moscow!",
        "--topic",
        "victory-day",
        "--actor",
        "xi-jinping",
        "--today",
        "2027-01-01",
    )
    assert code == 1
    assert (
        err == "briefing new: a brief with id 'xi-visits-moscow' already exists: "
        "briefs/xi-visits-moscow.md: give the brief an id with --id\n"
    )
    assert not (corpus_dir / "2027").exists()


def test_new_transliterates_a_non_latin_title(corpus_dir, in_tmp, capsys):
    assert new(capsys, "Заявление МИД России о переговорах") == (
        0,
        "briefs/2026/zaiavlenie-mid-rossii-o-peregovorakh.md\n",
        "",
    )
    brief = check_folder(corpus_dir, today=TODAY).corpus.briefs[0]
    assert (brief.id, brief.title) == (
        "zaiavlenie-mid-rossii-o-peregovorakh",
        "Заявление МИД России о переговорах",
    )


def test_new_gives_two_non_latin_titles_two_ids(corpus_dir, in_tmp, capsys):
    # Before transliteration both became brief.md, and the second failed.
    assert new(capsys, "Заявление МИД России о переговорах")[0] == 0
    assert new(capsys, "习近平抵达莫斯科")[1] == "briefs/2026/xi-jin-ping-di-da-mo-si-ke.md\n"
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == [] and len(result.corpus.briefs) == 2


def test_new_id_option_sets_the_file_name(corpus_dir, in_tmp, capsys):
    code, out, _ = new(capsys, "Заявление МИД России", *NEW_ARGS, "--id", "mfa-statement-talks")
    assert (code, out) == (0, "briefs/2026/mfa-statement-talks.md\n")
    assert [b.id for b in check_folder(corpus_dir, today=TODAY).corpus.briefs] == [
        "mfa-statement-talks"
    ]


@pytest.mark.parametrize(
    "brief_id,problem",
    [
        (
            "MFA_Statement",
            "'MFA_Statement' is not a valid brief id: use lowercase letters, digits and "
            "single hyphens",
        ),
        (
            "index",
            "brief id 'index' is reserved: briefs/index.md would be the page at briefs/, "
            "not a brief's page",
        ),
    ],
)
def test_new_refuses_an_invalid_or_reserved_id(corpus_dir, in_tmp, capsys, brief_id, problem):
    assert new(capsys, "Talks", *NEW_ARGS, "--id", brief_id) == (
        2,
        "",
        f"briefing new: --id {brief_id}: {problem}\n",
    )
    assert list(corpus_dir.rglob("*.md")) == []


def test_new_refuses_a_title_giving_a_reserved_id(corpus_dir, in_tmp, capsys):
    code, _, err = new(capsys, "Index")
    assert (code, err) == (
        1,
        "briefing new: brief id 'index' is reserved: briefs/index.md would be the page at "
        "briefs/, not a brief's page: give the brief an id with --id\n",
    )


def test_new_refuses_a_title_without_letters_and_points_to_id(corpus_dir, in_tmp, capsys):
    code, _, err = new(capsys, "🎉 !!!")
    assert (code, err) == (
        1,
        "briefing new: the title gives no id (it holds no letters or digits): "
        "give the brief an id with --id\n",
    )
    assert new(capsys, "🎉 !!!", *NEW_ARGS, "--id", "celebration")[:2] == (
        0,
        "briefs/2026/celebration.md\n",
    )


def test_new_date_sets_the_as_of_date_and_its_year_folder(corpus_dir, in_tmp, capsys):
    _, out, _ = new(capsys, "Talks", *NEW_ARGS, "--date", "2025-05-09")
    assert out == "briefs/2025/talks.md\n"
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == []
    assert [(b.path, b.date.isoformat()) for b in result.corpus.briefs] == [
        ("briefs/2025/talks.md", "2025-05-09")
    ]


def test_new_unknown_topic_is_refused_with_suggestion(corpus_dir, in_tmp, capsys):
    code, out, err = new(
        capsys, "Talks", "--topic", "ukraine-wars", "--actor", "kremlin", "--today", "2026-01-01"
    )
    assert (code, out, err) == (
        2,
        "",
        "briefing new: unknown topic 'ukraine-wars' (did you mean 'ukraine-war'?)\n",
    )
    assert not (corpus_dir / "2026").exists()


def test_new_unknown_actor_is_refused_with_suggestion(corpus_dir, in_tmp, capsys):
    code, _, err = new(
        capsys,
        "Talks",
        "--topic",
        "ukraine-war",
        "--actor",
        "vladimir-putn",
        "--today",
        "2026-01-01",
    )
    assert (code, err) == (
        2,
        "briefing new: unknown actor 'vladimir-putn' (did you mean 'vladimir-putin'?)\n",
    )
    assert not (corpus_dir / "2026").exists()


def test_new_without_a_terminal_requires_topic_and_actor(corpus_dir, in_tmp, capsys):
    # Under pytest stdin is not a terminal: nothing is asked, the missing flags are named.
    assert main(["new", "Talks", "--briefs", "briefs"]) == 2
    assert (
        capsys.readouterr().err
        == "briefing new: missing --topic, --actor: give them on the command line, "
        "or run it in a terminal to be asked\n"
    )
    assert not (corpus_dir / "2026").exists() and list(corpus_dir.rglob("*.md")) == []


def test_new_honours_briefs_dir_env(corpus_dir, tmp_path):
    result = run("new", "Talks", *NEW_ARGS, cwd=tmp_path, env={"BRIEFS_DIR": "briefs"})
    assert (result.returncode, result.stdout) == (0, "briefs/2026/talks.md\n")


def test_new_in_missing_folder_does_not_blame_the_topic(in_tmp, capsys):
    code, _, err = new(capsys, "Talks")
    assert code != 0
    assert "unknown topic 'victory-day'" not in err


# --- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,purpose",
    [
        ([], "Check, create and render Briefing Room briefs."),
        (["check"], "report all problems at once"),
        (["new"], "Write a new draft brief under BRIEFS/YYYY/"),
    ],
)
def test_help_exits_0_and_states_the_purpose(tmp_path, args, purpose):
    result = run(*args, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert purpose in " ".join(result.stdout.split())


def test_top_level_help_lists_each_command_with_its_purpose(tmp_path):
    out = run("--help", cwd=tmp_path).stdout
    assert re.search(r"^\s+check\s+report every problem in the briefs", out, re.M)
    assert re.search(r"^\s+new\s+start a new brief from the template", out, re.M)


def _commands() -> argparse._SubParsersAction:
    return next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))


@pytest.mark.parametrize("command", sorted(_commands().choices))
def test_every_subcommand_has_help_and_description(tmp_path, command):
    summaries = {action.dest: action.help for action in _commands()._choices_actions}
    assert summaries[command] and _commands().choices[command].description
    result = run(command, "--help", cwd=tmp_path)
    assert result.returncode == 0 and f"usage: briefing {command}" in result.stdout


@pytest.mark.parametrize("command", ["check", "new"])
def test_today_option_is_hidden_from_help(tmp_path, command):
    assert "--today" not in run(command, "--help", cwd=tmp_path).stdout


def test_no_command_is_a_usage_error(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2 and "usage: briefing" in result.stderr
