"""`outreach import` and `outreach contacts --format json`, through click's CliRunner."""

import csv
import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.store import import_writer, importing
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence, Contact

TODAY = date(2026, 11, 23)
FIXTURES = Path(__file__).parent / "fixtures" / "import"
VALID_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.name != "invalid.csv")


def run(db, *args, today=TODAY):
    return CliRunner().invoke(main, ["--db", str(db), "--as-of", str(today), *[str(a) for a in args]])


def imp(db, file, *args):
    path = file if isinstance(file, Path) and file.is_absolute() else FIXTURES / file
    return run(db, "import", path, *args)


def rows(db, table="contact"):
    """Every row of a table, read with plain sqlite3 so the CLI's own connection is not involved."""
    if not Path(db).exists():
        return []
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(f"select * from {table} order by id")]
    finally:
        connection.close()


def by_name(db):
    return {row["name"]: row for row in rows(db)}


def events(db, contact_id):
    return sorted((e["kind"], e["month"], e["day"], e["year"], e["yearly"], e["month_day"])
                  for e in rows(db, "life_event") if e["contact_id"] == contact_id)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "book.db"


def assert_ok(result, summary):
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == summary


# Layouts ----------------------------------------------------------------------


def test_google_current_layout(db):
    assert_ok(imp(db, "google_current.csv"), "added 2, merged 0")
    people = by_name(db)
    dana = people["Dana J. Fox"]
    assert (dana["first_name"], dana["company"], dana["title"]) == ("Dana", "Fox Freight", "Owner")
    assert (dana["email"], dana["phone"]) == ("dana@foxfreight.example", "+1 (555) 010-0101")
    assert dana["notes"] == "Loves sailing\nAlso: dana.fox@home.example"
    assert events(db, dana["id"]) == [("birthday", 3, 14, 1975, 1, 314)]
    omar = people["Omar Okafor"]  # Google puts several values in one cell with " ::: "
    assert (omar["email"], omar["phone"]) == ("omar@okafor.example", "555-020-0202")
    assert omar["notes"] == "Also: o.okafor@okafor.example, 555-020-0203"
    assert events(db, omar["id"]) == [("birthday", 5, 12, None, 1, 512)]


def test_google_older_layout(db):
    assert_ok(imp(db, "google_older.csv"), "added 2, merged 0")
    people = by_name(db)
    hana = people["Hana Ito"]
    assert (hana["company"], hana["title"], hana["email"], hana["phone"]) == (
        "Ito Labs", "Director", "hana@itolabs.example", "+81 6 1234 5678")
    assert hana["notes"] == "Runs the Osaka office"
    assert events(db, hana["id"]) == [("birthday", 7, 4, 1990, 1, 704)]
    assert people["Milo Moore"]["first_name"] == "Milo"  # no "Name": built from given and family names


def test_outlook_layout_with_crlf_and_multiline_notes(db):
    assert b"\r\n" in (FIXTURES / "outlook.csv").read_bytes()
    assert_ok(imp(db, "outlook.csv"), "added 2, merged 0")
    people = by_name(db)
    grace = people["Grace Hopper"]
    assert (grace["company"], grace["title"], grace["phone"]) == ("Navy Labs", "Rear Admiral", "(555) 234-5678")
    assert grace["notes"] == "Met at the\nconference in May\nAlso: 555 876 5432"
    assert events(db, grace["id"]) == [("birthday", 12, 9, 1906, 1, 1209)]  # 12/9/1906, US order; 0/0/00 is none
    tom = people["Tom Baker"]
    assert tom["title"] == ""  # Outlook's "Title" is "Mr.", not a job
    assert events(db, tom["id"]) == [("anniversary", 6, 19, 2010, 1, 619)]


def test_hubspot_layout_and_lifecycle_stage(db):
    assert_ok(imp(db, "hubspot.csv"), "added 3, merged 0")
    people = by_name(db)
    priya = people["Priya Patel"]
    assert (priya["company"], priya["title"], priya["email"], priya["phone"]) == (
        "Patel Dental", "Practice Manager", "priya@pateldental.example", "+44 20 7946 0958")
    assert priya["relationship"] == "client"  # lifecycle stage "customer"
    assert priya["check_in_due_on"] == (TODAY + timedelta(days=90)).isoformat()
    assert priya["created_on"] == TODAY.isoformat() and priya["cadence_days"] == 90
    ken = people["Ken Ito"]
    assert (ken["relationship"], ken["phone"], ken["check_in_due_on"]) == ("prospect", "555-404-0404", None)
    assert people["Una Vega"]["relationship"] == "prospect"  # the default


def test_relationship_option_applies_only_where_the_file_says_nothing(db):
    assert_ok(imp(db, "hubspot.csv", "--relationship", "past_client"), "added 3, merged 0")
    people = by_name(db)
    assert people["Una Vega"]["relationship"] == "past_client"
    assert people["Una Vega"]["check_in_due_on"] == (TODAY + timedelta(days=90)).isoformat()
    assert people["Ken Ito"]["relationship"] == "prospect"
    assert imp(db, "hubspot.csv", "--relationship", "friend").exit_code == 2


def test_salesforce_layout(db):
    assert_ok(imp(db, "salesforce.csv"), "added 1, merged 0")
    rosa = by_name(db)["Rosa Reyes"]
    assert (rosa["company"], rosa["title"], rosa["notes"]) == ("Reyes Supply", "VP Sales", "Prefers calls before 10")
    assert events(db, rosa["id"]) == [("birthday", 2, 29, 1980, 1, 229)]


def test_plain_layout_non_latin_and_hostile_text_stored_as_given(db):
    assert_ok(imp(db, "plain.csv"), "added 5, merged 0")
    people = by_name(db)
    li = people["李雷"]
    assert (li["company"], li["relationship"], li["notes"]) == ("北京贸易", "client", "First line\nsecond line")
    assert events(db, li["id"]) == [("birthday", 5, 12, None, 1, 512)]
    assert people["Ωmega Σ"]["relationship"] == "supplier"
    boss = people["[bold]Boss[/] \x1b[2J"]
    assert boss["company"] == "[link=https://x.example]Co[/link]" and boss["relationship"] == "past_client"
    assert events(db, people["Sam Smith"]["id"]) == [("birthday", 5, 12, 1980, 1, 512)]
    assert people["only@email.example"]["email"] == "only@email.example"  # no name: called by the email


def test_utf8_bom(db):
    assert (FIXTURES / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert_ok(imp(db, "bom.csv"), "added 1, merged 0")
    assert by_name(db)["Zoë Brontë"]["company"] == "Haworth Books"


def test_windows_1252(db):
    raw = (FIXTURES / "cp1252.csv").read_bytes()
    assert b"Jos\xe9 M\xfcller" in raw and b"\x80" in raw
    assert_ok(imp(db, "cp1252.csv"), "added 1, merged 0")
    jose = by_name(db)["José Müller"]
    assert (jose["company"], jose["notes"]) == ("Café €uro", "Señor, «très» bien")


def test_old_mac_line_endings(db, tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b'name,email,notes\r"Ada Lo","ada@lo.example","one\rtwo"\rBea Li,bea@li.example,\r')
    assert_ok(imp(db, path), "added 2, merged 0")
    assert by_name(db)["Ada Lo"]["notes"] == "one\ntwo"


def test_semicolon_separated_and_utf16(db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("First Name;Name;E-mail Address\nJörg;Jörg Bauer;joerg@bauer.example\n", encoding="utf-16")
    assert_ok(imp(db, path), "added 1, merged 0")
    assert by_name(db)["Jörg Bauer"]["email"] == "joerg@bauer.example"


def test_vcard_3_folded_escaped_and_without_year(db):
    assert_ok(imp(db, "contacts3.vcf"), "added 3, merged 0")
    people = by_name(db)
    jose = people["José Müller"]
    assert (jose["first_name"], jose["company"], jose["title"]) == ("José", "Müller, Söhne & Co.", "Head of R;D")
    assert (jose["email"], jose["phone"]) == ("jose.home@mueller.example", "+49 170 1234567")  # pref first
    assert jose["notes"] == ("Met at the trade fair in Köln, booth 12; wants a call back in spring.\nSecond line."
                             "\nAlso: jose@mueller.example")
    assert events(db, jose["id"]) == [("anniversary", 6, 18, 2005, 1, 618), ("birthday", 5, 12, None, 1, 512)]
    omega = people["Ωmega Σ"]  # Apple's X-APPLE-OMIT-YEAR
    assert events(db, omega["id"]) == [("birthday", 11, 25, None, 1, 1125)]
    assert people["no.name@example.org"]["email"] == "no.name@example.org"


def test_vcard_4(db):
    assert_ok(imp(db, "contacts4.vcf"), "added 2, merged 0")
    li = by_name(db)["李雷"]
    assert (li["first_name"], li["company"], li["title"]) == ("雷", "Acme, Inc.", "Buyer")
    assert (li["email"], li["phone"]) == ("lilei@acme.example", "+1-555-555-0188")
    assert li["notes"] == "A long note that is folded across lines, with an escaped comma and a ; semicolon"
    assert events(db, li["id"]) == [("anniversary", 6, 19, 2010, 1, 619), ("birthday", 5, 12, None, 1, 512)]


def test_vcard_2_1_quoted_printable_and_a_damaged_photo(db, tmp_path):
    path = tmp_path / "phone.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller\r\n"
        b"TEL;WORK:+49 30 555 1234\r\nTEL;CELL;PREF:+49 170 555 0000\r\n"
        b"PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n /9j/4AAQSkZJRgABAQ\r\n AAAQABAAD\r\n\r\n"
        b"END:VCARD\r\n"
    )
    assert_ok(imp(db, path), "added 1, merged 0")
    jorg = by_name(db)["Jörg Müller"]
    assert (jorg["first_name"], jorg["phone"], jorg["notes"]) == ("Jörg", "+49 170 555 0000", "Also: +49 30 555 1234")


def test_format_is_guessed_from_content_and_can_be_forced(db, tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes((FIXTURES / "contacts4.vcf").read_bytes())
    assert_ok(imp(db, path), "added 2, merged 0")
    forced = imp(db, path, "--format", "csv")
    assert forced.exit_code == 1
    assert "no name, email or phone column" in forced.stderr


# Merging ----------------------------------------------------------------------


def test_duplicates_within_the_file_are_merged(db):
    result = imp(db, "duplicates.csv")
    assert_ok(result, "added 4, merged 3, 1 differing value kept in notes")
    assert result.stderr == (f"{FIXTURES / 'duplicates.csv'}:4: name: 'A. Able' differs from the contact's"
                             " 'Ann Able', the contact's kept, the import's kept in notes\n")
    stored = rows(db)
    assert sorted(r["name"] for r in stored) == ["Ann Able", "Bo Bell", "Cat Cole", "Dan Dale"]
    ann = by_name(db)["Ann Able"]  # by email (case and spaces ignored), then by phone ("A. Able")
    assert (ann["email"], ann["phone"], ann["company"]) == ("ANN@Example.com", "555-111-2222", "Able Co")
    assert ann["notes"] == "First note\nSecond note\nFrom import 23 Nov: name A. Able"
    assert events(db, ann["id"]) == [("birthday", 1, 2, 1980, 1, 102)]
    assert by_name(db)["Bo Bell"]["notes"] == "Likes golf"  # by name + company, case-insensitive
    # Cat and Dan share an office line but have different emails: two people
    assert by_name(db)["Dan Dale"]["phone"] == by_name(db)["Cat Cole"]["phone"] == "555-999-0000"


def test_duplicates_against_the_store_are_merged(db):
    store = open_store(db)
    dana = add_contact("Dana Fox", TODAY, email="DANA@FoxFreight.example ", notes="Met in 2019")
    omar = add_contact("Omar", TODAY, phone="(555) 020-0202", relationship="supplier")
    tom = add_contact("tom baker", TODAY)  # name only: matched on name + (empty) company
    store.close()
    assert_ok(imp(db, "google_current.csv"), "added 0, merged 2, 2 differing values kept in notes")
    assert_ok(imp(db, "outlook.csv"), "added 1, merged 1")
    people = {row["id"]: row for row in rows(db)}
    assert len(people) == 4
    assert people[dana.id]["name"] == "Dana Fox"  # a stored name is not replaced
    assert people[dana.id]["company"] == "Fox Freight" and people[dana.id]["relationship"] == "client"
    assert people[dana.id]["notes"] == ("Met in 2019\nLoves sailing\nAlso: dana.fox@home.example"
                                        "\nFrom import 23 Nov: name Dana J. Fox")
    assert events(db, dana.id) == [("birthday", 3, 14, 1975, 1, 314)]
    assert people[omar.id]["email"] == "omar@okafor.example"  # matched on the phone's digits
    assert people[omar.id]["relationship"] == "supplier"
    assert people[tom.id]["email"] == "tom@baker.example"


def test_a_shared_phone_does_not_merge_people_with_different_emails(db):
    store = open_store(db)
    desk = add_contact("Front Desk", TODAY, phone="555 999 0000", email="desk@shared.example", company="Shared Co")
    store.close()
    assert_ok(imp(db, "duplicates.csv"), "added 4, merged 3, 1 differing value kept in notes")
    people = by_name(db)
    assert people["Cat Cole"]["id"] != desk.id and people["Dan Dale"]["id"] != desk.id
    assert people["Front Desk"]["email"] == "desk@shared.example"


def test_importing_the_same_files_twice_changes_nothing(db):
    first = {}
    for name in VALID_FIXTURES:
        result = imp(db, name)
        assert result.exit_code == 0, (name, result.output)
        first[name] = result.stdout
    contacts, life_events = rows(db), rows(db, "life_event")
    for name in VALID_FIXTURES:
        result = imp(db, name)
        assert result.exit_code == 0
        added, merged = (int(part.split()[1]) for part in first[name].split(", ")[:2])
        assert result.stdout.strip() == f"added 0, merged {added + merged}", name
    assert rows(db) == contacts
    assert rows(db, "life_event") == life_events


# Bad records ------------------------------------------------------------------


PROBLEM_LINES = [
    "5: name: no name, email, phone or company, skipped",
    "6: birthday: '2026-02-30' is not a real date, kept in notes",
    "9: relationship: unknown 'friend' (use client, past_client, prospect, supplier, colleague), kept in notes",
]


def test_unreadable_fields_are_kept_in_notes_and_records_naming_no_one_skipped(db):
    result = imp(db, "invalid.csv")
    label = str(FIXTURES / "invalid.csv")
    assert_ok(result, "added 4, merged 0, 2 fields kept in notes, 1 record skipped")
    assert result.stderr.splitlines() == [f"{label}:{line}" for line in PROBLEM_LINES]
    people = by_name(db)
    assert sorted(people) == ["Ann Able", "Bob Bad", "Cy Cat", "Dee Dot"]
    assert people["Ann Able"]["notes"] == "Note one\nnote two\nnote three"
    assert people["Bob Bad"]["notes"] == "From import, unreadable birthday: 2026-02-30"
    assert events(db, people["Bob Bad"]["id"]) == []
    assert (people["Cy Cat"]["relationship"], people["Cy Cat"]["notes"]) == (
        "prospect", "From import, unreadable relationship: friend")


def test_strict_is_all_or_nothing_and_lists_every_problem(db):
    result = imp(db, "invalid.csv", "--strict")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    label = str(FIXTURES / "invalid.csv")
    assert lines[:-1] == [f"{label}:{line}" for line in PROBLEM_LINES]
    assert lines[-1] == f"outreach: {label}: 3 problems, nothing imported (--strict)"
    assert result.stdout == "" and "Traceback" not in result.output
    assert rows(db) == []
    assert_ok(imp(db, "plain.csv", "--strict"), "added 5, merged 0")


def test_skip_invalid_is_still_accepted_and_means_the_default(db):
    assert_ok(imp(db, "invalid.csv", "--skip-invalid"), "added 4, merged 0, 2 fields kept in notes, 1 record skipped")
    assert imp(db, "invalid.csv", "--skip-invalid", "--strict").exit_code == 2


def test_dry_run_writes_nothing(db):
    open_store(db).close()
    before = db.read_bytes()
    assert_ok(imp(db, "duplicates.csv", "--dry-run"),
              "added 4, merged 3, 1 differing value kept in notes (dry run: nothing written)")
    assert rows(db) == [] and db.read_bytes() == before
    strict = imp(db, "invalid.csv", "--dry-run", "--strict")
    assert strict.exit_code == 1 and "nothing imported" in strict.stderr
    dry = imp(db, "invalid.csv", "--dry-run")
    assert_ok(dry, "added 4, merged 0, 2 fields kept in notes, 1 record skipped (dry run: nothing written)")
    assert len(dry.stderr.splitlines()) == 3
    assert rows(db) == []
    imp(db, "duplicates.csv")
    assert_ok(imp(db, "duplicates.csv", "--dry-run"), "added 0, merged 7 (dry run: nothing written)")


def test_report_file_is_csv_a_spreadsheet_cannot_run(db, tmp_path):
    path = tmp_path / "formula.csv"
    path.write_text("name,email,birthday\nAnn,=cmd|' /C calc'!A0,1980-02-30\n")
    report = tmp_path / "report.csv"
    assert_ok(imp(db, path, "--report", report), "added 1, merged 0, 2 fields kept in notes")
    with report.open(newline="") as handle:
        found = list(csv.reader(handle))
    assert found[0] == ["file", "line", "field", "problem", "outcome", "value"]
    assert [row[1:3] for row in found[1:]] == [["2", "email"], ["2", "birthday"]]
    assert found[1][5] == "'=cmd|' /C calc'!A0" and found[1][4] == "kept in notes"
    assert by_name(db)["Ann"]["notes"] == "From import, unreadable email: =cmd|' /C calc'!A0\n" \
                                          "From import, unreadable birthday: 1980-02-30"
    refused = imp(db, path, "--strict", "--report", tmp_path / "no-such-dir" / "r.csv")
    assert refused.exit_code == 1 and refused.stderr.strip().splitlines()[-1].startswith("outreach: cannot write")


def test_vcard_problems_are_listed_by_line_and_the_people_kept(db, tmp_path):
    path = tmp_path / "bad.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ok Person\nNOTE:a long note\n  folded once\n  and twice\nEND:VCARD\n"  # 1-7
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kai Khan\nBDAY:19880230\nEND:VCARD\n"  # 8-12
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:Nobody\nEND:VCARD\n"  # 13-16
        "BEGIN:VCARD\nVERSION:3.0\nnot a property\nEND:VCARD\n"  # 17-20
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\n"  # 21-
    )
    result = imp(db, path)
    assert_ok(result, "added 3, merged 0, 1 field kept in notes, 2 records skipped")
    assert result.stderr.splitlines() == [
        f"{path}:11: birthday: '19880230' is not a real date, kept in notes",
        f"{path}:13: name: no name, email, phone or company, skipped",
        f"{path}:17: name: no name, email, phone or company, skipped",
        f"{path}:21: vcard: card has no END:VCARD, read up to the end of the file (line 23)",
    ]
    assert sorted(by_name(db)) == ["Cut Off", "Kai Khan", "Ok Person"]
    strict = imp(db, path, "--strict")
    assert strict.exit_code == 1 and "4 problems, nothing imported" in strict.stderr


def test_a_failure_half_way_leaves_nothing_behind(db, tmp_path, monkeypatch):
    path = tmp_path / "many.csv"
    path.write_text("name,email,birthday\n" + "".join(f"P{n},p{n}@x.example,--01-{n % 28 + 1:02d}\n"
                                                      for n in range(50)))
    monkeypatch.setattr(import_writer, "BATCH", 10)
    real = import_writer.bulk_insert
    calls = []

    def failing(model, *args, **kwargs):
        calls.append(model)
        if len(calls) == 5:
            raise import_writer.DatabaseError("disk I/O error")
        return real(model, *args, **kwargs)

    monkeypatch.setattr(import_writer, "bulk_insert", failing)
    result = imp(db, path)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"outreach: import of {path} failed, nothing written: disk I/O error"]
    assert rows(db) == [] and rows(db, "life_event") == []


def _png(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_png, "is a binary file, not CSV or vCard text"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(b"\n\r\n  \n"), "is empty (only blank lines)"),
        (lambda p: p.mkdir(), "is a folder, not a contacts file"),
        (lambda p: None, "no such file"),
        (lambda p: p.write_text("Date,Amount,Memo\n2026-01-02,12.50,lunch\n"), "no name, email or phone column"),
        (lambda p: p.write_bytes(b"name,email\n\x81\x8d\xff,a@b.example\n"), "is not text in UTF-8 or Windows-1252"),
        (lambda p: p.with_suffix(".vcf").write_text("FN:No Begin\n"), "no vCard in the file"),
        (lambda p: p.with_suffix(".xlsx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00"), "save it as CSV first"),
    ],
)
def test_bad_files_get_one_line_and_nothing_is_written(db, tmp_path, make, message):
    path = tmp_path / "contacts.csv"
    make(path)
    for suffix in (".vcf", ".xlsx"):
        if path.with_suffix(suffix).exists():
            path = path.with_suffix(suffix)
    result = imp(db, path)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("outreach: ") and message in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
    assert not db.exists()  # refused before the store is even opened


def test_unreadable_file(db, tmp_path, monkeypatch):
    path = tmp_path / "secret.csv"
    path.write_text("name\nA\n")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: refuse the way the OS would
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    result = imp(db, path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"outreach: cannot read {path}: permission denied"


def test_map_names_unusual_columns(db):
    assert_ok(imp(db, "mapped.csv", "--map", "Org=company, Mobile No.=phone,Born=birthday"),
              "added 1, merged 0")
    nina = by_name(db)["Nina Nguyen"]
    assert (nina["company"], nina["email"], nina["phone"]) == (
        "Nguyen Logistics", "nina@nguyen.example", "555 222 3333")
    assert events(db, nina["id"]) == [("birthday", 10, 1, 1985, 1, 1001)]


@pytest.mark.parametrize(("mapping", "code", "message"), [
    ("Org=employer", 2, "Invalid value for '--map': unknown field 'employer' for column 'Org' (fields: name, first_name"),
    ("Nope=company", 1, "--map names a column the header does not have: 'Nope'"),
    ("Org", 2, "Invalid value for '--map': 'Org' is not Column=field"),
])
def test_bad_maps(db, mapping, code, message):
    """A map that cannot be read is a usage mistake (2); one the file does not fit is a problem with the file (1)."""
    result = imp(db, "mapped.csv", "--map", mapping)
    assert result.exit_code == code
    if code == 1:
        assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert message in result.stderr
    assert not db.exists()


def test_map_is_for_csv_only(db):
    result = imp(db, "contacts4.vcf", "--map", "X=name")
    assert result.exit_code == 1 and "--map applies to CSV files" in result.stderr


@pytest.mark.parametrize(("text", "message"), [
    ('name,email\nAnn,ann@x.example\n"Bob,bob@x.example\nCy,cy@x.example\n',
     "line 3: a quoted field opened here is never closed"),
    ('name,email\nAnn,ann@x.example\n"Bob" Bell,bob@x.example\n', "line 3: not readable as CSV"),
])
def test_broken_quoting_is_refused_whole(db, tmp_path, text, message):
    path = tmp_path / "broken.csv"
    path.write_text(text)
    for extra in ((), ("--skip-invalid",)):
        result = imp(db, path, *extra)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"outreach: {path} {message}")
        assert len(result.stderr.strip().splitlines()) == 1
    assert rows(db) == []


def test_overlong_fields_are_cut_and_kept_whole_in_notes_not_a_database_error(db, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(f"name,email\n{'x' * 300},a@b.example\nOk,ok@b.example\n")
    result = imp(db, path)
    assert_ok(result, "added 2, merged 0, 1 field kept in notes")
    assert result.stderr.strip() == f"{path}:2: name: longer than 255 characters, kept in notes"
    long = by_name(db)["x" * 255]
    assert long["notes"] == "From import, unreadable name: " + "x" * 300


# contacts --format json ----------------------------------------------------------------


def test_contacts_json_lists_life_events_and_absences(db):
    imp(db, "contacts3.vcf")
    store = open_store(db)
    jose = Contact.get(Contact.name == "José Müller")
    Absence.create(contact=jose, place="Mexico", why="family vacation", starts_on=TODAY, returns_on=TODAY + timedelta(7))
    Contact.update(timezone="Europe/Berlin", do_not_contact=True).where(Contact.id == jose.id).execute()
    store.close()
    result = run(db, "contacts", "--search", "müller", "--format", "json")
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.stdout)
    assert found["name"] == "José Müller" and found["title"] == "Head of R;D"
    assert (found["timezone"], found["cadence_days"], found["do_not_contact"]) == ("Europe/Berlin", 90, True)
    assert found["life_events"] == [
        {"kind": "birthday", "month": 5, "day": 12, "year": None, "yearly": True, "note": ""},
        {"kind": "anniversary", "month": 6, "day": 18, "year": 2005, "yearly": True, "note": ""},
    ]
    assert found["absences"] == [{"place": "Mexico", "why": "family vacation", "starts_on": "2026-11-23",
                                  "returns_on": "2026-11-30"}]
    everyone = json.loads(run(db, "contacts", "--format", "json").stdout)
    assert {c["name"]: c["absences"] for c in everyone}["Ωmega Σ"] == []


def test_contact_details_are_fetched_in_a_few_queries(db, monkeypatch):
    from dataclasses import asdict

    from outreach_tui.store.contacts_search import search

    store = open_store(db)
    for n in range(40):
        add_contact(f"Person {n}", TODAY, email=f"p{n}@x.example")
    found = [asdict(row) for row in search("")]
    statements = []
    real = store.execute_sql
    monkeypatch.setattr(store, "execute_sql", lambda sql, *a, **k: statements.append(sql) or real(sql, *a, **k))
    detailed = importing.add_contact_details(found)
    store.close()
    assert len(detailed) == 40 and all("life_events" in c for c in detailed)
    assert len(statements) == 3


# Both engines --------------------------------------------------------------------


def test_import_on_both_engines(new_store, engine, tmp_path):
    """Bulk inserts with RETURNING, merges, life events and the JSON listing on SQLite and PostgreSQL."""
    target = new_store()
    for name in ("duplicates.csv", "plain.csv", "contacts3.vcf", "contacts4.vcf"):
        assert imp(target, name).exit_code == 0
    store = open_store(target)
    first = (list(Contact.select().order_by(Contact.id).dicts()),
             list(importing.LifeEvent.select().order_by(importing.LifeEvent.id).dicts()))
    store.close()
    assert (len(first[0]), len(first[1])) == (13, 9)
    assert_ok(imp(target, "plain.csv"), "added 0, merged 5")
    assert_ok(imp(target, "duplicates.csv"), "added 0, merged 7")
    store = open_store(target)
    again = (list(Contact.select().order_by(Contact.id).dicts()),
             list(importing.LifeEvent.select().order_by(importing.LifeEvent.id).dicts()))
    store.close()
    assert again == first
    names = {row["name"] for row in first[0]}
    assert {"[bold]Boss[/] \x1b[2J", "李雷", "Ωmega Σ", "José Müller"} <= names
    listed = json.loads(run(target, "contacts", "--search", "李雷", "--format", "json").stdout)
    assert sorted(len(c["life_events"]) for c in listed) == [1, 2]
    newer = tmp_path / "newer.csv"  # another birthday, taken with --prefer-import: the stored event moves
    newer.write_text("name,email,birthday\nJosé Müller,jose.home@mueller.example,1970-01-02\n")
    assert_ok(imp(target, newer, "--prefer-import"), "added 0, merged 1, 1 differing value kept in notes")
    [jose] = json.loads(run(target, "contacts", "--search", "José", "--format", "json").stdout)
    assert {(e["kind"], e["month"], e["day"], e["year"]) for e in jose["life_events"]} == {
        ("birthday", 1, 2, 1970), ("anniversary", 6, 18, 2005)}
    assert "Replaced by import 23 Nov: birthday 12 May" in jose["notes"]
