"""The briefs folder on disk: which files are briefs, how their paths are shown, reading them as
text.

Nothing under the briefs folder is skipped silently: a file that looks like a brief but will not
be read (a wrong extension, a hidden folder, a folder linked from outside) is named in an error,
and any other stray file in a warning. Only regular files are ever opened.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..model import (
    Problem,
    Severity,
)
from ..wording import clean, q

MAX_BYTES = 2 * 1024 * 1024  # a brief is prose plus front matter; anything bigger is a mistake


LINKED_OUTSIDE = "file is a symbolic link to a file outside the briefs folder: not read"
FOLDER_LINKED_OUTSIDE = (
    "folder is a symbolic link to a folder outside the briefs folder: nothing in it is read"
)


ACTORS_FILE = "actors.yml"


TOPICS_FILE = "topics.yml"

REGISTRIES = (ACTORS_FILE, TOPICS_FILE)

# Names an analyst may give a Markdown file; only ``.md`` (lowercase) is a brief.
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt")
# Editors' backups and leftovers of merges: copies of a file, never a brief of their own.
_BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".old", ".save")
# A briefs folder may be a repository of its own; git's folder is never looked into.
_GIT_FOLDER = ".git"


def printable(text: str) -> str:
    """A file name that was not UTF-8 on disk, with its bad bytes shown as ``\\xNN``: safe to
    print.
    """
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
    outside = os.path.isabs(base) or base.startswith("..")
    if outside:
        top = os.path.abspath(root)
        if os.path.commonpath([os.path.abspath(os.curdir), top]) == top:
            # The working folder is inside the briefs folder: some files are in it, ask per file.
            return [display_path(path) for path in files]
    joined = []
    for path in files:
        text = os.fspath(path)
        if not text.startswith(os.fspath(root)):
            joined.append(display_path(path))
        elif outside:  # the folder is outside the working folder, and so is each file in it
            joined.append(printable(text))
        else:
            inner = printable(text[prefix:]).replace(os.sep, "/")
            joined.append(inner if base == "." else f"{base}/{inner}")
    return joined


def link_problem(path: Path, root: Path, noun: str = "file") -> str | None:
    """Why the symbolic link ``path`` is not followed (it loops, leads out of ``root`` or to
    nothing), or None for a link to something inside ``root``."""
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop
        return f"{noun} is a symbolic link that loops back on itself: not read"
    if not target.is_relative_to(root.resolve()):
        return LINKED_OUTSIDE if noun == "file" else FOLDER_LINKED_OUTSIDE
    if not target.exists():
        return f"{noun} is a symbolic link to nothing (its target does not exist): not read"
    return None


def outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (a symbolic link, or under one) really lives outside the folder ``root``."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


@dataclass
class Scan:
    """What a walk of the briefs folder found: the brief files to load, in a stable order, the
    files that look like briefs but are not read (each named in an error), and the problems."""

    files: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, path: Path, message: str, *, folder: bool = False) -> None:
        if not folder:
            self.refused.append(path)
        self.problems.append(Problem(display_path(path), 1, Severity.ERROR, message))

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(Problem(display_path(path), 1, Severity.WARNING, message))


def scan(root: str | os.PathLike) -> Scan:
    """Walk the briefs folder: every ``*.md`` is a brief; the registries are at its top."""
    root = Path(root)
    found = Scan()

    def unreadable(err: OSError) -> None:
        where = Path(err.filename) if err.filename else root
        found.refuse(
            where,
            f"folder cannot be read: {err.strerror or err}; no brief in it is read",
            folder=True,
        )

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink():
                problem = link_problem(path, root, "folder")
                if problem:
                    found.refuse(path, problem, folder=True)
                # A link to a folder inside: its files are read where they really are.
            elif name == _GIT_FOLDER:
                pass
            elif name.startswith("."):
                _hidden_folder(path, found)
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            path = here / name
            if name.endswith(".md"):
                found.files.append(path)  # hidden ones too: the loader refuses their id
            elif not (here == root and name in REGISTRIES):
                _other_file(path, name, here == root, found)
    return found


def brief_files(root: str | os.PathLike) -> list[Path]:
    """Every ``*.md`` under the briefs folder, in a stable order (see ``scan``)."""
    return scan(root).files


def _hidden_folder(folder: Path, found: Scan) -> None:
    """A hidden folder is not published; each brief file in it is named, so none is lost unseen."""
    shown = q(folder.name)
    for inner, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != _GIT_FOLDER)
        for name in sorted(names):
            if name.lower().endswith(_MARKDOWN_SUFFIXES):
                found.refuse(
                    Path(inner, name),
                    f"file is inside the hidden folder {shown}: not read; move it to a visible "
                    "folder (a brief not ready for the site is kept off it by 'status: draft')",
                )


def is_backup(name: str) -> bool:
    """An editor's backup or a merge leftover (``x.md~``, ``x.orig``, ``#x#``): never content,
    neither a brief nor a file of the site."""
    lower = name.rsplit("/", 1)[-1].lower()
    return lower.startswith("#") or lower.endswith(_BACKUP_SUFFIXES)


def _other_file(path: Path, name: str, at_top: bool, found: Scan) -> None:
    lower = name.lower()
    if lower.endswith(_MARKDOWN_SUFFIXES):
        stem = name[: name.rindex(".")]
        found.refuse(
            path,
            f"file name {q(name)} does not end in '.md': not read; rename it to {q(stem + '.md')}",
        )
    elif name.startswith(".") or is_backup(name):
        pass  # hidden files (.gitkeep, .DS_Store) and editors' backups are not briefs
    elif name in REGISTRIES:
        found.warn(path, f"not read: {q(name)} is read only at the top of the briefs folder")
    elif (
        at_top
        and lower.endswith((".yaml", ".yml"))
        and lower.rsplit(".", 1)[0] + ".yml" in REGISTRIES
    ):
        found.warn(path, f"not read: the registry's name is {q(lower.rsplit('.', 1)[0] + '.yml')}")
    else:
        found.warn(path, "not a brief (*.md) or a registry: not read")


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file with this mode is not read: its kind in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def regular_bytes(path: Path) -> bytes | None:
    """A regular file's bytes (at most a brief's size), or None: opened without blocking and
    checked once open, so a file swapped for a named pipe meanwhile is never waited on."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC)
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            data = stream.read(MAX_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_BYTES else None


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read (not a regular file, too big,
    not UTF-8). Only a regular file is opened: a named pipe would block, a device would act."""

    def refused(message: str, line: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, line, Severity.ERROR, message)]

    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind is not None:
            return refused(f"file is {kind}, not a regular file: not read")
        # Non-blocking, and checked again once open: the file may be swapped since it was looked at.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC)
        with os.fdopen(handle, "rb") as stream:
            opened = os.fstat(stream.fileno())
            kind = _not_regular(opened.st_mode)
            if kind is not None:
                return refused(f"file is {kind}, not a regular file: not read")
            data = stream.read(MAX_BYTES + 1)  # never more, whatever the file says its size is
    except OSError as err:
        return refused(f"cannot read file: {err.strerror or err}")
    if len(data) > MAX_BYTES:
        size = max(len(data), opened.st_size)
        return refused(f"file is {size:,} bytes; a brief may be at most {MAX_BYTES:,} bytes (2 MB)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return refused(
            "file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8"
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        message = (
            f"file is not UTF-8 text (byte 0x{data[err.start]:02x} at offset "
            f"{err.start}); save it as UTF-8"
        )
        return refused(message, line)
