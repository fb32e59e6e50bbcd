"""Stores written by older versions open with nothing lost; newer and foreign ones are refused."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from playhouse.migrate import SqliteMigrator, migrate
from peewee import TextField

from outreach_tui.store import migrations
from outreach_tui.store.connection import StoreError, open_store
from outreach_tui.store.models import Contact, Interaction, SchemaVersion

FIRST_SCHEMA = Path(__file__).parent / "fixtures" / "store_v1.db"


def copy_of_first_store(tmp_path) -> Path:
    target = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, target)
    return target


def test_first_schema_store_opens_with_its_data(tmp_path):
    db = open_store(copy_of_first_store(tmp_path))
    assert Contact.select().count() == 60
    assert Interaction.get(Interaction.notes == "kept from v1").rep == "first-rep"
    assert SchemaVersion.get().version == migrations.latest_version()
    db.close()


def test_older_store_is_backed_up_and_upgraded_step_by_step(tmp_path, monkeypatch):
    def add_nickname(db):
        migrate(SqliteMigrator(db).add_column("contact", "nickname", TextField(default="")))

    def add_pronouns(db):
        migrate(SqliteMigrator(db).add_column("contact", "pronouns", TextField(default="")))

    monkeypatch.setattr(migrations, "MIGRATIONS", {2: add_nickname, 3: add_pronouns})
    path = copy_of_first_store(tmp_path)
    db = open_store(path)
    columns = {column.name for column in db.get_columns("contact")}
    assert {"nickname", "pronouns"} <= columns
    assert SchemaVersion.get().version == 3
    assert Contact.select().count() == 60
    db.close()
    backup = sqlite3.connect(tmp_path / "old.db.v1.bak")
    assert backup.execute("select version from schema_version").fetchone() == (1,)
    assert backup.execute("select count(*) from contact").fetchone() == (60,)


def test_failed_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    def broken(db):
        migrate(SqliteMigrator(db).add_column("contact", "nickname", TextField(default="")))
        raise RuntimeError("half way")

    monkeypatch.setattr(migrations, "MIGRATIONS", {2: broken})
    path = copy_of_first_store(tmp_path)
    with pytest.raises(StoreError, match="half way"):
        open_store(path)
    raw = sqlite3.connect(path)
    assert raw.execute("select version from schema_version").fetchone() == (1,)
    assert "nickname" not in {row[1] for row in raw.execute("pragma table_info(contact)")}


def test_store_from_a_newer_program_is_refused_untouched(tmp_path):
    path = copy_of_first_store(tmp_path)
    raw = sqlite3.connect(path)
    raw.execute("update schema_version set version = 99")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer outreach"):
        open_store(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("create table invoices (id integer)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="not an outreach store"):
        open_store(path)
    assert [row[0] for row in sqlite3.connect(path).execute("select name from sqlite_master")] == ["invoices"]


def _sqlite_objects(path, kind: str) -> set[str]:
    raw = sqlite3.connect(path)
    try:
        return {row[0] for row in raw.execute("select name from sqlite_master where type = ?", (kind,))}
    finally:
        raw.close()


def test_a_schema_4_store_gets_the_trigram_index_of_every_contact(tmp_path):
    """Migration 5: the FTS5 trigram index and its triggers, filled from the contacts already there."""
    from outreach_tui.store.contacts_search import search

    path = copy_of_first_store(tmp_path)
    db = open_store(path)  # today's schema, then back to 4: no trigram index, no triggers
    with db.atomic():
        for trigger in ("insert", "delete", "update"):
            db.execute_sql(f'DROP TRIGGER "contact_trigram_{trigger}"')
        db.execute_sql('DROP TABLE "contact_trigram"')
        SchemaVersion.update(version=4).execute()
    texts = list(Contact.select(Contact.id, Contact.search_text).order_by(Contact.id).tuples())
    db.close()
    assert "contact_trigram" not in _sqlite_objects(path, "table") and not _sqlite_objects(path, "trigger")

    db = open_store(path)
    assert SchemaVersion.get().version == migrations.latest_version()
    assert list(Contact.select(Contact.id, Contact.search_text).order_by(Contact.id).tuples()) == texts
    db.execute_sql("""INSERT INTO "contact_trigram" ("contact_trigram", rank) VALUES ('integrity-check', 1)""")
    assert db.execute_sql('SELECT count(*) FROM "contact_trigram_docsize"').fetchone() == (60,)
    name = texts[0][1].split("\n")[0]
    assert search(name[1:])[0].id == texts[0][0]  # found through the index: a word of 3+ letters inside the name
    db.close()
    backup = sqlite3.connect(tmp_path / "old.db.v4.bak")
    assert backup.execute("select version from schema_version").fetchone() == (4,)
    backup.close()
    fresh = tmp_path / "new.db"
    open_store(fresh).close()
    assert _sqlite_objects(path, "trigger") == _sqlite_objects(fresh, "trigger") == {
        "contact_trigram_insert", "contact_trigram_delete", "contact_trigram_update"}
    assert _sqlite_objects(path, "table") == _sqlite_objects(fresh, "table")


def test_the_trigram_migration_can_run_again(tmp_path):
    db = open_store(tmp_path / "book.db")
    Contact.create(name="Dana Fox", created_on="2026-01-01", notes="regatta")
    with db.atomic():
        migrations.MIGRATIONS[5](db)  # already there: nothing doubled, nothing lost
    db.execute_sql("""INSERT INTO "contact_trigram" ("contact_trigram", rank) VALUES ('integrity-check', 1)""")
    assert db.execute_sql('SELECT count(*) FROM "contact_trigram_docsize"').fetchone() == (1,)
    from outreach_tui.store.contacts_search import search

    assert [row.name for row in search("regatta")] == ["Dana Fox"]
    db.close()


def test_an_upgraded_first_schema_store_has_every_index_a_new_store_has(tmp_path):
    new = tmp_path / "new.db"
    open_store(new).close()
    old = copy_of_first_store(tmp_path)
    open_store(old).close()
    assert _sqlite_objects(old, "index") == _sqlite_objects(new, "index")
    assert "contact_due_scan" in _sqlite_objects(old, "index")  # schema 6


def test_a_schema_6_store_gets_next_touch_in_its_due_scan_index(tmp_path):
    """Schema 7 (issue 14): the count of who is due leaves out contacts waiting for a set date,
    and reads that date from the due-scan index, so the index of an older store is rebuilt."""
    path = tmp_path / "six.db"
    db = open_store(path)
    Contact.create(name="Kept", created_on="2026-01-01")
    db.close()
    raw = sqlite3.connect(path)
    raw.execute('DROP INDEX "contact_due_scan"')
    raw.execute('CREATE INDEX "contact_due_scan" ON "contact" ("relationship", "check_in_due_on",'
                ' "last_purchase_on", "last_touch_on", "snoozed_until", "last_contact_on", "do_not_contact", "archived")')
    raw.execute("UPDATE schema_version SET version = 6")
    raw.commit()
    raw.close()
    db = open_store(path)
    assert SchemaVersion.get().version == migrations.latest_version()  # 7, then the steps after it
    columns = [row[2] for row in db.execute_sql('PRAGMA index_info("contact_due_scan")').fetchall()]
    assert columns[-1] == "next_touch_on" and len(columns) == 9
    assert [contact.name for contact in Contact.select()] == ["Kept"]
    db.close()
