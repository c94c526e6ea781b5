"""`briefing render` writes pages that another engine can build without our plugin."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, without_engine


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
            sys.executable,
            "-m",
            "mkdocs",
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
