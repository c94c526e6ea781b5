"""The front-matter linter the writing guide names for editors (remark-cli with
remark-lint-frontmatter-schema, configured by the repository's ``.remarkrc.mjs``) really checks a
brief's front matter against ``docs/schemas/brief-front-matter.schema.json``.

It is installed from its npm lock into ``tools/editors/`` by ``make editors`` (``make test`` does it
first); this test never downloads it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, TODAY, brief_text

from briefing.check.folder import check_folder
from briefing.template import create

REMARK = REPO / "tools" / "editors" / "node_modules" / ".bin" / "remark"


@pytest.fixture
def project(corpus_dir: Path) -> Path:
    """A folder laid out like the repository: the remark config, docs/schemas/ and briefs/."""
    assert REMARK.exists(), "the front-matter linter is not installed: run `make editors`"
    root = corpus_dir.parent
    (root / ".remarkrc.mjs").write_text(
        f"export {{ default }} from {json.dumps((REPO / '.remarkrc.mjs').as_uri())};\n",
        encoding="utf-8",
    )
    (root / "docs").mkdir()
    (root / "docs" / "schemas").symlink_to(REPO / "docs" / "schemas")
    return root


def lint(project: Path, *files: Path) -> tuple[int, str]:
    result = subprocess.run(
        [str(REMARK), "--no-stdout", "--frail", "--no-color", *map(str, files)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stderr


def test_a_new_brief_passes_the_front_matter_linter(project, corpus_dir):
    path = create(
        corpus_dir, "Talks", topics=["victory-day"], actors=["vladimir-putin"], today=TODAY
    )
    code, report = lint(project, path.relative_to(project))
    assert (code, report.strip()) == (0, "briefs/2026/talks.md: no issues found")


def test_the_linter_reports_the_bad_field_on_its_line(project, corpus_dir):
    text = brief_text(
        sources=[{"title": "A report", "publisher": "A wire", "reliability": "B", "credibility": 7}]
    )
    path = corpus_dir / "2025" / "graded.md"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("sources:"))) + 1
    code, report = lint(project, path.relative_to(project))
    assert code == 1
    warnings = re.findall(r"^(\d+):\d+-\d+:\d+\s+warning\s+(.+)$", report, re.M)
    assert len(warnings) == 1, report
    where, message = warnings[0]
    assert int(where) == line  # the flow-style list is one line: the bad value is on it
    assert "Must be equal to one of the allowed values" in message
    assert "#/properties/sources/items/properties/credibility/enum" in message
    # The checker refuses the same brief, for the same field.
    problems = check_folder(corpus_dir, today=TODAY).problems
    assert any("'credibility' in sources item 1 is '7'" in p.message for p in problems)


def test_the_linter_reports_a_date_not_iso_and_a_day_that_does_not_exist(project, corpus_dir):
    path = corpus_dir / "2025" / "typos.md"
    path.parent.mkdir()
    text = brief_text(date="7 May 2025", review_by="2026-02-30")
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    code, report = lint(project, path.relative_to(project))
    assert code == 1
    found = {
        (int(line), pointer)
        for line, pointer in re.findall(r"^(\d+):\d+-\d+:\d+\s+warning.*?(#/\S+)", report, re.M)
    }
    date_line = lines.index('date: "7 May 2025"') + 1
    review_line = lines.index('review_by: "2026-02-30"') + 1
    assert (date_line, "#/properties/date/pattern") in found, report
    assert (review_line, "#/properties/review_by/format") in found, report


def test_the_writing_guide_names_the_tools_and_the_registries_line():
    guide = (REPO / "docs" / "writing-briefs.md").read_text(encoding="utf-8")
    section = guide.split("## Validation and completion while typing", 1)[1].split("\n## ", 1)[0]
    first_line = (REPO / "briefs" / "actors.yml").read_text(encoding="utf-8").split("\n", 1)[0]
    for needed in (
        first_line,
        "redhat.vscode-yaml",
        "remark-lint-frontmatter-schema",
        "unifiedjs.vscode-remark",
        "make editors",
        ".remarkrc.mjs",
        "make schemas",
    ):
        assert needed in section, needed


def test_make_test_installs_the_linter_first():
    # A fresh clone has no tools/editors/node_modules: `make test` must install it before pytest.
    planned = subprocess.run(
        ["make", "-n", "-W", "tools/editors/package.json", "test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.splitlines()
    npm = next(
        i for i, line in enumerate(planned) if line.startswith("npm ci --prefix tools/editors")
    )
    pytest_run = next(i for i, line in enumerate(planned) if "-m pytest" in line)
    assert npm < pytest_run
