"""`briefing render` writes pages that another engine can build without our plugin."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, without_engine

from briefing import engines


def test_rendered_pages_build_with_plain_mkdocs_and_no_plugin(tmp_path, write_brief, corpus_dir):
    write_brief("one", title="First brief", body="See [two](two.md).\n")
    write_brief("two", title="Second brief")
    out = tmp_path / "pages"
    rendered = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(out),
            "--briefs",
            str(corpus_dir),
            "--docs",
            str(REPO / "docs"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert (out / "briefs" / "one.md").is_file() and (out / "timeline.md").is_file()
    assert "## Latest briefs" in (out / "index.md").read_text(encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    # The site's own config with the plugin taken out and docs_dir pointed at the rendered pages.
    text = (
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("docs_dir: docs\n", f"docs_dir: {out}\n")
    )
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = without_engine(text).replace("  - briefs   #", "  - " + str(out) + "   #")
    assert "- briefing:" not in text
    config.write_text(text, encoding="utf-8")
    built = subprocess.run(
        [
            *engines.command(),
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "briefs" / "one" / "index.html").read_text(encoding="utf-8")
    assert 'href="../two/"' in page and "First brief" in page


def test_render_refuses_to_write_with_errors_when_strict(tmp_path, write_brief, corpus_dir):
    write_brief("bad", topics=["no-such-topic"])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(tmp_path / "out"),
            "--briefs",
            str(corpus_dir),
            "--strict",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "bad.md:5: error: unknown topic 'no-such-topic'" in result.stderr
    assert not (tmp_path / "out").exists()


HOSTILE_BODY = """## Words

Raw <a href="javascript:alert(2)">a</a> and <img src=x onerror=alert(3)> stay text, and so
does {: onclick="alert(4)" }. Code: `<script>alert(5)</script>`. See [the other](two.md#more)
and <https://example.org/ok>.
"""


def test_rendered_pages_hold_only_what_the_site_shows_and_their_links_resolve(
    tmp_path, write_brief, corpus_dir, serve
):
    from sitecheck import PageParser
    from test_linkcheck import _Handler, linkcheck

    write_brief("one", title="First brief", body=HOSTILE_BODY)
    write_brief("two", title="Second brief", body="## More\n\nText.\n")
    write_brief("refused", title="Refused", body="[x](javascript:alert(1))\n")
    out = tmp_path / "pages"
    rendered = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(out),
            "--briefs",
            str(corpus_dir),
            "--docs",
            str(REPO / "docs"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert rendered.returncode == 1  # the refused brief is an error, named on stderr
    assert "refused.md:" in rendered.stderr and not (out / "briefs" / "refused.md").exists()
    for path in (out / "briefs").glob("*.md"):
        parsed = PageParser()
        parsed.feed(path.read_text(encoding="utf-8"))
        assert not [a for a in parsed.attributes if a[1].startswith("on")], path
        assert not [u for _, u in parsed.links if not u.startswith(("../", "#", "https:"))], path
        assert not {"script", "img"} & set(parsed.tags), path
    config = tmp_path / "mkdocs.yml"
    text = (
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("docs_dir: docs\n", f"docs_dir: {out}\n")
    )
    text = without_engine(
        text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    )
    config.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    command = [
        *engines.command(),
        "build",
        "--strict",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site),
    ]
    built = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = (site / "briefs" / "one" / "index.html").read_text(encoding="utf-8")
    assert 'href="../two/#more"' in page and "&lt;img src=x onerror=alert(3)&gt;" in page
    result, checked = linkcheck(serve(site, _Handler))
    assert result.returncode == 0, result.stdout[-5000:]
    assert checked > len(list(site.rglob("*.html")))
