"""The likelihood scales of the analytic standards, as data: the words a judgment's ``likelihood``
may take, lowest first, each with its range of probability.

ICD 203 (the US Intelligence Community's analytic standards, 2015) is the default; the UK
Professional Head of Intelligence Assessment's probability yardstick (PHIA, 2019) can be chosen
in ``mkdocs.yml`` (``likelihood_scale: phia``). Both are used the same way: one term per
judgment, written as the scale writes it, never mixed with a confidence level in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One step of a scale: the words written in ``likelihood:`` and the probability they stand
    for.
    """

    words: str
    low: int  # per cent
    high: int
    # Other words the standard gives for the same step ("probably" for "likely").
    synonyms: tuple[str, ...] = ()

    @property
    def range(self) -> str:
        """The step's probability as the standards print it: ``55–80 %``."""
        return f"{self.low}–{self.high} %"


@dataclass(frozen=True)
class Scale:
    """A standard's likelihood terms, lowest first."""

    id: str  # as set in mkdocs.yml
    name: str  # as shown on pages and in messages
    terms: tuple[Term, ...]

    def term(self, words: str) -> Term | None:
        return next((t for t in self.terms if t.words == words), None)

    def rank(self, words: str) -> int:
        """The step's place on the scale, 0 for the lowest; -1 for words off it."""
        term = self.term(words)
        return self.terms.index(term) if term is not None else -1

    def step_of(self, phrase: str) -> Term | None:
        """The term a phrase names on this scale, by its words or a synonym."""
        phrase = phrase.lower()
        return next((t for t in self.terms if phrase == t.words or phrase in t.synonyms), None)

    def phrases(self) -> dict[str, Term]:
        """Every phrase of the scale (terms and synonyms) and the term it names."""
        return {p: t for t in self.terms for p in (t.words, *t.synonyms)}


ICD_203 = Scale(
    "icd-203",
    "ICD 203",
    (
        Term("almost no chance", 1, 5, ("remote",)),
        Term("very unlikely", 5, 20, ("highly improbable",)),
        Term("unlikely", 20, 45, ("improbable", "improbably")),
        Term("roughly even chance", 45, 55, ("roughly even odds",)),
        Term("likely", 55, 80, ("probable", "probably")),
        Term("very likely", 80, 95, ("highly probable",)),
        Term("almost certain", 95, 99, ("almost certainly", "nearly certain")),
    ),
)
PHIA = Scale(
    "phia",
    "the UK PHIA probability yardstick",
    (
        Term("remote chance", 0, 5),
        Term("highly unlikely", 10, 20),
        Term("unlikely", 25, 35),
        Term("realistic possibility", 40, 50),
        Term("likely", 55, 75, ("probable", "probably")),
        Term("highly likely", 80, 90),
        Term("almost certain", 95, 100, ("almost certainly",)),
    ),
)
SCALES = {scale.id: scale for scale in (ICD_203, PHIA)}
DEFAULT = ICD_203
