"""The briefs folder on disk: which files are briefs, how their paths are shown, reading them as text."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import (
    Problem,
    Severity,
)
from ..wording import clean

MAX_BYTES = 2 * 1024 * 1024  # a brief is prose plus front matter; anything bigger is a mistake


LINKED_OUTSIDE = "file is a symbolic link to a file outside the briefs folder: not read"


ACTORS_FILE = "actors.yml"


TOPICS_FILE = "topics.yml"


def printable(text: str) -> str:
    """A file name that was not UTF-8 on disk, with its bad bytes shown as ``\\xNN``: safe to print."""
    return clean(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def display_path(path: str | os.PathLike) -> str:
    """The path as an analyst would type it: relative to the working folder when inside it."""
    path = printable(os.fspath(path))
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def display_paths(root: Path, files: list[Path]) -> list[str]:
    """``display_path`` of many files under ``root``: the folder's relative path worked out once."""
    base, prefix = display_path(root), len(os.fspath(root)) + 1
    if os.path.isabs(base) or base.startswith(
        ".."
    ):  # the working folder may be inside the briefs folder: ask per file
        return [display_path(path) for path in files]
    joined = []
    for path in files:
        text = os.fspath(path)
        if not text.startswith(os.fspath(root)):
            joined.append(display_path(path))
            continue
        inner = printable(text[prefix:]).replace(os.sep, "/")
        joined.append(inner if base == "." else f"{base}/{inner}")
    return joined


def outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (a symbolic link, or under one) really lives outside the folder ``root``."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def brief_files(root: str | os.PathLike) -> list[Path]:
    """Every ``*.md`` under the briefs folder, in a stable order. Hidden folders are skipped."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, name) for name in sorted(files) if name.endswith(".md"))
    return found


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read (too big, not UTF-8)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"file is {size:,} bytes; a brief may be at most {MAX_BYTES:,} bytes (2 MB)"
            return None, [Problem(shown, 1, Severity.ERROR, message)]
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, 1, Severity.ERROR, f"cannot read file: {err.strerror or err}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        message = f"file is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8"
        return None, [Problem(shown, line, Severity.ERROR, message)]
