"""The prebuilt, sharded search index, written from Material's after the build.

Material's worker downloads the whole index and builds a Lunr index in the browser on the first
search: half a minute at 10,000 briefs. Here the index is built once, at build time, and split so
that a search fetches only what it needs:

- ``meta.js``: every page's address, title and facts (kind, date, topics, actors), loaded when
  search opens;
- ``shards/<hex>.js``: the terms sharing a shard key (``analysis.shard_key``) and, per term, the
  documents holding it with a weight;
- ``phrases/<hex>.js``: the same for phrase terms (pairs of adjacent words), fetched only for a
  quoted phrase;
- ``vocab/<n>.js``: every word term of n letters, for typo tolerance;
- ``pages/<n>.js``: a page's sections, their titles and text, fetched for the results shown.

Each file is one call, ``__briefingSearch("shards/6b61", {...})``: the hosted site's worker
fetches it and reads the JSON inside; the offline archive's, which cannot fetch from file://,
loads it as a script. Same files, same worker, same results.

Everything written here is plain text (tags stripped, entities decoded); the worker escapes it
when it makes the result markup, so nothing in a brief becomes markup in a search result.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ...packing import pack, unpack
from ...parallel import map_chunks
from . import dates
from .analysis import FUZZY_LETTERS, STOP_WORDS, Analyser, normalise, phrase_key, shard_key
from .facts import Facts

FORMAT = 2
MAX_TEXT = 4000  # characters of a section's text kept for result snippets
TITLE, TAGS, TEXT = 10.0, 20.0, 1.0  # field weights: a word in a title counts ten in the text
VOCAB_MIN, VOCAB_MAX = 4, 24  # lengths of the words kept for typo tolerance
CALLBACK = "__briefingSearch"

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_TEXT_WEIGHT = [round(TEXT * 10 * n / (n + 1)) for n in range(10)]
_TITLE_WEIGHT = [round(TITLE * 10 * n / (n + 1)) for n in range(10)]
_FOLDERS = ("pages", "shards", "phrases", "vocab")


def plain(markup: str) -> str:
    """Material's indexed HTML as the text a reader sees."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def _field_terms(analyser: Analyser, text: str) -> tuple[list[str], list[str]]:
    """A field's terms (stems, CJK pairs and dates) and its phrase terms."""
    terms, phrases = analyser.analyse(text)
    return terms + dates.index_terms(normalise(text)), phrases


def _weights(analyser: Analyser, title: str, text: str, tags: list[str]) -> tuple[dict, dict]:
    """A document's term and phrase-term weights: saturating in the count (tf / (tf + 1)), a
    term in the title or tags counting far more than one in the text; integers, ten per point."""
    weights: dict[str, int] = {}
    phrase_weights: dict[str, int] = {}
    for source, table in ((text, _TEXT_WEIGHT), (title, _TITLE_WEIGHT)):
        terms, phrases = _field_terms(analyser, source)
        for found, into in ((terms, weights), (phrases, phrase_weights)):
            for term, count in Counter(found).items():
                into[term] = into.get(term, 0) + table[min(count, 9)]
    for tag in tags:
        terms, phrases = _field_terms(analyser, tag)
        for found, into in ((terms, weights), (phrases, phrase_weights)):
            for term in set(found):
                into[term] = into.get(term, 0) + round(TAGS * 10)
    return weights, phrase_weights


def shard_name(key: str) -> str:
    """A file name for any key, whatever its characters: its UTF-8 bytes in hex."""
    return key.encode("utf-8").hex()


Prepared = list[tuple[str, str, str, list[str], dict, dict]]


def prepare(docs: list[dict], analyser: Analyser) -> Prepared:
    """One page's documents (Material's shape) as the index holds them: anchor, title, text and
    tags as plain text, with their term and phrase weights. Done where the page is made (in a
    worker), so that writing the index only merges."""
    prepared = []
    for doc in docs:
        anchor = doc.get("location", "").partition("#")[2]
        title, text = plain(doc.get("title", "")), plain(doc.get("text", ""))
        tags = [plain(str(tag)) for tag in doc.get("tags") or []]
        weights, phrase_weights = _weights(analyser, title, text, tags)
        prepared.append((anchor, title, text, tags, weights, phrase_weights))
    return prepared


@dataclass(frozen=True)
class Packed:
    """One page's prepared documents, compressed, with what writing the index needs of them
    before it reads them (their number and the page's title). A build holds every page's until
    the index is written: as Python objects, the analysed terms of each page took several times
    its HTML."""

    count: int
    title: str
    blob: bytes

    @classmethod
    def of(cls, docs: Prepared) -> Packed:
        return cls(len(docs), docs[0][1] if docs else "", pack(docs))

    def docs(self) -> Prepared:
        return unpack(self.blob)


def _pages(index: dict) -> list[tuple[str, list[dict]]]:
    """Material's documents grouped by page, the page's own document first."""
    pages: dict[str, list[dict]] = {}
    for doc in index.get("docs", []):
        path, _, anchor = doc.get("location", "").partition("#")
        if path not in pages:
            # A section listed before its page gets an empty page entry: entry 0 is the page.
            pages[path] = [{"location": path, "title": "", "text": ""}] if anchor else []
        pages[path].append(doc)
    return list(pages.items())


def _index_pages(job: tuple, ranges: list[tuple[int, int]]) -> list[tuple[dict, dict]]:
    """Write the page files of each range of pages; return each range's postings and phrase
    postings (term -> [doc id, weight, doc id, weight, ...], doc ids rising)."""
    pages, starts, folder, prepared, known = job
    analyser = Analyser()
    found = []
    for first, last in ranges:
        postings: dict[str, array[int]] = defaultdict(_ints)
        phrase_postings: dict[str, array[int]] = defaultdict(_ints)
        for number in range(first, last):
            path, raw = pages[number]
            kept = prepared.get(path)
            docs = kept.docs() if kept is not None else prepare(raw, analyser)
            _write(
                folder,
                known,
                f"pages/{number}",
                [
                    ["#" + anchor if anchor else "", title, text[:MAX_TEXT], tags]
                    for anchor, title, text, tags, _, _ in docs
                ],
            )
            for doc_id, (*_, weights, phrase_weights) in enumerate(docs, start=starts[number]):
                for term, weight in weights.items():
                    postings[term].extend((doc_id, weight))
                for term, weight in phrase_weights.items():
                    phrase_postings[term].extend((doc_id, weight))
        found.append((postings, phrase_postings))
    return found


def _write_shards(job: tuple, keys: list[tuple[str, str]]) -> list[int]:
    shards, folder, known = job
    for kind, key in keys:
        entries = shards[kind][key]
        terms = sorted(entries)
        _write(
            folder,
            known,
            f"{kind}/{shard_name(key)}",
            {"terms": terms, "postings": [_delta(entries[term]) for term in terms]},
        )
    return [len(keys)]


def write(
    index: dict,
    folder: Path,
    *,
    facts: Facts | None = None,
    processes: int | None = None,
    prepared: Mapping[str, Packed] | None = None,
    known: dict[str, bytes] | None = None,
) -> None:
    """Material's ``search_index.json`` (parsed) → our files in ``folder`` (the site's ``search/``).

    Replaces ``search_index.json`` (and the offline archive's ``search_index.js``) with Material's
    configuration and no documents, so the page no longer downloads the whole corpus. Pages and
    shards are written by forked workers at scale. ``facts`` (``facts.page_facts``) tells briefs
    from listing pages and gives the filters their topics, actors and dates. ``prepared`` holds
    pages already analysed (``prepare``), by location: the generated pages, which are not in
    Material's index; their first document's title is the page's. ``known`` (kept by the caller
    across the rebuilds of ``mkdocs serve``) holds a digest of each file as last written: a file
    that comes out the same is not written again (the work stays in this process then).
    """
    if known is not None:
        processes = 1
    config = index.get("config", {})
    prepared = {path: docs for path, docs in (prepared or {}).items() if docs.count}
    pages = _pages(index)
    listed = {path for path, _ in pages}
    for path, analysed in prepared.items():
        if path not in listed:
            pages.append((path, [{"location": path, "title": analysed.title}]))
    # By address: the same pages make the same files, in whatever order the build met them.
    pages.sort(key=lambda page: page[0])
    starts, position = [], 0
    for path, docs in pages:
        starts.append(position)
        position += prepared[path].count if path in prepared else len(docs)
    for name in _FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)

    step = 500
    ranges = [(first, min(first + step, len(pages))) for first in range(0, len(pages), step)]
    parts = map_chunks(  # merged as they come: every range's postings at once were the peak
        _index_pages,
        ranges,
        chunk=1,
        minimum=2,
        shared=(pages, starts, folder, prepared, known),
        processes=processes,
    )
    shards: dict[str, dict[str, dict[str, array[int]]]] = {
        "shards": defaultdict(lambda: defaultdict(_ints)),
        "phrases": defaultdict(lambda: defaultdict(_ints)),
    }
    for postings, phrase_postings in parts:  # in page order, so every term's doc ids stay rising
        for term, pairs in postings.items():
            shards["shards"][shard_key(term)][term] += pairs
        for term, pairs in phrase_postings.items():
            shards["phrases"][phrase_key(term)][term] += pairs
    keys = [(kind, key) for kind in ("shards", "phrases") for key in sorted(shards[kind])]
    big = len(pages) >= 4 * step  # below this, forking costs more than it saves
    list(  # every shard written (results are lazy)
        map_chunks(
            _write_shards,
            keys,
            chunk=max(1, len(keys) // 8),
            minimum=1 if big else len(keys) + 1,
            shared=(shards, folder, known),
            processes=processes,
        )
    )

    vocab: dict[int, list[str]] = defaultdict(list)
    for key in shards["shards"]:
        for term in shards["shards"][key]:
            if VOCAB_MIN <= len(term) <= VOCAB_MAX and FUZZY_LETTERS.fullmatch(term):
                vocab[len(term)].append(term)
    for length, terms in vocab.items():
        _write(folder, known, f"vocab/{length}", sorted(terms))

    facts = facts or Facts()
    _write(
        folder,
        known,
        "meta",
        {
            "format": FORMAT,
            "docs": position,
            "locations": [path for path, _ in pages],
            "titles": [
                prepared[path].title if path in prepared else plain(docs[0].get("title", ""))
                for path, docs in pages
            ],
            "starts": starts,
            "facts": [facts.of(path) for path, _ in pages],
            "topics": facts.topics,
            "actors": facts.actors,
            "shards": sorted(shards["shards"]),
            "phrases": sorted(shards["phrases"]),
            "vocab": sorted(vocab),
            "stop": sorted(STOP_WORDS),
        },
    )
    # Files of an earlier build (a serve rebuild writes into the same folder) that are not this
    # one's.
    wanted = {f"pages/{number}" for number in range(len(pages))}
    wanted |= {f"{kind}/{shard_name(key)}" for kind, key in keys}
    wanted |= {f"vocab/{length}" for length in vocab}
    for name in _FOLDERS:
        for old in (folder / name).glob("*.js*"):
            if f"{name}/{old.name.removesuffix('.js')}" not in wanted:
                old.unlink()
                if known is not None:
                    known.pop(f"{name}/{old.name.removesuffix('.js')}", None)
    empty = _dump({"config": config, "docs": []})
    (folder / "search_index.json").write_text(empty, encoding="utf-8")
    if (folder / "search_index.js").exists():  # Material's offline plugin wrote the whole corpus
        (folder / "search_index.js").write_text(f"var __index = {empty}", encoding="utf-8")


def _ints() -> array[int]:
    """A postings list: doc id, weight, doc id, weight... As machine integers: as lists of
    Python ints, the postings of a large site took several times the memory."""
    return array("i")


def _delta(pairs: array[int]) -> list[int]:
    """Doc ids as gaps from the one before: most are small numbers, and JSON writes them short."""
    out: list[int] = []
    previous = 0
    for index in range(0, len(pairs), 2):
        out += (pairs[index] - previous, pairs[index + 1])
        previous = pairs[index]
    return out


def _dump(value) -> str:
    # ASCII-only, and "<" written as \u003c: a file opened by mistake as HTML shows no markup.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("<", "\\u003c")


def _write(folder: Path, known: dict[str, bytes] | None, name: str, value) -> None:
    """One index file: a script that hands its name and its JSON to the worker; not written
    again when ``known`` says it was written with the same text."""
    text = f"{CALLBACK}({json.dumps(name)},{_dump(value)})\n"
    path = folder / f"{name}.js"
    if known is not None:
        digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        if known.get(name) == digest and path.exists():
            return
        known[name] = digest
    path.write_text(text, encoding="utf-8")


def read(folder: Path, name: str):
    """The JSON inside one index file (``name`` as written, e.g. ``"meta"``, ``"pages/3"``)."""
    text = (folder / f"{name}.js").read_text(encoding="utf-8")
    prefix = f"{CALLBACK}({json.dumps(name)},"
    if not text.startswith(prefix) or not text.rstrip().endswith(")"):
        raise ValueError(f"{name}.js: not a search index file")
    return json.loads(text[len(prefix) : text.rstrip().rindex(")")])


def read_docs(search_dir: Path) -> list[dict]:
    """The documents back from a built site's ``search/`` folder, as Material listed them (in plain
    text): what a search can find."""
    meta = read(search_dir, "meta")
    docs = []
    for number, location in enumerate(meta["locations"]):
        for suffix, title, text, tags in read(search_dir, f"pages/{number}"):
            docs.append({"location": location + suffix, "title": title, "text": text, "tags": tags})
    return docs
