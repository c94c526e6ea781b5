"""Links in brief bodies, end to end: what `briefing check` says of a link is what the strict
build says, on the same line, and the links it accepts are the links of the built page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, brief_text, mkdocs_build
from sitecheck import PageParser

from briefing.check.folder import check_folder

TARGET_BODY = "## What happened\n\nThe visit.\n\n## Why it matters\n\nIt matters.\n"
BAD_LINKS = {
    "missing-brief": "[the visit](2025/no-such-brief.md)",
    "draft": "[the draft](2025/unfinished.md)",
    "missing-anchor": "[the visit](2025/visit.md#what-hapened)",
    "own-missing-anchor": "[above](#no-such-heading)",
    "out-of-site": "[secrets](../../../../etc/passwd)",
    "other-file": "[the method](../docs/method.md)",
    "reference": "[the visit][v]\n\n[v]: 2025/no-such-brief.md",
    "nested-brackets": "[the [big] visit](2025/no-such-brief.md)",
    "javascript": "[click](javascript:alert(1))",
    "other-host": "[elsewhere](//evil.example/x)",
    "external-image": "![map](https://example.org/map.png)",
}


def corpus(root: Path, body: str) -> Path:
    briefs = root / "briefs"
    (briefs / "2025").mkdir(parents=True)
    for name in ("actors.yml", "topics.yml"):
        (briefs / name).write_text(
            (REPO / "briefs" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    (briefs / "2025" / "visit.md").write_text(
        brief_text(title="The visit", body=TARGET_BODY), encoding="utf-8"
    )
    (briefs / "2025" / "unfinished.md").write_text(
        brief_text(title="Unfinished", status="draft"), encoding="utf-8"
    )
    (briefs / "linking.md").write_text(
        brief_text(title="Linking", body=f"## Intro\n\nText.\n\n{body}\n"), encoding="utf-8"
    )
    return briefs


@pytest.mark.parametrize("case", sorted(BAD_LINKS))
def test_the_checker_and_the_strict_build_refuse_a_bad_link_on_the_same_line(case, tmp_path):
    briefs = corpus(tmp_path, BAD_LINKS[case])
    check = subprocess.run(
        [sys.executable, "-m", "briefing", "check", str(briefs)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 1, check.stdout
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "linking.md:" in errors[0], check.stdout
    line = int(errors[0].split(".md:", 1)[1].split(":", 1)[0])
    text = (briefs / "linking.md").read_text(encoding="utf-8").split("\n")
    assert BAD_LINKS[case].split("\n")[0] in text[line - 1]  # the line the link is on
    build = mkdocs_build(briefs, tmp_path / "site")
    assert build.returncode != 0
    assert errors[0] in build.stderr  # the same words, the same line
    assert not (tmp_path / "site" / "briefs" / "linking").exists()


GOOD_LINKS = """
Inline [the visit](2025/visit.md), angle [why](<2025/visit.md#why-it-matters>), titled
[the visit](2025/visit.md "The visit"), nested [the [big] visit](./2025/visit.md#what-happened),
reference [the visit][v], collapsed [v][], shortcut [v], an address [the wire](https://example.org/wire)
and <https://example.org/auto>, mail [the desk](mailto:desk@example.org), and [this page](#intro).

- a list [item](2025/visit.md)
  - nested two spaces [deeper](2025/visit.md#why-it-matters)

| column |
|--------|
| [in a table](2025/visit.md) |

> [quoted](2025/visit.md)

Not links: `[code](2025/visit.md)`, \\[escaped](2025/visit.md), and

```
[fenced](2025/visit.md)
```

[v]: 2025/visit.md
"""
ON_THE_PAGE = {
    "2025/visit.md": "../visit/",
    "2025/visit.md#why-it-matters": "../visit/#why-it-matters",
    "./2025/visit.md#what-happened": "../visit/#what-happened",
    "https://example.org/wire": "https://example.org/wire",
    "https://example.org/auto": "https://example.org/auto",
    "mailto:desk@example.org": "mailto:desk@example.org",
    "#intro": "#intro",
}


def test_the_built_page_links_exactly_what_the_checker_knows(tmp_path):
    briefs = corpus(tmp_path, GOOD_LINKS)
    result = check_folder(briefs)
    assert result.errors == []
    linking = next(b for b in result.corpus.briefs if b.id == "linking")
    known = [link.target for link in linking.body.links]
    assert len(known) == 15 and not any("fenced" in t or "code" in t for t in known)
    site = tmp_path / "site"
    build = mkdocs_build(briefs, site, extra_env={"BRIEFING_WORKERS": "2"})
    assert build.returncode == 0, build.stderr
    page = (site / "briefs" / "linking" / "index.html").read_text(encoding="utf-8")
    body = re.search(r'<div class="br-body">(.*?)</div>\n', page, re.S).group(1)
    parsed = PageParser()
    parsed.feed(body)
    hrefs = [url for tag, url in parsed.links if tag == "a"]
    hrefs.remove("#intro")  # the heading's own permalink
    assert hrefs == [ON_THE_PAGE[target] for target in known]
    assert not any(".md" in url for url in hrefs)


def test_a_link_may_name_a_briefs_what_changed_and_a_followed_judgment(tmp_path):
    briefs = corpus(
        tmp_path,
        "[what changed](2025/noted.md#what-changed), [the "
        "judgment](2025/noted.md#j-visit-goes-ahead)",
    )
    (briefs / "2025" / "noted.md").write_text(
        brief_text(
            title="Noted",
            sources=[
                {
                    "id": "s1",
                    "title": "A report",
                    "publisher": "A wire",
                    "reliability": "B",
                    "credibility": 2,
                }
            ],
            judgments=[
                {
                    "id": "visit-goes-ahead",
                    "text": "The visit goes ahead.",
                    "confidence": "high",
                    "likelihood": "likely",
                    "sources": ["s1"],
                }
            ],
            changes=[{"date": "2025-05-06", "note": "Dates confirmed."}],
        ),
        encoding="utf-8",
    )
    result = check_folder(briefs)
    assert [str(p) for p in result.errors] == []
    site = tmp_path / "site"
    build = mkdocs_build(briefs, site)
    assert build.returncode == 0, build.stderr
    page = (site / "briefs" / "noted" / "index.html").read_text(encoding="utf-8")
    assert 'id="what-changed"' in page and 'id="j-visit-goes-ahead"' in page
