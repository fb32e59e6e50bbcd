"""Bring a contact book in: CSV (Google, Outlook, HubSpot/Salesforce-style, plain) or vCard.

The file is read twice, streaming, never held in memory:

1. a check pass reads every record, notes what it could not read, and collects the
   normalised keys (email, phone, name + company) the file's contacts are matched on;
2. inside one transaction (IMMEDIATE on SQLite), the store's contacts carrying
   any of those keys are loaded into key maps with one scan, then the file is read
   again and each record is added or merged, in batches (`import_writer`).

A field that cannot be read costs no person: its raw value is kept in the contact's
notes and reported by line. A record naming no one is skipped and reported. With
`strict`, any problem refuses the whole file before a transaction opens. The write
is one transaction, so an import that fails half-way leaves nothing behind; a dry
run does the same work and rolls it back.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Callable, ContextManager, Iterator

from peewee import DatabaseError, InterfaceError, chunked

from outreach_tui.core.contact_fields import LayoutError, gather, plan_columns
from outreach_tui.core.import_record import KEPT, SKIPPED, Built, Problem, build_contact, large_fields
from outreach_tui.core.text import one_line
from outreach_tui.store.import_writer import FileKeys, Resolver, Writer
from outreach_tui.store.models import Absence, Contact, LifeEvent, database
from outreach_tui.store.vcards import PROGRESS_EVERY, REPAIR, read_cards

READ_CHUNK = 1 << 20
MAX_REPAIRS = 1000  # stray bytes reported one by one; a file with more is read as Windows-1252
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
    repairs: dict[int, list[bytes]] = field(default_factory=dict)  # line -> bytes read as Windows-1252

    def open(self) -> IO[str]:
        return self.path.open(encoding=self.encoding, errors=REPAIR if self.repairs else "strict", newline="")

    def repair_problems(self, first: int, last: int) -> list[Problem]:
        """The stray bytes of lines first..last, each read as Windows-1252."""
        if not self.repairs:
            return []
        return [Problem("encoding", f"byte 0x{raw[0]:02X} is not UTF-8",
                        f"read as Windows-1252 {raw.decode('cp1252', errors='replace')!r}", line=line)
                for line in range(first, last + 1) for raw in self.repairs.get(line, ())]


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
        encoding, head, repairs = _sniff_encoding(path, label)
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
    source = Source(path, label, fmt, encoding, size, repairs)
    records = read_records(source, mapping)
    try:
        next(records, None)
    finally:
        records.close()
    return source


def _line_breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _sniff_encoding(path: Path, label: str) -> tuple[str, str, dict[int, list[bytes]]]:
    """UTF-8 (with or without BOM), else Windows-1252; UTF-16 with a BOM too. A UTF-8 file with a
    few stray Windows-1252 bytes stays UTF-8, with those bytes (by line) to read as Windows-1252.
    Binary files are refused."""
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
            return "utf-16", head, {}
        head_bytes, carry, lines = chunk, b"", 0
        multibyte = bad = 0  # non-ASCII characters read as UTF-8, bytes that are not UTF-8
        repairs: dict[int, list[bytes]] = {}
        cp1252_ok = True
        while chunk:
            if b"\x00" in chunk:
                if path.suffix.lower() in SPREADSHEET_SUFFIXES:
                    raise ImportFailure(f"{label} is a spreadsheet, not CSV: save it as CSV first")
                raise ImportFailure(f"{label} is a binary file, not CSV or vCard text")
            if cp1252_ok and _CP1252_UNDEFINED.search(chunk):
                cp1252_ok = False
            data, carry, pos, counted = carry + chunk, b"", 0, 0
            while bad <= MAX_REPAIRS:
                try:
                    multibyte += len(data) - pos - len(data[pos:].decode("utf-8"))
                    break
                except UnicodeDecodeError as exc:
                    start, end = pos + exc.start, pos + exc.end
                    multibyte += exc.start - len(data[pos:start].decode("utf-8"))
                    if exc.reason == "unexpected end of data":
                        carry = data[start:]  # a character cut by the chunk's end
                        break
                    bad += 1
                    lines += _line_breaks(data[counted:start])
                    counted = start
                    repairs.setdefault(lines + 1, []).append(data[start:end])
                    pos = end
            lines += _line_breaks(data[counted:len(data) - len(carry)])
            chunk = handle.read(READ_CHUNK)
        if carry:
            bad += 1
            repairs.setdefault(lines + 1, []).append(carry)
    if not bad:
        return "utf-8-sig", head_bytes.decode("utf-8-sig", errors="ignore"), {}
    if multibyte >= bad and bad <= MAX_REPAIRS:
        return "utf-8-sig", head_bytes.decode("utf-8-sig", errors=REPAIR), repairs
    if cp1252_ok:
        return "cp1252", head_bytes.decode("cp1252"), {}
    raise ImportFailure(f"{label} is not text in UTF-8 or Windows-1252")


def read_records(source: Source, mapping: dict[str, str] | None = None,
                 at: Callable[[int], None] | None = None) -> Iterator[tuple[int, Built]]:
    """(first physical line, record read) for each record of the file, streaming."""
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
    with source.open() as handle:
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
                yield start, build_contact(gather(row, columns), source.repair_problems(start, previous))
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
    with source.open() as handle:
        tell = (lambda: at(handle.buffer.tell())) if at is not None else None
        for first, last, (values, problems, where) in read_cards(handle, tell):
            found = True
            built = build_contact(values, [*problems, *source.repair_problems(first, last)])
            for problem in built.problems:
                if problem.line is None and problem.kept:
                    problem.line = where.get((problem.field, problem.kept.strip()))
            yield first, built
    if not found:
        raise ImportFailure(f"{source.label}: no vCard in the file (no BEGIN:VCARD line)")


# The import -------------------------------------------------------------------


@dataclass
class ImportReport:
    label: str
    added: int = 0
    merged: int = 0
    problems: list[tuple[int, Problem]] = field(default_factory=list)  # (record's line, problem)
    conflicts: list[tuple[int, Problem]] = field(default_factory=list)  # values differing from a contact's
    warnings: list[tuple[int, Problem]] = field(default_factory=list)  # imported, but worth knowing (a huge field)
    dry_run: bool = False
    refused: bool = False  # problems under --strict: nothing imported

    @property
    def kept(self) -> int:
        return sum(1 for _, problem in self.problems if problem.kept and problem.outcome != SKIPPED)

    @property
    def skipped(self) -> int:
        return sum(1 for _, problem in self.problems if problem.outcome == SKIPPED)

    def rows(self) -> list[tuple[int, Problem]]:
        """(line, problem) in the order of the file."""
        found = [*self.problems, *self.conflicts, *self.warnings]
        return sorted(((problem.line or line, problem) for line, problem in found), key=lambda r: r[0])

    def problem_lines(self) -> list[str]:
        return [f"{self.label}:{line}: {p.field}: {p.problem}, {p.outcome}" for line, p in self.rows()]

    def summary(self) -> str:
        parts = [f"added {self.added:,}", f"merged {self.merged:,}"]
        if self.kept:
            parts.append(f"{self.kept:,} {'field' if self.kept == 1 else 'fields'} {KEPT}")
        if self.skipped:
            parts.append(f"{self.skipped:,} {'record' if self.skipped == 1 else 'records'} skipped")
        if self.conflicts:
            count = len(self.conflicts)
            parts.append(f"{count:,} differing {'value' if count == 1 else 'values'} {KEPT}")
        text = ", ".join(parts)
        return f"{text} (dry run: nothing written)" if self.dry_run else text

    def write_csv(self, out: IO[str]) -> None:
        """The problems as CSV for a spreadsheet; no cell can run as a formula."""
        from outreach_tui.store.export.flat import csv_cell

        writer = csv.writer(out)
        writer.writerow(["file", "line", "field", "problem", "outcome", "value"])
        for line, p in self.rows():
            writer.writerow([csv_cell(value) for value in (self.label, line, p.field, p.problem, p.outcome, p.kept)])


class _RollBack(Exception):
    """Ends a dry run's transaction, undoing everything it wrote."""


def import_file(source: Source, *, today: date, relationship: str = "prospect",
                mapping: dict[str, str] | None = None, dry_run: bool = False, strict: bool = False,
                prefer_import: bool = False, progress: Progress | None = None) -> ImportReport:
    """Read the whole file, then add and merge its contacts in one transaction."""
    report = ImportReport(source.label, dry_run=dry_run)
    keys = FileKeys()

    def stage(label: str):
        return progress(label) if progress is not None else nullcontext(None)

    with stage("Checking") as at:
        for line, built in read_records(source, mapping, at):
            report.problems.extend((line, problem) for problem in built.problems)
            report.warnings.extend((line, warning) for warning in large_fields(built))
            if built.contact is not None:
                keys.add(built.contact)
    if strict and report.problems:
        report.refused = True
        return report

    def second_pass(writer: Writer) -> None:
        resolver = Resolver()
        resolver.load_store(keys)
        keys.emails.clear()
        keys.phones.clear()
        keys.names.clear()
        with stage("Importing") as at:
            for line, built in read_records(source, mapping, at):
                contact = built.contact
                if contact is None:
                    continue
                entity = resolver.resolve(contact)
                if entity is None:
                    report.added += 1
                    writer.add(resolver.add(contact), contact)
                else:
                    report.merged += 1
                    resolver.register(entity, contact)
                    writer.merge(entity, contact, line)
        writer.flush()
        report.conflicts.extend(writer.conflicts)

    try:
        with database.atomic():
            second_pass(Writer(today, relationship, prefer_import))
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
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
