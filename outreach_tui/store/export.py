"""`outreach export`: interactions with PRODUCT.md's columns as CSV, JSON, JSONL,
a Markdown session report, or an iCalendar file of scheduled follow-ups.

This is the one implementation of the export columns; the session summary screen
exports through `export_session` below.

Streaming: the interaction formats read ONE select through an iterator cursor (a
named, server-side cursor on PostgreSQL), take rows in chunks of `CHUNK`, fetch the
referrals of a whole chunk with one `IN (…)` query and write the chunk before
reading on. Nothing is collected, so a million interactions export in flat memory.
On SQLite the open select also pins one read snapshot, so the referral look-ups
see the same data as the rows. The calendar merges three such sorted selects
(follow-ups set on calls, contacts' next-touch dates, absences' return dates) and
writes RFC 5545 itself: escaping and folding are all it needs, and it is many
times faster than building library objects per event.

Files (`-o FILE`) are written by `outreach_tui.output.output_file`: a regular file in
one piece (a failure leaves the old file, or none, and no temp file), through a symlink
to its target, into a pipe or a device as a stream.

CSV is RFC 4180 (CRLF line ends, a header row). Cells that a spreadsheet would run
as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — get a
leading apostrophe. A cell that already starts with an apostrophe gets one more, so
`csv_value` can undo it exactly.
Phone numbers such as "+1 555 0100" are therefore written as "'+1 555 0100"; that
is accepted: the number stays readable and a spreadsheet shows it as text.
"""

from __future__ import annotations

import csv
import heapq
import json
import os
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from itertools import chain, groupby, islice
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, TypeVar

from peewee import JOIN, PostgresqlDatabase, fn

from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import OUTCOME_LABELS, outcome_tally
from outreach_tui.output import output_file
from outreach_tui.store.models import Absence, Contact, Interaction, Referral, Session, database

T = TypeVar("T")

COLUMNS = (
    "id",
    "session_id",
    "contact_id",
    "contact_name",
    "rep",
    "channel",
    "reason",
    "outcome",
    "started_at",
    "duration_s",
    "notes",
    "their_view",
    "follow_up_on",
    "referrals",
)
INT_COLUMNS = ("id", "session_id", "contact_id", "duration_s")

FORMATS = ("csv", "json", "jsonl", "md", "ics")
SUFFIXES = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".md": "md",
            ".markdown": "md", ".ics": "ics"}

CHUNK = 1000  # rows per referral look-up and per fetch from a server-side cursor
REFERRAL_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISE = frozenset("".join(_FORMULA_STARTS) + "'")
PRODID = "-//Outreach TUI//outreach export//EN"
UID_DOMAIN = "outreach-tui"


class ExportError(Exception):
    """An export that cannot be made; the message (one line) names the option or file."""


@dataclass(frozen=True)
class ExportFilter:
    """Which interactions: `start`/`end` are inclusive dates on started_at."""

    start: date | None = None
    end: date | None = None
    session_id: int | None = None
    rep: str | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ExportError(f"--from {self.start.isoformat()} is after --to {self.end.isoformat()}")

    def apply(self, query):
        if self.start is not None:
            query = query.where(Interaction.started_at >= datetime.combine(self.start, time.min))
        if self.end is not None:
            # Inclusive: anything before midnight at the end of the --to day.
            query = query.where(Interaction.started_at < datetime.combine(self.end + timedelta(days=1), time.min))
        if self.session_id is not None:
            query = query.where(Interaction.session == self.session_id)
        if self.rep is not None:
            query = query.where(Interaction.rep == self.rep)
        return query


# --- reading: one select, streamed in chunks ------------------------------------------

_ROW_FIELDS = (
    Interaction.id, Interaction.session, Interaction.contact, Contact.name, Interaction.rep,
    Interaction.channel, Interaction.reason, Interaction.outcome, Interaction.started_at,
    Interaction.duration_s, Interaction.notes, Interaction.follow_up_on, Interaction.their_view,
)
_SESSION_FIELDS = (Session.rep, Session.started_at, Session.ended_at, Session.planned_minutes, Session.reflection)


def stream_chunks(query, chunk: int = CHUNK) -> Iterator[list[tuple]]:
    """The query's rows as raw tuples, `chunk` at a time, read through one cursor, never cached.

    SQLite's cursor steps through the result as it is read. On PostgreSQL a plain
    cursor would pull the whole result into the client first, so a named
    (server-side) cursor is used inside a read transaction. Values are the
    driver's own (SQLite gives dates as ISO text); `_iso` and friends accept both.
    """
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        if db.in_transaction():
            yield from _server_side_chunks(db, query, chunk)
        else:
            with db.atomic():
                yield from _server_side_chunks(db, query, chunk)
        return
    cursor = db.execute(query)
    try:
        while rows := cursor.fetchmany(chunk):
            yield rows
    finally:
        cursor.close()


def _server_side_chunks(db, query, chunk: int) -> Iterator[list[tuple]]:
    sql, params = query.sql()
    connection = db.connection()
    adapter = getattr(db, "_adapter", None)  # peewee 4 knows each driver's named-cursor rules
    if adapter is not None and hasattr(adapter, "server_side_cursor"):
        cursor = adapter.server_side_cursor(connection)
    else:
        cursor = connection.cursor(name=f"outreach_export_{uuid.uuid4().hex}")
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            yield rows
    finally:
        cursor.close()


@contextmanager
def read_transaction() -> Iterator[None]:
    """One transaction around a whole export on PostgreSQL, where named cursors need one and the
    calendar's interleaved cursors must share it; nothing on SQLite, where a transaction would
    take the write lock (an open select already reads one snapshot there)."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase) and not db.in_transaction():
        with db.atomic():
            yield
    else:
        yield


def stream_tuples(query, chunk: int = CHUNK) -> Iterator[tuple]:
    for rows in stream_chunks(query, chunk):
        yield from rows


def _referral_names(interaction_ids: list[int]) -> dict[int, list[str]]:
    """Referral names given on these interactions, in the order they were entered: one query."""
    names: dict[int, list[str]] = {}
    if not interaction_ids:
        return names
    db = database.obj
    marks = ", ".join([db.param] * len(interaction_ids))
    # Plain SQL: building a 1000-value IN through the query builder costs more than the query.
    sql = (f'SELECT "interaction_id", "name" FROM "{Referral._meta.table_name}"'
           f' WHERE "interaction_id" IN ({marks}) ORDER BY "interaction_id", "id"')
    for interaction_id, name in db.execute_sql(sql, interaction_ids).fetchall():
        names.setdefault(interaction_id, []).append(name)
    return names


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    return text.replace(" ", "T", 1) if len(text) > 10 else text


def _row(values: tuple, referrals: dict[int, list[str]]) -> dict:
    return {
        "id": values[0],
        "session_id": values[1],
        "contact_id": values[2],
        "contact_name": values[3],
        "rep": values[4],
        "channel": values[5],
        "reason": values[6],
        "outcome": values[7],
        "started_at": _iso(values[8]),
        "duration_s": values[9],
        "notes": values[10],
        "their_view": values[12],
        "follow_up_on": _iso(values[11]),
        "referrals": referrals.get(values[0], []),
    }


def _interaction_query(filters: ExportFilter, by_session: bool):
    if by_session:
        query = (Interaction.select(*_ROW_FIELDS, *_SESSION_FIELDS)
                 .join(Contact, on=(Interaction.contact == Contact.id))
                 .switch(Interaction)
                 .join(Session, JOIN.LEFT_OUTER, on=(Interaction.session == Session.id))
                 # Sessions in the order they started, interactions without one last.
                 .order_by(Interaction.session.is_null(), Session.started_at, Interaction.session,
                           Interaction.started_at, Interaction.id))
    else:
        query = (Interaction.select(*_ROW_FIELDS)
                 .join(Contact, on=(Interaction.contact == Contact.id))
                 .order_by(Interaction.started_at, Interaction.id))
    return filters.apply(query)


def interaction_rows(filters: ExportFilter = ExportFilter(), chunk: int = CHUNK) -> Iterator[dict]:
    """Interactions as export rows (PRODUCT.md's columns), oldest first, streamed."""
    for batch in stream_chunks(_interaction_query(filters, by_session=False), chunk):
        referrals = _referral_names([values[0] for values in batch])
        for values in batch:
            yield _row(values, referrals)


def interaction_record(interaction_id: int) -> dict:
    """One interaction as an export row (what `outreach log --format json` prints)."""
    query = _interaction_query(ExportFilter(), by_session=False).where(Interaction.id == interaction_id)
    return _row(query.tuples().get(), _referral_names([interaction_id]))


def session_rows(session_id: int | None = None) -> Iterator[dict]:
    """One session's rows (every interaction when None), oldest first."""
    return interaction_rows(ExportFilter(session_id=session_id))


def _session_grouped_rows(filters: ExportFilter, chunk: int = CHUNK) -> Iterator[tuple[dict, tuple]]:
    """(row, session columns) ordered session by session, for the Markdown report."""
    n = len(_ROW_FIELDS)
    for batch in stream_chunks(_interaction_query(filters, by_session=True), chunk):
        referrals = _referral_names([values[0] for values in batch])
        for values in batch:
            yield _row(values[:n], referrals), tuple(values[n:])


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


# --- Markdown session report ----------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})
MD_HEADER = ("Time", "Contact", "Reason", "Outcome", "Duration", "Notes", "Their view", "Follow-up", "Referrals")


def md_text(value: object) -> str:
    """Contact text for Markdown: one line, control characters removed, shown literally.

    `|` is escaped so it never splits a table cell; other characters Markdown would
    read as formatting or HTML are escaped too.
    """
    return one_line(value).translate(_MD_SPECIAL)


def _clock(value: object) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%H:%M") if isinstance(value, datetime) else ""


def _duration(seconds: int | None) -> str:
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _session_heading(session_id: int | None, info: tuple, first_row: dict) -> str:
    if session_id is None:
        return "## Outside a session"
    rep, started, ended, planned, _ = info
    started = _as_datetime(started) or _as_datetime(first_row["started_at"])
    ended = _as_datetime(ended)
    when = started.strftime("%a %d %b %Y, %H:%M") if started else ""
    if ended:
        when += ended.strftime("–%H:%M") if ended.date() == started.date() else ended.strftime(" – %a %d %b %H:%M")
    parts = [f"## Session {session_id}", when]
    if rep:
        parts.append(md_text(rep))
    if planned:
        parts.append(f"{planned} min planned")
    return " · ".join(part for part in parts if part)


def write_markdown(groups: Iterable[tuple[dict, tuple]], out: IO[str], title: str = "Outreach sessions") -> int:
    """A heading and a table per session, a one-line tally and the reflection under each."""
    out.write(f"# {md_text(title)}\n")
    count = 0
    for session_id, items in groupby(groups, key=lambda pair: pair[0]["session_id"]):
        first_row, info = next(items)
        out.write("\n" + _session_heading(session_id, info, first_row) + "\n\n")
        out.write("| " + " | ".join(MD_HEADER) + " |\n")
        out.write("| --- | --- | --- | --- | ---: | --- | --- | --- | --- |\n")
        outcomes: Counter[str] = Counter()
        seconds = referrals = 0
        for row, _ in _chain_first((first_row, info), items):
            out.write("| " + " | ".join((
                _clock(row["started_at"]),
                md_text(row["contact_name"]),
                row["reason"].replace("_", " "),
                OUTCOME_LABELS.get(row["outcome"], md_text(row["outcome"])),
                _duration(row["duration_s"]),
                md_text(row["notes"]),
                md_text(row["their_view"]),
                row["follow_up_on"] or "",
                md_text(REFERRAL_SEPARATOR.join(row["referrals"])),
            )) + " |\n")
            count += 1
            outcomes[row["outcome"]] += 1
            seconds += int(row["duration_s"] or 0)
            referrals += len(row["referrals"])
        rows = sum(outcomes.values())
        tally = (f"{rows} in all: {md_text(outcome_tally(outcomes))}; "
                 f"{referrals} referral{'s' * (referrals != 1)}, {_duration(seconds)} talking.")
        out.write("\n" + tally + "\n")
        reflection = info[4] if session_id is not None else ""
        if reflection and reflection.strip():
            lines = printable(reflection, keep_newlines=True).strip().splitlines()
            out.write("\n" + "\n".join("> " + md_text(line) for line in lines) + "\n")
    if not count:
        out.write("\nNo interactions.\n")
    return count


def _chain_first(first, rest):
    yield first
    yield from rest


# --- iCalendar -------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class CalendarItem:
    """One all-day event: a follow-up or a back-from-absence date."""

    on: date
    contact_id: int
    kind: str  # "follow_up" | "back_from_absence"
    uid: str
    summary: str
    description: str = ""


def _follow_ups_from_interactions(filters: ExportFilter, start: date, end: date | None) -> Iterator[CalendarItem]:
    """Follow-up dates set on calls, unless a later call came before the date (superseded)."""
    later = Interaction.alias("later")
    superseded = (later.select(later.id)
                  .where((later.contact == Interaction.contact)
                         & (later.started_at > Interaction.started_at)
                         & (later.outcome != "skipped")
                         & (later.started_at < Interaction.follow_up_on)))
    # A touch on or after the day (the contact's last contact) did it: a calendar is of what is still to do.
    still_to_do = Contact.last_contact_on.is_null() | (Contact.last_contact_on < Interaction.follow_up_on)
    query = (Interaction.select(Interaction.follow_up_on, Interaction.contact, Contact.name, Contact.phone,
                                Interaction.started_at, Interaction.outcome, Interaction.reason,
                                Interaction.rep, Interaction.notes, Interaction.their_view)
             .join(Contact, on=(Interaction.contact == Contact.id))
             .where(Interaction.follow_up_on >= start, ~Contact.do_not_contact, ~Contact.archived,
                    ~fn.EXISTS(superseded), still_to_do)
             .order_by(Interaction.follow_up_on, Interaction.contact, Interaction.started_at.desc()))
    if end is not None:
        query = query.where(Interaction.follow_up_on <= end)
    if filters.session_id is not None:
        query = query.where(Interaction.session == filters.session_id)
    if filters.rep is not None:
        query = query.where(Interaction.rep == filters.rep)
    for on, contact_id, name, phone, started, outcome, reason, rep, notes, their_view in stream_tuples(query):
        on = _as_date(on)
        started = _as_datetime(started)
        lines = [f"Set {started:%Y-%m-%d} by {one_line(rep) or 'a rep'} after a {reason.replace('_', ' ')} call:"
                 f" {OUTCOME_LABELS.get(outcome, outcome).lower()}." if started else "Follow-up set on a call."]
        if notes and notes.strip():
            lines.append("Notes: " + printable(notes, keep_newlines=True).strip())
        if their_view and their_view.strip():
            lines.append("How it went for them: " + printable(their_view, keep_newlines=True).strip())
        if phone:
            lines.append("Phone: " + one_line(phone))
        yield _follow_up_item(on, contact_id, name, "\n".join(lines))


def _follow_ups_from_contacts(start: date, end: date | None) -> Iterator[CalendarItem]:
    """The live next-touch date of each contact (also those set by an edit or an import)."""
    query = (Contact.select(Contact.next_touch_on, Contact.id, Contact.name, Contact.phone)
             .where(Contact.next_touch_on >= start, ~Contact.do_not_contact, ~Contact.archived,
                    Contact.last_contact_on.is_null() | (Contact.last_contact_on < Contact.next_touch_on))
             .order_by(Contact.next_touch_on, Contact.id))
    if end is not None:
        query = query.where(Contact.next_touch_on <= end)
    for on, contact_id, name, phone in stream_tuples(query):
        description = "Next touch." + (f"\nPhone: {one_line(phone)}" if phone else "")
        yield _follow_up_item(_as_date(on), contact_id, name, description)


def _follow_up_item(on: date, contact_id: int, name: str, description: str) -> CalendarItem:
    return CalendarItem(on, contact_id, "follow_up", f"follow-up-{contact_id}-{on:%Y%m%d}@{UID_DOMAIN}",
                        f"Call {one_line(name)} — follow-up", description)


def _absences(filters: ExportFilter, start: date, end: date | None) -> Iterator[CalendarItem]:
    """Return dates of absences. With --rep/--session, only absences those calls recorded."""
    query = (Absence.select(Absence.returns_on, Absence.contact, Absence.id, Absence.place, Absence.why,
                            Absence.starts_on, Contact.name, Contact.phone)
             .join(Contact, on=(Absence.contact == Contact.id))
             .where(Absence.returns_on >= start, Absence.acknowledged_on.is_null(), ~Contact.do_not_contact,
                    ~Contact.archived)
             .order_by(Absence.returns_on, Absence.contact, Absence.id))
    if end is not None:
        query = query.where(Absence.returns_on <= end)
    filtered = filters.rep is not None or filters.session_id is not None
    for batch in stream_chunks(query):
        recorded = _recorded_absences(filters, batch) if filtered else None
        for returns_on, contact_id, absence_id, place, why, starts_on, name, phone in batch:
            if recorded is not None and (contact_id, _as_date(starts_on)) not in recorded:
                continue
            place, why = one_line(place), one_line(why)
            summary = f"Call {one_line(name)} — " + (f"back from {place}" if place else "back today")
            details = " — ".join(part for part in (place, why) if part)
            description = "Back today" + (f" ({details})" if details else "") + ": mention it when you call."
            if phone:
                description += f"\nPhone: {one_line(phone)}"
            yield CalendarItem(_as_date(returns_on), contact_id, "back_from_absence",
                               f"back-from-absence-{absence_id}@{UID_DOMAIN}", summary, description)


def _recorded_absences(filters: ExportFilter, batch: list[tuple]) -> set[tuple[int, date]]:
    """(contact, day) of the out-of-office calls matching the filter, for this chunk's contacts."""
    query = (Interaction.select(Interaction.contact, Interaction.started_at)
             .where(Interaction.outcome == "out_of_office", Interaction.contact.in_({row[1] for row in batch})))
    query = ExportFilter(session_id=filters.session_id, rep=filters.rep).apply(query)
    return {(contact_id, _as_datetime(started).date()) for contact_id, started in query.tuples()}


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def calendar_items(filters: ExportFilter, today: date) -> Iterator[CalendarItem]:
    """Scheduled follow-ups and back-from-absence dates from --from (or today) to --to, by date.

    A follow-up is one event per contact and date however many calls set it. With
    --rep or --session only what those calls scheduled is included; without them,
    contacts' next-touch dates set outside a call are included too.
    """
    start = filters.start or today
    streams = [_follow_ups_from_interactions(filters, start, filters.end), _absences(filters, start, filters.end)]
    if filters.rep is None and filters.session_id is None:
        streams.append(_follow_ups_from_contacts(start, filters.end))
    key = lambda item: (item.on, item.contact_id, item.kind)  # noqa: E731
    seen_uid = None
    for item in heapq.merge(*streams, key=key):
        if item.uid == seen_uid:
            continue
        seen_uid = item.uid
        yield item


_ICS_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped."""
    return value.translate(_ICS_ESCAPES)


def ics_line(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 character), CRLF-terminated."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # back off a continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts) + "\r\n"


def _ics_event(item: CalendarItem, stamp: str) -> str:
    category = "Follow-up" if item.kind == "follow_up" else "Back from absence"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{ics_text(item.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{item.on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{item.on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ics_text(item.summary)}",
    ]
    if item.description:
        lines.append(f"DESCRIPTION:{ics_text(item.description)}")
    lines += [f"CATEGORIES:Outreach,{category}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return "".join(ics_line(line) for line in lines)


def write_ics(items: Iterable[CalendarItem], out: IO[str], stamp: datetime | None = None) -> int:
    """A VCALENDAR (RFC 5545) with one all-day VEVENT per item, written event by event.

    Written directly rather than through a calendar library: the format needs only
    TEXT escaping and line folding, and this is many times faster on a large book.
    The tests parse the result back with `icalendar`.
    """
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out.write("".join(ics_line(line) for line in (
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:Outreach follow-ups",
    )))
    count = 0
    for item in items:
        out.write(_ics_event(item, stamp))
        count += 1
    out.write("END:VCALENDAR\r\n")
    return count


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


def _md_title(filters: ExportFilter) -> str:
    parts = ["Outreach sessions"]
    if filters.session_id is not None:
        parts = [f"Outreach session {filters.session_id}"]
    if filters.start or filters.end:
        parts.append(f"{filters.start.isoformat() if filters.start else '…'} to "
                     f"{filters.end.isoformat() if filters.end else '…'}")
    if filters.rep is not None:
        parts.append(filters.rep)
    return " · ".join(parts)


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
