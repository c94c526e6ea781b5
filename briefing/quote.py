"""Values quoted in problem messages: one line, printable, and short.

A message echoes what the analyst wrote ("unknown actor 'xi-jingping'"). Written as-is, a value
holding a newline, a line separator or a terminal escape would break the one-problem-per-line
report (and GitHub's annotations), and a 10,000-character value would drown it.
"""

from __future__ import annotations

import unicodedata

MAX_SHOWN = 60  # characters of a value shown in a message


def _escape(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def clean(text: object) -> str:
    """``text`` with control, format and line-separator characters written as escapes."""
    text = str(text)
    if text.isprintable():  # the common case, one C call
        return text
    return "".join(_escape(char) for char in text)


def q(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` in single quotes, cleaned, and cut to ``limit`` characters with an ellipsis."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{clean(text)}'"
