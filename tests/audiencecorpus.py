"""A corpus for the audience tests: open briefs, and briefs above TLP:GREEN with a unique marker
in every field they have (front matter, events, sources, judgments, body, file name).

The TLP:AMBER brief shares an event id and a source address with a TLP:GREEN brief (so the
AMBER build merges them and notes that their dates disagree) and links to it (so the GREEN
brief's page lists it under "Referenced by" in the AMBER build): every path by which a brief
shows on another's page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, brief_text

AMBER = "zqamberzq"  # in every field of the TLP:AMBER briefs
STRICT = "zqstrictzq"  # in the TLP:AMBER+STRICT brief
RED = "zqredzq"  # in the TLP:RED brief
SHARED_URL = "https://example.org/parade-report"


def marked(marker: str, marking: str, **fields) -> str:
    """A brief with ``marker`` in every field that holds words or ids."""
    m = marker
    defaults = dict(
        title=f"{m} title",
        summary=f"{m} summary.",
        date="2025-05-08",
        marking=marking,
        topics=["victory-day"],
        actors=["xi-jinping", "ukraine"],
        events=[
            {
                "date": "2025-05-06",
                "title": f"{m} event",
                "location": f"{m} place",
                "id": f"{m}-event",
                "actors": ["ukraine"],
            }
        ],
        sources=[
            {
                "id": f"{m}-source",
                "title": f"{m} source title",
                "publisher": f"{m} publisher",
                "url": f"https://{m}.example/report",
                "reliability": "C",
                "credibility": 3,
            }
        ],
        judgments=[{"text": f"{m} judgment", "confidence": "low", "sources": [f"{m}-source"]}],
        body=f"## {m} heading\n\n{m} analysis, naming Xi Jinping.\n",
    )
    defaults.update(fields)
    return brief_text(**defaults)


OPEN = {
    "green-parade": brief_text(
        title="The parade",
        summary="Putin holds the parade.",
        date="2025-05-09",
        marking="TLP:GREEN",
        topics=["victory-day"],
        actors=["vladimir-putin", "xi-jinping"],
        events=[
            {
                "date": "2025-05-09",
                "title": "Victory Day parade",
                "location": "Moscow",
                "id": "parade-2025",
                "actors": ["vladimir-putin"],
            }
        ],
        sources=[
            {
                "id": "parade-report",
                "title": "Parade report",
                "publisher": "A wire",
                "url": SHARED_URL,
                "reliability": "B",
                "credibility": 2,
            }
        ],
        judgments=[
            {"text": "The parade goes ahead.", "confidence": "high", "sources": ["parade-report"]}
        ],
        body="## What\n\nThe parade, with Xi Jinping watching; see [the note](clear-note.md).\n",
    ),
    "clear-note": brief_text(
        title="A public note",
        summary="Open reporting on the war.",
        date="2025-05-05",
        marking="TLP:CLEAR",
        topics=["ukraine-war"],
        actors=["volodymyr-zelenskyy"],
        body="Public words.\n",
    ),
}

ABOVE_GREEN = {
    f"2025/{AMBER}-brief": marked(
        AMBER,
        "TLP:AMBER",
        related=[f"{AMBER}-other", "green-parade"],
        events=[
            {
                "date": "2025-05-06",
                "title": f"{AMBER} event",
                "location": f"{AMBER} place",
                "id": f"{AMBER}-event",
                "actors": ["ukraine"],
            },
            {"date": "2025-05-10", "title": f"{AMBER} parade", "id": "parade-2025"},
        ],
        sources=[
            {
                "id": f"{AMBER}-source",
                "title": f"{AMBER} source title",
                "publisher": f"{AMBER} publisher",
                "url": f"https://{AMBER}.example/report",
                "reliability": "C",
                "credibility": 3,
            },
            {"title": f"{AMBER} cites the wire", "publisher": "A wire", "url": SHARED_URL},
        ],
        body=(
            f"## {AMBER} heading\n\n{AMBER} analysis, naming Xi Jinping; see "
            f"[{AMBER} link](../green-parade.md#what) and [{AMBER} other]({AMBER}-other.md).\n"
        ),
    ),
    f"2025/{AMBER}-other": marked(AMBER, "TLP:AMBER", date="2025-04-01", topics=["ukraine-war"]),
    f"{STRICT}-brief": marked(STRICT, "TLP:AMBER+STRICT", related=[f"{AMBER}-brief"]),
    f"{RED}-brief": marked(RED, "TLP:RED", date="2025-05-07"),
}


def write_corpus(root: Path, briefs: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name in ("actors.yml", "topics.yml"):
        shutil.copy(REPO / "briefs" / name, root / name)
    for name, text in briefs.items():
        path = root / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def every_byte(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, gzip files decompressed (the sitemap's copy)."""
    import gzip

    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if path.suffix == ".gz" else data
            )
    return out
