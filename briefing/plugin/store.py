"""Work kept between builds: rendered bodies, finished pages and their templated HTML, found by
what they were made from.

Every key is a digest of a thing's inputs, under the fingerprint of everything that turns inputs
into output (the engine's code, the theme's templates, the running engine, MkDocs or ProperDocs,
and the versions of MkDocs, Material and the Markdown and HTML libraries). So an entry is either
exactly what the build would make again, or never found: a build with a restored store (CI) gives
the same bytes as one without it, and the test suite holds it to that. One SQLite file in the
brief cache's folder; workers read it, the main process writes what they made, once, at the end
of the build. Best effort: without a usable folder, the build runs as if every entry were missing.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sqlite3
from pathlib import Path
from typing import Any

from ..load.cache import cache_dir
from ..packing import pack, unpack

_LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "markdown-it-py",
    "mdit-py-plugins",
    "nh3",
    "snowballstemmer",
)


def engine_fingerprint(*folders: Path) -> str:
    """A digest of the engine's code, the given folders' files (the theme's overrides) and the
    versions of the libraries that shape the output."""
    digest = hashlib.sha256()
    engine = Path(__file__).resolve().parent.parent
    for folder in (engine, *folders):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    # The engine running this build: under ProperDocs, ``mkdocs`` is ProperDocs (its import
    # alias), whose pages carry its own generator tag; the installed MkDocs' version says nothing.
    import mkdocs

    digest.update(f"engine={mkdocs.__name__} {mkdocs.__version__}".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()


def key(*parts: object) -> bytes:
    """A digest of the parts' text (each ``repr``'d: keep to plain values)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return digest.digest()


FLUSH_BYTES = 16 * 1024 * 1024  # pending entries written once they hold this much


class Store:
    """Entries by kind and key. Reads go to the file; puts wait in memory until ``save``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.pending: dict[tuple[str, bytes], bytes] = {}
        self.pending_bytes = 0
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._owner = os.getpid()  # the process that writes the file; workers only read it
        self._others_gone = False

    @classmethod
    def for_build(cls, fingerprint: str) -> Store:
        folder = cache_dir()
        return cls(folder / f"build-{fingerprint[:20]}.sqlite" if folder else None)

    def _db(self) -> sqlite3.Connection | None:
        # One connection per process: a forked worker opens its own.
        if self.path is None or not self.path.exists():
            return None
        if self._connection is None or self._pid != os.getpid():
            try:
                self._connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            except sqlite3.Error:
                self.path = None
                return None
            self._pid = os.getpid()
        return self._connection

    def get(self, kind: str, entry: bytes) -> Any | None:
        found = self.pending.get((kind, entry))
        if found is None:
            db = self._db()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, entry)
                ).fetchone()
            except sqlite3.Error:
                return None
            if row is None:
                return None
            found = row[0]
        return unpack(found)

    def put(self, kind: str, entry: bytes, value: Any) -> bytes:
        """Keep ``value`` for ``save``; returns its stored form (for a worker to hand to the main
        process).
        """
        packed = pack(value)
        self._hold(kind, entry, packed)
        return packed

    def adopt(self, items: list[tuple[str, bytes, bytes]]) -> None:
        """Entries a worker made (kind, key, stored form), to be saved by this process."""
        for kind, entry, packed in items:
            self._hold(kind, entry, packed)

    def take(self) -> list[tuple[str, bytes, bytes]]:
        """What a worker made (kind, key, stored form), handed to the main process to save."""
        made = [(kind, entry, packed) for (kind, entry), packed in self.pending.items()]
        self.pending.clear()
        self.pending_bytes = 0
        return made

    def _hold(self, kind: str, entry: bytes, packed: bytes) -> None:
        self.pending[(kind, entry)] = packed
        self.pending_bytes += len(packed)
        # Written as the build goes, not all at its end: held until then, a large site's pages
        # were a good part of the build's memory. Only by the process that owns the file.
        if self.pending_bytes > FLUSH_BYTES and os.getpid() == self._owner:
            self.save()

    def save(self) -> None:
        """Write what is pending (at the end of a build, and whenever much is)."""
        if self.path is None:  # no usable folder: let it go, or every entry stays in memory
            self.pending.clear()
            self.pending_bytes = 0
            return
        if not self.pending:
            return
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self._others_gone:
                for old in self.path.parent.glob("build-*.sqlite"):
                    if old != self.path:
                        old.unlink(missing_ok=True)  # made by other code: never found again
                self._others_gone = True
            with sqlite3.connect(self.path) as db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS entries (kind TEXT, key BLOB, value "
                    "BLOB, PRIMARY KEY (kind, key))"
                )
                db.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                    [(kind, entry, packed) for (kind, entry), packed in self.pending.items()],
                )
            db.close()
        except (OSError, sqlite3.Error):
            pass  # a read-only or full disk: the next build makes them again
        self.pending.clear()
        self.pending_bytes = 0
