"""``briefing new`` in a real pseudo-terminal: it asks for what the flags leave out, and checks each
answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import TODAY

from briefing.check.folder import check_folder

TIMEOUT = 20


@pytest.fixture
def terminal(corpus_dir: Path):
    """Start ``briefing new`` on a pseudo-terminal in the folder holding ``briefs/``."""
    children = []

    def start(*args: str) -> pexpect.spawn:
        env = {k: v for k, v in os.environ.items() if k != "BRIEFS_DIR"}
        env["TERM"] = "dumb"  # no escape sequences from readline in what we read
        child = pexpect.spawn(
            sys.executable,
            ["-m", "briefing", "new", "--today", TODAY.isoformat(), *args],
            cwd=str(corpus_dir.parent),
            env=env,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(40, 200),
        )
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


def finished(child: pexpect.spawn) -> tuple[int, str]:
    rest = child.read()
    child.close()
    return child.exitstatus, rest


def test_asks_for_everything_and_writes_a_brief_the_checker_accepts(terminal, corpus_dir):
    child = terminal()
    child.expect_exact("Title: ")
    child.sendline("Xi meets Putin in Kazan")
    child.expect_exact("Topics (ids, separated by commas")
    child.sendline("russia-china-relations, victory-day")
    child.expect_exact("Actors (ids")
    child.sendline("xi-jinping vladimir-putin")
    child.expect_exact("Bottom line up front")
    child.sendline("Both leaders will sign an energy deal.")
    status, rest = finished(child)
    assert status == 0
    assert rest.strip().endswith("briefs/2026/xi-meets-putin-in-kazan.md")
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == []
    brief = result.corpus.briefs[0]
    assert (brief.title, brief.topics, brief.actors, brief.summary) == (
        "Xi meets Putin in Kazan",
        ["russia-china-relations", "victory-day"],
        ["xi-jinping", "vladimir-putin"],
        "Both leaders will sign an energy deal.",
    )


def test_unknown_id_is_refused_with_a_suggestion_and_asked_again(terminal, corpus_dir):
    child = terminal("Talks", "--actor", "kremlin")
    child.expect_exact("Topics (ids")
    child.sendline("ukraine-wars")
    child.expect_exact("unknown topic 'ukraine-wars' (did you mean 'ukraine-war'?)")
    child.expect_exact("Topics (ids")
    child.sendline("ukraine-war")
    child.expect_exact("Bottom line up front")
    child.sendline("")  # left for later: the template's TODO stays
    status, _ = finished(child)
    assert status == 0
    text = (corpus_dir / "2026" / "talks.md").read_text(encoding="utf-8")
    assert (
        "topics:\n  - ukraine-war\n" in text and 'summary: "TODO: the bottom line up front' in text
    )


def test_question_mark_lists_the_ids_with_their_names(terminal):
    child = terminal("Talks", "--topic", "victory-day")
    child.expect_exact("Actors (ids")
    child.sendline("?")
    child.expect_exact("vladimir-putin  Vladimir Putin")
    child.expect_exact("Actors (ids")  # asked again after the list
    child.sendline("kremlin")
    child.expect_exact("Bottom line up front")
    child.sendline("")
    assert finished(child)[0] == 0


def test_blank_title_is_asked_again(terminal):
    child = terminal("--topic", "victory-day", "--actor", "kremlin", "--summary", "Done.")
    child.expect_exact("Title: ")
    child.sendline("   ")
    child.expect_exact("an answer is needed")
    child.expect_exact("Title: ")
    child.sendline("Parade")
    status, rest = finished(child)
    assert (status, rest.strip().splitlines()[-1]) == (0, "briefs/2026/parade.md")


def test_ctrl_d_cancels_and_writes_nothing(terminal, corpus_dir):
    child = terminal("Talks")
    child.expect_exact("Topics (ids")
    child.sendeof()
    status, rest = finished(child)
    assert status == 1
    assert "briefing new: cancelled; nothing written" in rest
    assert list(corpus_dir.rglob("*.md")) == []


def test_flags_alone_ask_nothing_even_in_a_terminal(terminal, corpus_dir):
    child = terminal("Talks", "--topic", "victory-day", "--actor", "kremlin")
    status, rest = finished(child)
    assert (status, rest.strip()) == (0, "briefs/2026/talks.md")


def test_no_input_in_a_terminal_names_what_is_missing(terminal, corpus_dir):
    child = terminal("Talks", "--no-input")
    status, rest = finished(child)
    assert status == 2
    assert (
        rest.strip() == "briefing new: missing --topic, --actor: give them on the command line, "
        "or run it in a terminal to be asked"
    )
    assert list(corpus_dir.rglob("*.md")) == []


def test_piped_input_is_never_read_as_answers(corpus_dir):
    # A script feeding stdin is not a terminal: no question, the same refusal as --no-input.
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "new", "--briefs", "briefs"],
        input="Talks\nvictory-day\nkremlin\n",
        cwd=corpus_dir.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr == "briefing new: missing TITLE, --topic, --actor: give them on the command "
        "line, or run it in a terminal to be asked\n"
    )


def test_questions_go_to_stderr_so_the_path_can_be_captured(corpus_dir, tmp_path):
    # $(briefing new) in a shell: stdout is a pipe, stdin and stderr the terminal.
    out = tmp_path / "path.txt"
    command = (
        f"{sys.executable} -m briefing.cli new --today {TODAY.isoformat()} --topic "
        f"victory-day --actor kremlin --summary x. > {out}"
    )
    env = {k: v for k, v in os.environ.items() if k != "BRIEFS_DIR"}
    shell = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        cwd=str(corpus_dir.parent),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    shell.expect_exact("Title: ")
    shell.sendline("Captured")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0
    assert out.read_text(encoding="utf-8") == "briefs/2026/captured.md\n"


def test_a_non_latin_title_typed_in_gets_a_transliterated_id(terminal, corpus_dir):
    child = terminal("--topic", "victory-day", "--actor", "kremlin", "--summary", "Done.")
    child.expect_exact("Title: ")
    child.sendline("Заявление МИД России о переговорах")
    status, rest = finished(child)
    assert (status, rest.strip().splitlines()[-1]) == (
        0,
        "briefs/2026/zaiavlenie-mid-rossii-o-peregovorakh.md",
    )
    brief = check_folder(corpus_dir, today=TODAY).corpus.briefs[0]
    assert brief.title == "Заявление МИД России о переговорах"


def test_a_taken_id_is_asked_again_until_valid_and_free(terminal, corpus_dir):
    (corpus_dir / "2026").mkdir()
    (corpus_dir / "2026" / "talks.md").write_text("analyst's work\n", encoding="utf-8")
    child = terminal("--topic", "victory-day", "--actor", "kremlin", "--summary", "Done.")
    child.expect_exact("Title: ")
    child.sendline("Talks")
    child.expect_exact("a brief with id 'talks' already exists: briefs/2026/talks.md")
    child.expect_exact("Id (lowercase letters, digits and hyphens): ")
    child.sendline("Talks_2")
    child.expect_exact("'Talks_2' is not a valid brief id")
    child.expect_exact("Id (")
    child.sendline("index")
    child.expect_exact("brief id 'index' is reserved")
    child.expect_exact("Id (")
    child.sendline("talks-resumed")
    status, rest = finished(child)
    assert (status, rest.strip().splitlines()[-1]) == (0, "briefs/2026/talks-resumed.md")
    assert (corpus_dir / "2026" / "talks.md").read_text(encoding="utf-8") == "analyst's work\n"


def test_an_invalid_id_flag_is_refused_before_any_question(terminal, corpus_dir):
    child = terminal("--id", "Bad_Id")
    status, rest = finished(child)
    assert (status, rest.strip()) == (
        2,
        "briefing new: --id Bad_Id: 'Bad_Id' is not a valid brief id: use lowercase letters, "
        "digits and single hyphens",
    )
