"""Markup injection: hostile values in every field that reaches the site stay text.

One corpus puts payloads (``<script>``, ``"><img onerror=…>``, ``javascript:`` and ``data:``
URLs, Markdown link tricks, attribute lists) in every front-matter field, in the registries
(actor names, aliases, roles, topic titles) and in a brief's Markdown body. It is built with
MkDocs twice, brief pages converted by workers and by MkDocs itself; then every page, the search
index, the feeds and the JSON exports are read back as a browser or a feed reader would.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, brief_text, mkdocs_build
from sitecheck import PageParser, parse

from briefing.site.sanitise import clean_html, escape_raw_html, safe_url
from briefing.site.search import read_docs

ACTOR_NAME = "<script>alert('actor')</script> Evil"
ALIAS_IMG = '"><img src=x onerror=alert(2)>'
ALIAS_LINK = "[a](javascript:alert(3))"
TOPIC_TITLE = '"><img src=x onerror=alert(5)> Topic'
TITLE = "[t](javascript:alert(7)) <script>alert(7)</script> Title"
SUMMARY = "<img src=x onerror=alert(8)> [s](data:text/html,<script>alert(8)</script>) summary"

REGISTRY_ACTOR = f"""
hostile-actor:
  name: {json.dumps(ACTOR_NAME)}
  kind: person
  aliases: [{json.dumps(ALIAS_IMG)}, {json.dumps(ALIAS_LINK)}]
  country: "'><svg onload=alert(4)>"
  role: "<b>role</b> {{: onclick=alert(4) }}"
  description: "[x](data:text/html,hi) <iframe src=javascript:alert(4)></iframe>"
"""
REGISTRY_TOPIC = f"""
hostile-topic:
  title: {json.dumps(TOPIC_TITLE)}
  description: "<script>alert(6)</script> [d](javascript:alert(6))"
"""
BODY = """
## <script>alert(9)</script> heading {: onclick="alert(9)" }

Raw <img src=x onerror=alert(10)> and <a href="javascript:alert(10)">a</a> and <svg onload=alert(10)>.

[js](javascript:alert(11)) [js2](<javascript:alert(12)>) [data](data:text/html;base64,PHNjcmlwdD4=)
![img](javascript:alert(13)) [ref][r1] <javascript:alert(14)> [ok](https://example.org/ok) [case](JaVaScRiPt:alert(15))

[r1]: javascript:alert(16)

A paragraph with attributes
{: onclick="alert(17)" style="position:fixed" id="__search" }

[attr](https://example.org/){: onmouseover="alert(18)" href="javascript:alert(18)" }

BRIEFINGBLOCK0X

Mentions: <script>alert('actor')</script> Evil, and "><img src=x onerror=alert(2)>.

`<b>code keeps its text</b>`
"""


def hostile_corpus(root: Path) -> Path:
    briefs = root / "briefs"
    briefs.mkdir(parents=True)
    (briefs / "actors.yml").write_text(
        (REPO / "briefs" / "actors.yml").read_text(encoding="utf-8") + REGISTRY_ACTOR,
        encoding="utf-8",
    )
    (briefs / "topics.yml").write_text(
        (REPO / "briefs" / "topics.yml").read_text(encoding="utf-8") + REGISTRY_TOPIC,
        encoding="utf-8",
    )
    (briefs / "hostile.md").write_text(
        brief_text(
            title=TITLE,
            summary=SUMMARY,
            topics=["hostile-topic"],
            actors=["hostile-actor", "xi-jinping"],
            events=[
                {
                    "date": "2025-05-01",
                    "title": '"><img src=x onerror=alert(19)>',
                    "location": "<i>loc</i>",
                    "actors": ["hostile-actor"],
                }
            ],
            sources=[
                {
                    "title": "[src](javascript:alert(20))",
                    "publisher": "<b>Pub</b> \"'><script>alert(21)</script>",
                    "url": 'https://example.org/?q="><script>alert(22)</script>',
                },
                {
                    "id": "plain",
                    "title": "Plain",
                    "publisher": "<b>Pub</b> \"'><script>alert(21)</script>",
                },
            ],
            judgments=[
                {
                    "text": "<script>alert(23)</script> judged",
                    "confidence": "low",
                    "sources": ["plain"],
                }
            ],
            body=BODY,
        ),
        encoding="utf-8",
    )
    (briefs / "neighbour.md").write_text(
        brief_text(title="A neighbour", topics=["hostile-topic"], actors=["hostile-actor"]),
        encoding="utf-8",
    )
    return briefs


@pytest.fixture(scope="module", params=["2", "0"], ids=["workers", "mkdocs"])
def hostile_site(request, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    briefs = hostile_corpus(root)
    site = root / "site"
    result = mkdocs_build(briefs, site, extra_env={"BRIEFING_WORKERS": request.param})
    assert result.returncode == 0, result.stderr
    return site


def injected(page: PageParser) -> list:
    """Every sign of injected markup in a parsed page."""
    found = [a for a in page.attributes if a[1].lower().startswith("on")]
    found += [
        a
        for a in page.attributes
        if a[1].lower() in ("href", "src", "action", "formaction") and not safe_url(a[2])
    ]
    found += [
        t for t in page.tags if t in ("iframe", "object", "embed", "base", "frame")
    ]  # Material has its own svg and form
    return found


def test_no_page_carries_injected_markup(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = parse(path)
        assert injected(page) == [], path
        # No payload survives as a tag: every "alert(" in the page is text or inside a quoted safe attribute.
        assert not re.search(r"<(script|img|svg|iframe)[^>]*alert", text), path
        inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.S)
        assert all("alert" not in script for script in inline_scripts), path


def test_hostile_values_show_as_text(hostile_site):
    page = html.unescape(
        (hostile_site / "briefs" / "hostile" / "index.html").read_text(encoding="utf-8")
    )
    for shown in (
        ACTOR_NAME,
        TITLE,
        SUMMARY,
        ALIAS_IMG,
        "<script>alert(23)</script> judged",
        "<b>Pub</b>",
        "<i>loc</i>",
        "<img src=x onerror=alert(10)>",
        "<b>code keeps its text</b>",
    ):
        assert shown in page, shown
    topic = html.unescape(
        (hostile_site / "topics" / "hostile-topic" / "index.html").read_text(encoding="utf-8")
    )
    assert TOPIC_TITLE in topic and "<script>alert(6)</script>" in topic
    actor = html.unescape(
        (hostile_site / "actors" / "hostile-actor" / "index.html").read_text(encoding="utf-8")
    )
    assert ACTOR_NAME in actor and "'><svg onload=alert(4)>" in actor and "<b>role</b>" in actor


def test_only_http_links_and_relative_links_survive_in_a_body(hostile_site):
    text = (hostile_site / "briefs" / "hostile" / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", text, re.S).group(0)
    parsed = PageParser()
    parsed.feed(article)
    hrefs = [value for tag, value in parsed.links]
    assert "https://example.org/ok" in hrefs
    assert all(safe_url(h) for h in hrefs), hrefs
    # Links with other schemes keep their words only; so does one whose href an attribute list replaced.
    for words in ("js", "data", "case", "ref", "attr"):
        assert f"<a>{words}</a>" in article, words
    assert 'id="__search"' not in article and "position:fixed" not in article
    # The body's look-alike block token stays text; the real blocks are each filled once.
    assert "BRIEFINGBLOCK0X" in html.unescape(article) and article.count('class="br-card"') == 1


def test_search_index_holds_values_as_plain_text_never_as_markup(hostile_site):
    """The sharded index keeps what readers see, as plain text (the search worker escapes it when
    it makes result markup: tests/test_search.py); no file of it holds a raw "<"."""
    docs = read_docs(hostile_site / "search")
    hostile = [d for d in docs if "hostile" in d["location"]]
    assert hostile
    assert any(
        "<script>" in d["title"] + d["text"] for d in hostile
    )  # the payload is data, as typed
    for path in (hostile_site / "search").rglob("*.json"):
        assert "<" not in path.read_text(encoding="utf-8"), path


def test_feeds_hold_values_as_text(hostile_site):
    for path in sorted((hostile_site / "feeds").glob("*.xml")):
        if path.name == "sitemap.xml":
            continue
        data = path.read_bytes()
        feed = feedparser.parse(data)
        assert not feed.bozo, (path, feed.bozo_exception)
        assert b"<script" not in data and b"<img" not in data, path
    feed = feedparser.parse((hostile_site / "feeds" / "hostile-topic.xml").read_bytes())
    assert TOPIC_TITLE in feed.feed.title
    assert TITLE in [e.title for e in feed.entries]


def test_json_exports_escape_markup_characters(hostile_site):
    for name in ("briefs.json", "timeline.json"):
        text = (hostile_site / name).read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, name
    data = json.loads((hostile_site / "briefs.json").read_text(encoding="utf-8"))
    hostile = next(b for b in data["briefs"] if b["id"] == "hostile")
    assert hostile["title"] == TITLE and hostile["summary"] == SUMMARY
    timeline = json.loads((hostile_site / "timeline.json").read_text(encoding="utf-8"))
    headlines = [e["text"]["headline"] for e in timeline["events"]]
    assert (
        html.escape('"><img src=x onerror=alert(19)>') in headlines
    )  # TimelineJS renders HTML: escaped


# --- The two walls alone --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,safe",
    [
        ("https://e.org/", True),
        ("HTTP://e.org", True),
        ("../x/#a", True),
        ("#top", True),
        ("?q=1", True),
        ("x.md", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:x", False),
        (" java\tscript:x", False),
        ("javascript&#58;x", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("&#x6a;avascript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_url(url, safe):
    assert safe_url(url) is safe


def test_clean_html_keeps_markdowns_own_output():
    produced = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>\n'
        '<table>\n<thead>\n<tr>\n<th style="text-align: left;">x</th>\n</tr>\n</thead>\n</table>\n'
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n</div>\n'
        '<details class="note" open="open"><summary>S</summary></details><ol start="3"><li><del>d</del></li></ol>'
        '<p><abbr title="t">T</abbr> <img alt="i" src="p.png" /> <code>&lt;b&gt;</code></p>'
    )
    assert clean_html(produced) == produced


def test_raw_html_is_escaped_outside_code_only():
    body = "a <b>x</b> `<i>` <https://e.org/?a=1> <mailto:x@y>\n```\n<pre>\n```\n"
    assert (
        escape_raw_html(body)
        == "a &lt;b>x&lt;/b> `<i>` <https://e.org/?a=1> &lt;mailto:x@y>\n```\n<pre>\n```\n"
    )
