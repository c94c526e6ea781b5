"""A per-file cache of loaded briefs, so an unchanged brief is not parsed again.

An entry is found by the file's content (a digest of its bytes), so a fresh clone with a
restored cache (CI) reads nothing again; a quicker test of size, modification time and inode
comes first, so a local check does not even read unchanged files. The whole cache is keyed by
a fingerprint of the code that turns a file into a brief (a change to the loader empties it).
Best effort: a missing, unreadable or foreign cache is simply ignored. Cross-file checks are
not cached per file (a whole folder's report is, by ``briefing.check.memo``); the checks that read
one brief alone are kept with it (``found_alone``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model import Problem
from .brief import Loaded

# The code that turns a file into a ``Loaded``: the load and body stages, the model and its wording.
_SOURCES = ("load", "body", "model.py", "markings.py", "wording.py")


def _fingerprint() -> str:
    digest = hashlib.sha256(yaml.__version__.encode())
    engine = Path(__file__).parent.parent
    for name in _SOURCES:
        path = engine / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.read_bytes())
    return digest.hexdigest()


def content_key(data: bytes) -> bytes:
    """What a file's entry is found by: a digest of its bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def cache_dir() -> Path | None:
    """``$BRIEFING_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefing-room`` or
    ``~/.cache/briefing-room``; ``BRIEFING_CACHE=0`` turns it off.
    """
    if os.environ.get("BRIEFING_CACHE", "1") == "0":
        return None
    if os.environ.get("BRIEFING_CACHE_DIR"):
        return Path(os.environ["BRIEFING_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefing-room"


@dataclass
class Entry:
    """One file as it was loaded: the quick key (size, modification time, inode), the content
    key, and what loading it gave."""

    size: int
    mtime_ns: int
    inode: int
    content: bytes
    loaded: Loaded
    # What the checks that read this brief alone found, with what they depend on besides it
    # (their code and settings): kept here so that a check does not run them again.
    alone: tuple[str, list[Problem]] | None = None


# The cache of a folder is this many files, each holding the entries whose display paths fall
# in it: a save after one brief changed writes one of them, not the whole folder's.
SHARDS = 64


def _shard(shown: str) -> int:
    return (
        hashlib.blake2b(shown.encode("utf-8", "surrogateescape"), digest_size=2).digest()[0]
        % SHARDS
    )


class FileCache:
    """Loaded briefs of one briefs folder (as its path is shown), by display path."""

    def __init__(self, shown_root: str) -> None:
        folder = cache_dir()
        # By the folder as shown (``briefs``), not where it is: a fresh clone elsewhere finds it.
        self.shown_root = shown_root
        key = hashlib.sha256(shown_root.encode()).hexdigest()[:16]
        self.path = folder / f"briefs-{key}" if folder else None
        self.fingerprint = _fingerprint() if folder else ""
        self.entries: dict[str, Entry] = {}
        self.dirty: set[int] = set()  # the shards changed since they were read
        if self.path is not None:
            for index in range(SHARDS):
                try:
                    with (self.path / f"{index}.pickle").open("rb") as stream:
                        fingerprint, entries = pickle.load(stream)
                except Exception:
                    continue  # missing, unreadable or foreign: its briefs are loaded again
                if fingerprint == self.fingerprint:
                    self.entries.update(entries)

    def has(self, shown: str) -> bool:
        """Whether the file has an entry, current or not."""
        return shown in self.entries

    def unchanged(self, shown: str, stat: os.stat_result) -> Loaded | None:
        """The entry of a file whose size, modification time and inode are as they were."""
        entry = self.entries.get(shown)
        if entry is not None and (entry.size, entry.mtime_ns, entry.inode) == (
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ino,
        ):
            return entry.loaded
        return None

    def same_content(self, shown: str, stat: os.stat_result, content: bytes) -> Loaded | None:
        """The entry of a file whose bytes are as they were (touched, or a fresh clone)."""
        entry = self.entries.get(shown)
        if entry is None or entry.content != content:
            return None
        entry.size, entry.mtime_ns, entry.inode = stat.st_size, stat.st_mtime_ns, stat.st_ino
        self.dirty.add(_shard(shown))
        return entry.loaded

    def put(self, shown: str, stat: os.stat_result, content: bytes, loaded: Loaded) -> None:
        self.entries[shown] = Entry(stat.st_size, stat.st_mtime_ns, stat.st_ino, content, loaded)
        self.dirty.add(_shard(shown))

    def found_alone(self, shown: str, loaded: Loaded, key: str) -> list[Problem] | None:
        """What the checks of one brief alone found for this very ``loaded`` under ``key``."""
        entry = self.entries.get(shown)
        if entry is None or entry.loaded is not loaded or entry.alone is None:
            return None
        return entry.alone[1] if entry.alone[0] == key else None

    def keep_found_alone(
        self, shown: str, loaded: Loaded, key: str, problems: list[Problem]
    ) -> None:
        entry = self.entries.get(shown)
        if entry is not None and entry.loaded is loaded and entry.alone != (key, problems):
            entry.alone = (key, problems)
            self.dirty.add(_shard(shown))

    def keep_only(self, shown_paths: set[str]) -> None:
        for shown in set(self.entries) - shown_paths:
            del self.entries[shown]
            self.dirty.add(_shard(shown))

    def save(self, *, whole: bool = False) -> None:
        """Write the shards that changed (``whole``: every one)."""
        if self.path is None or not (self.dirty or whole):
            return
        shards = range(SHARDS) if whole else sorted(self.dirty)
        held: dict[int, dict[str, Entry]] = {index: {} for index in shards}
        for shown, entry in self.entries.items():
            part = held.get(_shard(shown))
            if part is not None:
                part[shown] = entry
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            # The one file of earlier versions, whose entries no version reads any more.
            self.path.with_name(self.path.name.removeprefix("briefs-") + ".pickle").unlink(
                missing_ok=True
            )
            for index, entries in held.items():
                target = self.path / f"{index}.pickle"
                temporary = target.with_suffix(f".{os.getpid()}.tmp")
                with temporary.open("wb") as stream:
                    pickle.dump(
                        (self.fingerprint, entries), stream, protocol=pickle.HIGHEST_PROTOCOL
                    )
                os.replace(temporary, target)
                self.dirty.discard(index)
        except OSError:
            pass  # a read-only home or a full disk: run without a cache
