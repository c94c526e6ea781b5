"""Write a synthetic corpus of valid briefs for the benchmark: ``generate.py OUT N``.

Deterministic (same N, same files): 200 actors, 12 topics, bodies of ~500–800 words with
headings, lists and a table, events (some shared across briefs by id, nearly always on the
same dates), graded sources, judgments, related ids and links between briefs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

WORDS = [
    "analysts",
    "assess",
    "the",
    "delegation",
    "announced",
    "agreement",
    "energy",
    "pipeline",
    "sanctions",
    "exports",
    "trade",
    "ministry",
    "statement",
    "summit",
    "ceasefire",
    "frontline",
    "negotiations",
    "infrastructure",
    "logistics",
    "tariff",
    "shipment",
    "reported",
    "officials",
    "confirmed",
    "regional",
    "security",
    "partnership",
    "strategic",
    "economic",
    "military",
    "components",
    "financing",
    "payments",
    "currency",
    "settlement",
    "customs",
    "border",
    "visit",
    "talks",
    "communique",
    "parliament",
    "budget",
    "forecast",
    "production",
    "capacity",
    "imports",
    "grain",
    "fertiliser",
    "port",
    "railway",
    "corridor",
    "drones",
    "artillery",
    "air",
    "defence",
    "reserves",
    "inflation",
    "growth",
    "decline",
    "increase",
]
TOPIC_NAMES = [
    "Russia–China relations",
    "Victory Day",
    "The war in Ukraine",
    "Energy markets",
    "Sanctions policy",
    "Arctic shipping",
    "Central Asia",
    "Black Sea security",
    "Arms control",
    "Cyber operations",
    "Food security",
    "Financial channels",
]
FIRST = [
    "Anna",
    "Boris",
    "Chen",
    "Dmitri",
    "Elena",
    "Fang",
    "Gleb",
    "Hua",
    "Igor",
    "Jia",
    "Kirill",
    "Li",
    "Maria",
    "Nikolai",
    "Olga",
    "Pavel",
]
LAST = [
    "Ivanova",
    "Wang",
    "Petrov",
    "Zhang",
    "Sokolov",
    "Liu",
    "Morozov",
    "Zhao",
    "Volkov",
    "Sun",
    "Orlov",
    "Yang",
    "Kuznetsov",
]
PUBLISHERS = [
    "Reuters",
    "TASS",
    "Xinhua",
    "Kyiv Independent",
    "Financial Times",
    "Interfax",
    "Meduza",
    "South China Morning Post",
    "RFE/RL",
    "Nikkei Asia",
]


LIKELIHOODS = ["unlikely", "roughly even chance", "likely", "very likely", "almost certain"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(9, 16)) for _ in range(sentences))


def actors(count: int = 200) -> dict:
    registry = {}
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]} {i}"
        registry[f"actor-{i:03d}"] = {
            "name": name,
            "kind": ["person", "organisation", "state"][i % 3],
            "aliases": [f"{LAST[(i * 7) % len(LAST)]}-{i}", f"A{i:03d}"],
            "country": ["Russia", "China", "Ukraine", "Kazakhstan"][i % 4],
            "role": f"Synthetic actor number {i}",
        }
    return registry


def topics() -> dict:
    return {
        f"topic-{i:02d}": {"title": name, "description": f"Synthetic topic: {name}."}
        for i, name in enumerate(TOPIC_NAMES)
    }


def body(rng: random.Random, names: list[str], links: list[str]) -> str:
    parts = [f"## Summary of developments\n\n{names[0]} {paragraph(rng, 4)}\n"]
    parts.append(f"## Background\n\n{paragraph(rng, 6)} {names[-1]} {paragraph(rng, 3)}\n")
    parts.append(
        "## Indicators\n\n" + "".join(f"- {sentence(rng, rng.randint(6, 12))}\n" for _ in range(5))
    )
    rows = "".join(
        f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.choice(WORDS)} |\n" for _ in range(4)
    )
    parts.append(f"\n## Figures\n\n| Measure | Value | Trend |\n| --- | --- | --- |\n{rows}")
    see = " ".join(f"See also [an earlier brief]({link})." for link in links)
    parts.append(f"\n## Assessment\n\n{paragraph(rng, 7)} {see}\n\n{paragraph(rng, 5)}\n")
    return "\n".join(parts)


def brief(
    i: int,
    rng: random.Random,
    actor_ids: list[str],
    registry: dict,
    topic_ids: list[str],
    start: dt.date,
    ids: list[str],
) -> tuple[str, str]:
    date = start + dt.timedelta(days=i * 3650 // max(1, len(ids)))
    chosen = rng.sample(actor_ids, rng.randint(2, 5))
    front = {
        "title": f"{sentence(rng, rng.randint(4, 8))[:-1]} ({i})",
        "summary": f"{sentence(rng, 14)} {sentence(rng, 12)}",
        "date": date.isoformat(),
        "topics": rng.sample(topic_ids, rng.randint(1, 3)),
        "actors": chosen,
        "events": [
            {
                "date": (date - dt.timedelta(days=rng.randint(0, 20))).isoformat(),
                "title": sentence(rng, 6)[:-1],
                "location": rng.choice(["Moscow", "Beijing", "Kyiv", "Astana", "Kazan"]),
                "actors": chosen[:2],
                **({"id": f"shared-{i // 10}"} if rng.random() < 0.2 else {}),
            }
            for _ in range(rng.randint(1, 4))
        ],
        "sources": [
            {
                "id": f"s{k}",
                "title": sentence(rng, 7)[:-1],
                "publisher": rng.choice(PUBLISHERS),
                "url": f"https://news.example.org/{i}/{k}",
                "published": date.isoformat(),
                "reliability": rng.choice("ABCDEF"),
                "credibility": rng.randint(1, 6),
            }
            for k in range(rng.randint(1, 4))
        ],
        "judgments": [],
    }
    # Each judgment rests on some of the brief's sources and says how likely (ICD 203); one brief in
    # five follows its group's judgment, at the group's likelihood and confidence (no change, no
    # note). Drawn from a second generator, so the rest of the corpus is as it always was.
    source_ids = [source["id"] for source in front["sources"]]
    extra = random.Random(i)
    for _ in range(rng.randint(0, 3)):
        text, confidence = sentence(rng, 12), rng.choice(["low", "moderate", "high"])
        front["judgments"].append(
            {
                "text": text,
                "likelihood": extra.choice(LIKELIHOODS),
                "confidence": confidence,
                "sources": extra.sample(source_ids, extra.randint(1, len(source_ids))),
            }
        )
    if i % 5 == 0:
        group = i // 50
        front["judgments"].append(
            {
                "id": f"trend-{group}",
                "text": sentence(extra, 10),
                "likelihood": LIKELIHOODS[group % len(LIKELIHOODS)],
                "confidence": ["low", "moderate", "high"][group % 3],
                "sources": source_ids[:1],
            }
        )
    # Briefs ten apart report the same shared event: on the same dates, as analysts should,
    # except one brief in every 25th group, which is a day out (the checker warns about those).
    shared = [event for event in front["events"] if "id" in event]
    for extra in shared[1:]:
        del extra["id"]
    if shared:
        group = i // 10
        when = start + dt.timedelta(days=group * 10 * 3650 // max(1, len(ids)))
        if group % 25 == 0 and i % 10 == 5:
            when += dt.timedelta(days=1)
        shared[0]["date"] = when.isoformat()
    earlier = ids[max(0, i - 50) : i]
    if earlier:
        front["related"] = rng.sample(earlier, min(2, len(earlier)))
    links = [
        f"../{(start + dt.timedelta(days=int(t[6:]) * 3650 // len(ids))).year}/{t}.md"
        for t in rng.sample(earlier, min(2, len(earlier)))
    ]
    names = [registry[a]["name"] for a in chosen]
    lines = "\n".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()
    )
    return date.strftime("%Y"), f"---\n{lines}\n---\n\n{body(rng, names, links)}"


def generate(out: Path, count: int, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    registry = actors()
    (out / "actors.yml").write_text(
        json.dumps(registry, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    (out / "topics.yml").write_text(
        json.dumps(topics(), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    actor_ids, topic_ids = list(registry), list(topics())
    ids = [f"brief-{i:05d}" for i in range(count)]
    start = dt.date(2016, 1, 1)
    for i, brief_id in enumerate(ids):
        year, text = brief(i, rng, actor_ids, registry, topic_ids, start, ids)
        folder = out / year
        folder.mkdir(exist_ok=True)
        (folder / f"{brief_id}.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write N valid synthetic briefs with registries into OUT."
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.count, seed=args.seed)


if __name__ == "__main__":
    main()
