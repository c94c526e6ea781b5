"""The body dialect the writing guide documents, built from the guide's own examples: a body
renders as the pull request shows it (CommonMark with GitHub's tables, strikethrough and
footnotes), not as Python-Markdown's older rules would."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, TODAY, brief_text

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.site import uris
from briefing.site.body import body_html
from briefing.site.html import Links

GUIDE = (REPO / "docs" / "writing-briefs.md").read_text(encoding="utf-8")
_EXAMPLE = re.compile(r"<!-- example: ([a-z-]+) -->\n *(`{3,4})markdown\n(.*?)\n *\2\n", re.S)


def examples() -> dict[str, str]:
    found = {}
    for name, _, block in _EXAMPLE.findall(GUIDE):
        indent = min(len(line) - len(line.lstrip()) for line in block.split("\n") if line.strip())
        found[name] = "\n".join(line[indent:] for line in block.split("\n")) + "\n"
    return found


def rendered(tmp_path: Path, body: str) -> str:
    """The body as a brief in briefs/2024/ of a copy of the sample corpus shows it on its page."""
    briefs = tmp_path / "briefs"
    shutil.copytree(REPO / "briefs", briefs)
    (briefs / "2024" / "example.md").write_text(
        brief_text(title="Example", body=body), encoding="utf-8"
    )
    result = check_folder(briefs, today=TODAY)
    errors = [str(p) for p in result.errors]
    assert errors == [], errors
    catalog = catalog_module.build(result.corpus, today=TODAY)
    return body_html(catalog.by_id["example"], catalog, Links(), uris.brief("example"))


def test_the_guide_has_every_example_the_tests_build():
    assert set(examples()) == {
        "brief-links",
        "nested-list",
        "table",
        "fence",
        "raw-html",
        "footnote",
    }


def test_links_to_briefs_become_links_to_their_pages(tmp_path):
    html = rendered(tmp_path, examples()["brief-links"])
    assert '<a href="../victory-day-parade-moscow-2025/#what-to-watch">the parade brief</a>' in html
    assert '<a href="../xi-putin-meetings-since-2022/">the meetings</a>' in html


def test_a_list_nested_by_two_spaces_is_nested(tmp_path):
    html = rendered(tmp_path, examples()["nested-list"])
    compact = re.sub(r"\s+", "", html)
    assert (
        compact
        == "<ul><li>Moscow<ul><li>theparade</li><li>thetalks</li></ul></li><li>Beijing</li></ul>"
    )


def test_a_table_is_a_table(tmp_path):
    html = rendered(tmp_path, examples()["table"])
    assert "<th>Date</th>" in html and '<th style="text-align:center">Event</th>' in html
    assert "<td>9 May</td>" in html


def test_a_fence_shows_its_text_as_written(tmp_path):
    html = rendered(tmp_path, examples()["fence"])
    assert (
        html.strip()
        == "<pre><code>[not a link](x.md) and &lt;b&gt;not bold&lt;/b&gt;\n</code></pre>"
    )


def test_raw_html_stays_text(tmp_path):
    html = rendered(tmp_path, examples()["raw-html"])
    assert html.strip() == "<p>Raw &lt;b&gt;tags&lt;/b&gt; stay text, and so does {: .class }.</p>"


def test_a_footnote_is_a_numbered_note_at_the_end(tmp_path):
    html = rendered(tmp_path, examples()["footnote"])
    assert re.search(
        r'<sup class="footnote-ref"><a href="#fn-example-1" id="fnref-example-1">\[1\]</a></sup>',
        html,
    )
    assert re.search(
        r'<section class="footnotes">.*<li id="fn-example-1" class="footnote-item">', html, re.S
    )
    assert "The seed report dates the summit to September" in html


@pytest.mark.parametrize(
    "body,shown",
    [
        ("~~withdrawn~~ claim", "<s>withdrawn</s> claim"),
        ("1. one\n1. two\n", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("a line\nand its lazy continuation\n", "<p>a line\nand its lazy continuation</p>"),
        ("Text `with \\` a backtick` here", "<p>Text <code>with \\</code> a backtick` here</p>"),
    ],
)
def test_more_of_commonmark_as_github_has_it(tmp_path, body, shown):
    assert shown in rendered(tmp_path, body)
