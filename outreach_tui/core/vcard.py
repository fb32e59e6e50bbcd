"""The book as vCard 4.0 (RFC 6350), for `outreach contacts --format vcard`.

Written by hand rather than through vobject, whose vCard 4.0 support is partial: each
card carries what `outreach import` reads back — name, first name, company, title,
email, phone, notes, time zone, birthday and anniversary — and the relationship as
X-OUTREACH-RELATIONSHIP, so a book exported and imported again is the same book
(tests/test_vcard.py). Text is escaped (\\ , ; and newlines) and lines are folded at
75 octets without splitting a character.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

RELATIONSHIP_PROPERTY = "X-OUTREACH-RELATIONSHIP"
_ESCAPES = str.maketrans({"\\": "\\\\", ",": "\\,", ";": "\\;", "\n": "\\n", "\r": ""})
_EVENT_PROPERTIES = {"birthday": "BDAY", "anniversary": "ANNIVERSARY"}


def vcard_text(value: object) -> str:
    return str(value or "").translate(_ESCAPES)


def fold(line: str) -> str:
    """The content line cut into lines of at most 75 octets, each continuation starting with a space."""
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n".join(pieces) + "\r\n"


def _event_date(event: dict) -> str:
    year = event.get("year")
    return f"{year:04d}{event['month']:02d}{event['day']:02d}" if year else f"--{event['month']:02d}{event['day']:02d}"


def card_lines(contact: dict) -> list[str]:
    """One contact (a row of `outreach contacts --format json`) as vCard 4.0 content lines."""
    name = contact.get("name") or ""
    first = contact.get("first_name") or ""
    family = name[len(first):].strip() if first and name.startswith(first) else ""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{vcard_text(name)}",
             f"N:{vcard_text(family)};{vcard_text(first)};;;"]
    for prop, key in (("ORG", "company"), ("TITLE", "title"), ("EMAIL", "email"), ("TEL", "phone"),
                      ("TZ", "timezone"), ("NOTE", "notes"), (RELATIONSHIP_PROPERTY, "relationship")):
        if contact.get(key):
            lines.append(f"{prop}:{vcard_text(contact[key])}")
    seen = set()
    for event in contact.get("life_events", []):
        prop = _EVENT_PROPERTIES.get(event.get("kind"))
        if prop and prop not in seen:  # a card holds one of each
            seen.add(prop)
            lines.append(f"{prop}:{_event_date(event)}")
    lines.append("END:VCARD")
    return lines


def write_vcards(contacts: Iterable[dict], out: IO[str]) -> int:
    count = 0
    for contact in contacts:
        out.write("".join(fold(line) for line in card_lines(contact)))
        count += 1
    return count
