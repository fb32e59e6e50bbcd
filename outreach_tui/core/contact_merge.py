"""Merging an incoming record into a contact the book (or the same file) already has.

The contact keeps what it has: an empty field is filled, a differing value (a
company, a title, a phone, a birthday) stays as stored and the incoming one goes
into the notes with its source and date ("From import 6 Dec: birthday 2 Nov 1979"),
or, preferring the import, the other way round. Nothing is noted twice: a notes
line, a phone or an email the contact already carries is not added again, and a
noted value is recognised whatever day it was noted on, so importing a file again
changes nothing. No Peewee here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from outreach_tui.core.contact_fields import EventDate, email_key, phone_key
from outreach_tui.core.import_record import KEPT, Incoming, Problem, is_placeholder_name

_NOTED_EMAIL = re.compile(r"[^\s,;:<>()\"']+@[^\s,;:<>()\"']+")
ALSO = "Also: "  # the notes line that keeps the other emails and phones of a record
_NOTED_PHONE = re.compile(r"\+?\d[\d\s().\-]{5,}\d")
FROM_IMPORT = "From import"
REPLACED = "Replaced by import"


@dataclass
class Merged:
    changed: set[str] = field(default_factory=set)  # contact columns to write
    added_events: list[dict] = field(default_factory=list)
    updated_events: list[dict] = field(default_factory=list)  # stored events whose date changed
    conflicts: list[Problem] = field(default_factory=list)


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(month: int, day: int, year: int | None = None) -> str:
    """'2 Nov 1979' (or '2 Nov' without a year), as a notes line says a date, whatever the locale."""
    return f"{day} {_MONTHS[month - 1]}" + (f" {year}" if year else "")


class _Notes:
    """The contact's notes as lines, with the emails and phones they already mention."""

    def __init__(self, row: dict) -> None:
        text = row.get("notes") or ""
        self.text = text
        self.lines = {line.strip() for line in text.split("\n") if line.strip()}
        self.emails = {email_key(row.get("email"))} | {m.lower() for m in _NOTED_EMAIL.findall(text)}
        self.phones = {phone_key(row.get("phone"))} | {phone_key(m) for m in _NOTED_PHONE.findall(text)}
        self.emails.discard(None)
        self.phones.discard(None)
        self.short: set[str] = set()
        self.added: list[str] = []
        for line in self.lines:  # what an earlier merge noted, even values no pattern above finds ("@")
            if line.startswith(ALSO):
                for value in line[len(ALSO):].split(", "):
                    self.learn(value)

    def add(self, line: str) -> bool:
        line = line.strip()
        if not line or line in self.lines:
            return False
        self.lines.add(line)
        self.added.append(line)
        return True

    def noted(self, prefix: str, what: str) -> bool:
        """A value noted on any day: 'From import 6 Dec: birthday 2 Nov' matches on any date."""
        tail = ": " + what
        return any(line.startswith(prefix) and line.endswith(tail) for line in self.lines)

    def knows(self, value: str) -> bool:
        """An email or phone the contact carries (one too short for a key: written as is)."""
        key = email_key(value) if "@" in value else phone_key(value)
        if key is None:
            return value.strip() in self.text or value.strip() in self.short
        return key in self.emails or key in self.phones

    def learn(self, value: str) -> None:
        key = email_key(value) if "@" in value else phone_key(value)
        if key is None:
            self.short.add(value.strip())
        else:
            (self.emails if "@" in value else self.phones).add(key)

    def write(self, row: dict) -> bool:
        if not self.added:
            return False
        kept = self.text.rstrip()
        row["notes"] = "\n".join([kept, *self.added] if kept.strip() else self.added)
        return True


def merge_contact(row: dict, events: list[dict], contact: Incoming, *, today: date,
                  prefer_import: bool = False) -> Merged:
    """Merge `contact` into the stored `row` and its `events` (dicts of kind, month, day, year, and id
    when stored; new ones are appended so a later record of the same import sees them)."""
    merged = Merged()
    notes = _Notes(row)
    stamp = day_text(today.month, today.day)
    differing: list[str] = []  # notes lines for values the contact has otherwise, after the record's own

    def differs(name: str, stored: str, incoming: str, apply) -> None:
        """A value the contact has otherwise: the one not kept in the field goes to the notes."""
        stored, incoming = " ".join(stored.split()), " ".join(incoming.split())  # one notes line
        if prefer_import:
            apply()
            prefix, value, outcome = REPLACED, stored, f"took the import's, the contact's {KEPT}"
        else:
            prefix, value, outcome = FROM_IMPORT, incoming, f"the contact's kept, the import's {KEPT}"
        if notes.noted(prefix, f"{name} {value}"):
            return
        differing.append(f"{prefix} {stamp}: {name} {value}")
        merged.conflicts.append(Problem(name, f"{incoming!r} differs from the contact's {stored!r}", outcome, value))

    def set_field(name: str, value: str):
        def apply() -> None:
            row[name] = value
            merged.changed.add(name)
        return apply

    for name in ("email", "phone"):
        value, stored = getattr(contact, name), row.get(name) or ""
        if not value:
            continue
        if not stored:
            set_field(name, value)()
        elif not _same(stored, value) and not notes.knows(value):
            differs(name, stored, value, set_field(name, value))
        notes.learn(value)
    for name in ("first_name", "company", "title", "timezone"):
        value, stored = getattr(contact, name), row.get(name) or ""
        if value and not stored:
            set_field(name, value)()
        elif value and not _same(stored, value) and name != "first_name":
            differs(name, stored, value, set_field(name, value))
    # After the email and phone, so that a second merge of the same record finds nothing left to do.
    if contact.name and row.get("name") != contact.name:
        if is_placeholder_name(row):
            set_field("name", contact.name)()
        elif not _same(row["name"], contact.name):
            differs("name", row["name"], contact.name, set_field("name", contact.name))
    _merge_events(events, contact.events, merged, differs)
    for line in contact.notes.split("\n"):
        notes.add(line)
    also = [value for value in dict.fromkeys(contact.also) if not notes.knows(value)]
    for value in also:
        notes.learn(value)
    if also:
        notes.add(ALSO + ", ".join(also))
    for line in (*contact.kept, *differing):
        notes.add(line)
    if notes.write(row):
        merged.changed.add("notes")
    return merged


def _merge_events(existing: list[dict], incoming: tuple[EventDate, ...], merged: Merged, differs) -> None:
    for event in incoming:
        same_kind = [row for row in existing if row["kind"] == event.kind]
        if not same_kind:
            row = {"kind": event.kind, "month": event.month, "day": event.day, "year": event.year}
            existing.append(row)
            merged.added_events.append(row)
            continue
        same_day = [row for row in same_kind if (row["month"], row["day"]) == (event.month, event.day)
                    and (None in (row["year"], event.year) or row["year"] == event.year)]
        if same_day:
            row = same_day[0]
            if row["year"] is None and event.year:
                row["year"] = event.year
                _updated(merged, row)
            continue
        row = same_kind[0]

        def apply(row=row, event=event) -> None:
            row.update(month=event.month, day=event.day, year=event.year)
            _updated(merged, row)

        differs(event.kind, day_text(row["month"], row["day"], row["year"]),
                day_text(event.month, event.day, event.year), apply)


def _updated(merged: Merged, row: dict) -> None:
    if not any(known is row for known in (*merged.added_events, *merged.updated_events)):
        merged.updated_events.append(row)
