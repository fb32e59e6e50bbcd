"""What both opening a store (connection.py) and upgrading it (migrations.py) need, below both.

The error a user sees in one line, PostgreSQL's schema lock and SQLite's online backup.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from peewee import Database, PostgresqlDatabase, SqliteDatabase


class StoreError(Exception):
    """A store that cannot be opened or used; the message is shown to the user as is."""


# The key of the transaction-scoped advisory lock that serialises schema creation
# and upgrades among processes opening one PostgreSQL book at the same moment.
SCHEMA_LOCK_KEY = 0x0_7EAC_5C4E


def lock_schema(db: Database) -> None:
    """Inside a transaction: hold off other processes creating or upgrading the schema.

    SQLite's IMMEDIATE transaction already does; PostgreSQL takes an advisory lock
    released at commit, so 150 reps opening a new book at once make one schema.
    """
    if isinstance(db, PostgresqlDatabase):
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
