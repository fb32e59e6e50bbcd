"""Bring a contact book in: CSV (Google, Outlook, HubSpot/Salesforce-style, plain) or vCard.

The file is read twice, streaming, never held in memory:

1. a check pass validates every record and collects the normalised keys
   (email, phone, name + company) the file's contacts are matched on;
2. inside one transaction (IMMEDIATE on SQLite), the store's contacts carrying
   any of those keys are loaded into key maps with one scan, then the file is read
   again and each record is added or merged, in batches.

By default a file with any invalid record writes nothing (the check pass refuses
it before a transaction opens), and the whole write is one transaction, so an
import that fails half-way leaves nothing behind. A dry run does both passes and
writes nothing.
"""

from __future__ import annotations

import codecs
import csv
import re
from array import array
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, ContextManager, Iterator

from peewee import DatabaseError, InterfaceError, chunked

from outreach_tui.core.contact_fields import (
    EVENT_KINDS,
    Built,
    Incoming,
    LayoutError,
    Problem,
    build_contact,
    email_key,
    gather,
    is_placeholder_name,
    merge_events,
    merge_into,
    name_key,
    new_row,
    phone_key,
    plan_columns,
)
from outreach_tui.core.planner import check_in_due
from outreach_tui.core.text import one_line
from outreach_tui.core.vcard import RELATIONSHIP_PROPERTY
from outreach_tui.store.contacts_search import search_changes
from outreach_tui.store.models import Absence, Contact, LifeEvent, database
from outreach_tui.store.search_columns import SEARCH_COLUMNS, SEARCH_FIELDS, search_values

DEFAULT_CADENCE_DAYS = 90
BATCH = 500  # contacts per INSERT / per merge round trip
READ_CHUNK = 1 << 20
PROGRESS_EVERY = 2000  # records between progress updates
MAX_CARD_LINES = 5000  # a card without END:VCARD must not gather the rest of a large file
VCARD_SUFFIXES = (".vcf", ".vcard")
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")

# A notes cell may be long; the csv module's default limit (128 KiB) would stop the whole file.
csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))

Progress = Callable[[str], ContextManager[Callable[[int], None]]]


class ImportFailure(Exception):
    """A file that cannot be imported at all; the one-line message is shown as is."""


# The file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    path: Path
    label: str  # the path as the user gave it, for messages
    fmt: str
    encoding: str
    size: int


_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def inspect_file(path_text: str, fmt: str | None = None, mapping: dict[str, str] | None = None,
                 label: str | None = None) -> Source:
    """Check the file is a readable text file, settle its encoding and format, and read as far as
    the first record (so a header without a name, email or phone column fails before any store
    is opened); ImportFailure otherwise. `label`: what messages call it (standard input, copied
    to a temp file by `outreach import -`), the path by default."""
    label = one_line(label or path_text)
    path = Path(path_text).expanduser()
    try:
        if path.is_dir():
            raise ImportFailure(f"{label} is a folder, not a contacts file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFailure(f"{label}: no such file") from None
    except PermissionError:
        raise ImportFailure(f"cannot read {label}: permission denied") from None
    except OSError as exc:
        raise ImportFailure(f"cannot read {label}: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ImportFailure(f"{label} is not a regular file")
    if size == 0:
        raise ImportFailure(f"{label} is empty")
    try:
        encoding, head = _sniff_encoding(path, label)
    except PermissionError:
        raise ImportFailure(f"cannot read {label}: permission denied") from None
    except OSError as exc:
        raise ImportFailure(f"cannot read {label}: {exc.strerror or exc}") from None
    first_line = next((line.strip() for line in head.splitlines() if line.strip()), "")
    if not first_line and size <= READ_CHUNK:
        raise ImportFailure(f"{label} is empty (only blank lines)")
    looks_like_vcard = first_line.upper().startswith("BEGIN:VCARD")
    if fmt is None:
        fmt = "vcard" if looks_like_vcard or path.suffix.lower() in VCARD_SUFFIXES else "csv"
    source = Source(path, label, fmt, encoding, size)
    records = read_records(source, mapping)
    try:
        next(records, None)
    finally:
        records.close()
    return source


def _sniff_encoding(path: Path, label: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252; UTF-16 with a BOM too. Binary files are refused."""
    with path.open("rb") as handle:
        chunk = handle.read(READ_CHUNK)
        if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            decoder = codecs.getincrementaldecoder("utf-16")()
            try:
                head = decoder.decode(chunk)
                while chunk := handle.read(READ_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise ImportFailure(f"{label} is not readable text (broken UTF-16)") from None
            return "utf-16", head
        utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        utf8_ok = cp1252_ok = True
        head_bytes = chunk
        while chunk:
            if b"\x00" in chunk:
                if path.suffix.lower() in SPREADSHEET_SUFFIXES:
                    raise ImportFailure(f"{label} is a spreadsheet, not CSV: save it as CSV first")
                raise ImportFailure(f"{label} is a binary file, not CSV or vCard text")
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if cp1252_ok and _CP1252_UNDEFINED.search(chunk):
                cp1252_ok = False
            chunk = handle.read(READ_CHUNK)
        if utf8_ok:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        return "utf-8-sig", head_bytes.decode("utf-8-sig", errors="ignore")
    if cp1252_ok:
        return "cp1252", head_bytes.decode("cp1252")
    raise ImportFailure(f"{label} is not text in UTF-8 or Windows-1252")


def read_records(source: Source, mapping: dict[str, str] | None = None,
                 at: Callable[[int], None] | None = None) -> Iterator[tuple[int, Built]]:
    """(first physical line, validated record) for each record of the file, streaming."""
    reader = _csv_records if source.fmt == "csv" else _vcard_records
    try:
        yield from reader(source, mapping, at)
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailure(f"cannot read {source.label}: {getattr(exc, 'strerror', None) or exc}") from None


def _delimiter(line: str) -> str:
    """The header line's delimiter: comma, semicolon (European Excel/Outlook) or tab."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_records(source: Source, mapping, at) -> Iterator[tuple[int, Built]]:
    with source.path.open(encoding=source.encoding, newline="") as handle:
        header_line = ""
        for line in handle:
            if line.strip():
                header_line = line
                break
        handle.seek(0)
        # strict: a quote left open would otherwise swallow the rest of the file into one field
        reader = csv.reader(handle, delimiter=_delimiter(header_line), strict=True)
        columns = None
        previous = 0
        try:
            for count, row in enumerate(reader):
                start, previous = previous + 1, reader.line_num
                if at is not None and count % PROGRESS_EVERY == 0:
                    at(handle.buffer.tell())
                if columns is None:
                    if any(cell.strip() for cell in row):
                        try:
                            columns = plan_columns(row, mapping)
                        except LayoutError as exc:
                            raise ImportFailure(f"{source.label}: {exc}") from None
                    continue
                yield start, build_contact(gather(row, columns))
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise ImportFailure(f"{source.label} line {previous + 1}: a quoted field opened here is never"
                                    " closed") from None
            raise ImportFailure(f"{source.label} line {reader.line_num}: not readable as CSV ({exc})") from None
    if columns is None:
        raise ImportFailure(f"{source.label} has no header row")


def _vcard_records(source: Source, mapping, at) -> Iterator[tuple[int, Built]]:
    if mapping:
        raise ImportFailure("--map applies to CSV files, not vCards")
    found = False
    with source.path.open(encoding=source.encoding, newline="") as handle:
        start, lines, skipping = None, [], False
        for number, line in enumerate(handle, 1):
            if at is not None and number % PROGRESS_EVERY == 0:
                at(handle.buffer.tell())
            marker = line.rstrip().upper()  # folded lines start with a space, so never match
            if marker == "BEGIN:VCARD":
                found = True
                if start is not None:
                    yield start, Built(None, [Problem("vcard", "card has no END:VCARD")])
                start, lines, skipping = number, [line], False
            elif start is not None:
                if len(lines) >= MAX_CARD_LINES:
                    yield start, Built(None, [Problem("vcard", f"card longer than {MAX_CARD_LINES} lines")])
                    start, lines = None, []
                    continue
                # Photos, logos, sounds and keys are never used: leave them (and their folded
                # lines) out, so a damaged picture cannot make a whole contact unreadable.
                if skipping and (line[:1] in (" ", "\t") or not line.strip()):
                    continue
                skipping = bool(_BINARY_PROPERTY.match(line))
                if skipping:
                    continue
                lines.append(line)
                if marker == "END:VCARD":
                    yield start, _card("".join(lines))
                    start, lines = None, []
        if start is not None:
            yield start, Built(None, [Problem("vcard", "card has no END:VCARD")])
    if not found:
        raise ImportFailure(f"{source.label}: no vCard in the file (no BEGIN:VCARD line)")


_BINARY_PROPERTY = re.compile(r"(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)


def _card(text: str) -> Built:
    import vobject

    try:
        card = vobject.readOne(text, allowQP=True)
        values = card_values(card)
    except Exception as exc:  # vobject raises many kinds on malformed cards
        reason = one_line(str(exc), limit=80) or type(exc).__name__
        return Built(None, [Problem("vcard", f"not a readable card ({reason})")])
    return build_contact(values)


def _joined(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(part).strip() for part in value if str(part).strip())
    return str(value or "").strip()


def _preferred_first(children) -> list:
    def preferred(child) -> bool:
        types = [t.lower() for t in child.params.get("TYPE", [])]
        singles = [s.lower() for s in getattr(child, "singletonparams", [])]
        return "pref" in types or "pref" in singles or "PREF" in child.params
    return sorted(children, key=lambda child: not preferred(child))


def card_values(card) -> dict[str, list[str]]:
    """A parsed vCard (3.0 or 4.0) as {field: [values, best first]}, like a CSV row."""
    contents = card.contents
    values: dict[str, list[str]] = defaultdict(list)
    for child in contents.get("fn", []):
        values["name"].append(_joined(child.value))
    for child in contents.get("n", []):
        name = child.value
        if hasattr(name, "given"):
            values["first_name"].append(_joined(name.given))
            values["middle_name"].append(_joined(name.additional))
            values["last_name"].append(_joined(name.family))
    for child in contents.get("org", []):
        org = child.value
        values["company"].append(_joined(org[0] if isinstance(org, list) and org else org))
    for child in contents.get("title", []):
        values["title"].append(_joined(child.value))
    for child in _preferred_first(contents.get("email", [])):
        values["email"].append(_joined(child.value))
    for child in _preferred_first(contents.get("tel", [])):
        number = _joined(child.value)
        values["phone"].append(number[4:] if number.lower().startswith("tel:") else number)
    for kind, names in (("birthday", ("bday",)),
                        ("anniversary", ("anniversary", "x-anniversary", "x-ms-anniversary",
                                         "x-evolution-anniversary"))):
        for name in names:
            for child in contents.get(name, []):
                if [v.lower() for v in child.params.get("VALUE", [])] == ["text"]:
                    continue  # vCard 4 allows "BDAY;VALUE=text:circa 1800": not a date
                text = _joined(child.value)
                if "X-APPLE-OMIT-YEAR" in child.params:
                    text = re.sub(r"^\d{4}-?", "--", text)
                values[kind].append(text)
    for child in contents.get("note", []):
        values["notes"].append(_joined(child.value))
    # What `outreach contacts --format vcard` writes beyond the usual (core/vcard.py).
    for key, name in (("timezone", "tz"), ("relationship", RELATIONSHIP_PROPERTY.lower())):
        values[key].extend(_joined(child.value) for child in contents.get(name, []))
    return dict(values)


# Matching -------------------------------------------------------------------


@dataclass
class FileKeys:
    """The file's keys, each mapped to itself so that the store side can reuse the same string."""

    emails: dict[str, str] = field(default_factory=dict)
    phones: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, contact: Incoming) -> None:
        for key in contact.emails:
            self.emails.setdefault(key, key)
        for key in contact.phones:
            self.phones.setdefault(key, key)
        if contact.name_key:
            self.names.setdefault(contact.name_key, contact.name_key)


class Resolver:
    """Which contact a record is: a stored one (its id), an earlier record of the file
    (a negative ordinal), or nobody yet. Matching goes by email, then phone, then
    name + company; a phone or name match is refused when the emails (or phones) differ,
    so two people sharing an office line stay two people."""

    def __init__(self) -> None:
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.primary: dict[int, tuple[str | None, str | None]] = {}
        self.new_count = 0

    def load_store(self, keys: FileKeys) -> None:
        """One scan of the store, keeping only contacts that share a key with the file."""
        if not (keys.emails or keys.phones or keys.names):
            return
        rows = Contact.select(Contact.id, Contact.name, Contact.company, Contact.email, Contact.phone)
        for contact_id, name, company, email, phone in rows.order_by(Contact.id).tuples().iterator():
            ek, pk = email_key(email), phone_key(phone)
            nk = None if is_placeholder_name({"name": name, "email": email, "phone": phone}) \
                else name_key(name, company)
            # Only keys the file has can ever be looked up: the others are not kept.
            file_ek, file_pk = keys.emails.get(ek), keys.phones.get(pk)
            file_nk = keys.names.get(nk) if nk else None
            if file_ek or file_pk or file_nk:
                self._register(contact_id, (file_ek,) if file_ek else (), (file_pk,) if file_pk else (), file_nk)
                # The stored email and phone themselves, for the conflict checks.
                self.primary[contact_id] = (file_ek or ek, file_pk or pk)

    def resolve(self, contact: Incoming) -> int | None:
        for key in contact.emails:
            if key in self.by_email:
                return self.by_email[key]
        for key in contact.phones:
            entity = self.by_phone.get(key)
            if entity is not None and not self._email_conflict(entity, contact):
                return entity
        entity = self.by_name.get(contact.name_key) if contact.name_key else None
        if entity is not None and not self._email_conflict(entity, contact) \
                and not self._phone_conflict(entity, contact):
            return entity
        return None

    def add(self, contact: Incoming) -> int:
        self.new_count += 1
        entity = -self.new_count
        self.register(entity, contact)
        return entity

    def register(self, entity: int, contact: Incoming) -> None:
        self._register(entity, contact.emails, contact.phones, contact.name_key)

    def _register(self, entity: int, emails, phones, name) -> None:
        for key in emails:
            self.by_email.setdefault(key, entity)
        for key in phones:
            self.by_phone.setdefault(key, entity)
        if name:
            self.by_name.setdefault(name, entity)
        email, phone = self.primary.get(entity, (None, None))
        self.primary[entity] = (email or (emails[0] if emails else None), phone or (phones[0] if phones else None))

    def _email_conflict(self, entity: int, contact: Incoming) -> bool:
        email = self.primary.get(entity, (None, None))[0]
        return bool(email and contact.emails and email not in contact.emails)

    def _phone_conflict(self, entity: int, contact: Incoming) -> bool:
        phone = self.primary.get(entity, (None, None))[1]
        return bool(phone and contact.phones and phone not in contact.phones)


# Writing --------------------------------------------------------------------

MERGE_FIELDS = ("name", "first_name", "company", "title", "email", "phone", "timezone", "notes")


CONTACT_COLUMNS = ("name", "first_name", "company", "title", "email", "phone", "timezone", "notes",
                   "relationship", "cadence_days", "created_on", "check_in_due_on")
EVENT_COLUMNS = ("contact", "kind", "month", "day", "year", "yearly", "month_day", "note")


def _event_row(contact_id: int, event: dict) -> tuple:
    return (contact_id, event["kind"], event["month"], event["day"], event["year"], True,
            event["month"] * 100 + event["day"], "")


def bulk_insert(model, columns: tuple[str, ...], rows: list[tuple], returning: bool = False) -> list[int]:
    """One multi-row INSERT (RETURNING the ids, in row order, when asked).

    Peewee's insert_many builds a node per value, which costs more than the insert
    itself at 100k rows; the statement here is plain SQL with parameters, values
    passed through each field's db_value like Peewee would.
    """
    if not rows:
        return []
    db = model._meta.database
    fields = [model._meta.fields[name] for name in columns]
    # Columns not given get their Peewee default, as insert_many would (callables once per batch).
    defaults = [field for field in model._meta.sorted_fields
                if field.name not in columns and not field.primary_key and field.default is not None]
    if defaults:
        extra = tuple(field.default() if callable(field.default) else field.default for field in defaults)
        fields += defaults
        rows = [row + extra for row in rows]
    quote = db.quote
    names = ", ".join(f"{quote[0]}{field.column_name}{quote[1]}" for field in fields)
    one = "(" + ", ".join([db.param] * len(fields)) + ")"
    table = f"{quote[0]}{model._meta.table_name}{quote[1]}"
    sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(rows))
    if returning:
        sql += f" RETURNING {quote[0]}{model._meta.primary_key.column_name}{quote[1]}"
    converters = [field.db_value for field in fields]
    params = [convert(value) for row in rows for convert, value in zip(converters, row)]
    cursor = db.execute_sql(sql, params)
    return [row[0] for row in cursor.fetchall()] if returning else []


class Writer:
    """Batched writes of one import, inside the caller's transaction."""

    def __init__(self, today: date, relationship: str) -> None:
        self.today = today
        self.relationship = relationship
        self.pending: dict[int, dict] = {}  # new contacts not yet inserted, by entity
        self.pending_events: dict[int, list[dict]] = {}
        self.new_ids = array("q")  # ordinal - 1 -> stored id
        self.merges: list[tuple[int, Incoming]] = []

    def add(self, entity: int, contact: Incoming) -> None:
        row = new_row(contact)
        relationship = contact.relationship or self.relationship
        row.update(
            relationship=relationship,
            cadence_days=DEFAULT_CADENCE_DAYS,
            created_on=self.today,
            check_in_due_on=check_in_due(relationship, DEFAULT_CADENCE_DAYS, None, None, self.today),
        )
        self.pending[entity] = row
        self.pending_events[entity] = [
            {"kind": e.kind, "month": e.month, "day": e.day, "year": e.year} for e in contact.events
        ]
        if len(self.pending) >= BATCH:
            self.flush_new()

    def merge(self, entity: int, contact: Incoming) -> None:
        if entity in self.pending:
            merge_into(self.pending[entity], contact)
            merge_events(self.pending_events[entity], contact.events)
            return
        stored_id = entity if entity > 0 else self.new_ids[-entity - 1]
        self.merges.append((stored_id, contact))
        if len(self.merges) >= BATCH:
            self.flush_merges()

    def flush(self) -> None:
        self.flush_new()
        self.flush_merges()

    def flush_new(self) -> None:
        if not self.pending:
            return
        entities = list(self.pending)
        rows = []
        for entity in entities:
            row = self.pending[entity]
            rows.append(tuple(row[name] for name in CONTACT_COLUMNS)
                        + search_values(*(row[name] for name in SEARCH_FIELDS)))
        ids = bulk_insert(Contact, CONTACT_COLUMNS + SEARCH_COLUMNS, rows, returning=True)
        if len(ids) != len(entities):
            raise DatabaseError("the store did not return the new contacts' ids")
        self.new_ids.extend(ids)
        events = [_event_row(contact_id, event) for entity, contact_id in zip(entities, ids)
                  for event in self.pending_events[entity]]
        for batch in chunked(events, BATCH):
            bulk_insert(LifeEvent, EVENT_COLUMNS, batch)
        self.pending.clear()
        self.pending_events.clear()

    def flush_merges(self) -> None:
        if not self.merges:
            return
        ids = list(dict.fromkeys(contact_id for contact_id, _ in self.merges))
        rows: dict[int, dict] = {}
        events: dict[int, list[dict]] = defaultdict(list)
        columns = [Contact.id, *(getattr(Contact, name) for name in MERGE_FIELDS)]
        for batch in chunked(ids, BATCH):
            for row in Contact.select(*columns).where(Contact.id.in_(batch)).dicts():
                rows[row["id"]] = row
            stored = (
                LifeEvent.select(LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
                                 LifeEvent.year)
                .where(LifeEvent.contact.in_(batch) & LifeEvent.kind.in_(EVENT_KINDS))
                .order_by(LifeEvent.id)
                .dicts()
            )
            for event in stored:
                events[event["contact"]].append(event)
        changed: dict[int, set[str]] = defaultdict(set)
        new_events, dated = [], []
        for contact_id, contact in self.merges:
            row = rows.get(contact_id)
            if row is None:
                continue
            changed[contact_id] |= merge_into(row, contact)
            added, updated = merge_events(events[contact_id], contact.events)
            new_events.extend(_event_row(contact_id, event) for event in added)
            dated.extend(event for event in updated if "id" in event)
        for contact_id, names in changed.items():
            if names:
                row = rows[contact_id]
                changes = {getattr(Contact, name): row[name] for name in names}
                if not names.isdisjoint(SEARCH_FIELDS):
                    changes.update(search_changes(row))
                Contact.update(changes).where(Contact.id == contact_id).execute()
        for batch in chunked(new_events, BATCH):
            bulk_insert(LifeEvent, EVENT_COLUMNS, batch)
        for event in dated:
            LifeEvent.update(year=event["year"]).where(LifeEvent.id == event["id"]).execute()
        self.merges.clear()


# The import -------------------------------------------------------------------


@dataclass
class ImportReport:
    label: str
    added: int = 0
    merged: int = 0
    skipped: int = 0  # completely empty records
    invalid: int = 0
    problems: list[tuple[int, Problem]] = field(default_factory=list)
    dry_run: bool = False
    refused: bool = False  # invalid records without --skip-invalid: nothing imported

    def problem_lines(self) -> list[str]:
        return [f"{self.label} line {line}: {p.field}: {p.problem}" for line, p in self.problems]

    def summary(self) -> str:
        text = f"added {self.added}, merged {self.merged}, skipped {self.skipped}, invalid {self.invalid}"
        return f"{text} (dry run: nothing written)" if self.dry_run else text


def import_file(source: Source, *, today: date, relationship: str = "prospect",
                mapping: dict[str, str] | None = None, dry_run: bool = False,
                skip_invalid: bool = False, progress: Progress | None = None) -> ImportReport:
    """Check the whole file, then add and merge its contacts in one transaction."""
    report = ImportReport(source.label, dry_run=dry_run)
    keys = FileKeys()

    def stage(label: str):
        return progress(label) if progress is not None else nullcontext(None)

    with stage("Checking") as at:
        for line, built in read_records(source, mapping, at):
            if built.empty:
                report.skipped += 1
            elif built.problems:
                report.invalid += 1
                report.problems.extend((line, problem) for problem in built.problems)
            else:
                keys.add(built.contact)
    if report.invalid and not skip_invalid:
        report.refused = True
        return report

    def second_pass(writer: Writer | None) -> None:
        resolver = Resolver()
        resolver.load_store(keys)
        keys.emails.clear()
        keys.phones.clear()
        keys.names.clear()
        with stage("Importing" if writer else "Matching") as at:
            for _line, built in read_records(source, mapping, at):
                contact = built.contact
                if contact is None:
                    if built.problems and not skip_invalid:
                        raise ImportFailure(f"{source.label} changed while importing; nothing written")
                    continue
                entity = resolver.resolve(contact)
                if entity is None:
                    report.added += 1
                    entity = resolver.add(contact)
                    if writer:
                        writer.add(entity, contact)
                else:
                    report.merged += 1
                    resolver.register(entity, contact)
                    if writer:
                        writer.merge(entity, contact)
        if writer:
            writer.flush()

    try:
        if dry_run:
            second_pass(None)
        else:
            with database.atomic():
                second_pass(Writer(today, relationship))
    except (DatabaseError, InterfaceError) as exc:
        reason = one_line(str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__, limit=120)
        raise ImportFailure(f"import of {source.label} failed, nothing written: {reason}") from None
    return report


# Listing contacts with what is known about them --------------------------------------


def add_contact_details(rows: list[dict]) -> list[dict]:
    """Each contact row of `contacts_search.search` with notes, timezone, cadence, life events and
    absences, fetched with one query per kind (per few thousand contacts), not one per contact."""
    ids = [row["id"] for row in rows]
    extra: dict[int, dict] = {}
    events: dict[int, list[dict]] = defaultdict(list)
    absences: dict[int, list[dict]] = defaultdict(list)
    for batch in chunked(ids, 5000):
        for row in Contact.select(Contact.id, Contact.first_name, Contact.title, Contact.notes, Contact.timezone, Contact.cadence_days,
                                  Contact.do_not_contact).where(Contact.id.in_(batch)).dicts():
            extra[row.pop("id")] = row
        for event in (LifeEvent.select(LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
                                       LifeEvent.year, LifeEvent.yearly, LifeEvent.note)
                      .where(LifeEvent.contact.in_(batch))
                      .order_by(LifeEvent.month, LifeEvent.day, LifeEvent.id).dicts()):
            events[event.pop("contact")].append(event)
        for absence in (Absence.select(Absence.contact, Absence.place, Absence.why, Absence.starts_on,
                                       Absence.returns_on)
                        .where(Absence.contact.in_(batch))
                        .order_by(Absence.returns_on, Absence.id).dicts()):
            contact_id = absence.pop("contact")
            for key in ("starts_on", "returns_on"):
                value = absence[key]
                absence[key] = value.isoformat() if isinstance(value, date) else (str(value) if value else None)
            absences[contact_id].append(absence)
    return [
        {**row, **extra.get(row["id"], {}), "life_events": events.get(row["id"], []),
         "absences": absences.get(row["id"], [])}
        for row in rows
    ]
