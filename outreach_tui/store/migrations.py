"""Numbered schema migrations and the stored schema version.

A new store gets the current models and the latest number. An older store is
copied aside (SQLite) and upgraded step by step in one transaction. A store from
a newer program is refused, never touched.
"""

from __future__ import annotations

from typing import Callable

from peewee import Database, SqliteDatabase

from outreach_tui.store.models import MODELS, SchemaVersion

Migration = Callable[[Database], None]

# Version N's function upgrades a store from N-1 to N. Version 1 is the first
# release's schema, created directly from the models.
MIGRATIONS: dict[int, Migration] = {}


def latest_version() -> int:
    return max(MIGRATIONS, default=1)


def check_openable(tables: set[str], version: int | None, label: str) -> None:
    """Refuse another program's database and a store from a newer outreach."""
    from outreach_tui.store.connection import StoreError

    if "schema_version" not in tables and tables:
        raise StoreError(f"{label} is not an outreach store (it holds other tables)")
    latest = latest_version()
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


def ensure_schema(db: Database, label: str) -> None:
    version = stored_version(db)
    check_openable(set(db.get_tables()), version, label)
    latest = latest_version()
    if version is None:
        with db.atomic():
            db.create_tables(MODELS)
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=latest)
        return
    if version == latest:
        return
    backup_before_migration(db, version)
    with db.atomic():
        for step in range(version + 1, latest + 1):
            MIGRATIONS[step](db)
        SchemaVersion.update(version=latest).execute()


def backup_before_migration(db: Database, version: int) -> None:
    """Copy a SQLite store aside before changing its schema: `outreach.db.v1.bak`."""
    if not isinstance(db, SqliteDatabase) or db.database == ":memory:":
        return
    from outreach_tui.store.connection import backup_sqlite

    backup_sqlite(db, f"{db.database}.v{version}.bak")
