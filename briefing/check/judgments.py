"""Checks of key judgments against the analytic standard: the likelihood term is one of the site's
scale, the text says how likely in that scale's words (and agrees with the field), a sentence never
carries both a likelihood and a confidence level, and a judgment followed across briefs does not
change its likelihood or confidence without a ``changes`` note saying so.

The scale is a site option (``likelihood_scale`` in ``mkdocs.yml``), so these checks run here and
not when a file is loaded: the cache of loaded briefs stays the same whatever the scale.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from ..model import Brief, Judgment, Problem, Severity
from ..scales import SCALES, Scale
from ..tracked import Step, histories, order
from ..wording import did_you_mean, q

# Words that hedge without saying how likely: the standards ask for one of their terms instead.
OFF_SCALE = ("possibly", "might", "may", "could", "perhaps", "conceivably")
_CONFIDENCE = re.compile(
    r"\b(?:(?:high|moderate|medium|low)\s+confidence|confident(?:ly)?)\b", re.IGNORECASE
)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_DAY_BEFORE = re.compile(r"\d{1,2}\s+$")
_NUMBER_AFTER = re.compile(r"\s+\d")


def _warning(brief: Brief, key: tuple, message: str) -> Problem:
    return Problem(brief.path, brief.line_of(*key), Severity.WARNING, message)


class Wording:
    """The likelihood phrases of every scale and the hedges, read with one site's scale in mind:
    made once per check, as one pattern (longest phrase first), since it runs on every judgment."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        # What each phrase is for this scale: 'term', 'off' (a hedge) or the name of another scale.
        self.kinds: dict[str, str] = {phrase: "off" for phrase in OFF_SCALE}
        for other in SCALES.values():
            if other is not scale:
                self.kinds.update({phrase: other.name for phrase in other.phrases()})
        self.kinds.update({phrase: "term" for phrase in scale.phrases()})
        alternatives = "|".join(re.escape(p) for p in sorted(self.kinds, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> list[tuple[str, str]]:
        """Each likelihood phrase in ``text`` as written, with its kind."""
        return [
            (m.group(), self.kinds[m.group().lower()])
            for m in self.pattern.finditer(text)
            if not _is_month(text, m)
        ]


@functools.cache
def wording_key(scale: Scale) -> str:
    """What ``wording_problems`` of a brief depend on besides the brief: the scale, and the code
    and terms that judge the words (a brief cache's stored problems are found by it)."""
    digest = hashlib.sha256(scale.id.encode())
    engine = Path(__file__).parent.parent
    for source in (Path(__file__), engine / "scales.py", engine / "wording.py"):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def wording_problems(brief: Brief, wording: Wording) -> list[Problem]:
    """The checks of a brief's judgments that read that brief alone: its likelihood terms and
    its estimative language (kept with the brief in the brief cache, ``wording_key``)."""
    return [
        *likelihood_terms(brief, wording.scale),
        *estimative_language(brief, wording),
    ]


def _is_month(text: str, match: re.Match) -> bool:
    """'May' the month, not the hedge: '9 May', 'May 2025', or capitalised inside a sentence."""
    if match.group().lower() != "may":
        return False
    if _DAY_BEFORE.search(text[: match.start()]) or _NUMBER_AFTER.match(text, match.end()):
        return True
    before = text[: match.start()].rstrip()
    return match.group() == "May" and bool(before) and before[-1] not in ".!?:;"


def likelihood_terms(brief: Brief, scale: Scale) -> Iterator[Problem]:
    """A judgment's ``likelihood`` is a term of the site's scale, written as the scale writes it."""
    terms = [t.words for t in scale.terms]
    for index, judgment in enumerate(brief.judgments):
        value = judgment.likelihood
        if value is None or scale.term(value) is not None:
            continue
        elsewhere = next((s for s in SCALES.values() if s.term(value) is not None), None)
        why = (
            f": {q(value)} is a term of {elsewhere.name}, and this site uses {scale.name}"
            if elsewhere is not None
            else did_you_mean(value, terms)
        )
        yield Problem(
            brief.path,
            brief.line_of("judgments", index, "likelihood"),
            Severity.ERROR,
            f"'likelihood' is {q(value)}; expected one of {', '.join(terms)} ({scale.name}){why}",
        )


def estimative_language(brief: Brief, wording: Wording) -> Iterator[Problem]:
    """Warnings on a judgment's words: a hedge or another scale's term, words that disagree with its
    ``likelihood``, and likelihood with confidence in one sentence (also in the summary)."""
    scale = wording.scale
    for index, judgment in enumerate(brief.judgments):
        key = ("judgments", index, "text")
        found = wording.find(judgment.text)
        for words, kind in found:
            if kind == "off":
                yield _warning(
                    brief,
                    key,
                    f"judgment {index + 1} says {q(words)}, which says not how likely: "
                    f"use a term of {scale.name} ({', '.join(t.words for t in scale.terms)}) "
                    "and set 'likelihood'",
                )
            elif kind != "term":
                yield _warning(
                    brief,
                    key,
                    f"judgment {index + 1} says {q(words)}, a term of {kind}, not of {scale.name}: "
                    "use this site's scale",
                )
        yield from _disagreement(
            brief, index, judgment, [w for w, k in found if k == "term"], scale
        )
        yield from _mixed(brief, key, f"judgment {index + 1}", judgment.text, wording)
    yield from _mixed(brief, ("summary",), "the summary", brief.summary, wording)


def _disagreement(
    brief: Brief, index: int, judgment: Judgment, said: list[str], scale: Scale
) -> Iterator[Problem]:
    if not said:
        return
    key = ("judgments", index, "text")
    if judgment.likelihood is None:
        term = scale.step_of(said[0])
        if term is not None:  # always: ``said`` holds this scale's terms
            yield _warning(
                brief,
                key,
                f"judgment {index + 1} says {q(said[0])} but gives no 'likelihood': add "
                f"'likelihood: {term.words}'",
            )
        return
    field = scale.term(judgment.likelihood)
    if field is None:
        return  # an error already (likelihood_terms)
    for words in said:
        if scale.step_of(words) is not field:
            yield _warning(
                brief,
                key,
                f"judgment {index + 1} says {q(words)} but its likelihood is {q(field.words)}: "
                "make the words and the field agree",
            )
            return


def _mixed(brief: Brief, key: tuple, what: str, text: str, wording: Wording) -> Iterator[Problem]:
    for sentence in _SENTENCE.findall(text):
        confidence = _CONFIDENCE.search(sentence)
        if confidence is None:
            continue
        words = wording.find(sentence)
        if words:
            yield _warning(
                brief,
                key,
                f"{what} puts a likelihood ({q(words[0][0])}) and a confidence level "
                f"({q(confidence.group())}) in one sentence: {wording.scale.name} "
                f"keeps them apart; "
                "say the likelihood in words and the confidence in 'confidence'",
            )
            return


def _state(judgment: Judgment) -> str:
    likelihood = judgment.likelihood or "without a likelihood"
    return f"{likelihood} with {judgment.confidence.value} confidence"


def _unnoted(step: Step, previous: Step) -> Problem:
    brief, judgment = step.brief, step.judgment
    index = brief.judgments.index(judgment)
    moved = "likelihood" if previous.judgment.likelihood != judgment.likelihood else "confidence"
    return _warning(
        brief,
        ("judgments", index, moved),
        f"judgment '{judgment.id}' was {_state(previous.judgment)} in "
        f"{previous.brief.path}:{previous.judgment.line} and is {_state(judgment)} here, "
        f"but no 'changes' note names '{judgment.id}': say what changed and why",
    )


def tracked_changes(briefs: list[Brief]) -> Iterator[Problem]:
    """A judgment id whose likelihood or confidence moved from the previous published brief giving
    it, with no ``changes`` note of this brief naming the id. A draft is compared with the published
    briefs before it, as it will be once published."""
    published = [b for b in briefs if b.published]
    steps_by_id = histories(published)
    for steps in steps_by_id.values():
        for step in steps:
            if step.previous is not None and step.changed and step.note is None:
                yield _unnoted(step, step.previous)
    for brief in briefs:
        if brief.published:
            continue
        for judgment in brief.judgments:
            earlier = [
                s for s in steps_by_id.get(judgment.id or "", []) if order(s.brief) < order(brief)
            ]
            step = Step(brief, judgment, earlier[-1] if earlier else None)
            if step.previous is not None and step.changed and step.note is None:
                yield _unnoted(step, step.previous)
