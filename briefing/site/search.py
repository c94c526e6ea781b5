"""A prebuilt, sharded search index made from Material's, for the hosted site.

Material's worker downloads the whole index and builds a Lunr index in the browser on the first
search: half a minute at 10,000 briefs. Here the index is built once, at build time, and split so
that a search fetches only what it needs: a small table of pages (loaded when search opens), one
posting shard per two-letter term prefix (fetched for the terms typed), and one file per page with
its sections' titles and text (fetched for the results shown). ``assets/briefing/search-worker.js``
reads it and answers Material's user interface in Material's own worker protocol.

Everything written here is plain text (tags stripped, entities decoded); the worker escapes it
when it makes the result markup, so nothing in a brief becomes markup in a search result.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..parallel import map_chunks

FORMAT = 1
PREFIX = 2  # characters of a term that name its shard
MAX_TEXT = 4000  # characters of a section's text kept for result snippets
TITLE, TAGS, TEXT = 10.0, 20.0, 1.0  # field weights: a word in a title counts ten in the text

# Lunr's English stop words, as Material's default pipeline drops them.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him his "
    "how however i if in into is it its just least let like likely may me might most must my neither no nor "
    "not of off often on only or other our own rather said say says she should since so some than that the "
    "their them then there these they this tis to too twas us wants was we were what when where which while "
    "who whom why will with would yet you your".split()
)

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
DEFAULT_SEPARATOR = r"[\s\-]+"
# A run of non-separators from its first letter or digit to its last: a word with its edges trimmed.
_WORD = re.compile(r"[^\W_](?:[^\s\-]*[^\W_])?")
_TEXT_WEIGHT = [round(TEXT * 10 * n / (n + 1)) for n in range(10)]
_TITLE_WEIGHT = [round(TITLE * 10 * n / (n + 1)) for n in range(10)]


def plain(markup: str) -> str:
    """Material's indexed HTML as the text a reader sees."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def _words(separator: re.Pattern):
    """A function from text to its words as the worker splits a query: lower case, split at the
    separator, punctuation trimmed from both ends (stop words still in)."""
    if separator.pattern == DEFAULT_SEPARATOR:  # the common case, in one regex pass
        return _WORD.findall

    def split(text: str) -> list[str]:
        return [word for word in (_EDGE.sub("", w) for w in separator.split(text)) if word]

    return split


def terms(text: str, separator: re.Pattern) -> list[str]:
    """The indexed words of a text: lower case, stop words dropped."""
    return [word for word in _words(separator)(text.lower()) if word not in STOP_WORDS]


def _separator(config: dict) -> re.Pattern:
    try:
        return re.compile(config.get("separator") or DEFAULT_SEPARATOR)
    except re.error:  # a JavaScript-only pattern: fall back to Material's plain default
        return re.compile(DEFAULT_SEPARATOR)


def _weights(docs: list[tuple[str, str, str, list[str]]], words) -> list[dict[str, int]]:
    """Per document, each indexed word's weight: saturating in its count (tf / (tf + 1)), a word in
    the title or tags counting far more than one in the text; integers, ten per point."""
    weighed = []
    for _, title, text, tags in docs:
        weights = {
            word: _TEXT_WEIGHT[min(count, 9)]
            for word, count in Counter(words(text.lower())).items()
        }
        for word, count in Counter(words(title.lower())).items():
            weights[word] = weights.get(word, 0) + _TITLE_WEIGHT[min(count, 9)]
        for word in set(words(" ".join(tags).lower())):
            weights[word] = weights.get(word, 0) + round(TAGS * 10)
        for word in STOP_WORDS.intersection(weights):
            del weights[word]
        weighed.append(weights)
    return weighed


def shard_name(prefix: str) -> str:
    """A file name for any prefix, whatever its characters: its UTF-8 bytes in hex."""
    return prefix.encode("utf-8").hex()


def _pages(index: dict) -> list[tuple[str, list[dict]]]:
    """Material's documents grouped by page, the page's own document first."""
    pages: dict[str, list[dict]] = {}
    for doc in index.get("docs", []):
        path, _, anchor = doc.get("location", "").partition("#")
        if path not in pages:
            # A section listed before its page gets an empty page entry, so that entry 0 is the page.
            pages[path] = [{"location": path, "title": "", "text": ""}] if anchor else []
        pages[path].append(doc)
    return list(pages.items())


def _index_pages(job: tuple, ranges: list[tuple[int, int]]) -> list[dict[str, list[int]]]:
    """Write the page files of each range of pages; return each range's postings
    (word -> [doc id, weight, doc id, weight, ...], doc ids rising)."""
    pages, starts, separator, folder = job
    words = _words(re.compile(separator))
    found = []
    for first, last in ranges:
        postings: dict[str, list[int]] = defaultdict(list)
        for number in range(first, last):
            _, raw = pages[number]
            docs = [
                (
                    doc.get("location", "").partition("#")[2],
                    plain(doc.get("title", "")),
                    plain(doc.get("text", "")),
                    [plain(str(tag)) for tag in doc.get("tags") or []],
                )
                for doc in raw
            ]
            (folder / "pages" / f"{number}.json").write_text(
                _dump(
                    [
                        ["#" + anchor if anchor else "", title, text[:MAX_TEXT], tags]
                        for anchor, title, text, tags in docs
                    ]
                ),
                encoding="utf-8",
            )
            for doc_id, weights in enumerate(_weights(docs, words), start=starts[number]):
                for word, weight in weights.items():
                    postings[word] += (doc_id, weight)
        found.append(postings)
    return found


def _write_shards(job: tuple, prefixes: list[str]) -> list[int]:
    shards, folder = job
    for prefix in prefixes:
        entries = shards[prefix]
        (folder / "shards" / f"{shard_name(prefix)}.json").write_text(
            _dump(
                {
                    "terms": sorted(entries),
                    "postings": [_delta(entries[word]) for word in sorted(entries)],
                }
            ),
            encoding="utf-8",
        )
    return [len(prefixes)]


def write(index: dict, folder: Path, *, processes: int | None = None) -> None:
    """Material's ``search_index.json`` (parsed) → our files in ``folder`` (the site's ``search/``).

    Replaces ``search_index.json`` with Material's configuration and no documents, so the page no
    longer downloads the whole corpus. Pages and shards are written by forked workers at scale.
    """
    config = index.get("config", {})
    separator = _separator(config)
    pages = _pages(index)
    starts, position = [], 0
    for _, docs in pages:
        starts.append(position)
        position += len(docs)
    for name in ("pages", "shards"):
        (folder / name).mkdir(parents=True, exist_ok=True)
        for old in (folder / name).glob("*.json"):
            old.unlink()  # a serve rebuild writes into the same folder

    step = 500
    ranges = [(first, min(first + step, len(pages))) for first in range(0, len(pages), step)]
    job = (pages, starts, separator.pattern, folder)
    parts = map_chunks(_index_pages, ranges, chunk=1, minimum=2, shared=job, processes=processes)
    shards: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for postings in parts:  # in page order, so every word's doc ids stay rising
        for word, pairs in postings.items():
            shards[word[:PREFIX]][word] += pairs
    prefixes = sorted(shards)
    big = len(pages) >= 4 * step  # below this, forking costs more than it saves
    map_chunks(
        _write_shards,
        prefixes,
        chunk=max(1, len(prefixes) // 8),
        minimum=1 if big else len(prefixes) + 1,
        shared=(shards, folder),
        processes=processes,
    )

    (folder / "meta.json").write_text(
        _dump(
            {
                "format": FORMAT,
                "prefix": PREFIX,
                "docs": position,
                "locations": [path for path, _ in pages],
                "titles": [plain(docs[0].get("title", "")) for _, docs in pages],
                "starts": starts,
                "shards": prefixes,
                "stop": sorted(STOP_WORDS),
                "separator": separator.pattern,
            }
        ),
        encoding="utf-8",
    )
    (folder / "search_index.json").write_text(
        _dump({"config": config, "docs": []}), encoding="utf-8"
    )


def _delta(pairs: list[int]) -> list[int]:
    """Doc ids as gaps from the one before: most are small numbers, and JSON writes them short."""
    out, previous = [], 0
    for index in range(0, len(pairs), 2):
        out += (pairs[index] - previous, pairs[index + 1])
        previous = pairs[index]
    return out


def _dump(value) -> str:
    # ASCII-only, and "<" written as \u003c: a shard opened by mistake as HTML shows no markup.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("<", "\\u003c")


def read_docs(search_dir: Path) -> list[dict]:
    """The documents back from a built site's ``search/`` folder, as Material listed them (in plain
    text): what a search can find."""
    meta = json.loads((search_dir / "meta.json").read_text(encoding="utf-8"))
    docs = []
    for number, location in enumerate(meta["locations"]):
        for suffix, title, text, tags in json.loads(
            (search_dir / "pages" / f"{number}.json").read_text(encoding="utf-8")
        ):
            docs.append({"location": location + suffix, "title": title, "text": text, "tags": tags})
    return docs
