"""The data model: plain dataclasses for briefs, registries and problems."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from .body.tree import Body


class Severity(str, enum.Enum):
    """How bad a problem is: errors fail the check and the strict build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one line (1-based), in words an analyst can act on."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: {self.message}"


class Status(str, enum.Enum):
    PUBLISHED = "published"
    DRAFT = "draft"


class Confidence(str, enum.Enum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Marking(str, enum.Enum):
    """A Traffic Light Protocol 2.0 label: who may read a brief. Declared from the widest
    audience to the narrowest (``briefing.markings`` compares them by this order)."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"


class ActorKind(str, enum.Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    STATE = "state"


# A brief without review_by is stale once its as-of date is this many days old: the default of the
# site's stale_after_days (briefing.plugin.config).
STALE_AFTER_DAYS = 180

# The Admiralty (NATO) grading scales: the letter grades the source, the digit the information.
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


@dataclass
class Actor:
    """A person, organisation or state from ``actors.yml``."""

    id: str
    name: str
    kind: ActorKind | None = None
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    role: str | None = None
    description: str | None = None
    line: int = 1


@dataclass
class Topic:
    """A subject from ``topics.yml``; each has an index page."""

    id: str
    title: str
    description: str | None = None
    line: int = 1


@dataclass
class Event:
    """Something that happened on a date (or over a range), as a brief reports it."""

    date: dt.date
    title: str
    end: dt.date | None = None
    location: str | None = None
    actors: list[str] = field(default_factory=list)
    id: str | None = None
    line: int = 1


@dataclass
class Source:
    """A cited source with its Admiralty grading (reliability A–F, credibility 1–6)."""

    id: str | None
    title: str
    publisher: str
    url: str | None = None
    published: dt.date | None = None
    accessed: dt.date | None = None
    reliability: str | None = None
    credibility: int | None = None
    line: int = 1

    @property
    def grade(self) -> str | None:
        """The combined grade as analysts write it, e.g. ``B2``."""
        if self.reliability is None and self.credibility is None:
            return None
        return f"{self.reliability or '?'}{self.credibility or '?'}"


@dataclass
class Judgment:
    """A key judgment: how likely (a term of the site's scale), how confident, and on which sources.

    Briefs giving the same ``id`` make one judgment followed over time (``briefing.tracked``).
    """

    text: str
    confidence: Confidence
    likelihood: str | None = None
    # Ids of this brief's sources that support the judgment.
    sources: list[str] = field(default_factory=list)
    id: str | None = None
    line: int = 1


@dataclass
class Change:
    """A note on what changed in a brief, and why (``changes:``)."""

    date: dt.date
    note: str
    line: int = 1


@dataclass
class Brief:
    """One analyst's brief: the front matter as typed values, and the Markdown body."""

    id: str
    path: str
    title: str
    summary: str
    date: dt.date
    topics: list[str]
    actors: list[str]
    sources: list[Source]
    # The Markdown body, parsed once when the brief is loaded (briefing.body.tree).
    body: Body = field(default_factory=lambda: Body("", 1))
    updated: dt.date | None = None
    status: Status = Status.PUBLISHED
    events: list[Event] = field(default_factory=list)
    judgments: list[Judgment] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    review_by: dt.date | None = None
    changes: list[Change] = field(default_factory=list)
    supersedes: str | None = None
    # The TLP label as written; ``check_folder`` gives an unmarked brief the site's default, so
    # from the checks on it is None only where the label written was not a TLP 2.0 one.
    marking: Marking | None = None
    # Lines of list items, for cross-file checks that point at the offending item.
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)
    # Digests set by the loader: of the file's text, and of its front matter with the body's
    # links, images and headings (without their lines). A brief is what its path and text make of
    # it (and the site's default marking): pages are found unchanged by these under serve
    # (``briefing.site.pages``). Empty for a brief made otherwise.
    text_digest: str = field(default="", repr=False)
    front_digest: str = field(default="", repr=False)

    @property
    def published(self) -> bool:
        return self.status is Status.PUBLISHED

    @property
    def as_of(self) -> dt.date:
        """The date the brief speaks from: its last substantive update, else its date."""
        return self.updated or self.date

    def stale(self, today: dt.date, after_days: int | None = None) -> bool:
        """Past its ``review_by``; or, when it sets none and ``after_days`` is given, written
        that many days or more before ``today`` (the site's ``stale_after_days``)."""
        if self.review_by is not None:
            return self.review_by < today
        if not after_days:
            return False
        return (today - self.as_of).days >= after_days

    def line_of(self, *key: str | int) -> int:
        """The file line of a front-matter key or list item, falling back to its parents."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1


@dataclass(frozen=True)
class Unloaded:
    """A brief file that could not be made into a brief (named in its own errors): what its text
    still says of it, for the briefs that link to it."""

    path: str
    # Its front matter has a ``status: draft`` line.
    draft: bool
    # The marking its front matter's text gives (the site's default when it has no marking
    # line); None when that cannot be read.
    marking: Marking | None

    @property
    def id(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass
class Corpus:
    """Everything loaded from a briefs folder: the briefs that loaded, and the registries."""

    root: str
    briefs: list[Brief]
    actors: dict[str, Actor]
    topics: dict[str, Topic]
    # Files that could not be loaded at all: each is named in a problem.
    rejected: list[str] = field(default_factory=list)
