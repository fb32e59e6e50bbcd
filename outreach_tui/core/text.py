"""Make text from the database safe to put on a terminal.

Markup is handled by always passing Content/Text objects to widgets; this module
removes what would reach the terminal itself: escape sequences, control characters,
bidi overrides and zero-width characters.
"""

from __future__ import annotations

import re

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
_INVISIBLE_CHARACTERS = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")
# Unicode's control (Cc) and surrogate (Cs) characters, shown as '\ufffd'.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


# The separator controls \x1c-\x1f fold to spaces: the search columns use \x1f as a mark.
_SEPARATORS_AS_SPACES = str.maketrans({chr(code): " " for code in range(0x1C, 0x20)})


def folded(text: object) -> str:
    """Text case-folded for order and search. The plan's ties go by the folded name, which the
    store keeps as `search_name`, so a query can compare names as the plan does (`routine_read`)."""
    return str(text or "").casefold().translate(_SEPARATORS_AS_SPACES)


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
    """Each step one regular expression over the whole text: megabytes of notes take milliseconds."""
    value = _INVISIBLE_CHARACTERS.sub("", _ESCAPE_SEQUENCE.sub("", value)).replace("\t", " ")
    return (_CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL).sub("\ufffd", value)


def one_line(text: object, limit: int | None = None) -> str:
    """A single printable line: newlines folded into spaces."""
    return printable(" ".join(str(text or "").split()), limit=limit)


def file_word(text: str, fallback: str = "rep") -> str:
    """A name as a safe part of a file name ('Bob Smith' -> 'bob-smith'): a trainee's demo book,
    a rep's export."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.casefold()).strip("-")[:40] or fallback
