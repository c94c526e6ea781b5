"""Split a brief's text into its YAML front matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass


class FrontMatterError(Exception):
    """The file has no usable front matter; ``line`` is where the analyst should look."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Split:
    """The front matter text (starting at file line ``yaml_line``) and the body (at
    ``body_line``).
    """

    yaml_text: str
    yaml_line: int
    body: str
    body_line: int


def split(text: str) -> Split:
    """Find the ``---`` fences; the front matter must open on the first line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text and "\n" not in text:
        raise FrontMatterError(
            1, "the file's lines end in CR alone (old Mac style): save it with LF line endings"
        )
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").rstrip() != "---":
        return _missing(text)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r").rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return Split(yaml_text, 2, body, index + 2)
    raise FrontMatterError(1, "front matter opened with '---' on line 1 is never closed with '---'")


def _missing(text: str) -> Split:
    if not text.strip():
        raise FrontMatterError(
            1, "file is empty: a brief starts with front matter between '---' lines"
        )
    raise FrontMatterError(
        1, "no front matter: a brief must start with a '---' line, its YAML fields, and '---'"
    )
