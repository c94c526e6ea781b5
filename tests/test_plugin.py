"""The MkDocs plugin as MkDocs runs it: options validated, workers that end with the build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation

from briefing import engines
from briefing.plugin import tabs


def site_config(tmp_path: Path, plugin_options: str) -> Path:
    """The site's mkdocs.yml with the briefing plugin's options replaced by ``plugin_options``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    head, rest = text.split("  - briefing:\n", 1)
    lines = rest.split("\n")
    kept = next(n for n, line in enumerate(lines) if not line.startswith("      "))
    text = head + "  - briefing:\n" + plugin_options + "\n".join(lines[kept:])
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def test_a_misspelt_option_fails_the_strict_build_naming_it(tmp_path, corpus_dir, write_brief):
    write_brief("one")
    config = site_config(tmp_path, f"      briefs_dir: {corpus_dir}\n      history_url: x/\n")
    command = [
        *engines.command(),
        "build",
        "--strict",
        "-f",
        str(config),
        "-d",
        str(tmp_path / "site"),
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "history_url" in result.stderr and "Unrecognised configuration name" in result.stderr


def test_a_bad_worker_count_is_refused_with_what_is_expected(tmp_path, corpus_dir, write_brief):
    write_brief("one")
    config = site_config(tmp_path, f"      briefs_dir: {corpus_dir}\n      workers: many\n")
    result = mkdocs_build(corpus_dir, tmp_path / "site", config=config)
    assert result.returncode != 0
    assert "expected 'auto' or a number of processes" in result.stderr


def test_the_briefs_folder_is_the_plugins_option(tmp_path, corpus_dir, write_brief):
    write_brief("only-here", title="Only in this folder")
    config = site_config(tmp_path, f"      briefs_dir: {corpus_dir}\n")
    env = {key: value for key, value in os.environ.items() if key != "BRIEFS_DIR"}
    site = tmp_path / "site"
    command = [
        *engines.command(),
        "build",
        "-q",
        "--strict",
        "-f",
        str(config),
        "-d",
        str(site),
    ]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (site / "briefs" / "only-here" / "index.html").is_file()


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


WORKER_SCRIPT = """
import os, sys, time
from briefing.parallel import Pool

def hold(report, items):
    with open(report, "a") as out:
        out.write(f"{os.getpid()}\\n")
    time.sleep(3600)  # a page that never finishes: only the parent's death ends it
    return items

pool = Pool(sys.argv[1], 2)
futures = [pool.submit(hold, [n]) for n in range(2)]
time.sleep(3600)
"""


def test_workers_end_when_the_process_that_forked_them_is_killed(tmp_path):
    """A killed `mkdocs build` (or serve) leaves no page workers behind (parallel.Pool)."""
    report = tmp_path / "workers.txt"
    script = tmp_path / "hold.py"
    script.write_text(WORKER_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script), str(report)], cwd=REPO)
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 120  # only a hang ends the wait this way
        while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = [int(n) for n in report.read_text().split()] if report.exists() else []
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 120
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_editors_backups_stay_off_the_site(tmp_path, corpus_dir, write_brief):
    """index.md~, method.md.orig, notes.bak, #draft.md# beside the pages are never copied."""
    write_brief("one")
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    backups = [
        "index.md~",
        "method.md.orig",
        "notes.bak",
        "#writing-briefs.md#",
        "stylesheets/briefing.css.swp",
    ]
    for name in backups:
        (docs / name).write_text("a backup\n", encoding="utf-8")
    config = site_config(tmp_path, f"      briefs_dir: {corpus_dir}\n")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            f"docs_dir: {REPO / 'docs'}", f"docs_dir: {docs}"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(corpus_dir, site, config=config)
    assert result.returncode == 0, result.stderr
    assert (site / "method" / "index.html").is_file()
    for name in backups:
        assert not (site / name).exists(), name
    assert not [p for p in site.rglob("*") if p.name.endswith(("~", ".orig", ".bak", ".swp", "#"))]


def _nav_and_pages():
    config = load_config(str(REPO / "mkdocs.yml"))
    config.nav = [{"Topics": "topics/index.md"}, {"Actors": "actors/index.md"}]
    config.plugins._current_plugin = "briefing"  # File.generated names the plugin making it
    files = Files(
        [
            File.generated(config, src_uri, content="")
            for src_uri in ("topics/index.md", "actors/index.md", "topics/victory-day.md")
        ]
    )
    nav = get_navigation(files, config)
    return nav, {file.src_uri: file.page for file in files}


def test_a_worker_rendering_a_topic_then_the_topics_index_leaves_the_index_active():
    """A worker renders pages one after another with no on_post_page between them (plugin/
    templates.py): the section marked for a topic page is the topics index, and unmarking it
    before the index's own rendering took the highlight off the index's own tab."""
    nav, pages = _nav_and_pages()
    topic, index = pages["topics/victory-day.md"], pages["topics/index.md"]
    actors = pages["actors/index.md"]
    section = None
    rendered = {}
    for page in (topic, index, actors):
        page.active = True  # what MkDocs (or the worker) does before on_page_context
        section = tabs.switch(section, nav, page)
        rendered[page.file.src_uri] = [item.file.src_uri for item in nav.pages if item.active]
        page.active = False  # what MkDocs (or the worker) does once the page is rendered
    assert rendered == {
        "topics/victory-day.md": ["topics/index.md"],
        "topics/index.md": ["topics/index.md"],
        "actors/index.md": ["actors/index.md"],
    }
