"""`outreach export`: interactions with PRODUCT.md's columns as CSV, JSON, JSONL,
a Markdown session report, or an iCalendar file of scheduled follow-ups.

Each format has its module — `rows` reads the interactions (streamed: a million
export in flat memory), `flat` writes CSV, JSON and JSON Lines, `markdown` the session
report, `ics` the calendar — and this one picks the format and where it goes. The
session summary screen exports through `export_session` below.

Files (`-o FILE`) are written by `outreach_tui.output.output_file`: a regular file in
one piece (a failure leaves the old file, or none, and no temp file), through a symlink
to its target, into a pipe or a device as a stream.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from itertools import chain, islice
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, TypeVar

from outreach_tui.output import output_file
from outreach_tui.store.export.flat import write_csv, write_json, write_jsonl
from outreach_tui.store.export.ics import calendar_items, write_ics
from outreach_tui.store.export.markdown import _md_title, write_markdown
from outreach_tui.store.export.rows import (
    ExportError,
    ExportFilter,
    _interaction_query,
    _session_grouped_rows,
    interaction_rows,
    read_transaction,
)

T = TypeVar("T")

FORMATS = ("csv", "json", "jsonl", "md", "ics")
SUFFIXES = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".md": "md",
            ".markdown": "md", ".ics": "ics"}


# --- putting it together ---------------------------------------------------------------

Progress = Callable[[int], None]  # told the rows (events) written so far, now and then


def export(fmt: str, out: IO[str], filters: ExportFilter = ExportFilter(), *, today: date | None = None,
           now: datetime | None = None, progress: Progress | None = None) -> int:
    """Write the export in `fmt` to `out`; returns how many rows (or events for ics)."""
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    with read_transaction():
        return _export(fmt, out, filters, today or date.today(), now, progress)


def export_total(fmt: str, filters: ExportFilter = ExportFilter()) -> int | None:
    """How many rows an export will write (for a progress bar); None for ics, whose events are not counted ahead."""
    return None if fmt == "ics" else _interaction_query(filters, by_session=False).count()


def _export(fmt: str, out: IO[str], filters: ExportFilter, today: date, now: datetime | None,
            progress: Progress | None = None) -> int:
    if fmt == "csv":
        return write_csv(_read_ahead(interaction_rows(filters), progress), out)
    if fmt == "json":
        return write_json(_read_ahead(interaction_rows(filters), progress), out)
    if fmt == "jsonl":
        return write_jsonl(_read_ahead(interaction_rows(filters), progress), out)
    if fmt == "md":
        return write_markdown(_read_ahead(_session_grouped_rows(filters), progress), out, title=_md_title(filters))
    if fmt == "ics":
        return write_ics(_read_ahead(calendar_items(filters, today), progress), out,
                         stamp=now.astimezone(timezone.utc) if now else None)
    raise ExportError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")


PROGRESS_EVERY = 1000  # rows between two progress reports


def _read_ahead(rows: Iterable[T], progress: Progress | None = None) -> Iterator[T]:
    """The rows, the first already read: a store that cannot be read fails before a byte is written.
    `progress` is told the count every PROGRESS_EVERY rows."""
    rows = iter(rows)
    ahead = chain(list(islice(rows, 1)), rows)
    return ahead if progress is None else _reporting(ahead, progress)


def _reporting(rows: Iterator[T], progress: Progress) -> Iterator[T]:
    count = 0
    for count, row in enumerate(rows, 1):
        if count % PROGRESS_EVERY == 0:
            progress(count)
        yield row
    progress(count)


def format_for(path: str | os.PathLike) -> str:
    """The format a file name asks for (.csv .json .jsonl .md .ics)."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ExportError(f"{path.name}: name the file .csv, .json, .jsonl, .md or .ics (or pass --format)")
    return fmt


def export_to_path(fmt: str | None, path: str | os.PathLike, filters: ExportFilter = ExportFilter(), *,
                   today: date | None = None, now: datetime | None = None,
                   progress: Progress | None = None) -> tuple[Path, int]:
    """Write the export to a file as what it is (`output.output_file`); the format from `fmt` or else
    the file's suffix."""
    fmt = fmt or format_for(path)
    with output_file(path) as out:
        count = export(fmt, out, filters, today=today, now=now, progress=progress)
    return Path(path).expanduser(), count


def export_session(session_id: int, path: str | os.PathLike, today: date | None = None) -> tuple[Path, int]:
    """One session's log to `path`, format from its suffix; returns (path, rows). For the summary screen."""
    return export_to_path(None, path, ExportFilter(session_id=session_id), today=today)
