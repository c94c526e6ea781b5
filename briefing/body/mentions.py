"""Where a brief's text names an actor, by name or alias: one scan per body, for the hints.

Names are matched as whole words and with their case (``Xi`` is not ``xi``, ``SCO`` not
``sco``); a name written in lower case in the registry ("the West") also matches with a
capital at the start of a sentence. All names of all actors make one regular expression,
arranged as a trie of shared prefixes, so a body is scanned once however many actors there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Actor
from .links import code_spans


@dataclass(frozen=True)
class Mention:
    """The first mention of an actor in a text: the words used and their 0-based offset."""

    actor_id: str
    words: str
    offset: int


def _spellings(actor: Actor) -> list[str]:
    names = [n.strip() for n in (actor.name, *actor.aliases) if n.strip()]
    capitalised = [n[0].upper() + n[1:] for n in names if n[0].islower()]
    return names + capitalised


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` with shared prefixes factored out (much faster than a flat list)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = [
            re.escape(char) + build(child) for char, child in sorted(node.items()) if char != ""
        ]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group  # greedy: the longest name wins

    return build(trie)


class MentionScanner:
    """Finds the actors a text names; build once per registry, then ``first_mentions`` per text."""

    def __init__(self, actors: dict[str, Actor]) -> None:
        self.owner: dict[str, str] = {}
        for actor_id in sorted(actors):
            for spelling in _spellings(actors[actor_id]):
                self.owner.setdefault(
                    spelling, actor_id
                )  # a name two actors share counts for the first id
        words = sorted(self.owner)
        # The left word boundary is checked in Python: a pattern that starts with a lookbehind
        # cannot skip ahead to the names' first letters, and is five times slower.
        self.pattern = re.compile(rf"{_trie_pattern(words)}(?!\w)") if words else None

    def first_mentions(self, text: str) -> dict[str, Mention]:
        """Each actor named in ``text`` outside code, with its first mention."""
        found: dict[str, Mention] = {}
        if self.pattern is None:
            return found
        spans = None
        position = 0
        while (match := self.pattern.search(text, position)) is not None:
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                position = (
                    start + 1
                )  # inside a word: not a mention, but a name may start later in it
                continue
            position = match.end()
            actor_id = self.owner[match.group(0)]
            if actor_id in found:
                continue
            spans = code_spans(text) if spans is None else spans
            if any(begin <= start < end for begin, end in spans):
                continue
            found[actor_id] = Mention(actor_id, match.group(0), start)
        return found
