"""Benchmark figures live in bench/results.md alone: `make bench` rewrites its tables and keeps
the section measured by the other scripts; the other pages name no timing of their own."""

from __future__ import annotations

import re
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from run import KEPT, kept

RESULTS = REPO / "bench" / "results.md"
# A duration: a number, a space and a unit of time (limits such as "2 MB" are not figures).
TIMING = re.compile(r"\b\d+(?:[.,]\d+)?(?:–\d+(?:[.,]\d+)?)?\s(?:s|ms|seconds|minutes)\b")


def test_a_rewrite_keeps_the_hand_measured_section():
    text = RESULTS.read_text(encoding="utf-8")
    section = kept(text)
    assert section.startswith(f"\n{KEPT}\n") and "bench/history.py" in section
    assert text.endswith(section) and "| briefs |" not in section  # the tables are rewritten


def test_a_results_file_without_the_section_keeps_nothing():
    assert kept("# Benchmark results\n\n| briefs | build |\n") == ""


def test_no_other_page_gives_benchmark_figures():
    pages = [REPO / "README.md", REPO / "ARCHITECTURE.md", REPO / "deploy" / "README.md"]
    pages += sorted((REPO / "docs").glob("*.md"))
    for page in pages:
        found = TIMING.findall(page.read_text(encoding="utf-8"))
        assert found == [], f"{page.relative_to(REPO)}: {found}: put them in bench/results.md"
    assert TIMING.search("takes 0.55 s") and TIMING.search("2.8–3.2 s without")
