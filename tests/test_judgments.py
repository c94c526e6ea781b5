"""Key judgments as the engine sees them: the likelihood scale as a site option, estimative
language, judgments followed across briefs, and staleness by age; in the checker, the catalog
and the command line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from conftest import REPO, TODAY, mkdocs_build
from helpers import stage
from test_plugin import site_config

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.check.judgments import Wording
from briefing.model import Severity
from briefing.scales import ICD_203, PHIA
from briefing.tracked import histories, movement

SOURCE = {
    "id": "wire",
    "title": "A report",
    "publisher": "A wire",
    "reliability": "B",
    "credibility": 2,
}


def judgment(**fields) -> dict:
    value = {"text": "The talks will go ahead.", "confidence": "moderate", "sources": ["wire"]}
    value.update(fields)
    return {k: v for k, v in value.items() if v is not None}


def brief(write_brief, name: str, *judgments: dict, **fields):
    return write_brief(name, sources=[SOURCE], judgments=list(judgments), **fields)


def messages(result, name: str) -> list[tuple[int, Severity, str]]:
    return [(p.line, p.severity, p.message) for p in result.problems if p.path.endswith(name)]


# --- judgments followed over time ---------------------------------------------------------------


def test_a_judgment_that_moves_without_a_note_is_a_warning_naming_the_earlier_brief(
    corpus_dir, write_brief
):
    stage(corpus_dir, "judgment-changed-without-note.md")
    result = check_folder(corpus_dir, today=TODAY)
    earlier = next(b for b in result.corpus.briefs if b.id == "xi-visits-moscow")
    assert messages(result, "judgment-changed-without-note.md") == [
        (
            28,
            Severity.WARNING,
            f"judgment 'ties-remain-close' was likely with moderate confidence in "
            f"{earlier.path}:27 "
            "and is very likely with high confidence here, but no 'changes' note names "
            "'ties-remain-close': say what changed and why",
        )
    ]


def test_a_changes_note_naming_the_id_says_so(corpus_dir, write_brief):
    brief(
        write_brief, "first", judgment(id="talks-go-ahead", likelihood="likely"), date="2025-05-01"
    )
    note = {"date": "2025-05-03", "note": "Raised talks-go-ahead: both sides confirmed."}
    brief(
        write_brief,
        "second",
        judgment(id="talks-go-ahead", likelihood="very likely"),
        date="2025-05-03",
        changes=[note],
    )
    assert check_folder(corpus_dir, today=TODAY).problems == []


def test_a_note_naming_a_longer_id_does_not_count(corpus_dir, write_brief):
    brief(write_brief, "first", judgment(id="talks", likelihood="likely"), date="2025-05-01")
    note = {"date": "2025-05-03", "note": "talks-go-ahead is new."}
    brief(
        write_brief,
        "second",
        judgment(id="talks", likelihood="unlikely"),
        date="2025-05-03",
        changes=[note],
    )
    result = check_folder(corpus_dir, today=TODAY)
    [(_, severity, message)] = messages(result, "second.md")
    assert severity is Severity.WARNING
    assert message.startswith("judgment 'talks' was likely with moderate confidence in ")
    assert message.endswith("but no 'changes' note names 'talks': say what changed and why")


def test_an_unchanged_judgment_needs_no_note(corpus_dir, write_brief):
    brief(write_brief, "first", judgment(id="talks", likelihood="likely"), date="2025-05-01")
    brief(
        write_brief,
        "second",
        judgment(id="talks", likelihood="likely", text="Reworded."),
        date="2025-05-03",
    )
    assert check_folder(corpus_dir, today=TODAY).problems == []


def test_a_draft_is_compared_with_the_published_briefs_before_it(corpus_dir, write_brief):
    brief(write_brief, "first", judgment(id="talks", likelihood="likely"), date="2025-05-01")
    draft = brief(
        write_brief,
        "draft",
        judgment(id="talks", likelihood="likely", confidence="high"),
        date="2025-05-03",
        status="draft",
    )
    result = check_folder(corpus_dir, today=TODAY)
    [(line, severity, message)] = messages(result, "draft.md")
    judgments_line = (
        draft.read_text()
        .splitlines()
        .index(next(x for x in draft.read_text().splitlines() if x.startswith("judgments:")))
    )
    assert severity is Severity.WARNING and line == judgments_line + 1
    assert message.startswith("judgment 'talks' was likely with moderate confidence in ")
    assert "is likely with high confidence here" in message


def test_a_draft_may_leave_its_judgments_unsourced(corpus_dir, write_brief):
    brief(write_brief, "draft", judgment(sources=None), status="draft")
    brief(write_brief, "published", judgment(sources=None))
    result = check_folder(corpus_dir, today=TODAY)
    assert messages(result, "draft.md") == []
    assert [s for _, s, _ in messages(result, "published.md")] == [Severity.ERROR]


def test_histories_are_in_date_order_and_say_what_moved(corpus_dir, write_brief):
    brief(
        write_brief,
        "b",
        judgment(id="x", likelihood="likely", confidence="high"),
        date="2025-05-03",
    )
    brief(write_brief, "a", judgment(id="x", likelihood="unlikely"), date="2025-05-01")
    brief(
        write_brief, "c", judgment(id="x", likelihood="likely", confidence="low"), date="2025-05-05"
    )
    briefs = check_folder(corpus_dir, today=TODAY).loaded
    steps = histories(briefs)["x"]
    assert [s.brief.id for s in steps] == ["a", "b", "c"]
    assert steps[0].previous is None and not steps[0].changed
    assert movement(steps[1], ICD_203) == (
        "raised from unlikely to likely; confidence raised from moderate to high"
    )
    assert movement(steps[2], ICD_203) == "confidence lowered from high to low"


# --- the likelihood scale: ICD 203 by default, PHIA as a site option ----------------------------


def test_the_phia_yardstick_accepts_its_own_terms_and_names_the_other_scale(
    corpus_dir, write_brief
):
    brief(write_brief, "phia", judgment(likelihood="highly likely"))
    brief(write_brief, "icd", judgment(likelihood="very likely"))
    result = check_folder(corpus_dir, today=TODAY, scale=PHIA)
    assert messages(result, "phia.md") == []
    [(_, severity, message)] = messages(result, "icd.md")
    assert severity is Severity.ERROR
    assert message.endswith(
        "(the UK PHIA probability yardstick): 'very likely' is a term of ICD 203, and this site "
        "uses the UK PHIA probability yardstick"
    )


def test_likelihood_is_read_whatever_its_case_and_spacing(corpus_dir, write_brief):
    brief(write_brief, "spaced", judgment(likelihood="Very  Likely"))
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == []
    assert result.corpus.briefs[0].judgments[0].likelihood == "very likely"


@pytest.mark.parametrize(
    "text,found",
    [
        ("Xi will attend on 9 May and again in May 2026.", []),
        ("In May, Xi will attend.", []),
        ("Talks may fail.", [("may", "off")]),
        ("May the talks fail?", [("May", "off")]),
        ("It is highly likely.", [("highly likely", "the UK PHIA probability yardstick")]),
        ("It is very likely, not unlikely.", [("very likely", "term"), ("unlikely", "term")]),
        ("A likelihood, likely-looking.", []),
        (
            "Perhaps; conceivably; it could.",
            [("Perhaps", "off"), ("conceivably", "off"), ("could", "off")],
        ),
    ],
)
def test_likelihood_words_in_a_text(text, found):
    assert Wording(ICD_203).find(text) == found


def test_the_scale_is_read_from_mkdocs_yml_by_briefing_check(tmp_path, corpus_dir, write_brief):
    brief(write_brief, "phia", judgment(likelihood="highly likely"))
    config = site_config(tmp_path, "      likelihood_scale: phia\n")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "briefing", "check", str(corpus_dir), *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert run().returncode == 1  # the repository's mkdocs.yml: ICD 203
    assert run("--config", str(config)).returncode == 0
    (tmp_path / "bad").mkdir()
    bad = site_config(tmp_path / "bad", "      likelihood_scale: nato\n")
    done = run("--config", str(bad))
    assert done.returncode == 2
    assert "likelihood_scale" in done.stderr and "nato" in done.stderr


def test_a_scale_the_plugin_does_not_know_fails_the_build(tmp_path, corpus_dir, write_brief):
    write_brief("one")
    config = site_config(
        tmp_path, f"      briefs_dir: {corpus_dir}\n      likelihood_scale: nato\n"
    )
    result = mkdocs_build(corpus_dir, tmp_path / "site", config=config)
    assert result.returncode != 0
    assert "likelihood_scale" in result.stderr and "icd-203" in result.stderr


def test_stale_after_days_must_be_a_number_of_days(tmp_path, corpus_dir, write_brief):
    write_brief("one")
    config = site_config(tmp_path, f"      briefs_dir: {corpus_dir}\n      stale_after_days: -3\n")
    result = mkdocs_build(corpus_dir, tmp_path / "site", config=config)
    assert result.returncode != 0
    assert "expected a number of days (0 or more), not -3" in result.stderr


# --- staleness by age and superseded briefs, in the catalog --------------------------------------


def catalog_of(corpus_dir, today, **options):
    result = check_folder(corpus_dir, today=today)
    return catalog_module.build(result.corpus, today=today, **options)


def test_a_brief_without_review_by_goes_stale_after_stale_after_days(corpus_dir, write_brief):
    write_brief("old", date="2025-05-04")
    write_brief("reviewed", date="2025-05-04", review_by="2026-01-01")
    write_brief("updated", date="2025-01-01", updated="2025-05-04")
    day_180 = dt.date(2025, 5, 4) + dt.timedelta(days=180)
    assert [b.id for b in catalog_of(corpus_dir, day_180 - dt.timedelta(days=1)).stale()] == []
    assert sorted(b.id for b in catalog_of(corpus_dir, day_180).stale()) == ["old", "updated"]
    assert catalog_of(corpus_dir, day_180, stale_after_days=0).stale() == []
    # A review date set by the analyst decides, whatever the age.
    later = catalog_of(corpus_dir, dt.date(2026, 1, 2))
    assert sorted(b.id for b in later.stale()) == ["old", "reviewed", "updated"]


def test_a_superseded_brief_leaves_the_latest_and_stale_lists(corpus_dir, write_brief):
    write_brief("before", date="2025-05-01", review_by="2025-05-10")
    write_brief("after", date="2025-05-12", supersedes="before", review_by="2027-01-01")
    catalog = catalog_of(corpus_dir, TODAY)
    assert catalog.superseded_by["before"].id == "after"
    assert [b.id for b in catalog.latest()] == ["after"]
    assert catalog.stale() == []
    assert check_folder(corpus_dir, today=TODAY).problems == []  # no stale warning either
