"""The README is the newcomer's page: short, and every shell command in it is run by a test.

The commands are read from the README's own shell blocks, so editing one there changes what is
run here. The cheap ones and `make serve` run in a copy of the project made into a fresh git
repository; `make test` cannot run inside the tests, so it maps to the tests that hold what it
does (each checked to exist).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO
from gitrepo import ISOLATED
from helpers import HANG
from test_nginx import free_port

README = REPO / "README.md"
LIMIT = 8_000  # characters: a few screens, one audience

# Commands no test can run as written, and the tests that hold what each does.
ELSEWHERE = {
    "make test": [
        # its set-up comes first, then the whole of pytest
        "tests/test_setup.py::test_make_test_and_ci_run_do_the_set_up_first",
        # CI runs it on every pull request, in the order the README's loop describes
        "tests/test_ci.py::test_the_pull_request_job_installs_checks_builds_tests_and_exports_in_order",
        "tests/test_ci.py::test_the_pipeline_installs_builds_tests_and_keeps_the_artifacts",
    ],
}
# Commands that keep running: started last, checked while they serve, then stopped.
SERVERS = {"make serve"}


def shell_commands(text: str) -> list[str]:
    """Every command of the text's shell blocks (```sh, bash, shell, console), comments dropped."""
    commands = []
    for block in re.findall(r"^```(?:sh|bash|shell|console)\n(.*?)^```", text, re.M | re.S):
        for line in block.splitlines():
            command = re.split(r"\s+#", line, maxsplit=1)[0].strip().removeprefix("$ ")
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def test_the_readme_is_at_most_8000_characters():
    assert len(README.read_text(encoding="utf-8")) <= LIMIT


def test_the_readme_s_commands_are_found_and_few():
    commands = shell_commands(README.read_text(encoding="utf-8"))
    assert commands[:2] == ["make serve", "make test"]
    assert "git switch -c xi-visit" in commands
    assert any(c.startswith(".venv/bin/briefing new ") for c in commands)
    assert len(commands) <= 8, commands  # a short list, so that running them all stays honest


def test_comments_and_prompts_are_not_part_of_a_command():
    text = "```sh\nmake serve   # serves it\n# a note\n$ make check\n```\n```yaml\nx: 1\n```\n"
    assert shell_commands(text) == ["make serve", "make check"]


def test_the_tests_named_for_commands_run_elsewhere_exist():
    for command, tests in ELSEWHERE.items():
        for test in tests:
            path, name = test.split("::")
            tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
            names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
            assert name in names, f"{command}: {test} does not exist"


def test_make_test_runs_every_test():
    dry = subprocess.run(  # no "Entering directory" lines when the tests run under make
        ["make", "--no-print-directory", "-n", "test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.splitlines()
    assert dry[-1] == ".venv/bin/python -m pytest"  # no file or -k: every test


def project_copy(root: Path, port: int) -> Path:
    """The project's files in a fresh git repository on main, using this checkout's .venv/.

    Copied with their times, so that make finds the copy's .venv/ up to date, as in this
    checkout; only the port `make serve` listens on differs, so that it cannot clash.
    """
    up_to_date = subprocess.run(
        ["make", "-q", ".venv/.installed"], cwd=REPO, capture_output=True, timeout=60
    )
    assert up_to_date.returncode == 0, "run `make install` first: .venv/ is older than uv.lock"
    root.mkdir()
    for name in ("Makefile", "pyproject.toml", "uv.lock", "mkdocs.yml"):
        shutil.copy2(REPO / name, root / name)
    for name in (".ci", "briefs", "docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"dev_addr: 127.0.0.1:{port}\n")
    for git in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        run(["git", *git], root)
    return root


def environment(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRIEF")}
    return {
        **env,
        **ISOLATED,
        "BRIEFING_CACHE_DIR": str(root.parent / "cache"),
        "GIT_AUTHOR_NAME": "Alice Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "Alice Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
    }


def run(command: list[str] | str, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        shell=isinstance(command, str),
        cwd=root,
        env=environment(root),
        capture_output=True,
        text=True,
        timeout=HANG,
        stdin=subprocess.DEVNULL,
    )


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=HANG) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_every_command_of_the_readme_runs_in_a_fresh_repository(tmp_path):
    """The analyst's loop as the README gives it: each command succeeds, the new brief is a
    draft the check reports on alone, and `make serve` serves the site without it."""
    commands = shell_commands(README.read_text(encoding="utf-8"))
    port = free_port()
    root = project_copy(tmp_path / "project", port)
    outputs = {}
    for command in commands:
        if command in ELSEWHERE or command in SERVERS:
            continue
        done = run(command, root)
        assert done.returncode == 0, f"{command}:\n{done.stdout}{done.stderr}"
        outputs[command] = done.stdout
    assert run(["git", "branch", "--show-current"], root).stdout.strip() == "xi-visit"
    new = next(out for command, out in outputs.items() if " new " in command).strip()
    assert re.fullmatch(r"briefs/\d{4}/xi-arrives-in-moscow\.md", new), new
    assert re.search(r"^status: draft\b", (root / new).read_text(encoding="utf-8"), re.M)
    checked = outputs[".venv/bin/briefing check --changed"]
    assert "1 of 13 briefs checked (changed against main" in checked, checked

    served = [command for command in commands if command in SERVERS]
    assert served == ["make serve"]
    server = subprocess.Popen(
        served[0].split(),
        cwd=root,
        env=environment(root),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # make and the mkdocs it starts: one group, stopped together
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + HANG
        while status(base) != 200:
            if server.poll() is not None:
                pytest.fail(f"make serve ended: {server.stderr.read() if server.stderr else ''}")
            assert time.monotonic() < deadline, "make serve never served the site"
            time.sleep(0.5)
        assert status(base + "briefs/xi-state-visit-russia-outcome-may-2025/") == 200
        assert status(base + "briefs/xi-arrives-in-moscow/") == 404  # a draft never reaches it
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=HANG)
