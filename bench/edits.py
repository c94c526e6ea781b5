"""The bench's measures of editing: `mkdocs serve --dirty` from a save to the changed page served,
and a pull request's CI build with the build store restored after one brief changed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml

SAVES = ("body edit", "front matter (topic added)", "new brief")


def serve_saves(briefs: Path, *, python: str, repo: Path, out: Path, env: dict) -> dict[str, float]:
    """Seconds from saving to the changed page served by `mkdocs serve --dirty` (what `make serve`
    runs), for three kinds of save: a body edit, a front-matter edit that changes related briefs
    and topic pages, and a new brief. The corpus is put back afterwards."""
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
        command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
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

    def save(path: Path, text: str, page: str, marker: str) -> float:
        saved = time.monotonic()
        path.write_text(text, encoding="utf-8")
        shown = served(page, marker, 1800)
        if shown is None:
            raise SystemExit(f"the save of {path.name} never reached {page}")
        return shown - saved

    times: dict[str, float] = {}
    try:
        if served(f"briefs/{body.stem}/", "</html>", 1800) is None:
            raise SystemExit("mkdocs serve never served the page")
        time.sleep(2)  # the watcher starts once the first build is served
        marker = f"Edited for the benchmark {time.time_ns()}"
        edited = originals[body].replace("## Background", f"## Background\n\n{marker}\n", 1)
        times[SAVES[0]] = save(body, edited, f"briefs/{body.stem}/", marker)
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
        times[SAVES[1]] = save(front, moved, f"topics/{topic}/", f"../../briefs/{front.stem}/")
        new_title = f"Bench new brief {time.time_ns()}"
        fresh = re.sub(r"^title: .*$", f"title: {new_title}", text, count=1, flags=re.MULTILINE)
        times[SAVES[2]] = save(added, fresh, "briefs/bench-new-brief/", new_title)
        return times
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
