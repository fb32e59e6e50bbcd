"""Open a store from `--db`: a plain path, `sqlite:///…` or `postgresql://…`.

Everything engine-specific lives here. SQLite gets WAL, foreign keys, a busy
timeout and IMMEDIATE transactions (a deferred read-then-write transaction fails
with "database is locked" under a second writer, busy timeout or not).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from outreach_tui.store.models import database


class StoreError(Exception):
    """A store that cannot be opened or used; the message is shown to the user as is."""


SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 15000),
    ("synchronous", "normal"),
)

SQLITE_HEADER = b"SQLite format 3\x00"


def default_store_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("outreach", appauthor=False) / "outreach.db"


def describe(target: str) -> str:
    """The store's location for messages, without any password in a URL."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return target


def sqlite_path(target: str) -> Path | None:
    """The file behind a SQLite target, or None for another engine."""
    if target.startswith("sqlite:///"):
        return Path(target[len("sqlite:///"):])
    if "://" in target:
        return None
    return Path(target).expanduser()


def _check_sqlite_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError(f"cannot read store {path}: permission denied")
        if path.stat().st_size:
            with path.open("rb") as handle:
                if handle.read(16) != SQLITE_HEADER:
                    raise StoreError(f"{path} is not an outreach store (not a SQLite database)")
            _peek_sqlite(path)
        return
    if not create:
        raise StoreError(f"no store at {path}")
    if not path.parent.exists():
        raise StoreError(f"cannot create store {path}: folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"cannot create store {path}: folder {path.parent} is not writable")


def _peek_sqlite(path: Path) -> None:
    """Read-only look before opening for real, so a refused file is left byte for byte."""
    from outreach_tui.store.migrations import check_openable

    try:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in raw.execute("select name from sqlite_master where type = 'table'")}
            version = None
            if "schema_version" in tables:
                row = raw.execute("select max(version) from schema_version").fetchone()
                version = row[0] if row else None
        finally:
            raw.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is damaged ({exc}); it was left as it is — restore it from a backup (outreach backup)"
        ) from None
    check_openable(tables, version, str(path))


def make_database(target: str, create: bool = True) -> Database:
    """A Peewee database for the target, checked but not yet bound to the models."""
    path = sqlite_path(target)
    if path is not None:
        _check_sqlite_file(path, create)
        return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if target.startswith(("postgresql://", "postgres://")):
        from playhouse.db_url import connect

        try:
            return connect(target.replace("postgres://", "postgresql://", 1))
        except Exception as exc:  # driver missing or malformed URL
            raise StoreError(f"cannot use {describe(target)}: {exc}") from None
    raise StoreError(f"--db must be a file path, sqlite:///… or postgresql://…, got {describe(target)!r}")


def open_store(target: str | os.PathLike, create: bool = True) -> Database:
    """Bind the models to the store at target, creating or upgrading its schema."""
    from outreach_tui.store.migrations import ensure_schema

    target = str(target)
    db = make_database(target, create)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        ensure_schema(db, describe(target))
    except StoreError:
        db.close()
        raise
    except (sqlite3.DatabaseError, Exception) as exc:
        db.close()
        raise StoreError(f"cannot open store {describe(target)}: {_short(exc)}") from None
    return db


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def backup_sqlite(db: SqliteDatabase, target: str | os.PathLike) -> None:
    """A consistent copy through SQLite's online backup API, safe while others write."""
    destination = sqlite3.connect(str(target))
    try:
        db.connection().backup(destination)
    finally:
        destination.close()
