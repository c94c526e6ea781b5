"""The bench's measures of editing: `mkdocs serve --dirty` from a save to the changed page served,
and a pull request's CI build with the build store restored after one brief changed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import yaml

from briefing.plugin.build import SEARCH_WRITTEN

SAVES = ("body edit", "front matter (topic added)", "new brief")


def serve_saves(
    briefs: Path, *, python: str, repo: Path, out: Path, env: dict
) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds from saving to the changed page served by `mkdocs serve --dirty` (what `make serve`
    runs), for three kinds of save: a body edit, a front-matter edit that changes related briefs
    and topic pages, and a new brief; and from saving to the search index written, which serve
    finishes after serving the pages. Each save waits for the last one's index, which serve says
    once all it does after a rebuild is done, its collection of the rebuild's garbage too (an
    analyst's saves are seconds apart). The corpus is put back afterwards."""
    port = 8799
    env = {**env, "BRIEFS_DIR": str(briefs), "BRIEFING_CACHE_DIR": str(out / "cache")}
    command = [
        python,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--livereload",
        "-a",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(
        command,
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    indexed: list[float] = []  # when serve said each search index was written
    said = threading.Condition()

    def read() -> None:
        for line in server.stderr:
            if SEARCH_WRITTEN in line:
                with said:
                    indexed.append(time.monotonic())
                    said.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def index_after(moment: float) -> float:
        with said:
            if not said.wait_for(lambda: any(t > moment for t in indexed), timeout=1800):
                raise SystemExit("mkdocs serve never wrote the search index")
            return next(t for t in indexed if t > moment)

    base = f"http://127.0.0.1:{port}/"
    targets = sorted(briefs.glob("*/*.md"))
    body, front = targets[0], targets[1]
    originals = {path: path.read_text(encoding="utf-8") for path in (body, front)}
    added = body.parent / "bench-new-brief.md"

    def served(path: str, text: str, limit: float) -> float | None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + path, timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return time.monotonic()
            except OSError:
                pass
            time.sleep(0.02)
        return None

    searchable: dict[str, float] = {}

    def save(path: Path, text: str, page: str, marker: str, kind: str) -> float:
        saved = time.monotonic()
        path.write_text(text, encoding="utf-8")
        shown = served(page, marker, 1800)
        if shown is None:
            raise SystemExit(f"the save of {path.name} never reached {page}")
        searchable[kind] = index_after(saved) - saved
        return shown - saved

    times: dict[str, float] = {}
    try:
        if served(f"briefs/{body.stem}/", "</html>", 1800) is None:
            raise SystemExit("mkdocs serve never served the page")
        index_after(0)
        time.sleep(2)  # the watcher starts once the first build is served
        marker = f"Edited for the benchmark {time.time_ns()}"
        edited = originals[body].replace("## Background", f"## Background\n\n{marker}\n", 1)
        times[SAVES[0]] = save(body, edited, f"briefs/{body.stem}/", marker, SAVES[0])
        text = originals[front]
        front_matter = yaml.safe_load(text.split("---", 2)[1])
        topics = yaml.safe_load((briefs / "topics.yml").read_text(encoding="utf-8"))
        topic = next(t for t in topics if t not in front_matter["topics"])
        moved = re.sub(
            r"^topics: .*$",
            "topics: " + json.dumps([*front_matter["topics"], topic]),
            text,
            count=1,
            flags=re.MULTILINE,
        )
        times[SAVES[1]] = save(
            front, moved, f"topics/{topic}/", f"../../briefs/{front.stem}/", SAVES[1]
        )
        new_title = f"Bench new brief {time.time_ns()}"
        fresh = re.sub(r"^title: .*$", f"title: {new_title}", text, count=1, flags=re.MULTILINE)
        times[SAVES[2]] = save(added, fresh, "briefs/bench-new-brief/", new_title, SAVES[2])
        return times, searchable
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        added.unlink(missing_ok=True)
        server.terminate()
        server.wait(timeout=30)


def ci_rebuild(briefs: Path, size: int, *, python: str, repo: Path, out: Path, env: dict, timed):
    """A pull request's build in CI: cold (empty brief cache and build store), then, with both
    restored, after one brief changed. Each into a fresh site folder. Returns the two runs."""
    store = out / "ci-cache"
    shutil.rmtree(store, ignore_errors=True)
    env = {**env, "BRIEFS_DIR": str(briefs), "BRIEFING_CACHE_DIR": str(store)}
    site = out / f"ci-site-{size}"
    shutil.rmtree(site, ignore_errors=True)
    command = [python, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    cold = timed(command, cwd=repo, env=env)
    target = sorted(briefs.glob("*/*.md"))[2]
    original = target.read_text(encoding="utf-8")
    try:
        changed = original.replace(
            "## Background", "## Background\n\nChanged in the pull request.\n", 1
        )
        target.write_text(changed, encoding="utf-8")
        shutil.rmtree(site, ignore_errors=True)
        warm = timed(command, cwd=repo, env=env)
    finally:
        target.write_text(original, encoding="utf-8")
    return cold, warm
