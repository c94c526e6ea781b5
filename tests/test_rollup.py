"""The roll-up in real builds: every page, feed, data file and archive shows the most restrictive
marking it holds; the banner is at the top of every page in TLP's colours, on every printed
sheet, and passes axe-core."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser
import pytest
from audiencecorpus import AMBER
from conftest import REPO
from sitecheck import parse
from test_accessibility import violations
from test_audiences import banner

from briefing.markings import COLOUR, rank
from briefing.model import Marking

BRIEF_LINK = re.compile(r"(?:^|/)briefs/([a-z0-9-]+)/(?:#.*)?$")


def test_a_topic_page_carries_the_narrowest_marking_it_holds_in_each_build(audience_sites):
    topic = Path("topics") / "victory-day" / "index.html"
    assert banner(audience_sites["amber"] / topic) == "TLP:AMBER"
    assert banner(audience_sites["green"] / topic) == "TLP:GREEN"
    assert banner(audience_sites["strict"] / topic) == "TLP:AMBER+STRICT"
    # A page holding only open briefs says so, even in a build holding more.
    actor = audience_sites["amber"] / "actors" / "volodymyr-zelenskyy" / "index.html"
    assert banner(actor) == "TLP:CLEAR"
    assert banner(audience_sites["amber"] / "writing-briefs" / "index.html") == "TLP:CLEAR"
    assert banner(audience_sites["amber"] / "index.html") == "TLP:AMBER"
    assert banner(audience_sites["amber"] / "404.html") == "TLP:CLEAR"


def test_no_page_links_to_a_brief_marked_above_its_banner(audience_sites):
    """The roll-up holds on every page: a brief it names is never more restrictive than it says."""
    for name in ("amber", "strict", "green"):
        site = audience_sites[name]
        data = json.loads((site / "briefs.json").read_text(encoding="utf-8"))
        marking = {b["id"]: Marking(b["marking"]) for b in data["briefs"]}
        checked = 0
        for path in site.rglob("*.html"):
            label = Marking(banner(path))
            for _, url in parse(path).links:
                found = BRIEF_LINK.search(url.split("?")[0])
                if found and found.group(1) in marking:
                    checked += 1
                    assert rank(marking[found.group(1)]) <= rank(label), (path, url, label)
        assert checked > 10, name


def test_feeds_data_and_the_notice_carry_their_roll_up(audience_sites):
    site = audience_sites["amber"]
    feed = feedparser.parse((site / "feeds" / "all.xml").read_bytes())
    assert feed.feed.rights.startswith("TLP:AMBER. Limited disclosure")
    rights = {entry.title: entry.rights.split(".")[0] for entry in feed.entries}
    assert rights[f"{AMBER} title"] == "TLP:AMBER" and rights["A public note"] == "TLP:CLEAR"
    war = feedparser.parse((audience_sites["green"] / "feeds" / "ukraine-war.xml").read_bytes())
    assert war.feed.rights.startswith("TLP:CLEAR.")
    data = json.loads((site / "briefs.json").read_text(encoding="utf-8"))
    assert data["marking"] == "TLP:AMBER"
    assert {b["id"]: b["marking"] for b in data["briefs"]}["green-parade"] == "TLP:GREEN"
    timeline = json.loads((audience_sites["green"] / "timeline.json").read_text(encoding="utf-8"))
    assert timeline["title"]["text"]["headline"] == "Briefing Room timeline (TLP:GREEN)"
    notice = (site / "MARKING.txt").read_text(encoding="utf-8")
    assert notice.startswith("TLP:AMBER\n") and "at or below TLP:AMBER," in notice


@pytest.mark.parametrize(
    ("build", "path", "label"),
    [
        ("amber", "writing-briefs/", Marking.CLEAR),
        ("green", "", Marking.GREEN),
        ("amber", "topics/victory-day/", Marking.AMBER),
        ("strict", f"briefs/{'zqstrictzq'}-brief/", Marking.AMBER_STRICT),
    ],
)
def test_the_banner_is_at_the_top_in_tlp_colours_and_accessible(
    page, serve, audience_sites, build, path, label
):
    base = serve(audience_sites[build])
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    first = page.evaluate("() => document.body.querySelector('.br-marking, .md-header').className")
    assert "br-marking" in first  # above the header
    box = page.locator(".br-marking").bounding_box()
    assert box["y"] == 0 and box["width"] >= 1200
    strong = page.locator(".br-marking__label")
    assert strong.inner_text() == label.value
    colour = strong.evaluate("e => getComputedStyle(e).color")
    background = page.locator(".br-marking").evaluate("e => getComputedStyle(e).backgroundColor")
    red, green, blue = (int(COLOUR[label][i : i + 2], 16) for i in (1, 3, 5))
    assert colour == f"rgb({red}, {green}, {blue})" and background == "rgb(0, 0, 0)"
    assert violations(page) == []


def test_every_printed_sheet_carries_the_label(browser, serve, audience_sites):
    from pypdf import PdfReader

    context = browser.new_context()
    tab = context.new_page()
    tab.goto(serve(audience_sites["amber"]) + "topics/victory-day/book/")
    tab.wait_for_load_state("networkidle")
    tab.emulate_media(media="print")
    assert tab.locator(".br-marking").is_visible()
    sheets = PdfReader(io.BytesIO(tab.pdf(format="A5"))).pages
    context.close()
    assert len(sheets) >= 3
    for number, sheet in enumerate(sheets, 1):
        lines = sheet.extract_text().splitlines()
        # The top and bottom margins of each sheet come first, each the page's label alone.
        assert lines[:2] == ["TLP:AMBER", "TLP:AMBER"], (number, lines[:4])
    first = sheets[0].extract_text()
    assert "TLP:AMBER Limited disclosure" in first.replace("  ", " ")  # the banner itself


def test_make_build_audiences_builds_every_hosted_audience(tmp_path, audience_sites):
    briefs = audience_sites["green"].parent / "briefs"
    out = tmp_path / "audiences"
    result = subprocess.run(
        ["make", "-s", "build-audiences", f"AUDIENCES_DIR={out}", "AUDIENCES_URL=http://x.test/"],
        cwd=REPO,
        env={
            **os.environ,
            "BRIEFS_DIR": str(briefs),
            "SOURCE_DATE_EPOCH": "1767225600",
        },
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "tlp-amber",
        "tlp-amber-strict",
        "tlp-clear",
        "tlp-green",
    ]
    for folder, label in (
        ("tlp-clear", "TLP:CLEAR"),
        ("tlp-green", "TLP:GREEN"),
        ("tlp-amber", "TLP:AMBER"),
        ("tlp-amber-strict", "TLP:AMBER+STRICT"),
    ):
        assert banner(out / folder / "index.html") == label, folder
        assert f"at or below {label}," in (out / folder / "MARKING.txt").read_text(encoding="utf-8")
    # Each site's 404 page links from the path its audience is served at.
    assert 'href="/tlp-green/assets/' in (out / "tlp-green" / "404.html").read_text(
        encoding="utf-8"
    )
    assert not list(out.glob("*red*"))


def test_a_red_brief_alone_wears_tlp_red_offline_and_it_is_accessible(
    page, audience_sites, tmp_path
):
    from audiencecorpus import RED
    from test_audiences import run_export

    briefs = audience_sites["green"].parent / "briefs"
    result = run_export(
        "--brief", f"{RED}-brief", "--out", str(tmp_path / "red.zip"), briefs=briefs, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "red.zip") as zipped:
        zipped.extractall(tmp_path)
    page.goto((tmp_path / "red" / "briefs" / f"{RED}-brief.html").as_uri())
    strong = page.locator(".br-marking__label")
    assert strong.inner_text() == "TLP:RED"
    assert strong.evaluate("e => getComputedStyle(e).color") == "rgb(255, 43, 43)"
    assert page.locator(".br-card .br-tlp").inner_text() == "TLP:RED"
    assert violations(page) == []
    assert [u for u in page.requests if not u.startswith("file://")] == []


def test_briefing_render_writes_only_the_audiences_briefs_each_page_with_its_marking(
    audience_sites, tmp_path
):
    from audiencecorpus import STRICT

    briefs = audience_sites["green"].parent / "briefs"
    out = tmp_path / "pages"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(out),
            "--briefs",
            str(briefs),
            "--audience",
            "TLP:GREEN",
            "--today",
            "2026-01-01",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert [
        name for name, data in written.items() for m in (AMBER, STRICT) if m.encode() in data
    ] == []
    assert b'br_marking: "TLP:GREEN"' in written["briefs/green-parade.md"]
    assert (
        written["index.md"].startswith(b"---\n")
        and b'br_marking: "TLP:GREEN"' in written["index.md"]
    )
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(tmp_path / "red"),
            "--briefs",
            str(briefs),
            "--audience",
            "TLP:RED",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 2 and "TLP:RED is for named recipients" in refused.stderr
