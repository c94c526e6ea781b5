""" "How to write a brief" (docs/writing-briefs.md) says what the engine does: its grading and
confidence tables match the model.
"""

from __future__ import annotations

import re

from conftest import REPO

from briefing.model import CREDIBILITY, RELIABILITY, Confidence
from briefing.scales import ICD_203, PHIA

GUIDE = (REPO / "docs" / "writing-briefs.md").read_text(encoding="utf-8")
METHOD = (REPO / "docs" / "method.md").read_text(encoding="utf-8")


def table(text: str, first_header: str) -> dict[str, str]:
    """The two-column Markdown table whose first header cell is ``first_header``, as a dict."""
    block = text.split(f"| {first_header} |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in block.splitlines()[2:] if line.startswith("|")]
    return {
        cells[0].strip("` "): cells[1].strip()
        for cells in (row.strip("|").split("|") for row in rows)
    }


def test_the_grading_tables_are_the_model_s_scales():
    assert table(GUIDE, "`reliability`") == RELIABILITY
    assert table(GUIDE, "`credibility`") == {str(k): v for k, v in CREDIBILITY.items()}


def test_the_confidence_levels_are_the_model_s_and_method_s():
    levels = table(GUIDE, "`confidence`")
    assert set(levels) == {c.value for c in Confidence}
    assert levels == table(METHOD, "Confidence")


def test_the_likelihood_tables_are_the_scales_in_the_guide_and_the_method():
    for scale, header in ((ICD_203, "ICD 203"), (PHIA, "UK PHIA yardstick")):
        terms = {t.words: t.range for t in scale.terms}
        assert table(GUIDE, header) == terms
        assert table(METHOD, header) == terms


def test_the_guide_names_every_hedge_the_checker_flags():
    from briefing.check.judgments import OFF_SCALE

    words = GUIDE.split("### Words the checker looks for", 1)[1].split("###", 1)[0]
    assert all(f'"{word}"' in words for word in OFF_SCALE)


def test_the_guide_covers_checking_serving_and_the_way_to_merge():
    for needed in (
        "make check",
        "make serve",
        "briefing check --changed",
        "pre-commit install",
        "## From branch to merge",
        "--no-input",
    ):
        assert needed in GUIDE, needed
    steps = re.findall(r"^\d\. \*\*(\w+)", GUIDE.split("## From branch to merge", 1)[1], re.M)
    assert steps == ["Branch", "Write", "Check", "Push", "Review", "Merge"]
