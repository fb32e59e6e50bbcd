"""One incoming record (a CSV row or a vCard) read into a contact, whatever it carries.

A value that cannot be read (an address that is not one, an impossible date, an
unknown relationship) costs nothing but itself: it becomes a notes line saying
where it came from and a `Problem` the report lists by line. Only a record naming
no one is skipped. No Peewee here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from outreach_tui.core.contact_fields import (
    EMAIL_SHAPE,
    EVENT_KINDS,
    MAX_CHARS,
    EventDate,
    check_timezone,
    email_key,
    lifecycle_relationship,
    name_key,
    parse_event_date,
    parse_relationship,
    phone_key,
    split_values,
    unify_newlines,
)
from outreach_tui.core.text import one_line


@dataclass
class Incoming:
    """A contact read from a file, with the keys it is matched on."""

    name: str = ""  # as given, possibly empty
    first_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    relationship: str | None = None
    notes: str = ""  # the record's own notes
    timezone: str = ""
    events: tuple[EventDate, ...] = ()
    emails: tuple[str, ...] = ()  # every email key
    phones: tuple[str, ...] = ()  # every phone key
    name_key: str | None = None  # name + company
    also: tuple[str, ...] = ()  # further emails and phones, as written
    kept: tuple[str, ...] = ()  # notes lines holding what could not be read

    @property
    def display_name(self) -> str:
        """What the contact is called: the name, else the email, phone or company."""
        return self.name or self.email or self.phone or self.company


KEPT = "kept in notes"
SKIPPED = "skipped"


@dataclass
class Problem:
    """One thing the report says about a record: what was wrong and what became of it."""

    field: str
    problem: str
    outcome: str = KEPT
    kept: str = ""  # the raw value, kept in the contact's notes
    line: int | None = None  # its own physical line, when not the record's first


@dataclass
class Built:
    contact: Incoming | None  # None when the record was blank or names no one
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.contact is None and not self.problems


def _first(values: dict[str, list[str]], name: str) -> str:
    for value in values.get(name, ()):
        if value.strip():
            return value.strip()
    return ""


def kept_line(problem: Problem) -> str:
    """The notes line that keeps an unreadable value, saying where it came from."""
    raw = " ".join(problem.kept.strip().split("\n"))
    return f"From import, unreadable {problem.field}: {raw}"


_SMTP = re.compile(r"[^\s@()<>\"',;:\[\]]+@[^\s@()<>\"',;:\[\]]+\.[^\s@()<>\"',;:\[\]]+")


def _emails(values: dict[str, list[str]], problems: list[Problem]) -> list[str]:
    """The record's email addresses; one that is not an address is kept in notes, replaced by an
    SMTP address its display name carries (Outlook writes Exchange paths like /o=ExchangeLabs/…)."""
    spare = [found for text in values.get("email_display", ()) for found in _SMTP.findall(text)]
    emails: list[str] = []
    for raw in split_values(values.get("email", [])):
        if EMAIL_SHAPE.fullmatch(raw):
            if raw not in emails:
                emails.append(raw)
            continue
        what = (f"{one_line(raw, limit=60)!r} is an Exchange address, not an email address"
                if raw.lower().startswith("/o=") else f"{one_line(raw, limit=60)!r} is not an email address")
        better = next((address for address in spare if address not in emails), None)
        if better:
            emails.append(better)
            problems.append(Problem("email", what, f"used {better} from its display name, {KEPT}", raw))
        else:
            problems.append(Problem("email", what, KEPT, raw))
    return emails


def build_contact(values: dict[str, list[str]], problems: list[Problem] | None = None) -> Built:
    """One record's values ({field: [values, best first]}) as an Incoming contact.

    A value that cannot be read costs nothing but itself: it is kept in the notes and
    named in the problems. Only a record that names no one (no name, email, phone or
    company) is skipped; a blank one is empty.
    """
    problems = list(problems or ())
    nobody = Built(None, [Problem("name", "no name, email, phone or company", SKIPPED)])
    if not any(value.strip() for found in values.values() for value in found):
        return nobody if problems else Built(None)
    values = {name: [unify_newlines(value) for value in found] for name, found in values.items()}
    parts = [_first(values, name) for name in ("first_name", "middle_name", "last_name")]
    name = _first(values, "name") or " ".join(part for part in parts if part)
    first_name = parts[0] or (name.split()[0] if name.split() else "")
    emails = _emails(values, problems)
    phones = split_values(values.get("phone", []))
    relationship = None
    raw = _first(values, "relationship")
    try:
        relationship = parse_relationship(raw)
    except ValueError as exc:
        problems.append(Problem("relationship", str(exc), KEPT, raw))
    if relationship is None:
        relationship = lifecycle_relationship(_first(values, "lifecycle_stage"))
    events = []
    for kind in EVENT_KINDS:
        text = _first(values, kind)
        try:
            parsed = parse_event_date(text)
        except ValueError as exc:
            problems.append(Problem(kind, str(exc), KEPT, text))
            continue
        if parsed:
            events.append(EventDate(kind, *parsed))
    timezone = _first(values, "timezone")
    if timezone:
        try:
            check_timezone(timezone)
        except ValueError as exc:
            problems.append(Problem("timezone", str(exc), KEPT, timezone))
            timezone = ""
    fields = {"name": name, "first_name": first_name, "company": _first(values, "company"),
              "title": _first(values, "title"), "email": emails[0] if emails else "",
              "phone": phones[0] if phones else "", "timezone": timezone}
    for name_of_field, value in fields.items():
        if len(value) > MAX_CHARS:
            fields[name_of_field] = value[:MAX_CHARS]
            if name_of_field != "first_name":  # a part of the name, kept with it
                problems.append(Problem(name_of_field, f"longer than {MAX_CHARS} characters", KEPT, value))
    if not (name or emails or phones or fields["company"]):
        return nobody
    notes = "\n".join(value.strip() for value in values.get("notes", []) if value.strip())
    contact = Incoming(
        **fields,
        relationship=relationship,
        notes=notes,
        events=tuple(events),
        emails=tuple(dict.fromkeys(k for k in map(email_key, emails) if k)),
        phones=tuple(dict.fromkeys(k for k in map(phone_key, phones) if k)),
        # A company alone names the contact (and is its stored name): match it on that.
        name_key=name_key(fields["name"] or ("" if emails or phones else fields["company"]), fields["company"]),
        also=tuple([*emails[1:], *phones[1:]]),
        kept=tuple(dict.fromkeys(kept_line(p) for p in problems if p.kept)),
    )
    return Built(contact, problems)


def is_placeholder_name(row: dict) -> bool:
    """A stored name that only repeats the email or phone (the contact came in without a name)."""
    name = row.get("name") or ""
    return not name or name in (row.get("email"), row.get("phone"))


def new_row(contact: Incoming) -> dict:
    """The stored fields of a contact first seen in this import."""
    also = "Also: " + ", ".join(contact.also) if contact.also else ""
    return {
        "name": contact.display_name,
        "first_name": contact.first_name,
        "company": contact.company,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "timezone": contact.timezone,
        "notes": "\n".join(part for part in (contact.notes, also, *contact.kept) if part),
    }


# A field past this is imported whole but said so: a person's notes are rarely longer, and a
# few megabytes of them are more likely a file pasted in by mistake.
LARGE_FIELD = 64 * 1024


def large_fields(built: Built) -> list[Problem]:
    """A warning for each of the record's values over LARGE_FIELD characters."""
    values = [("notes", built.contact.notes)] if built.contact is not None else []
    values += [(problem.field, problem.kept) for problem in built.problems]
    return [Problem(name, f"{len(value):,} characters, over {LARGE_FIELD // 1024} KB",
                    "imported whole (the app's edit form holds its first part)")
            for name, value in values if len(value) > LARGE_FIELD]
