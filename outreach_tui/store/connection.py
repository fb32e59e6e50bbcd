"""Open a store from `--db`: a plain path, `sqlite:///…` or `postgresql://…`.

Everything engine-specific lives here, and in engines.py below it (which migrations
share). SQLite gets WAL, foreign keys, a busy timeout and IMMEDIATE transactions (a
deferred read-then-write transaction fails with "database is locked" under a second
writer, busy timeout or not).
PostgreSQL (team mode) goes through psycopg 3, the `postgres` extra; a missing
driver or a server that cannot be reached is one line, not a traceback.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from pathlib import Path

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from outreach_tui.store.engines import StoreError
from outreach_tui.store.models import database


SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 15000),
    # FULL: a commit is on disk before the UI says saved, so a power cut keeps it (and
    # the draft of the call in progress); in WAL mode that is one fsync, about 0.5 ms here.
    ("synchronous", "full"),
)

SQLITE_HEADER = b"SQLite format 3\x00"


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
    from outreach_tui.store.migrations import check_openable, latest_version

    try:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in raw.execute("select name from sqlite_master where type = 'table'")}
            version = None
            if "schema_version" in tables:
                row = raw.execute("select max(version) from schema_version").fetchone()
                version = row[0] if row else None
            check_openable(tables, version, str(path))
            # An upgrade rewrites the store and replaces its `.bak`: only a sound one gets that far.
            problem = integrity_problem(raw) if version is not None and version < latest_version() else None
        finally:
            raw.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None
    if problem is not None:
        raise damaged(path, problem)


def damaged(path: str | os.PathLike, reason: object) -> StoreError:
    """The one line for a damaged store file: what is wrong, that it was not touched, what to do."""
    path = Path(path)
    backups = sorted(path.parent.glob(glob.escape(path.name) + ".*bak"), key=lambda p: p.stat().st_mtime)
    remedy = f"restore it from {backups[-1]}" if backups else "restore it from a copy made with `outreach backup`"
    return StoreError(f"{path} is damaged ({_short(reason)}); it was left as it is — {remedy}")


def is_damage(exc: BaseException) -> bool:
    """Whether a SQLite error means the file itself is broken (not a lock or a bad query)."""
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def integrity_problem(connection: sqlite3.Connection) -> str | None:
    """The first problem `PRAGMA quick_check` finds in the file, or None for a sound one.

    It reads every page (about half a second for a million calls), so it runs where a
    store is about to be copied or changed wholesale: before a migration and in a backup.
    """
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself cannot run
        return _short(exc)
    if rows == ["ok"]:
        return None
    problems = [line for row in rows for line in str(row).splitlines() if line and not line.startswith("***")]
    return f"integrity check: {problems[0] if problems else rows[0]}"


def store_failure(target: str, exc: BaseException, doing: str = "store") -> StoreError:
    """A database error as the one line the user sees: a damaged file says what to do."""
    path = sqlite_path(target)
    if path is not None and is_damage(exc):
        return damaged(path, exc)
    return StoreError(f"{doing} {describe(target)}: {_short(exc)}")


def make_database(target: str, create: bool = True) -> Database:
    """A Peewee database for the target, checked but not yet bound to the models."""
    path = sqlite_path(target)
    if path is not None:
        _check_sqlite_file(path, create)
        return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if is_postgres_url(target):
        return _postgres(target)
    raise StoreError(f"--db must be a file path, sqlite:///… or postgresql://…, got {describe(target)!r}")


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# Seconds to wait for a PostgreSQL server before saying it cannot be reached
# (a `connect_timeout` in the URL wins).
POSTGRES_CONNECT_TIMEOUT = 10


def is_postgres_url(target: str) -> bool:
    return target.startswith(POSTGRES_SCHEMES)


def _postgres(target: str) -> Database:
    """A PostgreSQL database through psycopg 3 (psycopg2 also works if that is what is installed)."""
    try:
        load_psycopg()
    except ImportError:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise StoreError(
                f"cannot use {describe(target)}: PostgreSQL needs the psycopg driver"
                " (pip install 'outreach-tui[postgres]')"
            ) from None
    from playhouse.db_url import connect, parse

    url = "postgresql://" + target.split("://", 1)[1]
    try:
        options = {"prefer_psycopg3": True}
        if "connect_timeout" not in parse(url):
            options["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT
        return connect(url, unquote_password=True, unquote_user=True, **options)
    except Exception as exc:  # a malformed URL
        raise StoreError(f"cannot use {describe(target)}: {_short(exc)}") from None


def load_psycopg() -> None:
    """Hand Peewee the psycopg 3 driver it was imported without (see `outreach_tui.store`).

    Sets what Peewee's own `import psycopg` would have set: the module, its JSON
    types and the transaction states its psycopg 3 adapter compares against.
    Raises ImportError when psycopg is not installed.
    """
    import peewee
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    if peewee.psycopg is None:
        peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
        peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
        adapter = peewee.Psycopg3Adapter
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN


def open_store(target: str | os.PathLike, create: bool = True, upgrade: bool = True) -> Database:
    """Bind the models to the store at target, creating or upgrading its schema.

    `upgrade=False` (with `create=False`) is for a reader running beside the process
    that creates and upgrades stores (the first screen's reader): a store that is not
    already at this version's schema is refused, never created, upgraded or backed up.
    """
    from outreach_tui.store.migrations import ensure_schema, refuse_unless_current

    target = str(target)
    db = make_database(target, create)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except Exception as exc:
        _close_quietly(db)
        if is_postgres(db):
            raise StoreError(f"cannot connect to {describe(target)}: {_pg_reason(exc)}") from None
        raise StoreError(f"cannot open store {describe(target)}: {_short(exc)}") from None
    try:
        (ensure_schema if upgrade else refuse_unless_current)(db, describe(target))
    except StoreError:
        _close_quietly(db)
        raise
    except Exception as exc:
        _close_quietly(db)
        raise store_failure(target, exc, "cannot open store") from None
    return db


def _close_quietly(db: Database) -> None:
    try:
        db.close()
    except Exception:  # a connection that never opened, or a broken one
        pass


def _pg_reason(exc: Exception) -> str:
    """The telling part of a psycopg connection error: the server's own words when it answered."""
    text = " ".join(line.strip() for line in str(exc).strip().splitlines() if line.strip())
    if not text:
        return type(exc).__name__
    if "FATAL:" in text:
        return text.split("FATAL:", 1)[1].strip()
    for noise in ("connection failed: ", "connection is bad: "):
        if text.startswith(noise):
            text = text[len(noise):]
    return text.split(" Is the server running")[0].strip()


def _short(exc: object) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)
