"""An iCalendar file of what is still to do: follow-ups set on calls, contacts'
next-touch dates and absences' return days, merged from three sorted selects.

RFC 5545 is written here: escaping and folding are all it needs, and it is many times
faster than building library objects per event.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import IO, Iterable, Iterator

from peewee import fn

from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import OUTCOME_LABELS
from outreach_tui.store.export.rows import ExportFilter, _as_datetime, stream_chunks, stream_tuples
from outreach_tui.store.models import Absence, Contact, Interaction


PRODID = "-//Outreach TUI//outreach export//EN"
UID_DOMAIN = "outreach-tui"


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
