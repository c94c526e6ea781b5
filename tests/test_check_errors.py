"""The checker's problems, one bad fixture at a time: exact file, line, severity and message.

Each file in tests/bad/ is a valid brief but for one mistake (a comment on its second line says
which). It is
checked in a briefs folder holding the real registries and the valid briefs in tests/bad/support/,
and must give exactly its problems, without hiding the other briefs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO, TODAY
from helpers import BAD, SUPPORT_IDS, bad_fixtures, finishes, stage

from briefing.check.folder import check_folder
from briefing.model import Severity

E, W = Severity.ERROR, Severity.WARNING
UNFINISHED = "replace it before publishing (or keep 'status: draft')"


class Prefix(str):
    """An expected message given by its start: the YAML parser's own wording follows it."""


EXPECTED: dict[str, list[tuple[int, Severity, str]]] = {
    # The file itself
    "not-utf8.md": [(3, E, "file is not UTF-8 text (byte 0xe9 at offset 81); save it as UTF-8")],
    "empty.md": [(1, E, "file is empty: a brief starts with front matter between '---' lines")],
    "no-front-matter.md": [
        (1, E, "no front matter: a brief must start with a '---' line, its YAML fields, and '---'")
    ],
    "unclosed.md": [(1, E, "front matter opened with '---' on line 1 is never closed with '---'")],
    "empty-front-matter.md": [
        (
            1,
            E,
            "front matter is empty: title, summary, date, topics, actors and sources are required",
        )
    ],
    "bad_Id.md": [
        (
            1,
            E,
            "file name 'bad_Id.md' is not a valid brief id: use lowercase letters, "
            "digits and single hyphens",
        )
    ],
    # YAML
    "yaml-syntax.md": [
        (
            4,
            E,
            "YAML syntax error: the value of 'summary' contains ': ' (a colon and "
            "a space): put the "
            "whole value in quotes, e.g. summary: "
            '"Xi Jinping arrives: Moscow hosts a state visit."',
        )
    ],
    # libyaml gives up after the mistake: the line is where the mistake is, the words say what to do
    "unclosed-quote.md": [
        (
            3,
            E,
            'YAML syntax error: the value opened with " on this line is never closed: '
            'end it with " '
            '(write a " inside double quotes as \\")',
        )
    ],
    "yaml-directive.md": [
        (
            3,
            E,
            "YAML syntax error: YAML directives ('%YAML') are not allowed here: remove this line",
        )
    ],
    "tab-indent.md": [
        (
            7,
            E,
            "YAML syntax error: a tab in the indentation: indent with spaces (YAML "
            "does not allow tabs there)",
        )
    ],
    "quote-then-text.md": [
        (
            4,
            E,
            "YAML syntax error: text after the closing quote of the value of 'summary': "
            "quote the whole "
            """value, e.g. summary: '"Xi Jinping" arrives in Moscow.'""",
        )
    ],
    "control-character.md": [(4, E, "control character U+0007 is not allowed in front matter")],
    "not-mapping.md": [(3, E, "front matter must be a mapping of 'key: value' lines, not a list")],
    "duplicate-key.md": [(4, E, "duplicate key 'title' (first on line 3): keep one")],
    "billion-laughs.md": [(17, E, "YAML anchors and aliases (&, *) are not allowed in briefs")],
    "merge-key.md": [(6, E, "YAML merge keys (<<) are not allowed in briefs")],
    "deep-nesting.md": [(17, E, "front matter is nested more than 20 levels deep")],
    # Fields: missing, unknown, ill-typed
    "missing-title.md": [(3, E, "missing required field 'title' in front matter")],
    "missing-sources.md": [(3, E, "missing required field 'sources' in front matter")],
    "event-missing-title.md": [(11, E, "missing required field 'title' in events item 1")],
    "unknown-key.md": [
        (6, E, "unknown field 'review-by' in front matter (did you mean 'review_by'?)")
    ],
    "unknown-source-key.md": [
        (15, E, "unknown field 'reliablity' in sources item 1 (did you mean 'reliability'?)")
    ],
    "title-is-list.md": [(3, E, "'title' must be text, not a list")],
    "title-empty.md": [(3, E, "'title' is empty")],
    "topics-not-list.md": [
        (
            6,
            E,
            "'topics' must be a list, not 'russia-china-relations' (write it as a "
            "list: 'topics: [russia-china-relations]')",
        )
    ],
    "no-topics.md": [(6, E, "'topics' needs at least 1 item")],
    "bad-topic-id.md": [
        (
            7,
            E,
            "'topics item 1' is 'Ukraine_War': an id may hold only lowercase letters, "
            "digits and single hyphens",
        )
    ],
    "bad-status.md": [(6, E, "'status' is 'final'; expected one of published, draft")],
    "index.md": [
        (
            1,
            E,
            "brief id 'index' is reserved: briefs/index.md would be the page at briefs/, not a "
            "brief's page; rename the file",
        )
    ],
    "bad-confidence.md": [
        (
            12,
            E,
            "'confidence' in judgments item 1 is 'certain'; expected one of low, moderate, high",
        )
    ],
    # Dates
    "bad-date.md": [
        (5, E, "'date' is '2025-02-30', a day that does not exist (February 2025 has 28 days)")
    ],
    "date-not-iso.md": [(5, E, "'date' is not a valid date: '7 May 2025' (expected YYYY-MM-DD)")],
    "end-before-date.md": [
        (12, E, "event 'State visit to Russia' ends (2025-05-06) before it starts (2025-05-07)")
    ],
    # Sources
    "javascript-url.md": [
        (
            14,
            E,
            "'url' in sources item 1 must be an http:// or https:// address, not "
            "'javascript:alert(1)'",
        )
    ],
    "reliability-out-of-range.md": [
        (
            15,
            E,
            "'reliability' in sources item 1 is 'G'; expected one of A, B, C, D, "
            "E, F (Admiralty reliability A–F)",
        )
    ],
    "credibility-out-of-range.md": [
        (
            16,
            E,
            "'credibility' in sources item 1 is '7'; expected one of 1, 2, 3, 4, "
            "5, 6 (Admiralty credibility 1–6)",
        )
    ],
    "duplicate-source-id.md": [
        (17, E, "source id 'kremlin' is used twice in this brief (first on line 11)")
    ],
    # Ids across files
    "unknown-actor.md": [
        (
            10,
            E,
            "unknown actor 'vladimir-putn' (did you mean 'vladimir-putin'?): add "
            "it to actors.yml or fix the id",
        )
    ],
    "unknown-event-actor.md": [
        (
            14,
            E,
            "unknown actor 'xi-jinpin' in event 'State visit to Russia' (did you "
            "mean 'xi-jinping'?)",
        )
    ],
    "unknown-topic.md": [
        (
            8,
            E,
            "unknown topic 'ukraine-wars' (did you mean 'ukraine-war'?): add it to "
            "topics.yml or fix the id",
        )
    ],
    "unknown-related.md": [
        (11, E, "unknown related brief 'xi-visit-moscow' (did you mean 'xi-visits-moscow'?)")
    ],
    "related-to-self.md": [(11, E, "a brief cannot be related to itself")],
    "missing-link.md": [
        (21, E, "link to missing brief 'xi-visit-moscow.md' (did you mean 'xi-visits-moscow'?)")
    ],
    "link-to-draft.md": [
        (
            21,
            E,
            "link to draft brief 'draft-target.md': a draft is not on the site; "
            "publish it first, or take the link out",
        )
    ],
    "link-missing-anchor.md": [
        (
            21,
            E,
            "link to missing anchor '#what-happend' in 'xi-visits-moscow.md' "
            "(did you mean 'what-happened'?)",
        )
    ],
    "link-out-of-site.md": [
        (
            21,
            E,
            "link to '../../../../etc/passwd' is not a brief: a body may link to other briefs "
            "(their .md files), to #anchors and to http(s) addresses",
        )
    ],
    "reference-link-missing.md": [
        (21, E, "link to missing brief 'xi-visit-moscow.md' (did you mean 'xi-visits-moscow'?)")
    ],
    "nested-brackets-link.md": [
        (21, E, "link to missing brief 'xi-visit-moscow.md' (did you mean 'xi-visits-moscow'?)")
    ],
    "external-image.md": [
        (
            21,
            E,
            "image from an outside address 'https://example.org/map.png': the site never loads "
            "anything from outside the intranet; link to it instead (drop the '!')",
        )
    ],
    "javascript-body-link.md": [
        (
            21,
            E,
            "link to 'javascript:alert(1)' is not allowed: a body may link to other briefs "
            "(their .md files), to #anchors and to http(s) addresses",
        )
    ],
    # Several problems in one file, each at its own item
    "event-after-bad-event.md": [
        (11, E, "'date' in events item 1 is not a valid date: '7 May 2025' (expected YYYY-MM-DD)"),
        (14, E, "event 'Victory Day parade' ends (2025-05-08) before it starts (2025-05-09)"),
        (
            17,
            E,
            "unknown actor 'xi-jinpin' in event 'Victory Day parade' (did you mean 'xi-jinping'?)",
        ),
    ],
    "source-after-bad-source.md": [
        (17, E, "missing required field 'publisher' in sources item 2"),
        (22, E, "source id 'tass' is used twice in this brief (first on line 19)"),
    ],
    # A bad field does not hide the other problems of the brief
    "date-and-actor.md": [
        (5, E, "'date' is not a valid date: '7 May 2025' (expected YYYY-MM-DD)"),
        (
            10,
            E,
            "unknown actor 'vladimir-putn' (did you mean 'vladimir-putin'?): add "
            "it to actors.yml or fix the id",
        ),
    ],
    # A published brief must be finished
    "template-published.md": [
        (4, E, "'summary' is still the template's placeholder: " + UNFINISHED),
        (14, E, "'title' in sources item 1 is still the template's placeholder: " + UNFINISHED),
        (15, E, "'publisher' in sources item 1 is still the template's placeholder: " + UNFINISHED),
        (23, E, "the text still holds the template's placeholder 'TODO': " + UNFINISHED),
        (27, E, "the text still holds the template's placeholder 'TODO': " + UNFINISHED),
    ],
    "empty-body.md": [(18, E, "the brief has no text after its front matter: write the analysis")],
    "topic-after-bad-topic.md": [
        (
            7,
            E,
            "'topics item 1' is 'Victory_Day': an id may hold only lowercase letters, "
            "digits and single hyphens",
        ),
        (
            8,
            E,
            "unknown topic 'ukraine-wars' (did you mean 'ukraine-war'?): add it to "
            "topics.yml or fix the id",
        ),
    ],
    # Warnings: the brief still loads
    "stale.md": [(6, W, "brief is stale: its review date 2025-06-01 has passed")],
    "related-to-draft.md": [
        (11, W, "related brief 'draft-target' is a draft: the link will not appear on the site")
    ],
    "updated-before-date.md": [
        (6, W, "'updated' (2025-05-01) is before the brief's date (2025-05-07)")
    ],
    "long-summary.md": [(4, W, "summary has 4 sentences; a bottom line up front is 1–3")],
    # Key judgments: sourced, on the site's likelihood scale (ICD 203 here), followed over time
    "judgment-unsourced.md": [
        (
            23,
            E,
            "judgment 1 names no sources: list the ids of the sources that support it under its "
            "'sources' (this brief's source ids: kremlin, tass)",
        )
    ],
    "judgment-unknown-source.md": [
        (
            26,
            E,
            "unknown source 'kremlim' in judgment 1 (did you mean 'kremlin'?): use "
            "the id of one of this brief's sources",
        )
    ],
    "judgment-duplicate-id.md": [
        (28, E, "judgment id 'ties-strengthen' is used twice in this brief (first on line 23)")
    ],
    "judgment-likelihood-off-scale.md": [
        (
            24,
            E,
            "'likelihood' is 'very likley'; expected one of almost no chance, very "
            "unlikely, unlikely, "
            "roughly even chance, likely, very likely, almost certain (ICD 203) (did "
            "you mean 'very likely'?)",
        )
    ],
    "judgment-likelihood-other-scale.md": [
        (
            24,
            E,
            "'likelihood' is 'highly likely'; expected one of almost no chance, very "
            "unlikely, unlikely, "
            "roughly even chance, likely, very likely, almost certain (ICD 203): "
            "'highly likely' is a term "
            "of the UK PHIA probability yardstick, and this site uses ICD 203",
        )
    ],
    "judgment-hedge.md": [
        (
            23,
            W,
            "judgment 1 says 'might', which says not how likely: use a term of ICD "
            "203 (almost no chance, "
            "very unlikely, unlikely, roughly even chance, likely, very likely, almost "
            "certain) and set 'likelihood'",
        )
    ],
    "judgment-words-disagree.md": [
        (
            23,
            W,
            "judgment 1 says 'very likely' but its likelihood is 'likely': make the "
            "words and the field agree",
        )
    ],
    "judgment-words-without-likelihood.md": [
        (23, W, "judgment 1 says 'probably' but gives no 'likelihood': add 'likelihood: likely'")
    ],
    "judgment-likelihood-with-confidence.md": [
        (
            23,
            W,
            "judgment 1 puts a likelihood ('likely') and a confidence level ('high "
            "confidence') in one "
            "sentence: ICD 203 keeps them apart; say the likelihood in words and "
            "the confidence in 'confidence'",
        )
    ],
    "summary-likelihood-with-confidence.md": [
        (
            4,
            W,
            "the summary puts a likelihood ('very likely') and a confidence level "
            "('confident') in one "
            "sentence: ICD 203 keeps them apart; say the likelihood in words and "
            "the confidence in 'confidence'",
        )
    ],
    # The earlier brief's path is the temporary folder's: pinned in full by test_judgments.py.
    "judgment-changed-without-note.md": [
        (28, W, Prefix("judgment 'ties-remain-close' was likely with moderate confidence in "))
    ],
    "change-missing-note.md": [(8, E, "missing required field 'note' in changes item 1")],
    "supersedes-unknown.md": [
        (
            6,
            E,
            "'supersedes' names an unknown brief 'xi-visit-moscow' (did you mean "
            "'xi-visits-moscow'?)",
        )
    ],
    "supersedes-newer.md": [
        (
            6,
            W,
            "this brief (2025-05-01) supersedes 'xi-visits-moscow', which is newer (2025-05-07): "
            "a brief replaces an older one",
        )
    ],
}

# Engine bugs these fixtures expose (see the report); strict, so a fix turns them into failures to
# clean up.
KNOWN_BUGS: dict[str, str] = {}


def fixture_params():
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
        if name in KNOWN_BUGS
        else name
        for name in bad_fixtures()
    ]


def problems_of(result, name: str) -> list[tuple[int, Severity, str]]:
    return [(p.line, p.severity, p.message) for p in result.problems if Path(p.path).name == name]


def matching(got: list[tuple], expected: list[tuple]) -> list[tuple]:
    """``got`` with each message that starts with its expected ``Prefix`` replaced by the prefix."""
    out = []
    for index, (line, severity, message) in enumerate(got):
        want = expected[index][2] if index < len(expected) else None
        if isinstance(want, Prefix) and message.startswith(want):
            message = want
        out.append((line, severity, message))
    return out


def check_with(corpus_dir: Path, name: str):
    stage(corpus_dir, name)
    return check_folder(corpus_dir, today=TODAY)


def test_every_fixture_has_its_expected_problems_listed():
    assert set(bad_fixtures()) == set(EXPECTED)


def test_support_briefs_alone_have_no_problems(corpus_dir):
    stage(corpus_dir)
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == []
    assert sorted(b.id for b in result.corpus.briefs) == SUPPORT_IDS


def test_not_utf8_fixture_really_is_not_utf8():
    data = (BAD / "not-utf8.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.index(b"\xe9") == 81


@pytest.mark.parametrize("name", fixture_params())
def test_fixture_reports_exactly_its_problems(corpus_dir, name):
    result = check_with(corpus_dir, name)
    expected = EXPECTED[name]
    assert matching(problems_of(result, name), expected) == expected


@pytest.mark.parametrize("name", bad_fixtures())
def test_problems_name_the_bad_file_and_no_other(corpus_dir, name):
    result = check_with(corpus_dir, name)
    assert result.problems
    assert {Path(p.path).resolve() for p in result.problems} == {(corpus_dir / name).resolve()}


@pytest.mark.parametrize("name", bad_fixtures())
def test_bad_fixture_does_not_hide_the_valid_briefs(corpus_dir, name):
    result = check_with(corpus_dir, name)
    assert set(SUPPORT_IDS) <= {b.id for b in result.corpus.briefs}


@pytest.mark.parametrize("name", bad_fixtures())
def test_each_file_is_either_loaded_or_rejected(corpus_dir, name):
    result = check_with(corpus_dir, name)
    loaded = [Path(b.path).name for b in result.corpus.briefs]
    rejected = [Path(p).name for p in result.corpus.rejected]
    assert result.files == 3
    assert sorted(loaded + rejected) == sorted([name, "draft-target.md", "xi-visits-moscow.md"])


@pytest.mark.parametrize("name", bad_fixtures())
def test_brief_with_errors_is_rejected_and_with_warnings_loaded(corpus_dir, name):
    result = check_with(corpus_dir, name)
    has_error = any(severity is E for _, severity, _ in EXPECTED[name])
    rejected = [Path(p).name for p in result.corpus.rejected]
    assert rejected == ([name] if has_error else [])


def test_all_fixtures_together_report_every_problem(corpus_dir):
    names = [n for n in bad_fixtures() if n not in KNOWN_BUGS]
    stage(corpus_dir, *names)
    result = check_folder(corpus_dir, today=TODAY)
    got = sorted((Path(p.path).name, p.line, p.severity.value) for p in result.problems)
    expected = sorted(
        (name, line, severity.value) for name in names for line, severity, _ in EXPECTED[name]
    )
    assert got == expected
    assert result.files == len(names) + 2


def test_all_fixtures_together_keep_the_valid_briefs(corpus_dir):
    stage(corpus_dir, *bad_fixtures())
    result = check_folder(corpus_dir, today=TODAY)
    warned_only = {n[:-3] for n in bad_fixtures() if all(s is W for _, s, _ in EXPECTED[n])}
    assert {b.id for b in result.corpus.briefs} == set(SUPPORT_IDS) | warned_only
    assert len(result.corpus.briefs) + len(result.corpus.rejected) == result.files


def test_problems_are_sorted_by_file_then_line(corpus_dir):
    # missing-link.md's problem comes from a cross-file check, found after yaml-syntax.md's
    stage(corpus_dir, "missing-link.md", "yaml-syntax.md", "unknown-actor.md", "bad-date.md")
    result = check_folder(corpus_dir, today=TODAY)
    keys = [(p.path, p.line) for p in result.problems]
    assert keys == sorted(keys)


# --- Duplicate ids ---------------------------------------------------------------------------


def test_duplicate_brief_id_names_both_paths(corpus_dir):
    source = BAD / "support" / "xi-visits-moscow.md"
    first, second = (
        corpus_dir / "2024" / "xi-visits-moscow.md",
        corpus_dir / "2025" / "xi-visits-moscow.md",
    )
    for path in (first, second):
        path.parent.mkdir()
        shutil.copyfile(source, path)
    result = check_folder(corpus_dir, today=TODAY)
    shown = {Path(p.path).resolve(): p for p in result.problems}
    assert len(result.problems) == 2 and set(shown) == {first.resolve(), second.resolve()}
    for path, other in ((first, second), (second, first)):
        problem = shown[path.resolve()]
        assert (problem.line, problem.severity) == (1, E)
        assert problem.message.startswith(
            "brief id 'xi-visits-moscow' is used by more than one file: also "
        )
        assert Path(problem.message.rsplit("also ", 1)[1]).resolve() == other.resolve()


def test_duplicate_brief_ids_are_both_rejected(corpus_dir):
    for year in ("2024", "2025"):
        (corpus_dir / year).mkdir()
        shutil.copyfile(
            BAD / "support" / "xi-visits-moscow.md", corpus_dir / year / "xi-visits-moscow.md"
        )
    result = check_folder(corpus_dir, today=TODAY)
    assert result.corpus.briefs == [] and len(result.corpus.rejected) == 2


# --- Files and YAML that must be refused quickly --------------------------------------------


def test_billion_laughs_is_refused_before_anything_expands(corpus_dir):
    stage(corpus_dir, "billion-laughs.md")
    result = finishes(lambda: check_folder(corpus_dir, today=TODAY))
    assert "billion-laughs.md" in [Path(p).name for p in result.corpus.rejected]
    assert [(p.line, p.message) for p in result.problems] == [
        (17, "YAML anchors and aliases (&, *) are not allowed in briefs")
    ]  # at the first anchor: nothing was expanded


def test_billion_laughs_in_a_registry_is_refused(corpus_dir):
    (corpus_dir / "actors.yml").write_text(
        'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n', encoding="utf-8"
    )
    result = finishes(lambda: check_folder(corpus_dir, today=TODAY))
    # Each entry is refused on its own line; none is expanded.
    assert [(p.line, p.message) for p in result.problems if p.path.endswith("actors.yml")] == [
        (line, "YAML anchors and aliases (&, *) are not allowed in actors.yml")
        for line in (1, 2, 3)
    ]


def test_too_many_values_are_refused(corpus_dir):
    text = (BAD / "support" / "xi-visits-moscow.md").read_text(encoding="utf-8")
    items = ", ".join(["x"] * 25_000)
    line = text.index("---\n\n##")
    (corpus_dir / "huge.md").write_text(
        text[:line] + f"extra: [{items}]\n" + text[line:], encoding="utf-8"
    )
    result = finishes(lambda: check_folder(corpus_dir, today=TODAY))
    assert [(p.line, p.message) for p in result.problems] == [
        (text[:line].count("\n") + 1, "front matter has more than 20000 values")
    ]


def test_file_over_two_megabytes_is_refused_at_line_1(corpus_dir):
    text = (BAD / "support" / "xi-visits-moscow.md").read_text(encoding="utf-8")
    (corpus_dir / "big.md").write_text(text + "x" * (2 * 1024 * 1024), encoding="utf-8")
    size = (corpus_dir / "big.md").stat().st_size
    result = check_folder(corpus_dir, today=TODAY)
    assert [(p.line, p.message) for p in result.problems] == [
        (1, f"file is {size:,} bytes; a brief may be at most 2,097,152 bytes (2 MB)")
    ]


# --- Line endings and encodings that are fine ------------------------------------------------


def test_crlf_line_endings_keep_the_right_line(corpus_dir):
    data = (BAD / "end-before-date.md").read_bytes().replace(b"\n", b"\r\n")
    (corpus_dir / "end-before-date.md").write_bytes(data)
    result = check_folder(corpus_dir, today=TODAY)
    assert [(p.line, p.severity) for p in result.problems] == [(12, E)]


def test_byte_order_mark_keeps_the_right_line(corpus_dir):
    data = b"\xef\xbb\xbf" + (BAD / "end-before-date.md").read_bytes()
    (corpus_dir / "end-before-date.md").write_bytes(data)
    result = check_folder(corpus_dir, today=TODAY)
    assert [(p.line, p.severity) for p in result.problems] == [(12, E)]


def test_crlf_valid_brief_loads_without_problems(corpus_dir):
    data = (BAD / "support" / "xi-visits-moscow.md").read_bytes().replace(b"\n", b"\r\n")
    (corpus_dir / "xi-visits-moscow.md").write_bytes(data)
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == [] and [b.id for b in result.corpus.briefs] == ["xi-visits-moscow"]


# --- Warnings depend on the day and on status -------------------------------------------------


def test_stale_is_not_reported_before_the_review_date(corpus_dir):
    stage(corpus_dir, "stale.md")
    result = check_folder(corpus_dir, today=dt.date(2025, 6, 1))
    assert result.problems == []


def test_draft_is_never_reported_stale(corpus_dir):
    text = (
        (BAD / "stale.md")
        .read_text(encoding="utf-8")
        .replace("review_by:", "status: draft\nreview_by:")
    )
    (corpus_dir / "stale.md").write_text(text, encoding="utf-8")
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == []


# --- Known engine bugs found while writing these tests ---------------------------------------


def test_control_character_message_is_one_line(corpus_dir):
    result = check_with(corpus_dir, "control-character.md")
    assert [
        p for p in result.problems if "\n" in p.message or "<unicode string>" in p.message
    ] == []


def test_empty_optional_fields_count_as_absent(corpus_dir):
    text = (BAD / "support" / "xi-visits-moscow.md").read_text(encoding="utf-8")
    text = text.replace(
        "date: 2025-05-07\n", "date: 2025-05-07\nupdated:\nreview_by: ~\nrelated: null\n", 1
    )
    (corpus_dir / "xi-visits-moscow.md").write_text(text, encoding="utf-8")
    result = check_folder(corpus_dir, today=TODAY)
    assert result.problems == []


def test_unknown_related_never_suggests_the_brief_itself(corpus_dir):
    text = (
        (BAD / "related-to-self.md")
        .read_text(encoding="utf-8")
        .replace("  - related-to-self\n", "  - related-to-selfs\n")
    )
    (corpus_dir / "related-to-self.md").write_text(text, encoding="utf-8")
    result = check_folder(corpus_dir, today=TODAY)
    assert [p.message for p in result.problems] == ["unknown related brief 'related-to-selfs'"]


# --- Registries -------------------------------------------------------------------------------

REGISTRY_LINES = {
    "actors.yml": len((REPO / "briefs" / "actors.yml").read_text(encoding="utf-8").splitlines()),
    "topics.yml": len((REPO / "briefs" / "topics.yml").read_text(encoding="utf-8").splitlines()),
}


def add_to_registry(corpus_dir: Path, name: str, text: str) -> int:
    """Append ``text`` to a registry; returns the file line of its first line."""
    path = corpus_dir / name
    original = path.read_text(encoding="utf-8")
    assert original.endswith("\n")
    path.write_text(original + text, encoding="utf-8")
    return REGISTRY_LINES[name] + 1


def registry_problems(corpus_dir: Path, name: str) -> list[tuple[int, Severity, str]]:
    result = check_folder(corpus_dir, today=TODAY)
    return [(p.line, p.severity, p.message) for p in result.problems if Path(p.path).name == name]


def test_real_registries_have_no_problems(corpus_dir):
    assert check_folder(corpus_dir, today=TODAY).problems == []


def test_actor_unknown_key_with_suggestion(corpus_dir):
    first = add_to_registry(
        corpus_dir, "actors.yml", "emmanuel-macron:\n  name: Emmanuel Macron\n  knd: person\n"
    )
    assert registry_problems(corpus_dir, "actors.yml") == [
        (first + 2, E, "unknown field 'knd' in actor 'emmanuel-macron' (did you mean 'kind'?)")
    ]


def test_actor_missing_name(corpus_dir):
    first = add_to_registry(corpus_dir, "actors.yml", "narendra-modi:\n  kind: person\n")
    assert registry_problems(corpus_dir, "actors.yml") == [
        (first, E, "missing required field 'name' in actor 'narendra-modi'")
    ]


def test_actor_bad_kind(corpus_dir):
    first = add_to_registry(
        corpus_dir, "actors.yml", "kim-jong-un:\n  name: Kim Jong Un\n  kind: leader\n"
    )
    assert registry_problems(corpus_dir, "actors.yml") == [
        (
            first + 2,
            E,
            "'kind' in actor 'kim-jong-un' is 'leader'; "
            "expected one of person, organisation, state",
        )
    ]


def test_actor_bad_id(corpus_dir):
    first = add_to_registry(corpus_dir, "actors.yml", "Kim_Jong_Un:\n  name: Kim Jong Un\n")
    assert registry_problems(corpus_dir, "actors.yml") == [
        (
            first,
            E,
            "actor id 'Kim_Jong_Un' may hold only lowercase letters, digits and single hyphens",
        )
    ]


def test_actor_entry_not_a_mapping(corpus_dir):
    first = add_to_registry(corpus_dir, "actors.yml", "kim-jong-un: Kim Jong Un\n")
    assert registry_problems(corpus_dir, "actors.yml") == [
        (first, E, "actor 'kim-jong-un' must be a mapping of 'key: value' lines, not 'Kim Jong Un'")
    ]


def test_bad_actor_entry_leaves_the_others_loaded(corpus_dir):
    before = set(check_folder(corpus_dir, today=TODAY).corpus.actors)
    add_to_registry(corpus_dir, "actors.yml", "kim-jong-un:\n  name: Kim Jong Un\n  kind: leader\n")
    assert set(check_folder(corpus_dir, today=TODAY).corpus.actors) == before
    assert "xi-jinping" in before


def test_topic_missing_title(corpus_dir):
    first = add_to_registry(
        corpus_dir, "topics.yml", "middle-east:\n  description: No title here.\n"
    )
    assert registry_problems(corpus_dir, "topics.yml") == [
        (first, E, "missing required field 'title' in topic 'middle-east'")
    ]


def test_topic_unknown_key_with_suggestion(corpus_dir):
    first = add_to_registry(
        corpus_dir, "topics.yml", "sanctions:\n  title: Sanctions\n  descripton: Measures.\n"
    )
    assert registry_problems(corpus_dir, "topics.yml") == [
        (
            first + 2,
            E,
            "unknown field 'descripton' in topic 'sanctions' (did you mean 'description'?)",
        )
    ]


def test_registry_yaml_syntax_error_has_its_line(corpus_dir):
    first = add_to_registry(corpus_dir, "topics.yml", "sanctions:\n  title: Sanctions: a list\n")
    problems = registry_problems(corpus_dir, "topics.yml")
    assert problems == [
        (
            first + 1,
            E,
            "YAML syntax error: the value of 'title' contains ': ' (a colon and a space): put the "
            'whole value in quotes, e.g. title: "Sanctions: a list"',
        )
    ]


def test_registry_not_a_mapping(corpus_dir):
    (corpus_dir / "topics.yml").write_text("- ukraine-war\n- victory-day\n", encoding="utf-8")
    assert registry_problems(corpus_dir, "topics.yml") == [
        (1, E, "topics.yml must map each topic id to its fields")
    ]


def test_registry_missing(corpus_dir):
    (corpus_dir / "actors.yml").unlink()
    assert registry_problems(corpus_dir, "actors.yml") == [
        (1, E, "the actors registry is missing: every brief's actors must be listed in it")
    ]


def test_registry_not_utf8(corpus_dir):
    (corpus_dir / "actors.yml").write_bytes(b"xi-jinping:\n  name: X\xe9\n")
    assert registry_problems(corpus_dir, "actors.yml") == [
        (2, E, "file is not UTF-8 text (byte 0xe9 at offset 21); save it as UTF-8")
    ]


def test_broken_registry_does_not_stop_briefs_being_checked(corpus_dir):
    (corpus_dir / "topics.yml").write_text("- not a mapping\n", encoding="utf-8")
    stage(corpus_dir, "bad-date.md")
    result = check_folder(corpus_dir, today=TODAY)
    assert (5, E) in [
        (p.line, p.severity) for p in result.problems if p.path.endswith("bad-date.md")
    ]


# --- One mistake in a registry costs one entry -------------------------------------------------


def insert_in_registry(corpus_dir: Path, name: str, before: str, text: str) -> int:
    """Insert ``text`` before the entry ``before:`` of a registry; returns the line of its first
    line.
    """
    path = corpus_dir / name
    original = path.read_text(encoding="utf-8")
    at = original.index(f"\n{before}:\n") + 1
    path.write_text(original[:at] + text + original[at:], encoding="utf-8")
    return original[:at].count("\n") + 1


# A broken entry before Putin's: Putin, and every other actor, must still load.
BROKEN_ENTRIES = {
    "unclosed-bracket": (
        "kim-jong-un:\n  name: Kim Jong Un\n  aliases: [Kim, Chairman Kim\n  kind: person\n",
        2,
        "YAML syntax error: the [ opened on this line is never closed: end it with ] (on the same "
        "line, or indent the lines that continue it)",
    ),
    "unclosed-quote": (
        'kim-jong-un:\n  name: "Kim Jong Un\n  kind: person\n',
        1,
        'YAML syntax error: the value opened with " on this line is never closed: end it with " '
        '(write a " inside double quotes as \\")',
    ),
    "duplicate-field": (
        "kim-jong-un:\n  name: Kim Jong Un\n  name: Kim\n",
        2,
        "duplicate key 'name' (first on line {first_plus_1}): keep one",
    ),
    "duplicate-id": (
        "xi-jinping:\n  name: Someone else\n",
        0,
        "actor id 'xi-jinping' is already used on line {xi_line}: this entry is not read; merge "
        "the two or rename one",
    ),
    "bad-kind": (
        "kim-jong-un:\n  name: Kim Jong Un\n  kind: leader\n",
        2,
        "'kind' in actor 'kim-jong-un' is 'leader'; expected one of person, organisation, state",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ENTRIES))
def test_a_broken_registry_entry_costs_that_entry_alone(corpus_dir, case):
    text, offset, message = BROKEN_ENTRIES[case]
    before = set(check_folder(corpus_dir, today=TODAY).corpus.actors)
    first = insert_in_registry(corpus_dir, "actors.yml", "vladimir-putin", text)
    stage(corpus_dir)  # xi-visits-moscow names xi-jinping and vladimir-putin
    result = check_folder(corpus_dir, today=TODAY)
    xi_line = (
        (corpus_dir / "actors.yml").read_text(encoding="utf-8").split("\n").index("xi-jinping:")
    )
    expected = message.replace("{first_plus_1}", str(first + 1)).replace(
        "{xi_line}", str(xi_line + 1)
    )
    assert [(p.line, p.message) for p in result.problems] == [(first + offset, expected)]
    assert set(result.corpus.actors) == before
    assert sorted(b.id for b in result.corpus.briefs) == SUPPORT_IDS


def test_a_brief_naming_a_broken_entry_is_told_where_it_is(corpus_dir):
    first = insert_in_registry(
        corpus_dir, "actors.yml", "vladimir-putin", "kim-jong-un:\n  name: Kim\n  kind: leader\n"
    )
    text = (BAD / "support" / "xi-visits-moscow.md").read_text(encoding="utf-8")
    (corpus_dir / "names-kim.md").write_text(
        text.replace("  - vladimir-putin\n", "  - kim-jong-un\n", 1), encoding="utf-8"
    )
    result = check_folder(corpus_dir, today=TODAY)
    registry = next(p.path for p in result.problems if p.path.endswith("actors.yml"))
    assert [(Path(p.path).name, p.line, p.message) for p in result.problems] == [
        (
            "actors.yml",
            first + 2,
            "'kind' in actor 'kim-jong-un' is 'leader'; "
            "expected one of person, organisation, state",
        ),
        (
            "names-kim.md",
            11,
            f"actor 'kim-jong-un' cannot be used: its entry ({registry}:{first}) has an error",
        ),
    ]


def test_registry_problems_come_before_the_briefs_they_explain(corpus_dir):
    (corpus_dir / "2025").mkdir()
    shutil.copyfile(BAD / "unknown-actor.md", corpus_dir / "2025" / "unknown-actor.md")
    insert_in_registry(corpus_dir, "actors.yml", "vladimir-putin", "bad id:\n  name: X\n")
    insert_in_registry(corpus_dir, "topics.yml", "ukraine-war", "all:\n  title: Everything\n")
    paths = [Path(p.path).name for p in check_folder(corpus_dir, today=TODAY).problems]
    assert paths == ["actors.yml", "topics.yml", "unknown-actor.md"]


@pytest.mark.parametrize(
    "registry,entry,message",
    [
        (
            "topics.yml",
            "all",
            "topic id 'all' is reserved: feeds/all.xml is the feed of the whole site",
        ),
        ("topics.yml", "index", "topic id 'index' is reserved: topics/index.md is the Topics page"),
        (
            "topics.yml",
            "sitemap",
            "topic id 'sitemap' is reserved: feeds/sitemap.xml is taken by the site",
        ),
        ("actors.yml", "index", "actor id 'index' is reserved: actors/index.md is the Actors page"),
    ],
)
def test_reserved_registry_ids_are_refused(corpus_dir, registry, entry, message):
    field = "title" if registry == "topics.yml" else "name"
    first = add_to_registry(corpus_dir, registry, f"{entry}:\n  {field}: Taken\n")
    assert registry_problems(corpus_dir, registry) == [(first, E, f"{message}; choose another id")]
    checked = check_folder(corpus_dir, today=TODAY)
    assert entry not in checked.corpus.topics and entry not in checked.corpus.actors


# --- Found in the hostile round: encodings, invisible characters, YAML features ---------------

SUPPORT_TEXT = (BAD / "support" / "xi-visits-moscow.md").read_text(encoding="utf-8")


def only_problems(corpus_dir: Path, name: str, data: bytes) -> list[tuple[int, str]]:
    (corpus_dir / name).write_bytes(data)
    result = check_folder(corpus_dir, today=TODAY)
    return [(p.line, p.message) for p in result.problems]


def test_a_utf16_file_is_called_utf16(corpus_dir):
    assert only_problems(corpus_dir, "u.md", SUPPORT_TEXT.encode("utf-16")) == [
        (1, "file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8")
    ]


def test_cr_only_line_endings_are_named(corpus_dir):
    data = SUPPORT_TEXT.replace("\n", "\r").encode()
    assert only_problems(corpus_dir, "cr.md", data) == [
        (1, "the file's lines end in CR alone (old Mac style): save it with LF line endings")
    ]


@pytest.mark.parametrize(
    "char,name",
    [
        ("\x85", "NEL, which YAML reads as a line break"),
        ("\u2028", "LINE SEPARATOR, which YAML reads as a line break"),
        ("\u2029", "PARAGRAPH SEPARATOR, which YAML reads as a line break"),
        ("\ufeff", "BYTE ORDER MARK, which YAML reads as the start of a new document"),
    ],
)
def test_invisible_breaks_in_front_matter_are_refused_on_their_line(corpus_dir, char, name):
    """YAML counts these as line breaks (or a new document): every later line it reported was
    off.
    """
    text = SUPPORT_TEXT.replace("visits Moscow", f"visits{char}Moscow", 1)
    text = text.replace("  - vladimir-putin\n", "  - vladimir-putn\n", 1)
    found = only_problems(corpus_dir, "pasted.md", text.encode())
    assert found[0] == (
        3,
        f"an invisible U+{ord(char):04X} ({name}) is not allowed in front matter: delete it "
        "(it often comes with pasted text)",
    )


@pytest.mark.parametrize(
    "tag", ["!!binary aGVsbG8=", "!!python/object/apply:os.system [x]", "!x y"]
)
def test_yaml_tags_are_refused(corpus_dir, tag):
    text = SUPPORT_TEXT.replace("title: Xi Jinping visits Moscow", f"title: {tag}", 1)
    written = tag.split()[0]
    assert only_problems(corpus_dir, "tagged.md", text.encode()) == [
        (3, f"YAML tags ('{written}') are not allowed in briefs: write the value as plain text")
    ]


def test_a_file_named_dot_md_is_named_as_it_is(corpus_dir):
    assert only_problems(corpus_dir, ".md", SUPPORT_TEXT.encode()) == [
        (
            1,
            "file name '.md' is not a valid brief id: use lowercase letters, digits "
            "and single hyphens",
        )
    ]


def test_a_document_marker_inside_a_registry_costs_nothing_else(corpus_dir):
    line = insert_in_registry(corpus_dir, "actors.yml", "vladimir-putin", "---\n")
    stage(corpus_dir)
    result = check_folder(corpus_dir, today=TODAY)
    assert [(Path(p.path).name, p.line, p.message) for p in result.problems] == [
        ("actors.yml", line, "a '---' line inside the registry ends its YAML document: remove it")
    ]
    assert sorted(b.id for b in result.corpus.briefs) == SUPPORT_IDS


def test_a_control_character_in_a_registry_is_named_by_its_file(corpus_dir):
    path = corpus_dir / "topics.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Ukraine", "Ukr\x07aine", 1), "utf-8")
    problems = registry_problems(corpus_dir, "topics.yml")
    assert len(problems) == 1 and problems[0][2] == (
        "control character U+0007 is not allowed in topics.yml"
    )
