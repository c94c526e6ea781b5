"""Judgments followed over time: briefs that give a judgment the same ``id`` make its history.

One function builds the histories, so the checker (a change without a note) and the pages
(the judgments page, "previously: …" on a brief) read the same steps in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Brief, Change, Confidence, Judgment
from .scales import Scale

CONFIDENCE_ORDER = [c.value for c in Confidence]  # lowest first: low, moderate, high


@dataclass
class Step:
    """A judgment as one brief gives it, with the step before it (None for the first)."""

    brief: Brief
    judgment: Judgment
    previous: Step | None = None

    @property
    def changed(self) -> bool:
        """The likelihood or the confidence differs from the previous brief's."""
        before = self.previous
        return before is not None and (
            before.judgment.likelihood != self.judgment.likelihood
            or before.judgment.confidence is not self.judgment.confidence
        )

    @property
    def note(self) -> Change | None:
        """This brief's ``changes`` note naming the judgment's id, if any: what changed and why."""
        return noting(self.brief, self.judgment.id or "")


def order(brief: Brief) -> tuple:
    """Briefs in the order they speak: by date, then id (a stable order for briefs of one day)."""
    return (brief.date, brief.id)


def histories(briefs: list[Brief]) -> dict[str, list[Step]]:
    """Every judgment id given by ``briefs`` and its steps, oldest first."""
    found: dict[str, list[tuple[Brief, Judgment]]] = {}
    for brief in briefs:
        for judgment in brief.judgments:
            if judgment.id is not None:
                found.setdefault(judgment.id, []).append((brief, judgment))
    result: dict[str, list[Step]] = {}
    for judgment_id, pairs in found.items():
        steps: list[Step] = []
        for brief, judgment in sorted(pairs, key=lambda pair: order(pair[0])):
            steps.append(Step(brief, judgment, steps[-1] if steps else None))
        result[judgment_id] = steps
    return result


def id_pattern(judgment_ids) -> re.Pattern:
    """Any of ``judgment_ids`` as a word of a note: ``xi-attends-parade``, not ``…-parade-2``."""
    alternatives = "|".join(re.escape(i) for i in sorted(judgment_ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def names(text: str, judgment_id: str) -> bool:
    """A note names a judgment when it holds its id as a word."""
    return bool(judgment_id) and id_pattern([judgment_id]).search(text) is not None


def noting(brief: Brief, judgment_id: str) -> Change | None:
    return next((c for c in brief.changes if names(c.note, judgment_id)), None)


def _moved(before: int, after: int) -> str:
    return "raised" if after > before else "lowered"


def movement(step: Step, scale: Scale) -> str:
    """What changed from the previous step, in words: "raised from unlikely to likely"."""
    if step.previous is None:
        return ""  # the first step: nothing moved
    before, now = step.previous.judgment, step.judgment
    parts = []
    if before.likelihood != now.likelihood:
        if before.likelihood is None:
            parts.append(f"first given a likelihood: {now.likelihood}")
        elif now.likelihood is None:
            parts.append(f"no longer given a likelihood (was {before.likelihood})")
        else:
            old, new = scale.rank(before.likelihood), scale.rank(now.likelihood)
            verb = _moved(old, new) if old >= 0 and new >= 0 else "changed"
            parts.append(f"{verb} from {before.likelihood} to {now.likelihood}")
    if before.confidence is not now.confidence:
        old, new = (CONFIDENCE_ORDER.index(c.value) for c in (before.confidence, now.confidence))
        parts.append(
            f"confidence {_moved(old, new)} from {before.confidence.value} to "
            f"{now.confidence.value}"
        )
    return "; ".join(parts)
