"""Property: whatever damage a file carries, every value a record holds ends up in its contact,
in a field or in the notes; importing the file again adds nobody and changes no notes;
--strict on a damaged file writes nothing.

Records are CSV rows of a handful of people, each written one or more times with
differing values (the same email, when it is readable, says it is the same person).
Damage: an email that is not one (an Exchange path among them), an impossible date,
a Windows-1252 byte in a UTF-8 file, a value in a column the import does not know (it
is passed over, like a Google export's labels), a missing name.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach_tui.cli import main
from outreach_tui.core.contact_merge import day_text

TODAY = date(2026, 12, 6)
PEOPLE = ["Zoë Brontë", "José Ruiz", "Ōta Ken", "Ann Løvås", "Björn Åberg"]  # every name has a UTF-8 character
HEADER = ["Name", "E-mail Address", "Phone", "Company", "Job Title", "Birthday", "Notes", "Pager Code"]
BAD_EMAILS = ["/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=x1", "not an address", "a@@b"]
BAD_DATES = ["2026-02-30", "31/31/1999", "next spring"]
words = st.text(alphabet="abcdefghij ", min_size=1, max_size=10).map(str.strip).filter(bool)


@st.composite
def record(draw) -> dict:
    person = draw(st.integers(0, len(PEOPLE) - 1))
    values = {
        "name": draw(st.sampled_from([PEOPLE[person], PEOPLE[person], PEOPLE[person], ""])),
        "email": draw(st.sampled_from([f"p{person}@example.com", *BAD_EMAILS, ""])),
        "phone": draw(st.sampled_from(["", f"+1 416 555 01{person}{draw(st.integers(0, 2))}"])),
        "company": draw(st.sampled_from(["", "Acme", "Globex", "Café Sud"])),
        "title": draw(st.sampled_from(["", "Buyer", "Owner"])),
        "birthday": draw(st.sampled_from(["", "1980-05-12", "--11-02", "1979-11-02", *BAD_DATES])),
        "notes": draw(st.sampled_from(["", "Met at the fair", "likes golf"])),
        "unknown": "ü" + draw(st.one_of(st.just(""), words)),  # a UTF-8 character on every row
    }
    values["stray_byte"] = draw(st.sampled_from(["", "company"])) if values["company"] else ""
    return values


def write_csv(path: Path, records: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    marker = "\x00"  # becomes a lone 0xE9 byte: "Caf\xe9" in an otherwise UTF-8 file
    for values in records:
        company = values["company"] + (marker if values["stray_byte"] else "")
        writer.writerow([values["name"], values["email"], values["phone"], company, values["title"],
                         values["birthday"], values["notes"], values["unknown"]])
    path.write_bytes(out.getvalue().encode().replace(marker.encode(), b"\xe9"))


def import_file(db: Path, path: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), "--as-of", str(TODAY), "import", str(path), *args])


def stored(db: Path) -> tuple[list[dict], dict[int, list[tuple]]]:
    if not db.exists():
        return [], {}
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        contacts = [dict(row) for row in connection.execute("select * from contact order by id")]
        events: dict[int, list[tuple]] = {}
        for row in connection.execute("select contact_id, kind, month, day, year from life_event"):
            events.setdefault(row[0], []).append(tuple(row)[1:])
        return contacts, events
    finally:
        connection.close()


def expected_texts(values: dict) -> list[str]:
    """What of the record must be found in its contact, a field or the notes, as text."""
    company = values["company"] + ("é" if values["stray_byte"] else "")
    return [text for text in (values["name"], values["email"], values["phone"], company, values["title"],
                              values["notes"]) if text]


def names_someone(values: dict) -> bool:
    return bool(values["name"] or values["email"] not in ("", *BAD_EMAILS) or values["phone"] or values["company"])


def holds(contact: dict, events: list[tuple], values: dict) -> bool:
    notes = contact["notes"]
    fields = {contact[name] for name in ("name", "email", "phone", "company", "title")}
    for text in expected_texts(values):
        if text not in fields and text not in notes:
            return False
    birthday = values["birthday"]
    if birthday in BAD_DATES:
        return f"unreadable birthday: {birthday}" in notes
    if birthday:
        year = int(birthday[:4]) if birthday[0].isdigit() else None
        month, day = int(birthday[-5:-3]), int(birthday[-2:])
        return (("birthday", month, day, year) in events or any(e[:3] == ("birthday", month, day) and year is None
                                                                  for e in events)
                or f"birthday {day_text(month, day, year)}" in notes)
    return True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record(), min_size=1, max_size=8))
def test_every_value_is_kept_and_a_second_import_changes_nothing(records):
    with tempfile.TemporaryDirectory() as folder:
        path, db = Path(folder) / "contacts.csv", Path(folder) / "book.db"
        write_csv(path, records)
        damaged = any(values["email"] in BAD_EMAILS or values["birthday"] in BAD_DATES or values["stray_byte"]
                      or not names_someone(values) for values in records)

        strict = import_file(db, path, "--strict")
        assert strict.exit_code == (1 if damaged else 0), strict.output
        if damaged:
            assert stored(db)[0] == []
        first = import_file(db, path)
        assert first.exit_code == 0, first.output
        contacts, events = stored(db)
        for values in filter(names_someone, records):
            assert any(holds(contact, events.get(contact["id"], []), values) for contact in contacts), (values, contacts)

        again = import_file(db, path)
        assert again.exit_code == 0, again.output
        assert again.stdout.startswith("added 0, "), again.stdout
        assert stored(db) == (contacts, events)
