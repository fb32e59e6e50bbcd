"""What both opening a store (connection.py, postgres.py) and upgrading it (migrations.py) need, below both.

The error a user sees in one line, which engine a database is, PostgreSQL's schema lock
and SQLite's online backup.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from peewee import Database, PostgresqlDatabase, SqliteDatabase


class StoreError(Exception):
    """A store that cannot be opened or used; the message is shown to the user as is."""


def describe(target: str) -> str:
    """The store's location for messages, without any password in a URL."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return target


def first_line(exc: object) -> str:
    """An error's first line for a one-line message (its type's name when it says nothing)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def is_postgres(db) -> bool:
    """Whether `db` is PostgreSQL, the models' `DatabaseProxy` included (it is told by what it holds)."""
    return isinstance(getattr(db, "obj", db), PostgresqlDatabase)


# The key of the transaction-scoped advisory lock that serialises schema creation
# and upgrades among processes opening one PostgreSQL book at the same moment.
SCHEMA_LOCK_KEY = 0x0_7EAC_5C4E


def lock_schema(db: Database) -> None:
    """Inside a transaction: hold off other processes creating or upgrading the schema.

    SQLite's IMMEDIATE transaction already does; PostgreSQL takes an advisory lock
    released at commit, so 150 reps opening a new book at once make one schema.
    """
    if is_postgres(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))


# Pages copied per step when progress is shown: about a hundred steps, never steps so small
# that the copy crawls.
BACKUP_STEPS = 100
BACKUP_STEP_PAGES_MIN = 256


class _Restarted(Exception):
    """Another connection wrote the store between two steps: SQLite began the copy again."""


def backup_sqlite(db: SqliteDatabase, target: str | os.PathLike,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """A consistent copy through SQLite's online backup API, safe while others write.
    The copy is the user's alone (0600), as the store is.

    With `progress`, told (pages copied, pages in all), the copy goes a step at a time. SQLite
    starts a stepped copy again whenever another connection writes between steps (the app
    saving a call), so a copy that restarts is made again in one step, which nothing can
    interrupt: it finishes, without progress, rather than chase a busy store.
    """
    from outreach_tui.output import PRIVATE_FILE, create_private_file

    create_private_file(target)
    os.chmod(target, PRIVATE_FILE)
    destination = sqlite3.connect(str(target))
    try:
        if progress is None:
            db.connection().backup(destination)
            return
        try:
            _stepped_backup(db.connection(), destination, progress)
        except _Restarted:
            db.connection().backup(destination)
    finally:
        destination.close()


def _stepped_backup(source: sqlite3.Connection, destination: sqlite3.Connection,
                    progress: Callable[[int, int], None]) -> None:
    total = source.execute("PRAGMA page_count").fetchone()[0]
    left = [total]

    def step_done(_status: int, remaining: int, pages: int) -> None:
        if remaining and remaining >= left[0]:  # no nearer the end: it began again
            raise _Restarted
        left[0] = remaining
        progress(pages - remaining, pages)

    source.backup(destination, pages=max(BACKUP_STEP_PAGES_MIN, total // BACKUP_STEPS), progress=step_done)
