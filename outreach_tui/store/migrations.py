"""Numbered schema migrations and the stored schema version.

A new store gets the current models and the latest number. An older store is
copied aside (SQLite) and upgraded step by step in one transaction. A store from
a newer program is refused, never touched.

Migrations are written with Peewee's schema tools only, so the same steps create
and upgrade a SQLite file and a PostgreSQL database. Each step spells out the
shape it adds instead of borrowing today's model, which a later step may change.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from peewee import (SQL, CharField, Database, DateField, DateTimeField, ForeignKeyField, IntegerField, Model,
                    SqliteDatabase, TextField)

from outreach_tui.store.book_version import add_book_version
from outreach_tui.store.engines import StoreError, backup_sqlite, lock_schema
from outreach_tui.store.models import MODELS, Contact, SchemaVersion, Session
from outreach_tui.store.next_due import add_next_due, widen_due_index
from outreach_tui.store.value_band import add_value_bands

Migration = Callable[[Database], None]


def add_team_mode(db: Database) -> None:
    """2: team mode — a claim per contact being worked, and the rep who queued each card."""

    class Claim(Model):  # named as the model: index names come from the class name
        contact = ForeignKeyField(Contact, unique=True, on_delete="CASCADE", backref="+")
        rep = CharField(index=True)
        claimed_at = DateTimeField()
        expires_at = DateTimeField(index=True)
        session = ForeignKeyField(Session, null=True, on_delete="SET NULL", backref="+")

        class Meta:
            database = db
            table_name = "claim"

    db.create_tables([Claim])
    # Here, not at the top: playhouse.migrate loads the PostgreSQL driver, and opening
    # an up-to-date store (every start) must not pay for that.
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db)
    # The plan reads due contacts best value first; the index came with the model after
    # the first release's stores were made, so stores of that schema may lack it.
    db.execute_sql('CREATE INDEX IF NOT EXISTS "contact_value_cents" ON "contact" ("value_cents")')
    migrate(
        # NOT NULL with a SQL default: one ALTER on both engines, no table rebuild on SQLite.
        migrator.add_column("card", "rep", CharField(default="", constraints=[SQL("DEFAULT ''")]),
                            allow_not_null=True),
        migrator.add_index("card", ("rep",)),
    )


def add_session_drafts(db: Database) -> None:
    """3: crash safety — each rep's session in progress and the unsaved call in it."""

    class SessionDraft(Model):  # named as the model: index names come from the class name
        rep = CharField(unique=True)
        session = ForeignKeyField(Session, on_delete="CASCADE", backref="+")
        state = TextField()
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "session_draft"

    db.create_tables([SessionDraft])


def add_search_columns(db: Database) -> None:
    """4: fast contacts search — the case-folded text search reads, filled in for every contact."""
    from playhouse.migrate import SchemaMigrator, migrate

    from outreach_tui.store.search_columns import SEARCH_COLUMNS, search_values

    migrator = SchemaMigrator.from_database(db)
    present = {column.name for column in db.get_columns("contact")}  # a store made by a newer model may have them
    migrate(*(migrator.add_column("contact", column, TextField(default="", constraints=[SQL("DEFAULT ''")]),
                                  allow_not_null=True) for column in SEARCH_COLUMNS if column not in present))
    rows = db.execute_sql('SELECT "id", "name", "company", "email", "phone", "notes" FROM "contact"').fetchall()
    update = ('UPDATE "contact" SET ' + ", ".join(f'"{column}" = {db.param}' for column in SEARCH_COLUMNS)
              + f' WHERE "id" = {db.param}')
    for start in range(0, len(rows), 1000):
        values = [(*search_values(*row[1:]), row[0]) for row in rows[start:start + 1000]]
        db.cursor().executemany(update, values)
    # Named as the model's index would be, so a new store and an upgraded one match.
    db.execute_sql('CREATE INDEX IF NOT EXISTS "contact_archived_search_name" ON "contact" ("archived", "search_name")')


# The trigram index of contacts search (SQLite 3.34+, FTS5): an external-content FTS5 table
# over contact.search_text and contact.search_phone, so it stores no second copy of the
# text, kept in step by triggers on every insert, delete and change of those columns:
# no Python write path knows about it. PostgreSQL has none (search scans there).
TRIGRAM_INSERT_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS "contact_trigram_insert" AFTER INSERT ON "contact" BEGIN'
    ' INSERT INTO "contact_trigram" (rowid, search_text, search_phone)'
    " VALUES (new.id, new.search_text, new.search_phone); END"
)
TRIGRAM_SQL = (
    'CREATE VIRTUAL TABLE IF NOT EXISTS "contact_trigram" USING fts5('
    "search_text, search_phone, content='contact', content_rowid='id', tokenize='trigram')",
    TRIGRAM_INSERT_TRIGGER,
    'CREATE TRIGGER IF NOT EXISTS "contact_trigram_delete" AFTER DELETE ON "contact" BEGIN'
    ' INSERT INTO "contact_trigram" ("contact_trigram", rowid, search_text, search_phone)'
    " VALUES ('delete', old.id, old.search_text, old.search_phone); END",
    # Only when the indexed text changes: a save that rewrites a contact's dates costs nothing here.
    'CREATE TRIGGER IF NOT EXISTS "contact_trigram_update" AFTER UPDATE ON "contact"'
    " WHEN old.search_text IS NOT new.search_text OR old.search_phone IS NOT new.search_phone"
    " OR old.id IS NOT new.id BEGIN"
    ' INSERT INTO "contact_trigram" ("contact_trigram", rowid, search_text, search_phone)'
    " VALUES ('delete', old.id, old.search_text, old.search_phone);"
    ' INSERT INTO "contact_trigram" (rowid, search_text, search_phone)'
    " VALUES (new.id, new.search_text, new.search_phone); END",
)


def trigram_supported(db: Database) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34+) and json_each (search
    hands it ids); never on PostgreSQL. Without them a store keeps searching by scan."""
    if not isinstance(db, SqliteDatabase):
        return False
    import sqlite3

    if sqlite3.sqlite_version_info < (3, 34, 0):
        return False
    options = {row[0] for row in db.execute_sql("PRAGMA compile_options").fetchall()}
    if "ENABLE_FTS5" not in options:
        return False
    try:
        db.execute_sql("SELECT count(*) FROM json_each('[1]')")
    except Exception:
        return False
    return True


def create_contact_trigram(db: Database) -> None:
    """5: contacts search by trigram — the index a typed word of 3+ letters narrows the book
    with, its triggers, filled from every contact; safe to run again (new stores run it too)."""
    if not trigram_supported(db):
        return
    for statement in TRIGRAM_SQL:
        db.execute_sql(statement)
    db.execute_sql('INSERT INTO "contact_trigram" ("contact_trigram") VALUES (\'rebuild\')')


@contextmanager
def trigram_filled_at_the_end(db: Database) -> Iterator[None]:
    """For a block of a transaction that inserts many contacts: the trigram index takes
    them in one statement at its end, not one trigger call per row.

    The trigger cost ~200 µs a contact, most of `seed --contacts 10000`; one INSERT …
    SELECT of the same rows takes ~25 µs each. Only for a block that changes no contact
    it inserted: the update trigger would take out of the index a row it never held.
    Dropping the trigger is part of the transaction, so a failure brings it back too.
    """
    trigger = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'contact_trigram_insert'"
    ).fetchone() if isinstance(db, SqliteDatabase) else None
    if trigger is None:  # PostgreSQL, or a SQLite without FTS5: no index to fill
        yield
        return
    if not db.in_transaction():
        raise RuntimeError("trigram_filled_at_the_end needs an open transaction")
    first_new = (db.execute_sql('SELECT max(id) FROM "contact"').fetchone()[0] or 0) + 1
    db.execute_sql('DROP TRIGGER "contact_trigram_insert"')
    yield
    db.execute_sql('INSERT INTO "contact_trigram" (rowid, search_text, search_phone)'
                   ' SELECT id, search_text, search_phone FROM "contact" WHERE id >= ?', (first_new,))
    db.execute_sql(TRIGRAM_INSERT_TRIGGER)


def add_due_scan_index(db: Database) -> None:
    """6: an index holding every column the plan's count of due contacts reads.

    Counting who is due reads the whole book; since schema 4 widened the contact
    rows, scanning this narrow index instead halves that count (114 ms to 51 ms on
    100,000 contacts). Named as in the model, so new and upgraded stores match.
    """
    from outreach_tui.store.models import DUE_SCAN_COLUMNS, DUE_SCAN_INDEX

    columns = ", ".join(f'"{column}"' for column in DUE_SCAN_COLUMNS)
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{DUE_SCAN_INDEX}" ON "contact" ({columns})')


def due_scan_reads_next_touch(db: Database) -> None:
    """7: the due-scan index also holds next_touch_on.

    A contact waiting for a date the rep set (a voicemail's retry) is not due for a
    routine call (issue 14), so the count of who is due reads next_touch_on too;
    outside the index, that was a lookup of the contact row for each one.
    """
    from outreach_tui.store.models import DUE_SCAN_INDEX

    db.execute_sql(f'DROP INDEX IF EXISTS "{DUE_SCAN_INDEX}"')
    add_due_scan_index(db)


def add_session_windows(db: Database) -> None:
    """8: one rep, two windows — each session's window (machine, process, last seen), and a
    draft per session instead of one per rep, so two windows of a rep keep a draft each."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db)
    columns = {
        "host": CharField(default="", constraints=[SQL("DEFAULT ''")]),
        "pid": IntegerField(null=True),
        "seen_at": DateTimeField(null=True),
    }
    present = {column.name for column in db.get_columns("session")}  # a store made by a newer step
    migrate(*(migrator.add_column("session", name, column, allow_not_null=True)
              for name, column in columns.items() if name not in present))
    # Named as the model names them, so new and upgraded stores match.
    for statement in ('DROP INDEX IF EXISTS "sessiondraft_rep"', 'DROP INDEX IF EXISTS "sessiondraft_session_id"',
                      'CREATE INDEX "sessiondraft_rep" ON "session_draft" ("rep")',
                      'CREATE UNIQUE INDEX "sessiondraft_session_id" ON "session_draft" ("session_id")'):
        db.execute_sql(statement)


def add_seed_ranges(db: Database) -> None:
    """10: the id ranges seeding wrote, so a reset removes only a demo book's own rows."""

    class SeedRange(Model):
        table = CharField()
        first_id = IntegerField()
        last_id = IntegerField()

        class Meta:
            database = db
            table_name = "seed_range"

    db.create_tables([SeedRange])


def add_seeded_on(db: Database) -> None:
    """11: the day each seeding ran, so the demo book can say when it was built ("built Mon 23 Nov").
    Ranges seeded before it keep no day (NULL): the banner then says only how many calls were made."""
    from playhouse.migrate import SchemaMigrator, migrate

    if "seeded_on" not in {column.name for column in db.get_columns("seed_range")}:
        migrate(SchemaMigrator.from_database(db).add_column("seed_range", "seeded_on", DateField(null=True)))


# Version N's function upgrades a store from N-1 to N. Version 1 is the first
# release's schema, created directly from the models.
MIGRATIONS: dict[int, Migration] = {
    2: add_team_mode,
    3: add_session_drafts,
    4: add_search_columns,
    5: create_contact_trigram,
    6: add_due_scan_index,
    7: due_scan_reads_next_touch,
    8: add_session_windows,
    9: add_next_due,
    10: add_seed_ranges,
    11: add_seeded_on,
    12: widen_due_index,
    13: add_value_bands,
    14: add_book_version,  # PostgreSQL only: the claims' kept plan (store.claim_queue)
}


def latest_version() -> int:
    return max(MIGRATIONS, default=1)


def check_openable(tables: set[str], version: int | None, label: str) -> None:
    """Refuse another program's database and a store from a newer outreach."""
    if "schema_version" not in tables and tables:
        raise StoreError(f"{label} is not an outreach store (it holds other tables)")
    latest = latest_version()
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise StoreError(f"{label}: its version record (table schema_version) holds {version!r}, not a schema"
                         " number; the file was left as it is — restore it from a backup")
    if version is not None and version > latest:
        raise StoreError(
            f"{label} was written by a newer outreach (schema {version}; this one knows up to {latest}):"
            " upgrade outreach to open it"
        )


def stored_version(db: Database) -> int | None:
    """The store's schema version; None for an empty store."""
    if "schema_version" not in db.get_tables():
        return None
    row = SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version.desc()).first()
    return row.version if row else None


def refuse_unless_current(db: Database, label: str) -> None:
    """The check of a store its reader must not change: at this version's schema, or refused."""
    version, latest = stored_version(db), latest_version()
    if version != latest:
        raise StoreError(f"{label} is at schema {version}, not {latest}: open it normally first")


def ensure_schema(db: Database, label: str) -> None:
    """Create the schema of an empty store, or upgrade an older one; a current one is left alone.

    Creating and upgrading happen in one transaction under the schema lock, and the
    version is read again under it: another process may have just done the work.
    """
    version = stored_version(db)
    check_openable(set(db.get_tables()), version, label)
    latest = latest_version()
    if version == latest:
        return
    if version is not None:
        backup_before_migration(db, version)
    with db.atomic():
        lock_schema(db)
        version = stored_version(db)
        check_openable(set(db.get_tables()), version, label)
        if version is None:
            db.create_tables(MODELS)
            create_contact_trigram(db)  # not a model: made here as migration 5 makes it
            add_book_version(db)  # nor these: as migration 14 makes them
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=latest)
        elif version < latest:
            for step in sorted(step for step in MIGRATIONS if step > version):
                MIGRATIONS[step](db)
            SchemaVersion.update(version=latest).execute()


def backup_before_migration(db: Database, version: int) -> None:
    """Copy a SQLite store aside before changing its schema: `outreach.db.v1.bak`."""
    if not isinstance(db, SqliteDatabase) or db.database == ":memory:":
        return
    backup_sqlite(db, f"{db.database}.v{version}.bak")
