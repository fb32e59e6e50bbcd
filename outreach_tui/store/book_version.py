"""The book's version on PostgreSQL: a number that moves whenever what today's plan reads changes.

`claim_queue` keeps today's plan in the book and must know when it is out of date.
Every writer of the book would have to say so; the database says it instead. A
statement trigger on each table the plan reads marks the writing transaction (one row
in `book_change_mark`), and at its commit a deferred trigger adds one to
`book_version` and removes the mark. Bumped at commit, the version's one row is locked
only for the commit's last moment: a long import does not hold up other reps' saves.
A transaction that writes nothing the plan reads leaves it: taking or renewing a claim,
drafts, sessions. Giving a claim back, or renewing one for less time than it had left,
moves it: a kept plan leaves out the contacts held when it was made, until the first of
their claims lapses.

Made by migration 14 and with every new store; SQLite has none (see `claim_queue`).
"""

from __future__ import annotations

from outreach_tui.store.engines import is_postgres
from outreach_tui.store.models import database

# The tables whose writes can change today's plan (and `claim`'s deletes, below).
PLAN_TABLES = ("contact", "life_event", "absence", "quote", "referral")


def _unless_made(table: str, trigger: str, create: str) -> str:
    """`create`, unless the trigger is there. Not dropped and made again: a write earlier in the
    same transaction (a migration's) may have queued an event for the one there, which would
    then find no trigger at commit."""
    return f"""DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '{table}'::regclass AND tgname = '{trigger}') THEN
        {create};
    END IF;
END $$"""


# Its tables (PostgreSQL only), made by INSTALL below.
TABLES = ("book_version", "book_change_mark", "plan_queue_build", "plan_queue")

INSTALL = [
    "CREATE TABLE IF NOT EXISTS book_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
    "INSERT INTO book_version VALUES (1, 0) ON CONFLICT DO NOTHING",
    "CREATE TABLE IF NOT EXISTS book_change_mark (txid BIGINT PRIMARY KEY)",
    # Each function keeps the schema search path it was made with: a writer whose own path
    # differs (psql in another schema) still finds the version's tables.
    """CREATE OR REPLACE FUNCTION outreach_mark_book_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO book_change_mark VALUES (txid_current()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$""",
    """CREATE OR REPLACE FUNCTION outreach_bump_book_version() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE book_version SET version = version + 1 WHERE id = 1;
    DELETE FROM book_change_mark WHERE txid = NEW.txid;
    RETURN NULL;
END $$""",
    _unless_made("book_change_mark", "book_version_at_commit", """CREATE CONSTRAINT TRIGGER book_version_at_commit
        AFTER INSERT ON book_change_mark DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION outreach_bump_book_version()"""),
    *(_unless_made(table, f"{table}_marks_book_change", f"""CREATE TRIGGER {table}_marks_book_change
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION outreach_mark_book_change()""") for table in PLAN_TABLES),
    # A claim given back, or renewed for less time than it had left, frees its contact sooner than
    # a kept plan that left them out counts on (it lasts until the first lapse it knows of).
    _unless_made("claim", "claim_marks_book_change", """CREATE TRIGGER claim_marks_book_change
        AFTER DELETE OR TRUNCATE ON claim FOR EACH STATEMENT EXECUTE FUNCTION outreach_mark_book_change()"""),
    _unless_made("claim", "claim_shortened_marks_book_change", """CREATE TRIGGER claim_shortened_marks_book_change
        AFTER UPDATE ON claim FOR EACH ROW WHEN (NEW.expires_at < OLD.expires_at)
        EXECUTE FUNCTION outreach_mark_book_change()"""),
    """CREATE TABLE IF NOT EXISTS plan_queue_build (
    rules TEXT PRIMARY KEY, day DATE NOT NULL, version BIGINT NOT NULL, valid_until TIMESTAMP,
    whole BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS plan_queue (
    rules TEXT NOT NULL, part SMALLINT NOT NULL, position INTEGER NOT NULL, contact_id INTEGER NOT NULL,
    item TEXT NOT NULL, PRIMARY KEY (rules, part, position))""",
]


def add_book_version(db) -> None:
    """Migration 14 (and every new store): the book's version, its triggers and the queue (PostgreSQL only)."""
    if is_postgres(db):
        for statement in INSTALL:
            db.execute_sql(statement)


def book_version() -> int:
    """How many transactions have changed what today's plan reads, since the store was made."""
    return database.execute_sql("SELECT version FROM book_version WHERE id = 1").fetchone()[0]


