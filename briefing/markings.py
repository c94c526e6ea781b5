"""Traffic Light Protocol 2.0 labels: their order, what each allows in a line, their colours, and
the words for a mistyped one. Every stage that compares markings asks here.

TLP 2.0 (FIRST, 2022) orders the labels from the widest audience to the narrowest: CLEAR, GREEN,
AMBER, AMBER+STRICT, RED. A reader cleared for one label may read everything at or below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Brief, Marking
from .wording import closest, q

# A brief without a marking is read by the narrowest hosted audience only: forgetting the line
# can never widen who reads a brief, yet the brief is still published (TLP:RED never is), and its
# banner shows the analyst what it got. ``default_marking`` in mkdocs.yml may change it.
DEFAULT_MARKING = Marking.AMBER_STRICT
# The audiences a hosted site may be built for: TLP:RED is for named recipients only.
HOSTED = (Marking.CLEAR, Marking.GREEN, Marking.AMBER, Marking.AMBER_STRICT)
WIDEST = Marking.CLEAR
NARROWEST = Marking.RED
# What the registries (actors.yml, topics.yml) and the hand-written pages are: read by everyone.
UNMARKED_CONTENT = Marking.CLEAR

MEANING = {
    Marking.CLEAR: "Disclosure is not limited: recipients may share it freely.",
    Marking.GREEN: "Limited disclosure: recipients may share it within their community, "
    "not on publicly accessible channels.",
    Marking.AMBER: "Limited disclosure: recipients may share it on a need-to-know basis "
    "within their organisation and its clients only.",
    Marking.AMBER_STRICT: "Limited disclosure: recipients may share it on a need-to-know basis "
    "within their organisation only.",
    Marking.RED: "For the eyes and ears of individual recipients only: no further disclosure.",
}
# TLP 2.0's colours: the label in this colour on black (docs/stylesheets/marking.css).
COLOUR = {
    Marking.CLEAR: "#FFFFFF",
    Marking.GREEN: "#33FF00",
    Marking.AMBER: "#FFC000",
    Marking.AMBER_STRICT: "#FFC000",
    Marking.RED: "#FF2B2B",
}
_RANK = {marking: rank for rank, marking in enumerate(Marking)}


def rank(marking: Marking) -> int:
    return _RANK[marking]


def within(marking: Marking, audience: Marking) -> bool:
    """True if readers cleared for ``audience`` may read what is marked ``marking``."""
    return _RANK[marking] <= _RANK[audience]


def most_restrictive(markings: Iterable[Marking], floor: Marking = WIDEST) -> Marking:
    """The roll-up: the narrowest of ``markings`` (``floor`` when there are none)."""
    return max(markings, key=_RANK.__getitem__, default=floor)


def of(brief: Brief) -> Marking:
    """A brief's marking once checked; unknown (a label that was not TLP 2.0) counts as RED."""
    return brief.marking or Marking.RED


def rolled_up(briefs: Iterable[Brief]) -> Marking:
    # The few labels first, then the narrowest: a topic or an actor holds thousands of briefs.
    return most_restrictive({of(brief) for brief in briefs})


def slug(marking: Marking) -> str:
    """``TLP:AMBER+STRICT`` → ``tlp-amber-strict``: for paths, file names and CSS classes."""
    return re.sub(r"[^a-z]+", "-", marking.value.lower()).strip("-")


def parse(text: str) -> Marking | None:
    for marking in Marking:
        if marking.value == text:
            return marking
    return None


def problem(text: str) -> str:
    """What is wrong with a label that is not TLP 2.0's, with the label meant where it is clear."""
    labels = ", ".join(m.value for m in Marking)
    tidy = re.sub(r"\s+", "", text.upper())
    tidy = re.sub(r"^TLP\W*", "", tidy)
    if tidy == "WHITE":
        return (
            f"marking {q(text)} is TLP 1.0's label: TLP 2.0 calls it 'TLP:CLEAR' "
            f"(expected one of {labels})"
        )
    tidy = re.sub(r"^AMBER\W*STRICT$", "AMBER+STRICT", tidy)
    names = [m.value[len("TLP:") :] for m in Marking]  # compared without the prefix all share
    meant = parse("TLP:" + (tidy if tidy in names else closest(tidy, names) or ""))
    hint = f" (did you mean '{meant.value}'?)" if meant is not None else ""
    return f"marking {q(text)} is not a TLP 2.0 label{hint}: expected one of {labels}"
