"""How long "Last updated" from git costs a build: ``python bench/history.py [N] [--edits E]``.

Makes a repository of N generated briefs (bench/generate.py) added in commits of 100, then E
commits each editing one brief (written with ``git fast-import``, so setting up is quick),
and times ``briefing.history.revisions`` (one ``git log`` for the corpus) against a sample
of ``git log -1`` per file, the way a per-page plugin asks.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
from generate import generate  # noqa: E402

from briefing.check.folder import check_folder  # noqa: E402
from briefing.git import history  # noqa: E402

BATCH = 100
ENV = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def fast_import_stream(files: list[str], contents: dict[str, bytes], edits: int) -> bytes:
    """Commits adding ``files`` BATCH at a time, then ``edits`` commits appending a line to one
    brief.
    """
    out, stamp, mark = [], 1700000000, 0
    rng = random.Random(7)

    def commit(changes: list[tuple[str, bytes]], message: str) -> None:
        nonlocal stamp, mark
        stamp += 3600
        mark += 1
        data = message.encode()
        out.append(
            f"commit refs/heads/main\nmark :{mark}\ncommitter Bench <bench@example.org> "
            f"{stamp} +0000\ndata {len(data)}\n".encode()
            + data
            + b"\n"
        )
        if mark > 1:
            out.append(f"from :{mark - 1}\n".encode())
        for path, body in changes:
            out.append(f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n")
        out.append(b"\n")

    for start in range(0, len(files), BATCH):
        chunk = files[start : start + BATCH]
        commit([(path, contents[path]) for path in chunk], f"briefs {start}")
    briefs = [path for path in files if path.endswith(".md")]
    for index in range(edits):
        path = rng.choice(briefs)
        contents[path] += b"\nAn edit.\n"
        commit([(path, contents[path])], f"edit {index}")
    return b"".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=200, help="files timed with one git log each")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-history-bench-"))
    try:
        briefs = work / "briefs"
        generate(briefs, args.size)
        files = sorted(p.relative_to(work).as_posix() for p in briefs.rglob("*") if p.is_file())
        contents = {path: (work / path).read_bytes() for path in files}
        subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True, env=ENV)
        started = time.perf_counter()
        subprocess.run(
            ["git", "fast-import", "--quiet"],
            cwd=work,
            input=fast_import_stream(files, contents, args.edits),
            check=True,
            env=ENV,
        )
        subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=work, check=True, env=ENV)
        commits = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(
            f"repository: {args.size} briefs, {commits} commits (made in "
            f"{time.perf_counter() - started:.1f} s)"
        )
        loaded = check_folder(briefs).corpus.briefs
        times = []
        for _ in range(3):
            started = time.perf_counter()
            found = history.revisions(
                loaded, briefs, history_base="https://git.example/r/commits/main/"
            )
            times.append(time.perf_counter() - started)
        from_git = sum(r.from_git for r in found.values())
        print(
            f"one git log for the corpus: {statistics.median(times):.2f} s (median "
            f"of 3), {from_git} of {len(found)} briefs dated from git"
        )
        sample = loaded[: args.sample]
        started = time.perf_counter()
        for brief in sample:
            subprocess.run(
                ["git", "log", "-1", "--format=%aI %an", "--", brief.path],
                cwd=work,
                capture_output=True,
                check=True,
            )
        each = (time.perf_counter() - started) / len(sample)
        print(
            f"one git log per file: {each * 1000:.0f} ms each, so {each * len(loaded):.0f} "
            f"s for {len(loaded)} briefs"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
