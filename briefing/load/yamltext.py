"""Read YAML as plain data with the line of every key and item, refusing aliases and deep nesting.

Briefs are data written by many hands, so YAML is composed into nodes (by the C parser where
PyYAML has it) and turned into Python values here, not by PyYAML's constructors: that way every
value keeps its line, and anchors/aliases ("billion laughs") are refused before anything expands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..wording import clean, q
from .yamlerrors import explain

try:  # the C parser is ~10x faster; the pure one gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 20
FRONT_MATTER = "front matter"
MAX_NODES = 20_000

Key = tuple  # a path into the document: ("events", 0, "date")


class YamlError(Exception):
    """The text is not YAML we accept; ``line`` is 1-based within the text given."""

    def __init__(self, line: int, message: str, *, whole_file: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.whole_file = whole_file  # about the file as a whole (its size), not one place in it


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


@dataclass
class Scalar:
    """A scalar as written: its text, and whether it was quoted. Types are decided by the schema."""

    text: str
    quoted: bool = False

    @property
    def kind(self) -> str:
        # Only "null" matters to the schema: every other scalar is read as text, so `title: 1984` is
        # a title.
        return "null" if not self.quoted and self.text in _NULLS else "str"


@dataclass
class Document:
    """A parsed YAML document: plain values (dict, list, Scalar) and the line of each path."""

    value: object
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *key: str | int) -> int:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


# Characters YAML takes for line breaks (NEL, LS, PS) where the file has none, and a byte order
# mark past the start: invisible, they shift every line the parser counts after them.
_INVISIBLE_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")
_INVISIBLE = {
    "\x85": "NEL, which YAML reads as a line break",
    "\u2028": "LINE SEPARATOR, which YAML reads as a line break",
    "\u2029": "PARAGRAPH SEPARATOR, which YAML reads as a line break",
    "\ufeff": "BYTE ORDER MARK, which YAML reads as the start of a new document",
}


def parse(
    text: str, *, first_line: int = 1, max_nodes: int = MAX_NODES, where: str = FRONT_MATTER
) -> Document:
    """Parse one YAML document; lines are reported as ``first_line`` + the line within ``text``.
    ``where`` names the text in messages (the front matter, or a registry's file name).

    Built from the parser's events rather than PyYAML's node graph: an alias is refused the
    moment it is met, and no node objects are made (this is the checker's hot path).
    """
    found = _INVISIBLE_BREAKS.search(text)
    if found:
        char = found.group()
        raise YamlError(
            first_line + text.count("\n", 0, found.start()),
            f"an invisible U+{ord(char):04X} ({_INVISIBLE[char]}) is not allowed in {where}: "
            "delete it (it often comes with pasted text)",
        )
    try:
        return _build(yaml.parse(text, Loader=_Loader), first_line, max_nodes, where)
    except yaml.MarkedYAMLError as err:
        line, message = explain(err, text)
        raise YamlError(first_line + line, message) from None
    except yaml.reader.ReaderError as err:
        line = first_line + text.count("\n", 0, max(0, err.position))
        code = (
            err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
        )
        raise YamlError(line, f"control character U+{code:04X} is not allowed in {where}") from None
    except yaml.YAMLError as err:
        raise YamlError(first_line, "YAML error: " + clean(" ".join(str(err).split()))) from None


_NO_KEY = object()


def _build(events, first_line: int, max_nodes: int, where: str) -> Document:
    # Briefs are "briefs" in the messages analysts know; a registry is named by its file.
    within = "briefs" if where == FRONT_MATTER else where
    lines: dict[Key, int] = {(): first_line}
    root: object = None
    # Each open container: [value, path, key awaiting its value (mappings only)]
    stack: list[list] = []
    nodes = 0
    documents = 0
    for event in events:
        kind = type(event)
        if (
            kind is yaml.ScalarEvent
            or kind is yaml.MappingStartEvent
            or kind is yaml.SequenceStartEvent
        ):
            line = first_line + event.start_mark.line
            if event.anchor is not None:
                raise YamlError(
                    line, f"YAML anchors and aliases (&, *) are not allowed in {within}"
                )
            if event.tag is not None and not (kind is yaml.ScalarEvent and event.tag == "!"):
                written = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
                raise YamlError(
                    line,
                    f"YAML tags ({q(written)}) are not allowed in {within}: write the value "
                    "as plain text",
                )
            nodes += 1
            if nodes > max_nodes:
                raise YamlError(
                    line,
                    f"{where} has more than {max_nodes} values",
                    whole_file=True,
                )
            if stack:
                frame = stack[-1]
                parent, path = frame[0], frame[1]
                if type(parent) is dict:
                    if frame[2] is _NO_KEY:
                        if kind is not yaml.ScalarEvent:
                            raise YamlError(
                                line, "a key must be a plain word, not a list or mapping"
                            )
                        name = event.value
                        if name == "<<" and not event.style:
                            raise YamlError(
                                line, f"YAML merge keys (<<) are not allowed in {within}"
                            )
                        if name in parent:
                            first = lines[(*path, name)]
                            raise YamlError(
                                line, f"duplicate key {q(name)} (first on line {first}): keep one"
                            )
                        frame[2] = name
                        # The key's own line is the one an analyst looks for, not its value's.
                        lines[(*path, name)] = line
                        continue
                    child_path = (*path, frame[2])
                    frame[2] = _NO_KEY
                else:
                    child_path = (*path, len(parent))
                    lines[child_path] = line
            else:
                child_path = ()
                lines[()] = line
            if kind is yaml.ScalarEvent:
                value: object = Scalar(
                    event.value, bool(event.style)
                )  # libyaml gives plain style as ""
            else:
                value = {} if kind is yaml.MappingStartEvent else []
            if stack:
                parent = stack[-1][0]
                if type(parent) is dict:
                    parent[child_path[-1]] = value
                else:
                    parent.append(value)
            else:
                root = value
            if kind is not yaml.ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, f"{where} is nested more than {MAX_DEPTH} levels deep")
                stack.append([value, child_path, _NO_KEY])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            raise YamlError(
                first_line + event.start_mark.line,
                f"YAML anchors and aliases (&, *) are not allowed in {within}",
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(
                    first_line + event.start_mark.line,
                    f"{where} must hold one YAML document, not several",
                )
    return Document(root, lines)
