"""The report of a briefs folder checked before and unchanged since.

``briefing check`` of the very files it checked last (a second run, a commit hook and then CI,
a fresh clone with the cache restored) answers from the last report without loading a brief.
The report is found by a digest of everything ``check_folder`` reads: the folder's listing,
each file's bytes (by digest: size, modification time and inode first, as the brief cache
does), both registries, the settings and the day, and the engine's own code and libraries.
Anything else misses, and the folder is checked as ever. The build never uses it: it needs
the briefs themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import stat
from dataclasses import dataclass
from pathlib import Path

import markdown_it
import mdit_py_plugins
import yaml

from ..load.cache import FileCache, cache_dir, content_key
from ..load.files import (
    ACTORS_FILE,
    MAX_BYTES,
    TOPICS_FILE,
    display_path,
    display_paths,
    link_problem,
    regular_bytes,
    scan,
)
from ..model import Marking, Problem
from ..scales import Scale
from .folder import check_folder, summary

# Per file by its display path: the quick key (size, modification time, inode) and the digest
# of the bytes that had it.
Seen = dict[str, tuple[tuple[int, int, int], bytes]]


@dataclass
class Report:
    """What ``briefing check`` of a whole folder prints: its problems and how many files."""

    problems: list[Problem]
    files: int

    def summary(self) -> str:
        return summary(self.files, self.problems)


@dataclass
class _Memo:
    key: bytes
    seen: Seen
    report: Report


@functools.cache  # read once a process, though a miss digests the inputs before and after
def _engine() -> bytes:
    """The code that makes a report: every module of the engine, and the parsers it uses."""
    digest = hashlib.sha256()
    for library in (yaml, markdown_it, mdit_py_plugins):
        digest.update(f"{library.__name__} {library.__version__}\0".encode())
    engine = Path(__file__).parent.parent
    for source in sorted(engine.rglob("*.py")):
        digest.update(source.relative_to(engine).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.digest()


def _inputs(
    root: Path, settings: tuple, known: Seen, *, read: bool = True
) -> tuple[bytes, Seen, bytes]:
    """The digest of what checking ``root`` reads, what each file was seen as, and the digest of
    the folder as it stands: the same without the files' bytes, each file by its size, time and
    inode (``read=False`` reads no file and gives no first digest)."""
    digest = hashlib.sha256(_engine())
    frame = hashlib.sha256()

    def both(data: bytes) -> None:
        digest.update(data)
        frame.update(data)

    both(repr((display_path(root), settings)).encode())
    found = scan(root)
    both(repr(found.problems).encode())
    both(repr([display_path(path) for path in found.refused]).encode())
    both(_registries(root))
    seen: Seen = {}
    for path, shown in zip(found.files, display_paths(root, found.files), strict=True):
        both(b"\0" + shown.encode("utf-8", "surrogateescape") + b"\0")
        if path.is_symlink():
            both(repr(link_problem(path, root)).encode())
        try:
            status = path.stat()
        except OSError as err:
            both(f"missing {err.errno}".encode())
            continue
        if not stat.S_ISREG(status.st_mode):
            both(f"not a file {stat.S_IFMT(status.st_mode)}".encode())
            continue
        quick = (status.st_size, status.st_mtime_ns, status.st_ino)
        frame.update(repr(quick).encode())
        before = known.get(shown)
        if before is not None and before[0] == quick:
            content = before[1]
        elif not read:
            continue
        else:
            data = regular_bytes(path) if status.st_size <= MAX_BYTES else None
            content = content_key(data) if data is not None else f"unread {quick[0]}".encode()
        seen[shown] = (quick, content)
        digest.update(content)
    return (digest.digest() if read else b""), seen, frame.digest()


def _place(root: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256(display_path(root).encode()).hexdigest()[:16]
    return folder / f"check-{name}.pickle"


def _read(place: Path) -> _Memo | None:
    try:
        with place.open("rb") as stream:
            memo = pickle.load(stream)
    except Exception:  # missing, unreadable or foreign: checked as ever
        return None
    return memo if isinstance(memo, _Memo) else None


def _write(place: Path, memo: _Memo) -> None:
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        temporary = place.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump(memo, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, place)
    except OSError:
        pass  # a read-only home or a full disk: run without it


def check_report(
    root: str | os.PathLike,
    *,
    today: dt.date,
    hints: bool,
    scale: Scale,
    default_marking: Marking,
) -> Report:
    """``check_folder``'s problems and file count, from the last report of the same inputs when
    there is one."""
    root = Path(root)
    place = _place(root) if root.is_dir() else None
    settings = (today.isoformat(), hints, scale, default_marking)
    key: bytes | None = None
    seen = Seen()
    folder = b""
    cache: FileCache | None = None
    if place is not None:
        last = _read(place)
        if last is not None:
            key, seen, _ = _inputs(root, settings, last.seen)
            if last.key == key:
                return last.report
        else:  # nothing to compare with: each file is digested once, as the check loads it
            folder = _inputs(root, settings, {}, read=False)[2]
        cache = FileCache(display_path(root))
    result = check_folder(
        root, today=today, hints=hints, scale=scale, default_marking=default_marking, cache=cache
    )
    report = Report(result.problems, result.files)
    if cache is None or place is None:
        return report
    cache.save()
    # What the check read of each brief: the brief cache's entries, this check's own.
    loaded: Seen = {
        shown: ((entry.size, entry.mtime_ns, entry.inode), entry.content)
        for shown, entry in cache.entries.items()
    }
    after, now, folder_after = _inputs(root, settings, {**seen, **loaded})
    # Kept only if nothing changed while it was checked: else its key would name other files.
    if after == key or (key is None and folder_after == folder):
        _write(place, _Memo(after, now, report))
    return report


def _registries(root: Path) -> bytes:
    """The registries' bytes, by digest (a change to one while a folder is checked)."""
    digest = hashlib.sha256()
    for name in (ACTORS_FILE, TOPICS_FILE):
        try:
            digest.update(name.encode() + content_key((root / name).read_bytes()))
        except OSError as err:
            digest.update(f"{name}: {err.errno}".encode())
    return digest.digest()
