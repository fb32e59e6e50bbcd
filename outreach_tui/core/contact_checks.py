"""The checks of the Contacts screen's edits: a contact's fields, a life event, an absence, a quote.

Each check takes the text typed per field and returns the values to store and one
problem per bad field ({field: message}); the screen shows each message next to its
field and saves nothing while there is any. Its own module because checking what a rep
types is apart from reading what other programs export (`core.contact_fields`), whose
readers (dates, time zones, relationships, email shapes) these checks share.
"""

from __future__ import annotations

import re
from datetime import date

from outreach_tui.core.contact_fields import (
    DATE_HELP,
    EMAIL_SHAPE,
    EVENT_KINDS,
    MAX_CHARS,
    EventDate,
    check_timezone,
    parse_event_date,
    parse_relationship,
)
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import RELATIONSHIPS

TEXT_FIELDS = ("name", "first_name", "company", "title", "phone")
MAX_CADENCE_DAYS = 3650

Checked = tuple[dict[str, object], dict[str, str]]


def parse_cadence(text: str) -> int:
    """Days between check-ins: a whole number from 1 to MAX_CADENCE_DAYS; ValueError otherwise."""
    value = text.strip().lower().removesuffix("days").removesuffix("d").strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_CADENCE_DAYS:
        raise ValueError(f"{one_line(text, limit=20)!r} is not a number of days from 1 to {MAX_CADENCE_DAYS} (e.g. 90)")
    return int(value)


def parse_day(text: str) -> date:
    """A calendar date typed as 2026-12-01; ValueError saying so otherwise."""
    value = text.strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{one_line(value, limit=30)!r} is not a date like 2026-12-01") from None


def _short_text(problems: dict[str, str], name: str, text: str) -> str:
    value = text.strip()
    if len(value) > MAX_CHARS:
        problems[name] = f"longer than {MAX_CHARS} characters"
    return value


def check_contact_edit(changes: dict[str, str], today: date) -> Checked:
    """The changed fields of a contact as stored values; a bad one names its problem."""
    from outreach_tui.core.dates import parse_next_touch

    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name, text in changes.items():
        try:
            if name in TEXT_FIELDS:
                values[name] = _short_text(problems, name, text)
            elif name in ("family", "notes"):
                values[name] = text.strip()
            elif name == "email":
                value = _short_text(problems, name, text)
                if value and not EMAIL_SHAPE.fullmatch(value):
                    raise ValueError(f"{one_line(value, limit=60)!r} is not an email address")
                values[name] = value
            elif name == "relationship":
                values[name] = parse_relationship(text)
                if values[name] is None:
                    raise ValueError(f"pick one of {', '.join(RELATIONSHIPS)}")
            elif name == "timezone":
                if text.strip():
                    check_timezone(text.strip())
                values[name] = text.strip()
            elif name == "cadence_days":
                values[name] = parse_cadence(text)
            elif name == "next_touch_on":
                values[name] = parse_next_touch(text, today) if text.strip() else None
            else:
                raise ValueError("not a field that can be edited")
        except ValueError as exc:
            problems[name] = str(exc)
    if "name" in values and not values["name"]:
        problems["name"] = "a contact needs a name"
    return values, problems


def event_kind(text: str) -> str:
    """A life event kind as typed ('New baby' -> 'new_baby'); ValueError listing the kinds."""
    from outreach_tui.core.vocab import LIFE_EVENT_KINDS

    key = re.sub(r"[\s\-]+", "_", text.strip().casefold())
    if key not in LIFE_EVENT_KINDS:
        raise ValueError(f"pick one of {', '.join(LIFE_EVENT_KINDS)}")
    return key


def check_life_event(texts: dict[str, str]) -> Checked:
    """kind, date (1980-05-12 or --05-12), note → kind, month, day, year, yearly, month_day, note.

    Birthdays and anniversaries come back every year, and so does anything given
    without a year; a wedding or a graduation with a year happens once.
    """
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    try:
        values["kind"] = event_kind(texts.get("kind", ""))
    except ValueError as exc:
        problems["kind"] = str(exc)
    try:
        when = parse_event_date(texts.get("date", ""))
        if when is None:
            raise ValueError(f"the date is empty: {DATE_HELP}")
        values["month"], values["day"], values["year"] = when
    except ValueError as exc:
        problems["date"] = str(exc)
    values["note"] = _short_text(problems, "note", texts.get("note", ""))
    values["yearly"] = values.get("kind") in EVENT_KINDS or values.get("year") is None
    if "month" in values:
        values["month_day"] = EventDate("", values["month"], values["day"]).month_day
    return values, problems


def check_absence(texts: dict[str, str], today: date) -> Checked:
    """place, why, starts (optional), returns (a date or a phrase like +2w, today or later)."""
    from outreach_tui.core.dates import parse_next_touch

    values: dict[str, object] = {"starts_on": None}
    problems: dict[str, str] = {}
    values["place"] = _short_text(problems, "place", texts.get("place", ""))
    values["why"] = _short_text(problems, "why", texts.get("why", ""))
    if texts.get("starts_on", "").strip():
        try:
            values["starts_on"] = parse_day(texts["starts_on"])
        except ValueError as exc:
            problems["starts_on"] = str(exc)
    returns = texts.get("returns_on", "").strip()
    try:
        if not returns:
            raise ValueError("when are they back? e.g. 2026-12-01 or +2w")
        values["returns_on"] = parse_next_touch(returns, today)
    except ValueError as exc:
        problems["returns_on"] = str(exc)
    starts, back = values.get("starts_on"), values.get("returns_on")
    if starts and back and starts > back:
        problems["starts_on"] = "they leave after they are back: check the dates"
    return values, problems


def check_quote(texts: dict[str, str], today: date) -> Checked:
    """description, amount ($1,250.00), sent on (a date, today when empty, never ahead)."""
    from outreach_tui.core.money import parse_money

    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    values["description"] = _short_text(problems, "description", texts.get("description", ""))
    if not values["description"]:
        problems["description"] = "say what was quoted"
    try:
        values["amount_cents"] = parse_money(texts.get("amount", ""))
        if values["amount_cents"] < 0:
            raise ValueError("an amount can't be negative")
    except ValueError as exc:
        problems["amount"] = str(exc)
    sent = texts.get("sent_on", "").strip()
    try:
        values["sent_on"] = parse_day(sent) if sent else today
        if values["sent_on"] > today:
            raise ValueError(f"{values['sent_on'].isoformat()} is still to come: a quote is sent today or before")
    except ValueError as exc:
        problems["sent_on"] = str(exc)
    return values, problems
