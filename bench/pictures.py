"""What the pictures cost a build: ``pictures.py BRIEFS_DIR`` times every picture the site draws.

Loads and catalogs the corpus (not timed), then draws each picture of every page the way the
build does (the timeline page's chart, each topic's activity and timeline, each actor's
timeline and network, the site's network) and prints the CPU seconds (this process's time: a
fairer measure than the clock on a shared machine) and sizes per kind. Compare the total with
the full build's time in bench/results.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.site.html import Links
from briefing.site.pages import figures


def measure(catalog) -> dict[str, tuple[float, int, int]]:
    """Per picture kind: CPU seconds, pictures drawn, and the largest one's size in bytes."""
    links = Links(directory_urls=True)
    kinds = {
        "timeline page": lambda: [figures.site_timeline(catalog, links)],
        "topic activity": lambda: [figures.topic_activity(t, catalog) for t in catalog.topics],
        "topic timelines": lambda: [
            figures.topic_timeline(t, catalog, links) for t in catalog.topics
        ],
        "actor timelines": lambda: [
            figures.actor_timeline(a, catalog, links) for a in catalog.actors
        ],
        "actor networks": lambda: [
            figures.actor_network(a, catalog, links) for a in catalog.actors
        ],
        "site network": lambda: [figures.site_network(catalog, links)],
    }
    results = {}
    for name, draw in kinds.items():
        start = time.process_time()
        drawn = draw()
        seconds = time.process_time() - start
        results[name] = (
            seconds,
            sum(1 for d in drawn if d),
            max((len(d.encode()) for d in drawn), default=0),
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Time every picture the site draws for a corpus.")
    parser.add_argument("briefs", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    args = parser.parse_args()
    result = check_folder(args.briefs)
    catalog = catalog_module.build(result.corpus)
    runs = [measure(catalog) for _ in range(args.runs)]
    print(
        f"{len(catalog.briefs):,} briefs, {len(catalog.timeline):,} timeline entries, "
        f"{len(catalog.actors)} actors, {len(catalog.topics)} topics"
    )
    total = 0.0
    for name in runs[0]:
        seconds = min(run[name][0] for run in runs)
        _, count, largest = runs[0][name]
        total += seconds
        print(
            f"{name:16} {seconds:7.3f} s CPU  {count:4} pictures  largest {largest / 1024:7.1f} KB"
        )
    print(f"{'all pictures':16} {total:7.3f} s CPU")


if __name__ == "__main__":
    main()
