"""A tolerant vCard reader (2.1, 3.0 and 4.0) for what phones and desktop programs export.

Strict parsers refuse a whole card, or file, for one odd line; this one reads what
it can: folded lines, quoted-printable values with their CHARSET (a byte that is
not in it is read as Windows-1252, and said so), backslash escapes. `PROFILE`,
`X-` and other properties the import has no field for are passed over; a line
that is not a property at all is kept for the notes. A card without `END:VCARD`
ends at the next `BEGIN:VCARD` or the end of the file, with a warning.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections import defaultdict
from typing import Callable, Iterable, Iterator

from outreach_tui.core.import_record import KEPT, Problem
from outreach_tui.core.text import one_line
from outreach_tui.core.vcard import RELATIONSHIP_PROPERTY

MAX_CARD_LINES = 5000  # a card without END:VCARD must not gather the rest of a large file
PROGRESS_EVERY = 2000  # lines between progress updates

# What each property feeds; every other property is passed over.
_FIELDS = {
    "FN": "name", "TITLE": "title", "EMAIL": "email", "TEL": "phone", "NOTE": "notes", "BDAY": "birthday",
    "ANNIVERSARY": "anniversary", "X-ANNIVERSARY": "anniversary", "X-MS-ANNIVERSARY": "anniversary",
    "X-EVOLUTION-ANNIVERSARY": "anniversary",
    # What `outreach contacts --format vcard` writes beyond the usual (core/vcard.py).
    "TZ": "timezone", RELATIONSHIP_PROPERTY: "relationship",
}
# Decoding with errors=REPAIR reads a byte the encoding does not have as Windows-1252: the one stray
# "é" of a program that wrote a UTF-8 file (or a quoted-printable value) in two encodings.
REPAIR = "outreach-cp1252"
codecs.register_error(REPAIR, lambda exc: (exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end))

# group.NAME;PARAMS:value, where a quoted parameter value may hold a colon.
_PROPERTY = re.compile(r'((?:[\w-]+\.)?[\w-]+(?:;(?:[^:"]|"[^"]*")*)?):(.*)', re.DOTALL)
_STRUCTURED = {"N": "name", "ORG": "company"}  # values in parts separated by ";"
_PARAM = re.compile(r'([^;=]+)(?:=((?:"[^"]*"|[^;])*))?')
_ESCAPE = re.compile(r"\\(.)")


def _parts(value: str) -> list[str]:
    """A structured value (N, ORG) split on the semicolons that are not escaped, each unescaped
    ("\\\\;" is an escaped backslash, then a separator)."""
    parts, start, escaped = [], 0, False
    for at, char in enumerate(value):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            parts.append(value[start:at])
            start = at + 1
    parts.append(value[start:])
    return [_unescape(part).strip() for part in parts]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _params(text: str) -> dict[str, list[str]]:
    """';TYPE=WORK,pref;CHARSET=UTF-8;CELL' as {'TYPE': ['work', 'pref', 'cell'], 'CHARSET': ['utf-8']}:
    vCard 2.1's bare parameters are types."""
    params: dict[str, list[str]] = defaultdict(list)
    for match in _PARAM.finditer(text):
        key, value = match.group(1).strip().upper(), match.group(2)
        if value is None:
            key, value = "TYPE", key
        params[key].extend(part.strip().strip('"').lower() for part in value.split(",") if part.strip())
    return params


def _decode(value: str, params: dict[str, list[str]], field: str, problems: list[Problem], line: int) -> str:
    if "quoted-printable" not in (*params.get("ENCODING", ()), *params.get("TYPE", ())):  # 2.1 allows it bare
        return value
    raw = quopri.decodestring(value.encode("utf-8", "surrogateescape"))
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    try:
        return raw.decode(charset)
    except LookupError:
        return raw.decode("utf-8", errors="replace")
    except UnicodeDecodeError as exc:
        text = raw.decode(charset, errors=REPAIR)
        bad = raw[exc.start:exc.end]
        problems.append(Problem(field, f"byte 0x{bad[0]:02X} is not {charset.upper()}",
                                f"read as Windows-1252 {bad.decode('cp1252', errors='replace')!r}", line=line))
        return text


def _logical_lines(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Unfolded lines with the number of their first physical line; a quoted-printable value ending
    in '=' goes on at the next line (vCard 2.1's soft line break)."""
    current, start = None, 0
    for number, line in lines:
        line = line.rstrip("\r\n")
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
            continue
        if current is not None and current.endswith("=") and "QUOTED-PRINTABLE" in current.split(":", 1)[0].upper():
            current = current[:-1] + line
            continue
        if current is not None:
            yield start, current
        current, start = line, number
    if current is not None:
        yield start, current


Card = tuple[dict[str, list[str]], list[Problem], dict[tuple[str, str], int]]


def card_values(lines: list[tuple[int, str]]) -> Card:
    """One card's (number, line) pairs as {field: [values, best first]}, like a CSV row; its problems;
    and the line each (field, value) came from, so a value found unreadable later is reported there."""
    values: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    problems: list[Problem] = []
    where: dict[tuple[str, str], int] = {}
    for number, text in _logical_lines(lines):
        if not text.strip() or text.upper() in ("BEGIN:VCARD", "END:VCARD"):
            continue
        found = _PROPERTY.fullmatch(text)
        if not found:
            problems.append(Problem("line", f"{one_line(text, limit=60)!r} is not a vCard property", KEPT,
                                    text, line=number))
            continue
        head, value = found.groups()
        name, _, param_text = head.partition(";")
        name = name.rsplit(".", 1)[-1].upper()
        if name not in _FIELDS and name not in _STRUCTURED:
            continue
        params = _params(param_text)
        value = _decode(value, params, _FIELDS.get(name) or _STRUCTURED[name], problems, number)
        preferred = "pref" in params.get("TYPE", ()) or "PREF" in params
        if name == "N":
            parts = _parts(value) + [""] * 3
            for field, part in zip(("last_name", "first_name", "middle_name"), parts):
                values[field].append((False, part))
        elif name == "ORG":
            values["company"].append((False, _parts(value)[0]))
        else:
            field, value = _FIELDS[name], _unescape(value).strip()
            if field == "phone" and value.lower().startswith("tel:"):
                value = value[4:]
            if "x-apple-omit-year" in {key.lower() for key in params}:
                value = re.sub(r"^\d{4}-?", "--", value)
            values[field].append((preferred, value))
            where.setdefault((field, value), number)
    # Preferred values first, then in the card's order.
    ordered = {field: [v for _, v in sorted(found, key=lambda pair: not pair[0])] for field, found in values.items()}
    return ordered, problems, where


def read_cards(handle: Iterable[str], at: Callable[[], None] | None = None
               ) -> Iterator[tuple[int, int, Card]]:
    """(first line, last line, (values, problems, where)) per card of a text stream."""
    start, lines, skipping = None, [], False
    number = 0
    for number, line in enumerate(handle, 1):
        if at is not None and number % PROGRESS_EVERY == 0:
            at()
        marker = line.rstrip().upper()  # folded lines start with a space, so never match
        if marker == "BEGIN:VCARD":
            if start is not None:
                yield start, number - 1, _unended(lines, number - 1, "the next BEGIN:VCARD")
            start, lines, skipping = number, [], False
            continue
        if start is None:
            continue
        if marker == "END:VCARD":
            yield start, number, card_values(lines)
            start, lines = None, []
            continue
        # Photos, logos, sounds and keys are never used: leave them (and their folded
        # lines) out, so a long picture costs neither memory nor the card.
        if skipping and (line[:1] in (" ", "\t") or not line.strip()):
            continue
        skipping = bool(_BINARY_PROPERTY.match(line))
        if not skipping:
            lines.append((number, line))
        if len(lines) >= MAX_CARD_LINES:
            yield start, number, _unended(lines, number, f"{MAX_CARD_LINES} lines")
            start, lines = None, []
    if start is not None:
        yield start, number, _unended(lines, number, "the end of the file")


def _unended(lines: list[tuple[int, str]], last: int, until: str) -> Card:
    values, problems, where = card_values(lines)
    return values, [Problem("vcard", "card has no END:VCARD", f"read up to {until} (line {last})"), *problems], where


_BINARY_PROPERTY = re.compile(r"(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
