"""The relevance table: queries of every kind a reader types, each with the brief it must find
in the first five results, run in Chromium against the hosted site (Debian's nginx with the
shipped configuration, gzip on) and against the offline archive opened from file://. Both must
pass, and both must give the same results in the same order: one engine.

Corpora: the repository's sample briefs, and 300 briefs from bench/generate.py with four briefs
in Russian, Chinese, Japanese and Korean added (tests/searching.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build
from searching import nginx, results, site_path, write_multilingual

from briefing.site.search import read

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

# Two corpora built twice (hosted and offline) and served by nginx: minutes on a loaded machine.
pytestmark = pytest.mark.slow

# (corpus, kind, query, the brief expected in the first five)
TABLE = [
    ("sample", "words", "Kazan summit", "brics-summit-kazan-october-2024"),
    ("sample", "stemming", "sanctioning", "russia-china-sanctions-energy-trade"),
    ("sample", "stemming", "dignitary safety", "victory-day-dignitaries-safety-dispute"),
    ("sample", "stemming", "meeting timeline", "xi-putin-meetings-since-2022"),
    ("sample", "typo", "Zelenksy", "victory-day-dignitaries-safety-dispute"),
    ("sample", "typo", "ceasfire", "victory-day-ceasefire-proposal-2025"),
    ("sample", "typo", "Kazn", "brics-summit-kazan-october-2024"),
    ("sample", "prefix", "neutr", "china-neutrality-and-military-components"),
    ("sample", "phrase", '"state visit" Moscow', "xi-state-visit-moscow-march-2023"),
    (
        "sample",
        "phrase",
        '"components for Russian arms"',
        "china-neutrality-and-military-components",
    ),
    ("sample", "date", "9 May", "victory-day-parade-moscow-2025"),
    ("sample", "date", "22–24 October 2024", "brics-summit-kazan-october-2024"),
    ("sample", "date", "2024-10-22", "brics-summit-kazan-october-2024"),
    ("sample", "date", "16 May 2024", "putin-state-visit-china-may-2024"),
    ("sample", "date", "21 March 2023", "xi-state-visit-moscow-march-2023"),
    ("sample", "date", "October 2024", "brics-summit-kazan-october-2024"),
    ("sample", "filter", "topic:victory-day truce", "victory-day-ceasefire-proposal-2025"),
    (
        "sample",
        "filter",
        'topic:"The war in Ukraine" components',
        "china-neutrality-and-military-components",
    ),
    ("sample", "filter", "actor:Zelensky refusal", "victory-day-ceasefire-proposal-2025"),
    ("sample", "filter", "actor:xi-jinping date:..2023-12", "xi-state-visit-moscow-march-2023"),
    ("sample", "filter", "date:2024-05 Putin", "putin-state-visit-china-may-2024"),
    ("generated", "stemming", "negotiating tariffs parliament 152", "brief-00152"),
    ("generated", "stemming", "sanctioning frontline capacity 157", "brief-00157"),
    ("generated", "typo", "setlement artilery energy confirmed", "brief-00000"),
    ("generated", "phrase", '"Tariff negotiations parliament"', "brief-00152"),
    ("generated", "date", "26 March 2016", "brief-00007"),
    ("generated", "date", "2016-03-26", "brief-00007"),
    ("generated", "filter", "actor:actor-159 date:2016-03", "brief-00007"),
    ("generated", "filter", 'actor:"Pavel Volkov 159" pipeline', "brief-00007"),
    ("generated", "filter", "topic:topic-09 date:2016-03-01..2016-03-31", "brief-00007"),
    ("generated", "russian", "Москва", "moskva-ru"),
    ("generated", "russian", "торговля", "moskva-ru"),
    ("generated", "chinese", "莫斯科", "xi-moscow-zh"),
    ("generated", "chinese", "克里姆林宫", "xi-moscow-zh"),
    ("generated", "japanese", "北京", "beijing-ja"),
    ("generated", "korean", "서울", "seoul-ko"),
]
MODES = ("hosted", "offline")


def run_export(briefs: Path, out: Path) -> Path:
    env = {**os.environ, "BRIEFS_DIR": str(briefs), "SOURCE_DATE_EPOCH": "1767225600"}
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "export", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as zipped:
        zipped.extractall(out.parent / "site-parent")
    # Unpacked as .../site/ so that results' paths read alike online and offline.
    unpacked = out.parent / "site-parent" / out.stem
    site = out.parent / "site"
    unpacked.rename(site)
    return site


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    generated = tmp_path_factory.mktemp("generated") / "briefs"
    generate(generated, 300)
    write_multilingual(generated)
    return {"sample": REPO / "briefs", "generated": generated}


@pytest.fixture(scope="module")
def sites(corpora, tmp_path_factory) -> dict[tuple[str, str], Path]:
    built = {}
    for name, briefs in corpora.items():
        hosted = tmp_path_factory.mktemp(f"{name}-hosted") / "site"
        result = mkdocs_build(briefs, hosted)
        assert result.returncode == 0, result.stderr
        built[name, "hosted"] = hosted
        out = tmp_path_factory.mktemp(f"{name}-offline") / "briefing-room.zip"
        built[name, "offline"] = run_export(briefs, out)
    return built


@pytest.fixture(scope="module")
def answers(browser, sites, tmp_path_factory, nginx_path):
    """Every query of the table, run once per mode: {(mode, corpus, query): result groups}."""
    found = {}
    with (
        nginx(sites["sample", "hosted"], tmp_path_factory.mktemp("nginx-sample")) as sample,
        nginx(sites["generated", "hosted"], tmp_path_factory.mktemp("nginx-gen")) as generated,
    ):
        starts = {
            ("hosted", "sample"): sample,
            ("hosted", "generated"): generated,
            ("offline", "sample"): (sites["sample", "offline"] / "index.html").as_uri(),
            ("offline", "generated"): (sites["generated", "offline"] / "index.html").as_uri(),
        }
        for (mode, corpus), start in starts.items():
            context = browser.new_context()
            page = context.new_page()
            page.requests = []
            page.on("request", lambda request, page=page: page.requests.append(request.url))
            page.goto(start)
            page.wait_for_load_state("networkidle")
            for name, _, query, _ in TABLE:
                if name == corpus:
                    found[mode, corpus, query] = results(page, query)
            outside = [url for url in page.requests if not url.startswith(start.rsplit("/", 1)[0])]
            assert outside == [], outside
            context.close()
    return found


def listed(sites, corpus: str, mode: str) -> dict[str, list]:
    """Page path -> its facts (kind, date, topics, actors), from the built index."""
    meta = read(sites[corpus, mode] / "search", "meta")
    return {
        site_path("http://x/" + location): facts
        for location, facts in zip(meta["locations"], meta["facts"], strict=True)
    }


def lists(listing: list, brief: list) -> bool:
    """Does a listing page (its facts) list a brief (its facts)?"""
    kind = listing[0]
    return (
        kind == 2
        or (kind == 3 and listing[2][0] in brief[2])
        or (kind == 4 and listing[3][0] in brief[3])
    )


def test_the_table_has_every_kind_of_query():
    kinds = {kind for _, kind, _, _ in TABLE}
    assert len(TABLE) >= 30
    assert {"stemming", "typo", "phrase", "date", "filter", "russian", "chinese"} <= kinds


@pytest.mark.parametrize("mode", MODES)
def test_every_query_finds_its_brief_in_the_first_five(answers, sites, mode):
    failures = []
    for corpus, kind, query, expected in TABLE:
        groups = answers[mode, corpus, query]
        paths = [group["path"] for group in groups]
        if f"briefs/{expected}" not in paths[:5]:
            failures.append(f"{kind}: {query!r} → {paths[:5]}")
            continue
        group = groups[paths.index(f"briefs/{expected}")]
        if ":" not in query and not group["marks"]:
            failures.append(f"{kind}: {query!r}: nothing highlighted")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("mode", MODES)
def test_results_are_clean(answers, sites, mode):
    """No page twice, no section twice, and no listing page above a brief it lists."""
    problems = []
    for corpus, _, query, _ in TABLE:
        facts = listed(sites, corpus, mode)
        groups = answers[mode, corpus, query]
        paths = [group["path"] for group in groups]
        if len(set(paths)) != len(paths):
            problems.append(f"{query!r}: a page twice")
        for group in groups:
            shown = [(e["title"], e["all"]) for e in group["entries"]]
            if len(set(shown)) != len(shown):
                problems.append(f"{query!r}: {group['path']}: a section twice")
        for rank, path in enumerate(paths):
            if facts[path][0] in (2, 3, 4):
                below = [
                    p
                    for p in paths[rank + 1 :]
                    if facts[p][0] == 1 and lists(facts[path], facts[p])
                ]
                if below:
                    problems.append(f"{query!r}: {path} above {below[0]}, which it lists")
    assert problems == [], "\n".join(problems)


def entry(shown: dict) -> tuple:
    """A result entry as both sites show it: where it leads, its title and text (marks in)."""
    anchor = shown["href"].split("#")[1] if "#" in shown["href"] else ""
    return site_path(shown["href"]), anchor, shown["title"], shown["all"].split("</h")[-1]


def test_online_and_offline_give_the_same_results(answers):
    differ = []
    for corpus, _, query, _ in TABLE:
        hosted, offline = (
            [(g["path"], [entry(e) for e in g["entries"]]) for g in answers[mode, corpus, query]]
            for mode in MODES
        )
        if hosted != offline:
            differ.append(f"{query!r}: {hosted[:3]} / {offline[:3]}")
    assert differ == [], "\n".join(differ)
