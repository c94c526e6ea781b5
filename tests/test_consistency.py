"""Briefs checked against each other and against their own text: exact messages, lines and
severities.

Shared events must agree on their dates and shared sources on grading and publisher (warnings);
actors listed but never named, or named but not listed, are hints, shown only by ``--hints``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, TODAY
from helpers import uncorrected_sample

from briefing import catalog as catalog_module
from briefing import engines
from briefing.check.folder import check_folder
from briefing.cli import main
from briefing.model import Severity
from briefing.site.pages import generate
from briefing.wording import day_range

W, H = Severity.WARNING, Severity.HINT
PARADE = {"title": "Victory Day parade", "id": "parade-2025"}
KREMLIN = {
    "title": "Kremlin statement",
    "publisher": "Kremlin press service",
    "url": "https://en.kremlin.ru/events/1",
    "reliability": "B",
    "credibility": 2,
}
ADVICE_DATES = "briefs sharing an event id must agree on its dates"
ADVICE_GRADE = "a source should carry one grading in every brief that cites it"
ADVICE_PUBLISHER = "a source should name one publisher in every brief that cites it"


@pytest.fixture
def in_tmp(corpus_dir, monkeypatch):
    """Run from the folder holding ``briefs/``, so paths print as ``briefs/…``."""
    monkeypatch.chdir(corpus_dir.parent)
    monkeypatch.delenv("BRIEFS_DIR", raising=False)
    return corpus_dir.parent


def problems(severity=None, *, hints=False):
    result = check_folder("briefs", today=TODAY, hints=hints)
    return [
        (p.path, p.line, p.severity, p.message)
        for p in result.problems
        if severity is None or p.severity is severity
    ]


# --- dates in words
# -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start,end,shown",
    [
        (
            dt.date(2024, 9, 1),
            dt.date(2024, 9, 30),
            "September 2024",
        ),  # a source's month, as a brief records it
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024"),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 28), "1–28 February 2024"),
        (dt.date(2024, 9, 2), dt.date(2024, 9, 30), "2–30 September 2024"),
    ],
)
def test_day_range_shows_a_whole_month_as_the_month(start, end, shown):
    assert day_range(start, end) == shown


# --- events sharing an id
# -----------------------------------------------------------------------------


def test_shared_event_with_different_dates_warns_at_each_brief_naming_the_other(
    in_tmp, write_brief
):
    write_brief("a", events=[{"date": "2025-05-09", **PARADE}])
    write_brief("b", events=[{"date": "2025-05-10", **PARADE}])
    assert problems() == [
        (
            "briefs/a.md",
            8,
            W,
            f"event 'parade-2025' is dated 9 May 2025 here but 10 May 2025 in briefs/b.md:8: "
            f"{ADVICE_DATES}",
        ),
        (
            "briefs/b.md",
            8,
            W,
            f"event 'parade-2025' is dated 10 May 2025 here but 9 May 2025 in briefs/a.md:8: "
            f"{ADVICE_DATES}",
        ),
    ]


def test_every_report_is_named_grouped_by_dating(in_tmp, write_brief):
    write_brief("a", events=[{"date": "2024-10-22", "end": "2024-10-24", **PARADE}])
    write_brief("b", events=[{"date": "2024-10-22", "end": "2024-10-24", **PARADE}])
    write_brief(
        "c",
        events=[
            {"title": "Other", "date": "2024-01-01"},
            {"date": "2024-09-01", "end": "2024-09-30", **PARADE},
        ],
    )
    assert problems() == [
        (
            "briefs/a.md",
            8,
            W,
            f"event 'parade-2025' is dated 22–24 October 2024 here (as in briefs/b.md:8) "
            f"but September 2024 in briefs/c.md:8: {ADVICE_DATES}",
        ),
        (
            "briefs/b.md",
            8,
            W,
            f"event 'parade-2025' is dated 22–24 October 2024 here (as in briefs/a.md:8) "
            f"but September 2024 in briefs/c.md:8: {ADVICE_DATES}",
        ),
        (
            "briefs/c.md",
            8,
            W,
            f"event 'parade-2025' is dated September 2024 here but 22–24 October 2024 "
            f"in briefs/a.md:8, briefs/b.md:8: {ADVICE_DATES}",
        ),
    ]


def test_the_warning_points_at_the_events_own_date_line(in_tmp, corpus_dir, write_brief):
    write_brief("a", events=[{"date": "2025-05-09", **PARADE}])
    text = (
        "---\ntitle: B\nsummary: The bottom line.\ndate: 2025-05-04\ntopics: "
        "[victory-day]\nactors: "
        "[xi-jinping]\n"
        "sources:\n  - {title: A report, publisher: A wire}\nevents:\n  - title: "
        "Other\n    date: 2025-01-01\n"
        "  - title: Victory Day parade\n    id: parade-2025\n    date: 2025-05-08\n---\n\nText.\n"
    )
    (corpus_dir / "b.md").write_text(text, encoding="utf-8")
    assert [(p, line) for p, line, *_ in problems(W)] == [("briefs/a.md", 8), ("briefs/b.md", 14)]
    assert "but 8 May 2025 in briefs/b.md:14:" in problems(W)[0][3]


def test_same_dates_without_an_end_and_with_end_equal_agree(in_tmp, write_brief):
    write_brief("a", events=[{"date": "2025-05-09", **PARADE}])
    write_brief("b", events=[{"date": "2025-05-09", "end": "2025-05-09", **PARADE}])
    write_brief("c", events=[{"date": "2025-05-01", "title": "No id"}])
    write_brief("d", events=[{"date": "2025-05-02", "title": "No id"}])
    assert problems() == []


def test_a_brief_with_errors_takes_no_part_in_the_comparison(in_tmp, write_brief):
    write_brief("a", events=[{"date": "2025-05-09", **PARADE}])
    write_brief("b", events=[{"date": "2025-05-10", **PARADE}], status="final")
    assert [(p, s) for p, _, s, _ in problems()] == [("briefs/b.md", Severity.ERROR)]


def test_a_draft_is_compared_but_never_quoted_at_a_published_brief(in_tmp, write_brief):
    write_brief("a", events=[{"date": "2025-05-09", **PARADE}])
    write_brief("b", events=[{"date": "2025-05-10", **PARADE}], status="draft")
    found = problems(W)
    assert [p for p, *_ in found] == ["briefs/b.md"]  # what a draft says is not public
    assert "9 May 2025 in briefs/a.md:" in found[0][3]


def test_many_agreeing_briefs_are_counted_past_ten(in_tmp, write_brief):
    for index in range(13):
        write_brief(f"a{index:02d}", events=[{"date": "2025-05-09", **PARADE}])
    write_brief("z", events=[{"date": "2025-05-10", **PARADE}])
    found = problems(W)
    assert len(found) == 14
    assert found[-1][3].startswith(
        "event 'parade-2025' is dated 10 May 2025 here but 9 May 2025 in briefs/a00.md:8, "
    )
    assert "briefs/a09.md:8 and 3 more: " in found[-1][3]


# --- sources sharing a URL
# ----------------------------------------------------------------------------


def test_same_source_url_graded_differently_warns_at_each_citation(in_tmp, write_brief):
    write_brief("a", sources=[KREMLIN])
    write_brief("b", sources=[{**KREMLIN, "reliability": "C", "credibility": 3}])
    url = KREMLIN["url"]
    assert problems() == [
        (
            "briefs/a.md",
            7,
            W,
            f"source {url} is graded B2 here but C3 in briefs/b.md:7: {ADVICE_GRADE}",
        ),
        (
            "briefs/b.md",
            7,
            W,
            f"source {url} is graded C3 here but B2 in briefs/a.md:7: {ADVICE_GRADE}",
        ),
    ]


def test_same_source_url_with_another_publisher_warns(in_tmp, write_brief):
    write_brief("a", sources=[KREMLIN])
    write_brief("b", sources=[{**KREMLIN, "publisher": "TASS"}])
    url = KREMLIN["url"]
    assert problems() == [
        (
            "briefs/a.md",
            7,
            W,
            f"source {url} is published by 'Kremlin press service' here but 'TASS' "
            f"in briefs/b.md:7: {ADVICE_PUBLISHER}",
        ),
        (
            "briefs/b.md",
            7,
            W,
            f"source {url} is published by 'TASS' here but 'Kremlin press service' "
            f"in briefs/a.md:7: {ADVICE_PUBLISHER}",
        ),
    ]


def test_ungraded_citation_of_a_graded_source_warns(in_tmp, write_brief):
    write_brief("a", sources=[KREMLIN])
    write_brief(
        "b", sources=[{k: v for k, v in KREMLIN.items() if k not in ("reliability", "credibility")}]
    )
    assert (
        problems()[1][3]
        == f"source {KREMLIN['url']} is graded ungraded here but B2 in briefs/a.md:7: "
        f"{ADVICE_GRADE}"
    )


def test_sources_without_url_or_agreeing_are_not_compared(in_tmp, write_brief):
    write_brief(
        "a",
        sources=[
            KREMLIN,
            {"title": "Seed report", "publisher": "Unknown", "reliability": "F", "credibility": 3},
        ],
    )
    write_brief(
        "b",
        sources=[
            KREMLIN,
            {"title": "Seed report", "publisher": "Unknown", "reliability": "F", "credibility": 2},
        ],
    )
    assert problems() == []


def test_source_warning_points_at_the_grading_and_publisher_lines(in_tmp, corpus_dir, write_brief):
    write_brief("a", sources=[KREMLIN])
    text = (
        "---\ntitle: B\nsummary: The bottom line.\ndate: 2025-05-04\ntopics: "
        "[victory-day]\nactors: "
        "[xi-jinping]\n"
        f"sources:\n  - title: Kremlin statement\n    url: {KREMLIN['url']}\n   "
        f" publisher: TASS\n    reliability: C\n    credibility: 2\n---\n\nText.\n"
    )
    (corpus_dir / "b.md").write_text(text, encoding="utf-8")
    assert [(p, line) for p, line, *_ in problems(W)] == [
        ("briefs/a.md", 7),
        ("briefs/a.md", 7),
        ("briefs/b.md", 10),
        ("briefs/b.md", 11),
    ]


# --- the sample briefs
# --------------------------------------------------------------------------------


def test_the_sample_briefs_follow_the_seed_reports_kazan_date_as_a_correction(monkeypatch):
    monkeypatch.chdir(REPO)
    result = check_folder("briefs", today=TODAY)
    assert [p for p in result.problems if "brics-summit-kazan-2024" in p.message] == []
    visit = next(b for b in result.corpus.briefs if b.id == "xi-state-visit-russia-may-2025")
    kazan = next(e for e in visit.events if e.id == "brics-summit-kazan-2024")
    assert (kazan.date, kazan.end) == (dt.date(2024, 10, 22), dt.date(2024, 10, 24))
    [note] = visit.changes
    assert note.date == dt.date(2025, 5, 5) and "September 2024" in note.note
    assert visit.updated == note.date


def test_before_the_correction_the_sample_briefs_disagreed_on_the_kazan_dates(
    tmp_path, monkeypatch
):
    uncorrected_sample(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = check_folder("briefs", today=TODAY)
    brics = [
        (p.path, p.line, p.message)
        for p in result.warnings
        if "brics-summit-kazan-2024" in p.message
    ]
    assert brics == [
        (
            "briefs/2024/brics-summit-kazan-october-2024.md",
            20,
            "event 'brics-summit-kazan-2024' is dated 22–24 October 2024 here (as "
            "in briefs/2025/xi-putin-meetings-since-2022.md:44) but September 2024 "
            "in briefs/2025/xi-state-visit-russia-may-2025.md:24: " + ADVICE_DATES,
        ),
        (
            "briefs/2025/xi-putin-meetings-since-2022.md",
            44,
            "event 'brics-summit-kazan-2024' is dated 22–24 October 2024 here (as "
            "in briefs/2024/brics-summit-kazan-october-2024.md:20) but September "
            "2024 in briefs/2025/xi-state-visit-russia-may-2025.md:24: " + ADVICE_DATES,
        ),
        (
            "briefs/2025/xi-state-visit-russia-may-2025.md",
            24,
            "event 'brics-summit-kazan-2024' is dated September 2024 here but 22–24 "
            "October 2024 in briefs/2024/brics-summit-kazan-october-2024.md:20, "
            "briefs/2025/xi-putin-meetings-since-2022.md:44: " + ADVICE_DATES,
        ),
    ]
    # The timeline places the event where most briefs do and says where they disagree.
    pages = generate(catalog_module.build(result.corpus, today=TODAY))
    listing = "".join(pages["timeline.md"].blocks)
    entry = listing.split('id="ev-brics-summit-kazan-2024"', 1)[1].split("</li>", 1)[0]
    assert "<strong>22–24 October 2024</strong> · 16th BRICS summit in Kazan" in entry
    disagreement = entry.split('<span class="br-discrepancy">', 1)[1]
    assert disagreement.startswith(
        "<strong>Dates disagree:</strong> reported as September 2024 in <a "
        'href="../briefs/xi-state-visit-russia-may-2025/">'
    )
    assert '; 22–24 October 2024 in <a href="../briefs/' in disagreement
    assert disagreement.count('<a href="../briefs/') == 3


def test_the_sample_timeline_shows_the_kazan_summit_once_on_its_dates(sample_site):
    page = (sample_site / "timeline" / "index.html").read_text(encoding="utf-8")
    entry = page.split('id="ev-brics-summit-kazan-2024"', 1)[1].split("</li>", 1)[0]
    assert "<strong>22–24 October 2024</strong> · 16th BRICS summit in Kazan" in entry
    assert "Reported in 3 briefs" in entry and "br-discrepancy" not in entry


# --- hints: actors and the text
# -----------------------------------------------------------------------


def test_listed_actor_never_named_is_a_hint_at_its_line(in_tmp, write_brief):
    write_brief("a", actors=["xi-jinping", "vladimir-putin"], body="President Xi spoke.\n")
    assert problems(hints=True) == [
        (
            "briefs/a.md",
            6,
            H,
            "actor 'vladimir-putin' is listed but the text never names it (as Vladimir "
            "Putin or President Putin or Putin)",
        ),
    ]


def test_actor_named_but_not_listed_is_a_hint_at_the_first_mention(in_tmp, write_brief):
    write_brief(
        "a",
        actors=["xi-jinping"],
        body="Xi met the press.\n\nLater, Putin and Xi spoke; Putin left.\n",
    )
    assert problems(hints=True) == [
        (
            "briefs/a.md",
            12,
            H,
            "the text names 'Putin' but actor 'vladimir-putin' is not listed in actors",
        )
    ]


def test_names_match_whole_words_with_their_case(in_tmp, write_brief):
    body = (
        "Xi spoke. Xiamen, xi, PUTIN, Putinism and sco are not mentions; `Putin` "
        "in code is not either.\n"
    )
    write_brief("a", actors=["xi-jinping"], body=body)
    assert problems(hints=True) == []


def test_a_lower_case_alias_also_matches_at_the_start_of_a_sentence(in_tmp, write_brief):
    write_brief(
        "a", actors=["xi-jinping", "western-governments"], body="Xi spoke. The West replied.\n"
    )
    assert problems(hints=True) == []


def test_the_longest_name_wins(in_tmp, write_brief):
    write_brief("a", actors=["xi-jinping"], body="People's Republic of China: Xi Jinping.\n")
    assert problems(hints=True) == [
        (
            "briefs/a.md",
            10,
            H,
            "the text names 'People's Republic of China' but actor 'china' is not listed in actors",
        )
    ]


def test_hints_are_left_out_unless_asked_for(in_tmp, write_brief):
    write_brief("a", actors=["xi-jinping", "vladimir-putin"], body="Xi spoke.\n")
    assert problems() == []
    assert len(problems(hints=True)) == 1


def test_check_shows_hints_only_with_the_option(in_tmp, write_brief, capsys):
    write_brief("a", actors=["xi-jinping", "vladimir-putin"], body="Xi spoke.\n")
    assert main(["check", "briefs", "--today", "2026-01-01"]) == 0
    assert capsys.readouterr().out == "1 brief, 0 errors, 0 warnings\n"
    assert main(["check", "briefs", "--hints", "--today", "2026-01-01"]) == 0
    assert capsys.readouterr().out == (
        "briefs/a.md:6: hint: actor 'vladimir-putin' is listed but the text never "
        "names it (as Vladimir Putin or President Putin or Putin)\n"
        "1 brief, 0 errors, 0 warnings, 1 hint\n"
    )
    assert main(["check", "briefs", "--hints", "--format", "json", "--today", "2026-01-01"]) == 0
    assert [p["severity"] for p in json.loads(capsys.readouterr().out)] == ["hint"]
    assert main(["check", "briefs", "--hints", "--format", "github", "--today", "2026-01-01"]) == 0
    assert capsys.readouterr().out.startswith(
        "::notice file=briefs/a.md,line=6,title=Brief hint::actor 'vladimir-putin' is listed"
    )


# --- the build and the checker say the same
# ----------------------------------------------------------


def test_build_reports_the_warnings_in_the_checkers_words_never_hints_and_does_not_fail(
    in_tmp, corpus_dir, write_brief, tmp_path
):
    write_brief(
        "a",
        events=[{"date": "2025-05-09", **PARADE}],
        actors=["xi-jinping", "vladimir-putin"],
        body="Xi spoke.\n",
    )
    write_brief("b", events=[{"date": "2025-05-10", **PARADE}])
    env = {
        **os.environ,
        "BRIEFS_DIR": str(corpus_dir),
        "SOURCE_DATE_EPOCH": "1767225600",
        "NO_MKDOCS_2_WARNING": "1",
    }
    build = subprocess.run(
        [
            *engines.command(),
            "build",
            "--strict",
            "-f",
            str(REPO / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    check = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "check",
            str(corpus_dir),
            "--hints",
            "--today",
            "2026-01-01",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert build.returncode == 0, build.stderr
    warnings = [line for line in check.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 2 and all(line in build.stderr for line in warnings)
    assert ": hint: " in check.stdout and "hint" not in build.stderr
