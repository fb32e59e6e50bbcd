"""What both opening a store (connection.py) and upgrading it (migrations.py) need, below both.

The error a user sees in one line, PostgreSQL's schema lock and SQLite's online backup.
"""

from __future__ import annotations

import os
import sqlite3

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


def backup_sqlite(db: SqliteDatabase, target: str | os.PathLike) -> None:
    """A consistent copy through SQLite's online backup API, safe while others write.
    The copy is the user's alone (0600), as the store is."""
    from outreach_tui.output import PRIVATE_FILE, create_private_file

    create_private_file(target)
    os.chmod(target, PRIVATE_FILE)
    destination = sqlite3.connect(str(target))
    try:
        db.connection().backup(destination)
    finally:
        destination.close()
