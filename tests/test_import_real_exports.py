"""Exports as phones and desktop programs write them, damage and all: every person a record
names comes in, and what could not be read is kept in the notes and reported by line."""

from datetime import date

from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.core.text import one_line
from test_import import by_name, events, rows

TODAY = date(2026, 12, 6)
EXCHANGE = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=4f1c9e-chloe"


def imp(db, path, *args, today=TODAY):
    return CliRunner().invoke(main, ["--db", str(db), "--as-of", str(today), "import", str(path), *map(str, args)])


def imported(path, summary, problems):
    """The store `path` was imported into, once the summary and the problem lines are as given."""
    db = path.parent / "book.db"
    result = imp(db, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == summary
    assert result.stderr.splitlines() == [f"{path}:{line}" for line in problems]
    return db


def test_outlook_exchange_export_in_windows_1252_keeps_every_person(tmp_path):
    header = ('"Title","First Name","Last Name","Company","Job Title","Business Phone","E-mail Address",'
              '"E-mail Type","E-mail Display Name","Notes"')
    lines = [
        header,
        f'"","Björn","Åberg","Nordic AB","Buyer","+46 8 123 456","{EXCHANGE[:-5]}bjorn","EX",'
        '"Björn Åberg (bjorn.aberg@nordic.example)",""',
        f'"Ms.","Chloé","Durand","Café Sud","","+33 1 23 45 67 89","{EXCHANGE}","EX","Chloé Durand","Met in Lyon"',
        '"","Dev","Rao","Rao & Co","CFO","","dev@rao.example","SMTP","Dev Rao (dev@rao.example)",""',
    ]
    path = tmp_path / "outlook.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    db = tmp_path / "book.db"
    result = imp(db, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "added 3, merged 0, 2 fields kept in notes"
    assert result.stderr.splitlines() == [
        f"{path}:2: email: '{one_line(EXCHANGE[:-5] + 'bjorn', limit=60)}' is an Exchange address, not an email address, used"
        " bjorn.aberg@nordic.example from its display name, kept in notes",
        f"{path}:3: email: '{one_line(EXCHANGE, limit=60)}' is an Exchange address, not an email address, kept in notes",
    ]
    people = by_name(db)
    bjorn, chloe = people["Björn Åberg"], people["Chloé Durand"]
    assert (bjorn["email"], bjorn["company"], bjorn["phone"]) == ("bjorn.aberg@nordic.example", "Nordic AB",
                                                                  "+46 8 123 456")
    assert (chloe["email"], chloe["company"], chloe["phone"]) == ("", "Café Sud", "+33 1 23 45 67 89")
    assert chloe["notes"] == f"Met in Lyon\nFrom import, unreadable email: {EXCHANGE}"
    assert people["Dev Rao"]["email"] == "dev@rao.example"
    strict = imp(tmp_path / "strict.db", path, "--strict")
    assert strict.exit_code == 1 and strict.stderr.splitlines()[-1] == (
        f"outreach: {path}: 2 problems, nothing imported (--strict)")
    assert rows(tmp_path / "strict.db") == []


ANDROID = (
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
    b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Sch=C3=B6n;J=C3=BCrgen;;;\r\n"
    b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen Sch=C3=B6n\r\n"
    b"TEL;CELL:+49 151 2345678\r\nEMAIL;HOME:juergen@schoen.example\r\n"
    b"EMAIL;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:j=C3=BCrgen at the=20=\r\nshop\r\n"  # line 7-8
    b"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;J;1;;;;;;;;;;;;;\r\n"
    b"END:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n"  # line 11
    b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Garc=EDa;Luc=EDa;;;\r\n"  # 0xED: Latin-1, not UTF-8
    b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Luc=EDa Garc=EDa\r\n"
    b"TEL;WORK:+34 91 555 0101\r\nNOTE:Owns the caf\xe9 on the square\r\n"  # a raw byte, the file's only one
    b"END:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nTEL;CELL:+1 416 555 0199\r\nEND:VCARD\r\n"  # line 18: a number, no name
)


def test_android_cards_with_a_bad_email_and_bytes_that_are_not_utf8(tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(ANDROID)
    db = imported(path, "added 3, merged 0, 1 field kept in notes", [
        "7: email: 'jürgen at the shop' is not an email address, kept in notes",
        "13: name: byte 0xED is not UTF-8, read as Windows-1252 'í'",
        "14: name: byte 0xED is not UTF-8, read as Windows-1252 'í'",
    ])
    people = by_name(db)
    jurgen, lucia = people["Jürgen Schön"], people["Lucía García"]
    assert (jurgen["first_name"], jurgen["email"]) == ("Jürgen", "juergen@schoen.example")
    assert jurgen["notes"] == "From import, unreadable email: jürgen at the shop"
    assert (lucia["first_name"], lucia["phone"], lucia["notes"]) == ("Lucía", "+34 91 555 0101",
                                                                     "Owns the café on the square")
    assert people["+1 416 555 0199"]["phone"] == "+1 416 555 0199"  # a number names someone


def test_a_utf8_file_with_one_stray_windows_1252_byte(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("name,company\nZoë Brontë,Haworth Books\n".encode() + b"Jos\xe9 Ruiz,Caf\xe9 Sol\n")
    db = imported(path, "added 2, merged 0", ["3: encoding: byte 0xE9 is not UTF-8, read as Windows-1252 'é'"] * 2)
    assert sorted(by_name(db)) == ["José Ruiz", "Zoë Brontë"]
    assert by_name(db)["José Ruiz"]["company"] == "Café Sol"


def test_lotus_notes_card_with_profile_and_a_card_without_end(tmp_path):
    path = tmp_path / "notes.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nPROFILE:VCard\nPRODID:-//IBM//Lotus Notes//EN\nN:Sato;Kenji;;;\nFN:Kenji Sato\n"
        "ORG:Sato Trading;Export\nEMAIL;TYPE=INTERNET:kenji@sato.example\nX-LOTUS-CHILD-UID:AB12\n"
        "LABEL;TYPE=WORK:1-2 Chiyoda\\nTokyo\nthis line is not a property\nEND:VCARD\n"  # 1-12
        "BEGIN:VCARD\nVERSION:3.0\nFN:Mia Berg\nTEL:+47 22 33 44 55\n"  # 13-16: no END
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ola Dahl\nEND:VCARD\n"  # 17-20
    )
    db = imported(path, "added 3, merged 0, 1 field kept in notes", [
        "11: line: 'this line is not a property' is not a vCard property, kept in notes",
        "13: vcard: card has no END:VCARD, read up to the next BEGIN:VCARD (line 16)",
    ])
    people = by_name(db)
    kenji = people["Kenji Sato"]
    assert (kenji["company"], kenji["email"]) == ("Sato Trading", "kenji@sato.example")
    assert kenji["notes"] == "From import, unreadable line: this line is not a property"
    assert people["Mia Berg"]["phone"] == "+47 22 33 44 55"


def test_a_file_with_no_card_is_still_an_error(tmp_path):
    path = tmp_path / "empty.vcf"
    path.write_text("VERSION:3.0\nFN:Nobody\n")
    result = imp(tmp_path / "book.db", path)
    assert result.exit_code == 1
    assert result.stderr == f"outreach: {path}: no vCard in the file (no BEGIN:VCARD line)\n"


def test_a_csv_with_an_impossible_date_keeps_the_person(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("First Name,Last Name,Birthday,E-mail 1 - Value\nCarla,Hansen,2/30/1979,carla@hansen.example\n")
    db = imported(path, "added 1, merged 0, 1 field kept in notes",
                  ["2: birthday: '2/30/1979' is not a real date, kept in notes"])
    carla = by_name(db)["Carla Hansen"]
    assert carla["notes"] == "From import, unreadable birthday: 2/30/1979" and events(db, carla["id"]) == []


TWO_CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Carla Hansen\nEMAIL:carla@hansen.example\nTEL:905-555-1234\n"
    "TEL:905-666-1234\nBDAY:1980-05-12\nNOTE:Met at the fair\nEND:VCARD\n"  # 1-9
    "BEGIN:VCARD\nVERSION:3.0\nFN:Carla Hansen\nEMAIL:carla@hansen.example\nTEL:905-555-1234\n"
    "TEL:905-666-1234\nTEL:905-777-1234\nBDAY:1979-11-02\nTITLE:Owner\nNOTE:Met at the fair\nEND:VCARD\n"  # 10-
)


def test_two_cards_of_one_person_merge_without_repeating_anything(tmp_path):
    path = tmp_path / "carla.vcf"
    path.write_text(TWO_CARDS)
    db = tmp_path / "book.db"
    result = imp(db, path)
    assert result.stdout.strip() == "added 1, merged 1, 1 differing value kept in notes"
    assert result.stderr == (f"{path}:10: birthday: '2 Nov 1979' differs from the contact's '12 May 1980',"
                             " the contact's kept, the import's kept in notes\n")
    [carla] = rows(db)
    assert (carla["phone"], carla["title"]) == ("905-555-1234", "Owner")
    assert carla["notes"] == ("Met at the fair\nAlso: 905-666-1234\nAlso: 905-777-1234\n"
                              "From import 6 Dec: birthday 2 Nov 1979")
    assert events(db, carla["id"]) == [("birthday", 5, 12, 1980, 1, 512)]
    again = imp(db, path, today=date(2026, 12, 9))
    assert again.stdout.strip() == "added 0, merged 2" and again.stderr == ""
    assert rows(db) == [carla]


def test_prefer_import_takes_the_files_values(tmp_path):
    path = tmp_path / "carla.vcf"
    path.write_text(TWO_CARDS)
    db = tmp_path / "book.db"
    imp(db, path)
    newer = tmp_path / "newer.csv"
    newer.write_text("name,email,birthday,title\nCarla Hansen,carla@hansen.example,1979-11-02,CEO\n")
    result = imp(db, newer, "--prefer-import", today=date(2026, 12, 9))
    assert result.stdout.strip() == "added 0, merged 1, 2 differing values kept in notes"
    assert [line.split(": ", 1)[1].split(":")[0] for line in result.stderr.splitlines()] == ["title", "birthday"]
    [carla] = rows(db)
    assert carla["title"] == "CEO" and events(db, carla["id"]) == [("birthday", 11, 2, 1979, 1, 1102)]
    assert carla["notes"].endswith("Replaced by import 9 Dec: title Owner\n"
                                   "Replaced by import 9 Dec: birthday 12 May 1980")


def test_the_vcard_reader_reads_what_strict_parsers_refuse():
    from outreach_tui.store.vcards import card_values

    lines = ["NOTE;QUOTED-PRINTABLE:caf=C3=A9 =", "owner", "item2.EMAIL;type=INTERNET:b@y.example",
             "EMAIL;TYPE=pref:a@y.example", 'TEL;TYPE="voice:cell":+1 555 0100', "ORG:A\\; B;Sales",
             "N:Lee;Ann;;;", "PROFILE:VCard", "X-SKYPE:ann.lee", "URL:https://example.com", "garbage here"]
    values, problems, where = card_values(list(enumerate((line + "\r\n" for line in lines), 1)))
    assert values == {"notes": ["café owner"], "email": ["a@y.example", "b@y.example"], "phone": ["+1 555 0100"],
                      "company": ["A; B"], "last_name": ["Lee"], "first_name": ["Ann"], "middle_name": [""]}
    assert [(p.line, p.field, p.kept) for p in problems] == [(11, "line", "garbage here")]
    assert where[("email", "b@y.example")] == 3
