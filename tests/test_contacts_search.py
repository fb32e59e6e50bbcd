"""The one contact search (Contacts screen and `outreach contacts --search`): ranking, fields, safety."""

from __future__ import annotations

import pytest

from book import add_contact
from conftest import TODAY
from peewee import SqliteDatabase

from outreach_tui.store import contacts_search
from outreach_tui.store.connection import open_store
from outreach_tui.store.contacts_search import fuzzy_quality, query_words, search
from outreach_tui.store.search_columns import SEARCH_COLUMNS
from ui_fixtures import HOSTILE_NAME


@pytest.fixture
def target(new_store) -> str:
    """Every test on SQLite and on PostgreSQL: the engine's SQL differs between them."""
    return new_store()


@pytest.fixture
def store(target):
    db = open_store(target)
    yield db
    db.close()


@pytest.fixture
def book(store):
    people = {
        "dana": add_contact("Dana Fox", TODAY, company="Fox Freight", email="dana@foxfreight.example",
                            phone="(555) 010-1234", notes="Loves sailing; ask about the regatta"),
        "jordan": add_contact("Jordan Danvers", TODAY, company="Acme Mills", email="jd@acme.example",
                              phone="555 777 8888"),
        "ida": add_contact("Ida Ludan", TODAY, company="Ludan & Daughters", email="ida@ludan.example"),
        "diff": add_contact("Dorothy Fairfax", TODAY, company="Fairfax Labs", phone="555-0199"),
        "acme": add_contact("Kim Park", TODAY, company="Acme Dental", email="kim@park.example"),
        "percent": add_contact("Per Cent", TODAY, company="100% Juice", email="per_cent@x.example"),
        "quote": add_contact("Sean O'Brien", TODAY, company="O'Brien Bros"),
        "gone": add_contact("Dana Archer", TODAY, company="Old Co", archived=True),
    }
    return {key: contact.id for key, contact in people.items()}


def names(found) -> list[str]:
    return [row.name for row in found]


def drop_trigram(db) -> None:
    """Take schema 5's trigram index and its triggers off a SQLite store (PostgreSQL has none)."""
    if isinstance(db, SqliteDatabase):
        for trigger in ("insert", "delete", "update"):
            db.execute_sql(f'DROP TRIGGER IF EXISTS "contact_trigram_{trigger}"')
        db.execute_sql('DROP TABLE IF EXISTS "contact_trigram"')


def trigram_is_sound(db) -> None:
    """SQLite: the index holds exactly every contact's text now (FTS5's own check against the table)."""
    if isinstance(db, SqliteDatabase):
        db.execute_sql("""INSERT INTO "contact_trigram" ("contact_trigram", rank) VALUES ('integrity-check', 1)""")
        indexed = db.execute_sql('SELECT count(*) FROM "contact_trigram_docsize"').fetchone()[0]
        assert indexed == db.execute_sql('SELECT count(*) FROM "contact"').fetchone()[0]


def test_the_name_starting_with_the_word_comes_first_then_word_starts_then_anywhere(book):
    found = search("dan")
    # Dana Fox: the name starts with it; Jordan Danvers: a word of the name does;
    # Ida Ludan: "dan" only inside a word (and in the company's "Daughters" it is no word start).
    assert names(found) == ["Dana Fox", "Jordan Danvers", "Ida Ludan"]
    assert [row.rank for row in found] == [0, 1, 2]


def test_company_email_phone_and_notes_are_searched(book):
    assert names(search("acme")) == ["Jordan Danvers", "Kim Park"]  # company word starts, then by name
    assert names(search("foxfreight")) == ["Dana Fox"]  # inside the email
    assert names(search("regatta")) == ["Dana Fox"]  # notes
    assert names(search("777 8888")) == ["Jordan Danvers"]  # the phone as written


def test_phone_digits_match_however_the_number_is_written(book):
    assert names(search("5550101234")) == ["Dana Fox"]  # stored as (555) 010-1234
    assert names(search("555-010-1234")) == ["Dana Fox"]
    assert names(search("0101234")) == ["Dana Fox"]
    assert names(search("7778888")) == ["Jordan Danvers"]
    assert search("5559999999") == []


def test_fuzzy_letters_in_order_find_the_name_best_alignment_first(book):
    found = search("dfx")
    assert names(found) == ["Dana Fox", "Dorothy Fairfax"]  # equally good alignments: by name
    assert {row.rank for row in found} == {3}
    # Initials on word starts beat letters scattered inside words.
    assert fuzzy_quality("df", "Dana Fox") > fuzzy_quality("df", "Dorothy Ludfax")
    assert fuzzy_quality("dfx", "Dana Fox") is not None and fuzzy_quality("xyz", "Dana Fox") is None
    assert names(search("jdv")) == ["Jordan Danvers"]


def test_every_word_must_match_and_ranks_add_up(book):
    assert names(search("dana sailing")) == ["Dana Fox"]
    assert names(search("acme kim")) == ["Kim Park"]
    assert search("dana nowhere") == []
    assert search("DANA FOX")[0].name == "Dana Fox"  # case does not matter


def test_an_empty_query_lists_the_book_by_name_without_archived(book):
    assert names(search("")) == sorted(names(search("")))
    assert "Dana Archer" not in names(search("")) and len(search("   ")) == 7
    assert len(search("", limit=3)) == 3


def test_archived_contacts_only_when_asked(book):
    assert search("archer") == []
    assert [(row.name, row.archived) for row in search("archer", include_archived=True)] == [("Dana Archer", True)]
    # Among equal matches the archived one comes last.
    assert names(search("dana", include_archived=True))[:2] == ["Dana Fox", "Dana Archer"]


@pytest.mark.parametrize("query", ["%", "_", "'", "\\", "%%", "a_b", "' OR 1=1 --", '"', ";", "[", "*"])
def test_sql_special_characters_are_plain_text(book, query):
    from outreach_tui.store.models import Contact

    for row in search(query, include_archived=True):
        stored = Contact.get_by_id(row.id)
        text = " ".join([stored.name, stored.company, stored.email, stored.phone, stored.notes]).casefold()
        assert all(word in text for word in query_words(query)), (query, row.name)


def test_percent_underscore_and_quote_match_only_themselves(book):
    assert names(search("100%")) == ["Per Cent"]
    assert names(search("per_")) == ["Per Cent"]  # the email per_cent@…
    assert search("%") and names(search("%")) == ["Per Cent"]
    assert names(search("_")) == ["Per Cent"]
    assert names(search("o'b")) == ["Sean O'Brien"]
    assert search("' OR 1=1 --") == []


def test_hostile_names_are_found_and_come_back_unchanged(store):
    hostile = add_contact(HOSTILE_NAME, TODAY, company="[red]Acme[/red]", notes="\x1b[31m" + "x" * 1_000_000)
    assert [row.name for row in search("[bold]")] == [HOSTILE_NAME]
    assert search(HOSTILE_NAME)[0].id == hostile.id
    assert search("[red]")[0].company == "[red]Acme[/red]"
    assert search("xxxx")[0].id == hostile.id  # inside a 1 MB note
    assert search("\x1b[2J")[0].id == hostile.id
    if isinstance(store, SqliteDatabase):  # PostgreSQL's name column holds 255 characters at most
        long = add_contact("Zed " + "z" * 10_000, TODAY)
        assert search("zed")[0].id == long.id and len(search("zed")[0].name) == 10_004
        assert search("zdz")[0].id == long.id  # fuzzy over a 10,000-character name


def test_query_words_are_bounded():
    words = query_words("  a  " + " ".join(["word"] * 20) + " " + "y" * 500)
    assert len(words) == contacts_search.MAX_WORDS and words[0] == "a"
    assert max(len(w) for w in query_words("y" * 500)) == contacts_search.MAX_WORD


def test_limit_none_returns_every_match(store):
    for n in range(30):
        add_contact(f"Person {n:02d}", TODAY)
    assert len(search("person", limit=None)) == 30
    assert len(search("person", limit=5)) == 5
    assert len(search("", limit=None)) == 30


def test_candidates_are_bounded_but_the_best_survive(store, monkeypatch):
    monkeypatch.setattr(contacts_search, "CANDIDATES", 10)
    for n in range(40):
        add_contact(f"Bob {n:02d}", TODAY, notes="ann")
    add_contact("Ann Best", TODAY)
    assert search("ann", limit=3)[0].name == "Ann Best"


def test_the_command_line_uses_the_same_search(book, store, target):
    import json

    from click.testing import CliRunner

    from outreach_tui.cli import main

    def run(*args: str) -> list[dict]:
        result = CliRunner().invoke(main, ["--db", target, "contacts", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert [row["name"] for row in run("--search", "dan")] == ["Dana Fox", "Jordan Danvers", "Ida Ludan"]
    assert [row["name"] for row in run("--search", "5550101234")] == ["Dana Fox"]
    assert [row["name"] for row in run("--search", "dfx")] == ["Dana Fox", "Dorothy Fairfax"]
    assert run("--search", "archer") == []
    [archived] = run("--search", "archer", "--archived")
    assert archived["archived"] is True and "rank" not in archived and archived["notes"] == ""


def test_a_schema_3_store_gets_its_search_columns_and_finds_everyone(new_store):
    """Migration 4 on each engine: the columns are added and filled for every contact already there."""
    from outreach_tui.store import migrations
    from outreach_tui.store.models import SchemaVersion

    target = new_store("v3")
    db = open_store(target)
    add_contact("Dana Fox", TODAY, company="Fox Freight", phone="(555) 010-1234", notes="regatta")
    add_contact("Jordan Danvers", TODAY, company="Acme Mills")
    with db.atomic():
        drop_trigram(db)  # schema 5's, and its triggers read the columns dropped here
        db.execute_sql('DROP INDEX "contact_archived_search_name"')
        for column in SEARCH_COLUMNS:
            db.execute_sql(f'ALTER TABLE "contact" DROP COLUMN "{column}"')
        SchemaVersion.update(version=3).execute()
    db.close()

    db = open_store(target)
    try:
        assert SchemaVersion.get().version == migrations.latest_version()
        assert names(search("dan")) == ["Dana Fox", "Jordan Danvers"]
        assert names(search("regatta")) == names(search("5550101234")) == names(search("fox")) == ["Dana Fox"]
        assert names(search("acme")) == ["Jordan Danvers"]
        assert "contact_archived_search_name" in {index.name for index in db.get_indexes("contact")}
    finally:
        db.close()


def test_every_write_keeps_the_search_columns(store):
    from outreach_tui.store.contact_edit import save_contact

    dana = add_contact("Dana Fox", TODAY, company="Fox Freight")
    save_contact(dana.id, {"name": "Dana Lake", "notes": "ask about the regatta"})
    assert names(search("lake")) == names(search("regatta")) == names(search("freight")) == ["Dana Lake"]
    assert search("fox")[0].rank == 1  # the company still, no longer the name
    save_contact(dana.id, {"cadence_days": 30})  # no text changed: nothing to redo
    assert names(search("dana")) == ["Dana Lake"]


# --- the trigram index (SQLite, schema 5) -----------------------------------------------

SYLLABLES = ("an", "a", "chen", "fox", "da", "na", "rac", "king", "fr", "ei", "ght", "lu", "o", "df", "x")


def _made_up(rng, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


@pytest.fixture
def mixed_book(store):
    """Names, companies, notes and phones made of a few syllables: many matches of every tier."""
    import random

    rng = random.Random(7)
    for number in range(260):
        add_contact(f"{_made_up(rng, 2).title()} {_made_up(rng, 2).title()}", TODAY,
                    company=f"{_made_up(rng, 2).title()} {rng.choice(['Freight', 'Labs', 'Mills', ''])}",
                    email=f"{_made_up(rng, 2)}@{_made_up(rng, 1)}.example",
                    phone=rng.choice(["", f"555-0{number:03d}", f"(555) 01{number % 7}-{number:04d}"]),
                    notes=rng.choice(["", "racking and shelving", f"ask about {_made_up(rng, 3)}", "x" * 300]),
                    archived=rng.random() < 0.1)
    # "zeta quiz": six contacts hold both words in their notes (rank 2 + 2), and one name
    # starts with "zeta" and holds q-u-i-z apart (rank 0 + 3): the one the index cannot see comes first.
    for number in range(6):
        add_contact(f"Note Holder {number}", TODAY, notes="zeta went quiz size")
    add_contact("Zetan Qxuxixz", TODAY)
    return store


TYPED = ("ana chen", "fox freight", "555-010-0042", "dfx", "racking", "chenfox", "an fox da",
         "lu@o", "king ana", "xxxx", "nada", "o fr", "kingrac", "zzz", "555 01",
         "zeta quiz")


def test_the_trigram_index_gives_what_the_scan_gives(mixed_book, monkeypatch):
    """Every prefix of what a rep types, each limit, archived or not: the same contacts in the same order."""
    if isinstance(mixed_book, SqliteDatabase):
        assert contacts_search._has_trigram()
    narrowed, fuzzy_passes = [], []
    real_narrowed, real_fuzzy = contacts_search._narrowed, contacts_search._fuzzy_ids

    def spy_narrowed(*args):
        narrowed.append(real_narrowed(*args) is not None)
        return None if narrowed[-1] is False else real_narrowed(*args)

    def spy_fuzzy(*args):
        fuzzy_passes.append(args)
        return real_fuzzy(*args)

    monkeypatch.setattr(contacts_search, "_narrowed", spy_narrowed)
    monkeypatch.setattr(contacts_search, "_fuzzy_ids", spy_fuzzy)
    monkeypatch.setattr(contacts_search, "NARROW_MAX", 60)  # some words find more: those scan
    for text in TYPED:
        for end in range(1, len(text) + 1):
            for limit in (50, 5, None):
                for archived in (False, True):
                    with monkeypatch.context() as scan_only:
                        scan_only.setattr(contacts_search, "_has_trigram", lambda: False)
                        expected = search(text[:end], limit=limit, include_archived=archived)
                    assert search(text[:end], limit=limit, include_archived=archived) == expected, (text[:end], limit)
    if isinstance(mixed_book, SqliteDatabase):  # each way was taken: narrowed (both steps) and scanned
        assert True in narrowed and False in narrowed and fuzzy_passes
    else:
        assert True not in narrowed


FTS_SYNTAX = ['"quoted"', 'say"s', '"""', "AND", "OR", "NOT", "NEAR(x,", "-minus", "fox*", "^start",
              "col:umn", "{search_text}", "(paren", "a+b", "x'y"]


def test_fts_syntax_typed_by_a_rep_is_plain_text(store):
    notes = " ".join(FTS_SYNTAX)
    plain = add_contact("Eve Syntax", TODAY, notes=notes)
    add_contact("Dana Fox", TODAY, company="Fox Freight", notes="start minus quoted says paren")
    for query in FTS_SYNTAX:
        assert [row.id for row in search(query)] == [plain.id], query
    assert [row.id for row in search(" ".join(FTS_SYNTAX[:6]))] == [plain.id]
    assert search('"fox"') == [] and search('fox" OR "fox') == [] and names(search("fox")) == ["Dana Fox", "Eve Syntax"]


def test_the_trigram_index_follows_every_write(store):
    from outreach_tui.store.contact_edit import save_contact
    from outreach_tui.store.models import Contact

    dana = add_contact("Dana Fox", TODAY, company="Fox Freight", phone="555-010-1234", notes="regatta")
    kim = add_contact("Kim Park", TODAY, company="Acme Dental")
    trigram_is_sound(store)
    save_contact(dana.id, {"notes": "racking", "phone": "555-020-9999"})
    assert search("regatta") == [] and names(search("racking")) == names(search("5550209999")) == ["Dana Fox"]
    assert search("5550101234") == []
    save_contact(dana.id, {"cadence_days": 30})
    Contact.update(archived=True).where(Contact.id == kim.id).execute()
    assert search("acme") == [] and names(search("acme", include_archived=True)) == ["Kim Park"]
    trigram_is_sound(store)
    Contact.delete().where(Contact.id == dana.id).execute()
    assert search("racking") == [] and search("fox") == []
    trigram_is_sound(store)


def test_a_seeded_book_is_in_the_trigram_index_and_later_writes_follow(store, monkeypatch):
    """Seeding fills the index in one statement at its end, not by trigger; the trigger is back after."""
    from outreach_tui.store.models import Contact
    from outreach_tui.store.seeding import seed_book

    add_contact("Kim Park", TODAY, company="Acme Dental")
    seed_book(store, contacts=60, seed=3, today=TODAY)  # added after a contact already there
    trigram_is_sound(store)
    surnames = {contact.name.split()[-1].lower() for contact in Contact.select() if len(contact.name.split()[-1]) >= 3}
    for surname in sorted(surnames):
        with monkeypatch.context() as scan_only:
            scan_only.setattr(contacts_search, "_has_trigram", lambda: False)
            expected = search(surname, limit=None)
        assert expected and search(surname, limit=None) == expected, surname
    add_contact("Zed Quorra", TODAY, company="Quorra Cranes")
    assert names(search("quorra")) == ["Zed Quorra"]  # the insert trigger is back
    trigram_is_sound(store)


@pytest.fixture
def misspelt_book(store):
    for name in ("Arthur Pendleton", "Arthur Penn", "Thomas Reed", "Ann McDowell", "Martha Chen", "Thoams Bell"):
        add_contact(name, TODAY, company="Slip Co")
    return store


@pytest.mark.parametrize(("typed", "person"), [
    ("arhtur pendelton", "Arthur Pendleton"),  # two letters swapped, twice
    ("arhtur", "Arthur Pendleton"),
    ("macdowell", "Ann McDowell"),  # a letter too many
    ("mcdowel", "Ann McDowell"),  # one missing (and typed so far)
    ("pendletin", "Arthur Pendleton"),  # one wrong
])
def test_a_name_typed_with_a_slip_is_found(misspelt_book, typed, person):
    assert person in names(search(typed))


def test_what_matches_as_typed_comes_before_what_matches_with_a_slip(misspelt_book):
    found = search("thoams")
    assert names(found)[0] == "Thoams Bell"  # exactly as typed
    assert "Thomas Reed" in names(found)
    ranks = [row.rank for row in found]
    assert ranks == sorted(ranks)
    assert names(search("arhtur pendelton")) == ["Arthur Pendleton"]  # Penn is two slips away


def test_short_words_digits_and_far_names_get_no_slips(misspelt_book):
    assert names(search("chne")) == ["Martha Chen"]  # four letters, two swapped: one slip
    assert search("cxqn") == []  # two slips in four letters: nothing
    assert search("arhtur 555") == []  # digits: not a name, so no slip tier
    assert "Martha Chen" not in names(search("arhtur"))  # a-r-t-h-u in order, but no word close to arhtur
