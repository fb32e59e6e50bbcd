"""`outreach today` and `outreach contacts` for scripts: CSV with a header and one row per record,
formulas neutralised; the book as vCard 4.0 that `outreach import` reads back without loss."""

import csv
import io
import json
import string
from datetime import date

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.core.vocab import RELATIONSHIPS
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import LifeEvent

TODAY = date(2026, 11, 23)
BOX = set("─│┃━┏┓┗┛├┤┬┴┼╭╮╯╰")
KEPT = ("name", "first_name", "company", "title", "email", "phone", "relationship", "notes", "timezone")


def run(db, *args, raw: bool = False):
    """The command's output (raw: as bytes, its CRLF line ends kept)."""
    result = CliRunner().invoke(main, ["--db", str(db), "--as-of", TODAY.isoformat(), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes if raw else result.stdout


def book_with(db, contacts: list[dict]) -> None:
    store = open_store(str(db))
    for fields in contacts:
        events = fields.pop("events", ())
        contact = add_contact(fields.pop("name"), TODAY, **fields)
        for kind, month, day, year in events:
            LifeEvent.create(contact=contact, kind=kind, month=month, day=day, year=year, yearly=True,
                             month_day=month * 100 + day)
    store.close()


TRICKY = [
    {"name": "=HYPERLINK(\"x\")", "company": "+Plus, Inc.", "email": "eq@x.example", "phone": "-555-0100",
     "notes": "line one\nline two; with, commas \\ and a very long tail " + "x" * 90},
    {"name": "José Müller", "first_name": "José", "company": "Müller; Söhne", "title": "Head of R&D",
     "email": "jose@muller.example", "phone": "+49 30 1234567 x12", "timezone": "Europe/Berlin",
     "relationship": "supplier", "events": [("birthday", 5, 12, None), ("anniversary", 6, 18, 2005)]},
    {"name": "李雷", "first_name": "李雷", "email": "li@x.example", "relationship": "prospect",
     "notes": "[bold]not markup[/]"},
]


def test_today_as_csv_is_the_json_plan_row_for_row(tmp_path):
    db = tmp_path / "book.db"
    book_with(db, [dict(fields) for fields in TRICKY])
    plan = json.loads(run(db, "today", "--format", "json"))
    text = run(db, "today", "--format", "csv")
    assert not BOX & set(text) and "  ," not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["contact_id", "name", "reasons", "score", "detail"]
    assert len(rows) == len(plan) + 1 and plan
    for row, item in zip(rows[1:], plan):
        assert row[0] == str(item["contact_id"]) and row[2] == "; ".join(item["reasons"])
        assert row[1] == ("'" + item["name"] if item["name"][0] in "=+-@" else item["name"])


def test_contacts_as_csv_neutralise_formulas_and_pad_nothing(tmp_path):
    db = tmp_path / "book.db"
    book_with(db, [dict(fields) for fields in TRICKY])
    rows = list(csv.DictReader(io.StringIO(run(db, "contacts", "--format", "csv"))))
    assert [row["name"] for row in rows] == ["'=HYPERLINK(\"x\")", "José Müller", "李雷"]
    assert rows[0]["company"] == "'+Plus, Inc." and rows[0]["phone"] == "'-555-0100"
    assert rows[1] == {"id": "2", "name": "José Müller", "company": "Müller; Söhne", "title": "Head of R&D",
                       "email": "jose@muller.example", "phone": "'+49 30 1234567 x12", "relationship": "supplier",
                       "do_not_contact": "False", "archived": "False"}
    assert list(csv.reader(io.StringIO(run(db, "contacts", "--search", "nobody", "--format", "csv")))) == [
        ["id", "name", "company", "title", "email", "phone", "relationship", "do_not_contact", "archived"]]


def listed(db) -> list[dict]:
    """The book as `contacts --format json` gives it, without what a new store numbers afresh."""
    found = json.loads(run(db, "contacts", "--format", "json"))
    return [{**{key: contact[key] for key in KEPT}, "life_events": contact["life_events"]} for contact in found]


def round_trip(tmp_path, contacts: list[dict], name: str) -> tuple[list[dict], list[dict], str]:
    source, copy, cards = tmp_path / f"{name}.db", tmp_path / f"{name}-copy.db", tmp_path / f"{name}.vcf"
    book_with(source, contacts)
    cards.write_bytes(run(source, "contacts", "--format", "vcard", raw=True))
    run(copy, "import", cards)
    return listed(source), listed(copy), cards.read_bytes().decode("utf-8")


def test_the_book_as_vcard_imports_back_the_same(tmp_path):
    before, after, text = round_trip(tmp_path, [dict(fields) for fields in TRICKY], "tricky")
    assert after == before
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and text.count("BEGIN:VCARD") == 3
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


_WORDS = st.text(alphabet=string.ascii_letters + "éøß李 ,;:\\'\"[]=+-", min_size=1, max_size=30).map(
    lambda text: " ".join(text.split())).filter(bool)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_WORDS, _WORDS, _WORDS, st.sampled_from(RELATIONSHIPS),
                          st.sampled_from(["", "America/Chicago", "Asia/Tokyo"]),
                          st.text(alphabet=string.printable.replace("\r", "").replace("\x0b", "")
                                  .replace("\x0c", ""), max_size=120).map(str.strip)),
                min_size=1, max_size=4))
def test_any_book_survives_the_vcard_round_trip(tmp_path_factory, people):
    contacts = [
        {"name": name, "first_name": name.split()[0], "company": company, "title": title, "relationship": relationship,
         "timezone": timezone, "notes": notes, "email": f"p{number}@x.example", "phone": f"555-01{number:02d}"}
        for number, (name, company, title, relationship, timezone, notes) in enumerate(people)
    ]
    before, after, _ = round_trip(tmp_path_factory.mktemp("vcard"), contacts, "any")
    assert after == before
