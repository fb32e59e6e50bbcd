"""Migration 2 (team mode: claims, the rep on cards) upgrades first-schema stores on both engines."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from book import add_contact, random_book
from old_stores import assert_rows_kept, copy_with_rows
from outreach_tui.store import book_version, migrations
from outreach_tui.store.claims import claim_contact, claim_next, holder
from outreach_tui.store.connection import StoreError, open_store
from outreach_tui.store.search_columns import SEARCH_COLUMNS, search_values
from outreach_tui.store.models import MODELS, Card, Claim, Contact, SchemaVersion, database
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.recording import CallRecord, save_call

FIRST_SCHEMA = Path(__file__).parent / "fixtures" / "store_v1.db"
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)
V1_TABLES = {"schema_version", "contact", "life_event", "absence", "quote", "session", "interaction",
             "referral", "card"}


def schema(db) -> dict:
    """Tables, columns, indexes and foreign keys, as the engine reports them."""
    shape = {}
    for table in sorted(db.get_tables()):
        columns = [(c.name, c.data_type.lower(), c.null, c.primary_key, c.default) for c in db.get_columns(table)]
        indexes = sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table))
        keys = sorted((k.column, k.dest_table, k.dest_column) for k in db.get_foreign_keys(table))
        shape[table] = (columns, indexes, keys)
    return shape


def counts(db) -> dict[str, int]:
    return {table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in V1_TABLES}


def make_first_schema(db) -> None:
    """Turn a store of today's schema into the first release's: no claim or draft table, no card.rep, version 1."""
    with db.atomic():
        db.execute_sql('DROP TABLE "session_draft"')
        db.execute_sql('DROP TABLE "claim"')
        db.execute_sql('DROP INDEX "card_rep"')
        db.execute_sql('ALTER TABLE "card" DROP COLUMN "rep"')
        SchemaVersion.update(version=1).execute()


def test_first_release_store_upgrades_with_nothing_lost_and_claims_work(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    raw = sqlite3.connect(path)
    before = {table: raw.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
              for table in V1_TABLES - {"schema_version"}}
    raw.close()

    db = open_store(path)
    assert SchemaVersion.get().version == migrations.latest_version()
    assert "claim" in db.get_tables()
    for table, rows in before.items():
        after = db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
        if table == "card":  # the one new column, at the end, empty for old cards
            assert [row[:-1] for row in after] == rows and {row[-1] for row in after} <= {""}
        elif table == "contact":  # schema 4's search columns at the end, made from each contact's text,
            width = len(SEARCH_COLUMNS) + 2  # then schema 9's next_due_on and 13's value_band (generated)
            assert [row[:-width] for row in after] == rows
            texts = Contact.select(Contact.name, Contact.company, Contact.email, Contact.phone, Contact.notes)
            assert [row[-width:-2] for row in after] == [search_values(*t) for t in texts.order_by(Contact.id).tuples()]
        elif table == "session":  # schema 8's window columns at the end, empty: no window holds them
            assert [row[:-3] for row in after] == rows and {row[-3:] for row in after} <= {("", None, None)}
        else:
            assert after == rows, table
    assert db.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []

    # Claims work on the upgraded book.
    plan = todays_plan(TODAY, rep="ann", now=NOW)
    assert plan.items
    first = plan.items[0].contact_id
    assert claim_contact(first, "ann", NOW)
    assert holder(first, NOW) == "ann"
    assert first not in [item.contact_id for item in todays_plan(TODAY, rep="ben", now=NOW).items]
    assert claim_next("ben", TODAY, NOW, 2)
    db.close()
    backup = sqlite3.connect(tmp_path / "old.db.v1.bak")
    assert backup.execute("SELECT version FROM schema_version").fetchone() == (1,)
    assert "claim" not in {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
    backup.close()


def test_upgraded_fixture_has_the_schema_of_a_new_store(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    upgraded = schema(open_store(path))
    database.close()
    fresh = schema(open_store(tmp_path / "new.db"))
    database.close()
    assert upgraded == fresh


def test_first_schema_upgrades_on_each_engine(new_store):
    """Build the first release's schema (today's models less migration 2), fill it, reopen: upgraded."""
    target = new_store("old", schema=False)
    db = open_store(target)
    random_book(TODAY, 150, 5)
    card_contact = add_contact("Card Person", TODAY)
    database.execute_sql(
        'INSERT INTO "card" (contact_id, kind, reason, status, note, created_on, cost_cents, minutes, response) '
        f"VALUES ({card_contact.id}, 'thank_you', 'neglected', 'to_write', '', '2026-11-20', 6750, 15, '')")
    make_first_schema(db)
    assert "claim" not in db.get_tables() and "rep" not in {c.name for c in db.get_columns("card")}
    before = counts(db)
    plan_before = todays_plan(TODAY).items
    db.close()

    db = open_store(target)
    assert SchemaVersion.get().version == migrations.latest_version()
    assert counts(db) == before
    assert todays_plan(TODAY).items == plan_before
    assert Card.get().rep == ""
    upgraded = schema(db)
    got = claim_next("ann", TODAY, NOW, 3)
    assert [item.contact_id for item in got] == [item.contact_id for item in plan_before[:3]]
    saved = save_call(CallRecord(got[0].contact_id, "connected", card_kind="thank_you"), session_id=None,
                      rep="ann", now=NOW)
    assert Card.get_by_id(saved.card_id).rep == "ann"
    assert Claim.select().count() == 2
    db.close()

    fresh = open_store(new_store("fresh", schema=False))
    assert upgraded == schema(fresh)
    fresh.close()


def test_a_failed_upgrade_leaves_the_first_schema_on_each_engine(new_store, monkeypatch):
    target = new_store("old", schema=False)
    db = open_store(target)
    add_contact("Kept Person", TODAY)
    make_first_schema(db)
    db.close()

    def half_way(db):
        migrations.add_team_mode(db)
        raise RuntimeError("half way")

    monkeypatch.setattr(migrations, "MIGRATIONS", {2: half_way})
    with pytest.raises(StoreError, match="half way"):
        open_store(target)
    # Look without opening (which would upgrade): DDL and all rolled back with the transaction.
    if target.startswith("postgresql"):
        import psycopg

        with psycopg.connect(target) as conn:
            tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
            version = conn.execute("SELECT version FROM schema_version").fetchone()[0]
            columns = {row[0] for row in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'card'")}
    else:
        with sqlite3.connect(target) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("SELECT version FROM schema_version").fetchone()[0]
            columns = {row[1] for row in conn.execute("PRAGMA table_info(card)")}
    assert "claim" not in tables and "rep" not in columns and version == 1


def test_concurrent_first_opens_make_one_schema(new_store):
    """Several processes opening one empty book at once: one creates the schema, the others wait and use it."""
    import multiprocessing

    target = new_store("empty", schema=False)
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        results = pool.map(_open_and_count, [target] * 4)
    assert results == [(migrations.latest_version(), 0)] * 4
    db = open_store(target)
    assert SchemaVersion.select().count() == 1
    # SQLite also holds schema 5's trigram index of contacts search: its table and FTS5's own, once.
    trigram = {"contact_trigram", *(f"contact_trigram_{part}" for part in ("config", "data", "docsize", "idx"))}
    expected = {model._meta.table_name for model in MODELS} | (set(book_version.TABLES) if target.startswith("postgresql")
                                                               else trigram)
    assert set(db.get_tables()) == expected
    db.close()


def _open_and_count(target: str) -> tuple[int, int]:
    from outreach_tui.store.connection import open_store as open_again
    from outreach_tui.store.models import Contact as C, SchemaVersion as V

    db = open_again(target)
    try:
        return V.get().version, C.select().count()
    finally:
        db.close()



def test_a_schema_13_sqlite_store_opens_at_14_with_nothing_lost(tmp_path):
    """Migration 14 keeps a plan for claims on PostgreSQL only: a SQLite store gets the number alone."""
    path, before = copy_with_rows("store_v13.db", tmp_path)
    assert max(row[-1] for row in before["schema_version"][1]) == 13
    old = sqlite3.connect(path)
    tables = {name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    old.close()
    db = open_store(path)
    try:
        assert migrations.stored_version(db) == migrations.latest_version() == 14
        assert_rows_kept(db, before)
        assert set(db.get_tables()) <= tables and not set(book_version.TABLES) & tables
        first = [item.contact_id for item in todays_plan(TODAY, limit=3).items]
        assert len(first) == 3 and [item.contact_id for item in claim_next("ann", TODAY, NOW, 3)] == first
    finally:
        db.close()
