"""The repository's own briefs: they check clean, build strictly, and edit links open their
files.
"""

from __future__ import annotations

import re

from conftest import REPO, TODAY
from sitecheck import broken_links

from briefing.check.folder import check_folder


def test_sample_briefs_have_no_errors():
    result = check_folder(REPO / "briefs", today=TODAY)
    assert result.errors == []
    assert 8 <= result.files <= 12
    assert {"russia-china-relations", "victory-day", "ukraine-war"} <= set(result.corpus.topics)
    assert {"xi-jinping", "vladimir-putin", "volodymyr-zelenskyy"} <= set(result.corpus.actors)


def test_sample_briefs_record_the_sources_wrong_brics_date():
    text = (REPO / "briefs" / "2025" / "xi-putin-meetings-since-2022.md").read_text(
        encoding="utf-8"
    )
    assert "September 2024" in text and "22–24 October 2024" in text


def test_edit_link_opens_the_briefs_own_file(sample_site):
    page = (sample_site / "briefs" / "xi-state-visit-russia-may-2025" / "index.html").read_text(
        encoding="utf-8"
    )
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', page)
    assert edit and edit.group(1).endswith(
        "/edit/main/briefs/2025/xi-state-visit-russia-may-2025.md"
    )


def test_hand_written_pages_keep_their_edit_link(sample_site):
    page = (sample_site / "method" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]+/edit/main/docs/method\.md" title="Edit this page"', page)


def test_sample_site_has_no_broken_links(sample_site):
    assert broken_links(sample_site) == []


def test_sample_timeline_merges_the_brics_summit_reported_by_several_briefs(sample_site):
    page = (sample_site / "timeline" / "index.html").read_text(encoding="utf-8")
    entry = page.split('id="ev-brics-summit-kazan-2024"', 1)[1].split("</li>", 1)[0]
    assert (
        "22–24 October 2024" in entry and "Reported in" in entry and entry.count("../briefs/") >= 2
    )


def test_documented_examples_are_valid_briefs(tmp_path):
    """The examples in the README and in "How to write a brief" pass the checker beside the
    samples.
    """
    import shutil

    briefs = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", briefs)
    for name, source in (
        ("readme-example", REPO / "README.md"),
        ("doc-example", REPO / "docs" / "writing-briefs.md"),
    ):
        block = re.search(r"```yaml\n(---.*?)```", source.read_text(encoding="utf-8"), re.S).group(
            1
        )
        (briefs / "2025" / f"{name}.md").write_text(block, encoding="utf-8")
    result = check_folder(briefs, today=TODAY)
    assert result.errors == []
    assert {"readme-example", "doc-example"} <= {b.id for b in result.corpus.briefs}
