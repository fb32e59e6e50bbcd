"""Make text from the database safe to put on a terminal.

Markup is handled by always passing Content/Text objects to widgets; this module
removes what would reach the terminal itself: escape sequences, control characters,
bidi overrides and zero-width characters.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[@-Z\\-_]"  # two-character escapes
)

_INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings/overrides
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",  # bidi isolates/marks
}


def printable(text: object, *, keep_newlines: bool = False, limit: int | None = None) -> str:
    """Text with escape sequences stripped and control characters made visible as '�'."""
    if text is None:
        return ""
    result = str(text)
    if not result.isprintable():  # most text is, and skips the character-by-character pass
        result = _cleaned(result, keep_newlines)
    if limit is not None and len(result) > limit:
        result = result[: max(limit - 1, 0)] + "…"
    return result


def _cleaned(value: str, keep_newlines: bool) -> str:
    out = []
    for char in _ESCAPE_SEQUENCE.sub("", value):
        if char in _INVISIBLE:
            continue
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs"):
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def one_line(text: object, limit: int | None = None) -> str:
    """A single printable line: newlines folded into spaces."""
    return printable(" ".join(str(text or "").split()), limit=limit)


def file_word(text: str, fallback: str = "rep") -> str:
    """A name as a safe part of a file name ('Bob Smith' -> 'bob-smith'): a trainee's demo book,
    a rep's export."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.casefold()).strip("-")[:40] or fallback
