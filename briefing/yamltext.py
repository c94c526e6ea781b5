"""Read YAML as plain data with the line of every key and item, refusing aliases and deep nesting.

Briefs are data written by many hands, so YAML is composed into nodes (by the C parser where
PyYAML has it) and turned into Python values here, not by PyYAML's constructors: that way every
value keeps its line, and anchors/aliases ("billion laughs") are refused before anything expands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # the C parser is ~10x faster; the pure one gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 20
MAX_NODES = 20_000

Key = tuple  # a path into the document: ("events", 0, "date")


class YamlError(Exception):
    """The text is not YAML we accept; ``line`` is 1-based within the text given."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Scalar:
    """A scalar as written: its text, and the type YAML's resolver gave it (str, int, bool, ...)."""

    text: str
    tag: str
    quoted: bool = False

    @property
    def kind(self) -> str:
        return self.tag.rsplit(":", 1)[-1]


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


def parse(text: str, *, first_line: int = 1) -> Document:
    """Parse one YAML document; lines are reported as ``first_line`` + the line within ``text``."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = err.problem or err.context or "invalid YAML"
        raise YamlError(line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as err:
        raise YamlError(first_line, f"YAML error: {err}") from None
    doc = Document(value=None, lines={(): first_line})
    if node is None:
        return doc
    builder = _Builder(first_line)
    doc.value = builder.build(node, (), 0)
    doc.lines.update(builder.lines)
    return doc


class _Builder:
    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.lines: dict[Key, int] = {}
        self.seen: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, key: Key, depth: int) -> object:
        # An alias is the same node object met twice: refuse it instead of expanding it.
        if id(node) in self.seen:
            raise YamlError(self.line_of(node), "YAML anchors and aliases (&, *) are not allowed in briefs")
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise YamlError(self.line_of(node), f"front matter has more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise YamlError(self.line_of(node), f"front matter is nested more than {MAX_DEPTH} levels deep")
        self.lines[key] = self.line_of(node)
        if isinstance(node, yaml.ScalarNode):
            return Scalar(node.value, node.tag, node.style not in (None, ""))
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, key + (i,), depth + 1) for i, item in enumerate(node.value)]
        mapping: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(self.line_of(key_node), "a key must be a plain word, not a list or mapping")
            name = key_node.value
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(self.line_of(key_node), "YAML merge keys (<<) are not allowed in briefs")
            if name in mapping:
                raise YamlError(self.line_of(key_node), f"duplicate key '{name}'")
            self.lines[key + (name,)] = self.line_of(key_node)
            mapping[name] = self.build(value_node, key + (name,), depth + 1)
            # The key's own line is the one an analyst looks for, not its value's.
            self.lines[key + (name,)] = self.line_of(key_node)
        return mapping
