"""CSV, JSON and JSON Lines: one line (or object) per interaction.

CSV is RFC 4180 (CRLF line ends, a header row). Cells that a spreadsheet would run
as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — get a
leading apostrophe. A cell that already starts with an apostrophe gets one more, so
`csv_value` can undo it exactly.
Phone numbers such as "+1 555 0100" are therefore written as "'+1 555 0100"; that
is accepted: the number stays readable and a spreadsheet shows it as text.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable


from outreach_tui.store.export.rows import COLUMNS, INT_COLUMNS, REFERRAL_SEPARATOR


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISE = frozenset("".join(_FORMULA_STARTS) + "'")


# --- CSV --------------------------------------------------------------------------------

def csv_cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as text and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = REFERRAL_SEPARATOR.join(str(v) for v in value)
    text = value if type(value) is str else str(value)
    if text and text[0] in _NEUTRALISE:
        return "'" + text
    return text


def csv_value(cell: str) -> str:
    """The original text of a cell written by `csv_cell` (one leading apostrophe removed)."""
    return cell[1:] if cell.startswith("'") else cell


def csv_record(record: dict[str, str]) -> dict:
    """A row read back from an exported CSV, typed like the JSON rows (for imports and tests)."""
    row: dict = {}
    for column in COLUMNS:
        text = csv_value(record.get(column, "") or "")
        if column in INT_COLUMNS:
            row[column] = int(text) if text else None
        elif column == "referrals":
            row[column] = text.split(REFERRAL_SEPARATOR) if text else []
        elif column == "follow_up_on":
            row[column] = text or None
        else:
            row[column] = text
    return row


def write_csv(rows: Iterable[dict], out: IO[str], columns: tuple[str, ...] = COLUMNS) -> int:
    """RFC 4180 CSV: a header row, CRLF line ends (so a lone CR inside a cell gets quoted too).

    Also the plan's and the book's CSV (`outreach today/contacts --format csv`), with their columns."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row[column]) for column in columns])
        count += 1
    return count


# --- JSON and JSONL -----------------------------------------------------------------------

def write_json(rows: Iterable[dict], out: IO[str]) -> int:
    """A valid JSON array written item by item: `[`, items separated by commas, `]`."""
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


# Characters JSON leaves raw inside strings but that many line readers (Python's
# str.splitlines, editors, some log tools) take for a line break.
_LINE_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def write_jsonl(rows: Iterable[dict], out: IO[str]) -> int:
    """One JSON object per line, and nothing inside one that any reader could take for a line end."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False).translate(_LINE_BREAKERS))
        out.write("\n")
        count += 1
    return count
