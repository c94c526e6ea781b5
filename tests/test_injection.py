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

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.site import uris
from briefing.site.body import body_html, sanitise
from briefing.site.html import Links
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

Raw <img src=x onerror=alert(10)> and <a href="javascript:alert(10)">a</a>
and <svg onload=alert(10)>.

[ok](https://example.org/ok) <https://example.org/auto> [mail](mailto:desk@example.org)

A paragraph with attributes
{: onclick="alert(17)" style="position:fixed" id="__search" }

[attr](https://example.org/){: onmouseover="alert(18)" href="javascript:alert(18)" }

## __search

BRIEFINGBLOCK0X

Mentions: <script>alert('actor')</script> Evil, and "><img src=x onerror=alert(2)>.

`<b>code keeps its text</b>`
"""
# Links the checker refuses, each on its line: the brief carrying them is not published.
LINKS_BODY = """
[js](javascript:alert(11)) [js2](<javascript:alert(12)>)
[data](data:text/html;base64,PHNjcmlwdD4=)
![img](javascript:alert(13))
[ref][r1]
<javascript:alert(14)>
[case](JaVaScRiPt:alert(15))
[other host](//evil.example/x)
[fine](https://example.org/fine)

[r1]: javascript:alert(16)
"""
# The line of each refused link in the body.
LINK_LINES = {
    "javascript:alert(11)": 2,
    "data:text": 3,
    "javascript:alert(13)": 4,
    "javascript:alert(16)": 5,
    "javascript:alert(14)": 6,
    "JaVaScRiPt:alert(15)": 7,
    "//evil.example/x": 8,
}


def safe_url(value: str) -> bool:
    """The test's own oracle: http(s), mailto or relative (not another host), as a browser reads
    it.
    """
    url = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value)).lower()
    if re.match(r"[/\\]{2}", url):
        return False
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", url)
    return scheme is None or scheme.group(1) in ("http", "https", "mailto")


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
    (briefs / "hostile-links.md").write_text(
        brief_text(title="Refused links", body=LINKS_BODY), encoding="utf-8"
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
    # Not strict: the brief with refused links stays off the site, the rest is built.
    result = mkdocs_build(briefs, site, strict=False, extra_env={"BRIEFING_WORKERS": request.param})
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
        # No payload survives as a tag: every "alert(" in the page is text or inside a quoted safe
        # attribute.
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


def test_only_http_mailto_and_relative_links_survive_in_a_body(hostile_site):
    text = (hostile_site / "briefs" / "hostile" / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", text, re.S).group(0)
    parsed = PageParser()
    parsed.feed(article)
    hrefs = [value for tag, value in parsed.links]
    for address in (
        "https://example.org/ok",
        "https://example.org/auto",
        "mailto:desk@example.org",
    ):
        assert address in hrefs, address
    assert all(safe_url(h) for h in hrefs), hrefs
    # Attribute-list syntax is text in a body: it sets no attribute.
    assert "__search" not in parsed.ids and "search" in parsed.ids  # a heading "__search" too
    assert not [a for a in parsed.attributes if a[1] == "style" or a[1].startswith("on")]
    assert '{: onclick="alert(17)" style="position:fixed" id="__search" }' in html.unescape(article)
    assert "BRIEFINGBLOCK0X" in html.unescape(article) and article.count('class="br-card"') == 1


def test_refused_links_are_errors_on_their_lines_and_keep_the_brief_off_the_site(
    hostile_site, tmp_path
):
    briefs = hostile_corpus(tmp_path)
    result = check_folder(briefs)
    errors = [p for p in result.problems if p.path.endswith("hostile-links.md")]
    text = (briefs / "hostile-links.md").read_text(encoding="utf-8").split("\n")
    before_body = text.index("---", 1) + 2  # the closing "---" and the blank line after it
    lines = {p.line - before_body for p in errors}
    assert lines == set(LINK_LINES.values()), [str(p) for p in errors]
    assert not (hostile_site / "briefs" / "hostile-links").exists()


def test_the_finishing_path_drops_unsafe_links_even_unchecked(tmp_path):
    """The second wall: a body the checker refused, rendered anyway, has no unsafe address."""
    briefs = hostile_corpus(tmp_path)
    result = check_folder(briefs)
    loaded = next(b for b in result.loaded if b.id == "hostile-links")
    result.corpus.briefs.append(loaded)
    catalog = catalog_module.build(result.corpus)
    markup = body_html(loaded, catalog, Links(), uris.brief(loaded.id))
    parsed = PageParser()
    parsed.feed(markup)
    assert parsed.links and all(safe_url(value) for _, value in parsed.links), parsed.links
    assert "<img" not in markup and "javascript:" not in markup.replace("javascript:alert", "")


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


# --- The sanitiser alone ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,kept",
    [
        ("https://e.org/", True),
        ("HTTP://e.org", True),
        ("mailto:a@b.org", True),
        ("../x/#a", True),
        ("#top", True),
        ("?q=1", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:x", False),
        (" java\tscript:x", False),
        ("javascript&#58;x", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("&#x6a;avascript:x", False),
        ("file:///etc/passwd", False),
        ("//evil.org/x", False),
        ("/\\evil.org/x", False),
    ],
)
def test_the_sanitiser_keeps_only_safe_addresses(url, kept):
    out = sanitise(f'<a href="{url}">x</a>')
    assert ("href=" in out) is kept, out
    assert safe_url(url) is kept  # the test's oracle agrees


def test_the_sanitiser_keeps_a_bodys_own_markup_and_nothing_else():
    produced = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>\n'
        '<table>\n<thead>\n<tr>\n<th style="text-align:center">x</th>\n</tr>\n</thead>\n</table>\n'
        '<ol start="3"><li><s>d</s> <del>e</del></li></ol>'
        '<p><sup class="footnote-ref"><a href="#fn-x-1" id="fnref-x-1">[1]</a></sup> '
        "<code>&lt;b&gt;</code></p>\n"
    )
    assert sanitise(produced) == produced
    hostile = (
        '<p onclick="x" style="position:fixed">a</p><script>alert(1)</script>'
        '<img src="x" onerror="y"><table><tr><td style="position:fixed">c</td></tr></table>'
        '<a class="md-search" href="#x">y</a><iframe src="https://e.org"></iframe>'
    )
    out = sanitise(hostile)
    for gone in ("onclick", "position", "<script", "<img", "onerror", "md-search", "<iframe"):
        assert gone not in out, gone
