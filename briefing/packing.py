"""Values kept as compressed bytes: what the build store writes, and what a build holds of each
page between MkDocs reading it and writing it (its HTML, its search documents)."""

from __future__ import annotations

import pickle
import zlib
from typing import Any


def pack(value: Any) -> bytes:
    # Level 1: most of the saving for a fraction of the time of the default level.
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))
