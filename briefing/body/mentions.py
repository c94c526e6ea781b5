"""Where a brief's text names an actor, by name or alias: the one matcher, for the checker's
hints and for the pages' links to actor pages, so both always agree on what is a mention.

Names are matched as whole words and with their case (``Xi`` is not ``xi``, ``SCO`` not
``sco``); a name written in lower case in the registry ("the West") also matches with a
capital at the start of a sentence. All names of all actors make one regular expression,
arranged as a trie of shared prefixes, so a body is scanned once however many actors there are.
Only the body's running text counts (``Body.prose``): not code, link text or headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Actor
from .tree import Body


@dataclass(frozen=True)
class Mention:
    """The first mention of an actor in a body: the words used, their file line, and where they
    are in the tree (block token, child token, offsets in its text) for the page to link them."""

    actor_id: str
    words: str
    line: int
    block: int
    child: int
    start: int
    end: int


def _spellings(actor: Actor) -> list[str]:
    names = [n.strip() for n in (actor.name, *actor.aliases) if n.strip()]
    capitalised = [n[0].upper() + n[1:] for n in names if n[0].islower()]
    return names + capitalised


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` with shared prefixes factored out (much faster than a flat
    list).
    """
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

    def first_mentions(self, body: Body) -> dict[str, Mention]:
        """Each actor the body's running text names, with its first mention."""
        found: dict[str, Mention] = {}
        if self.pattern is None:
            return found
        for block, child, token in body.prose():
            text = token.content
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
                if actor_id not in found:
                    line = body.line_of(block, child)
                    found[actor_id] = Mention(
                        actor_id, match.group(0), line, block, child, start, match.end()
                    )
        return found
