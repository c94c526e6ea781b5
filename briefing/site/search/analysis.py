"""The words of a text as the search index holds them: what the build indexes and what the
browser looks up must be the same terms, so this module and ``search-analysis.js`` (in
``docs/assets/briefing/``) do the same steps in the same order, and a test runs both over the
corpus and compares.

1. Normalise: NFKC, lower case, "ё" read as "е", a typographic apostrophe as "'".
2. Split into words: runs of letters and digits, with apostrophes inside ("kremlin's").
3. Chinese, Japanese and Korean runs, written without spaces, become overlapping pairs of
   characters (bigrams): "莫斯科" → "莫斯", "斯科", so any word of two or more characters inside
   an unspaced sentence is found by its pairs.
4. Drop English stop words (Lunr's list, as Material's search drops them).
5. Stem with Snowball: Russian for words with Cyrillic letters, English for the others.
   The browser runs the same Snowball generation (npm ``snowball-stemmers`` 0.6.0; PyPI
   ``snowballstemmer`` 2.2.0 here): the two agree word for word once "ё" is read as "е".

Adjacent words (stems) also make *phrase terms* ("victori day"), so a quoted phrase is looked up
as its pairs of words.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer

# Lunr's English stop words, as Material's default pipeline drops them.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been "  # noqa: SIM905
    "but by can cannot could dear did do does either else ever every for from get got had has "
    "have he her hers him his how however i if in into is it its just least let like likely "
    "may me might most must my neither no nor not of off often on only or other our own "
    "rather said say says she should since so some than that the their them then there these "
    "they this tis to too twas us wants was we were what when where which while who whom why "
    "will with would yet you your".split()
)

# Han, Hiragana, Katakana, Hangul (the same ranges as search-analysis.js).
CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"([{CJK}]+)")
_CJK_START = re.compile(f"[{CJK}]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Letters and digits ([^\W_]: what JavaScript calls [\p{L}\p{N}]), apostrophes inside.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
FUZZY_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")  # words typo tolerance applies to


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("ё", "е").replace("’", "'")


def is_cjk(term: str) -> bool:
    return bool(_CJK_START.match(term))


def bigrams(run: str) -> list[str]:
    """A CJK run as the index holds it: its overlapping pairs (or its one character)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


class Analyser:
    """Text → index terms. One per build or worker process: it keeps each word's stem, since
    Snowball in pure Python costs far more than a look-up and a corpus repeats its words."""

    def __init__(self) -> None:
        self._english = snowballstemmer.stemmer("english")
        self._russian = snowballstemmer.stemmer("russian")
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of a normalised word."""
        stem = self._stems.get(word)
        if stem is None:
            stemmer = self._russian if _CYRILLIC.search(word) else self._english
            stem = self._stems[word] = stemmer.stemWord(word)
        return stem

    def analyse(self, text: str) -> tuple[list[str], list[str]]:
        """The terms of a text in order (stems and CJK bigrams), and its phrase terms (each pair
        of adjacent stems, stop words skipped; a CJK run breaks the chain)."""
        terms: list[str] = []
        phrases: list[str] = []
        previous = None
        normalised = normalise(text)
        # Most texts have no CJK run: each word is then one piece, apostrophes inside only.
        cjk = _CJK_START.search(normalised) is not None
        words = WORD.findall(normalised)
        pieces = [piece for word in words for piece in _CJK_RUN.split(word)] if cjk else words
        stems = self._stems
        for piece in pieces:
            if cjk:
                if _CJK_START.match(piece):
                    terms += bigrams(piece)
                    previous = None
                    continue
                piece = piece.strip("'")
            if not piece or piece in STOP_WORDS:
                continue
            stem = stems.get(piece)
            if stem is None:
                stem = self.stem(piece)
            terms.append(stem)
            if previous is not None:
                phrases.append(f"{previous} {stem}")
            previous = stem
        return terms, phrases

    def terms(self, text: str) -> list[str]:
        return self.analyse(text)[0]


def shard_key(term: str) -> str:
    """The shard a term's postings live in: a word's first two characters; a CJK term's first
    character; a date's month ("@2025-05") or, for a day in any year, "@05"."""
    if term.startswith("@"):
        return term[:8] if len(term) >= 8 and term[5] == "-" else term[:3]
    if _CJK_START.match(term):
        return term[:1]
    return term[:2]


def phrase_key(phrase: str) -> str:
    """The shard a phrase term lives in: its first three characters."""
    return phrase[:3]
