"""The build (briefing/site/search/analysis.py, dates.py) and the browser
(docs/assets/briefing/search-analysis.js with the vendored Snowball stemmers) must turn text into
the same terms, or a query would look for words the index does not hold. Both run here over the
corpus' text (the sample briefs, a generated corpus, the multilingual briefs, the docs) and over
words chosen for their endings, and must agree term for term."""

from __future__ import annotations

import sys

import pytest
from conftest import REPO
from searching import MULTILINGUAL

from briefing.site.search import dates
from briefing.site.search.analysis import WORD, Analyser, normalise, phrase_key, shard_key

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

ASSETS = REPO / "docs" / "assets"
# Endings where Snowball generations differ, inflections, ё, apostrophes, odd characters.
WORDS = (
    "confirms confirmed confirming negotiating negotiate negotiations sanctioning sanctioned "
    "added adding international internal evening pasted generously skis dying news "
    "Kremlin's Kremlin’s Xi's O'Brien ﬁnance ＡＢＣ İstanbul ΣΟΦΙΑΣ "
    "Москва Москве Москву Москвы москвой Ёлка ещё берётся введённое переговоры переговорах "
    "习近平抵达莫斯科 北京を訪問 서울에서 Xi习近平 2024-10-22 16th 72-hour"
)


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> list[str]:
    generated = tmp_path_factory.mktemp("gen")
    generate(generated, 40)
    files = [
        *sorted((REPO / "briefs").rglob("*.md")),
        *sorted((REPO / "briefs").glob("*.yml")),
        *sorted((REPO / "docs").glob("*.md")),
        *sorted(generated.rglob("*.md")),
        generated / "actors.yml",
    ]
    found = [path.read_text(encoding="utf-8") for path in files]
    found += [value for fields in MULTILINGUAL.values() for value in fields.values()]
    return [*found, WORDS]


@pytest.fixture(scope="module")
def browser_side(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(ASSETS / "vendor" / "snowball-stemmers" / "snowball-stemmers.js"))
    page.add_script_tag(path=str(ASSETS / "briefing" / "search-analysis.js"))
    yield page
    context.close()


def python_side(text: str, analyser: Analyser) -> dict:
    terms, phrases = analyser.analyse(text)
    normal = normalise(text)
    return {
        "terms": terms,
        "phrases": phrases,
        "dates": dates.index_terms(normal),
        "spans": [terms for _, _, terms in dates.spans(normal)],
        "keys": [shard_key(t) for t in terms] + [phrase_key(p) for p in phrases],
    }


BROWSER = """texts => texts.map(text => {
    const A = self.BriefingAnalysis, analyser = new A.Analyser()
    const { terms, phrases } = analyser.analyse(text)
    const normal = A.normalise(text)
    return {
        terms, phrases,
        dates: A.indexDateTerms(normal),
        spans: A.dateSpans(normal).map(span => span[2]),
        keys: terms.map(A.shardKey).concat(phrases.map(A.phraseKey)),
    }
})"""


def test_the_browser_makes_the_same_terms_as_the_build(texts, browser_side):
    analyser = Analyser()
    expected = [python_side(text, analyser) for text in texts]
    found = browser_side.evaluate(BROWSER, texts)
    assert len(found) == len(expected)
    for text, ours, theirs in zip(texts, expected, found, strict=True):
        for key in ours:
            assert ours[key] == theirs[key], f"{key} differ for {text[:80]!r}"
    assert sum(len(e["terms"]) for e in expected) > 20_000  # the test saw real text
    assert sum(len(e["dates"]) for e in expected) > 500


def test_the_browser_stems_every_word_of_the_corpus_alike(texts, browser_side):
    analyser = Analyser()
    words = sorted({w.strip("'") for text in texts for w in WORD.findall(normalise(text))} - {""})
    stems = browser_side.evaluate(
        "words => { const a = new self.BriefingAnalysis.Analyser(); return words.map(a.stem, a) }",
        words,
    )
    differ = [
        (w, analyser.stem(w), s) for w, s in zip(words, stems, strict=True) if analyser.stem(w) != s
    ]
    assert differ == []
    assert len(words) > 2000
    assert analyser.stem("москве") == analyser.stem("москву") == analyser.stem("москва")
    assert analyser.stem("confirms") == analyser.stem("confirm")


def test_cjk_text_without_spaces_is_indexed_by_its_pairs():
    terms = Analyser().terms("习近平抵达莫斯科。")
    assert {"莫斯", "斯科", "习近", "近平"} <= set(terms)


@pytest.mark.parametrize(
    "text,terms",
    [
        ("9 May 2025", ["@2025-05-09"]),
        ("on 9 May", ["@05-09"]),
        ("May 9, 2025", ["@2025-05-09"]),
        ("the 17th of June", ["@06-17"]),
        ("22–24 October 2024", ["@2024-10-22", "@2024-10-23", "@2024-10-24"]),
        ("30 April – 2 May 2025", ["@2025-04-30", "@2025-05-01", "@2025-05-02"]),
        ("31 December – 1 January 2025", ["@2024-12-31", "@2025-01-01"]),
        ("October 2024", ["@2024-10"]),
        ("2024-10-22", ["@2024-10-22"]),
        ("2024-10", ["@2024-10"]),
        ("31 February 2024", []),
        ("3–300 May", []),
        ("1 January – 31 December 2024", []),  # longer than a search can list day by day
    ],
)
def test_dates_are_read_as_the_days_they_name(text, terms):
    assert [t for span in dates.spans(normalise(text)) for t in span[2]] == terms


def test_dates_are_found_where_the_whole_pattern_would_find_them(texts):
    """``dates.spans`` tries the pattern only where a date can begin; it must find what trying it
    at every character finds (a month inside a word, a date inside a longer number, ranges)."""
    tricky = [
        "dismay 2024",
        "x2024-10-22 and 12024-10-22",
        "on 30 april – 2 may 2025 and 22–24 october 2024; may 9, 2025. 2024-10",
        "sept. 9 and the 9th of sept, 10 decembers",
        "1 2 3 may",
    ]
    for text in [normalise(t) for t in texts] + tricky:
        everywhere = [
            (match.start(), match.end(), terms)
            for match in dates.PATTERN.finditer(text)
            if (terms := dates._terms(match.groups()))
        ]
        assert dates.spans(text) == everywhere, text[:80]
    assert dates.spans("dismay 2024") == [(3, 11, ["@2024-05"])]


def test_a_day_is_indexed_with_its_month_and_as_a_day_of_any_year():
    assert dates.index_terms(normalise("9 May 2025")) == ["@2025-05-09", "@2025-05", "@05-09"]
