"""Open a store from `--db`: a plain path, `sqlite:///…` or `postgresql://…`.

Everything engine-specific lives here, in postgres.py beside it (team mode) and in
engines.py below both (which migrations share). SQLite gets WAL, foreign keys, a busy
timeout and IMMEDIATE transactions (a deferred read-then-write transaction fails with
"database is locked" under a second writer, busy timeout or not), and what goes wrong with
its file is said in one line naming the cause.
"""

from __future__ import annotations

import glob
import os
import sqlite3
import stat
from pathlib import Path

from peewee import Database, SqliteDatabase

from outreach_tui.store.engines import StoreError, describe, first_line, is_postgres
from outreach_tui.store.models import database
from outreach_tui.store.postgres import connect_failure_reason, is_postgres_url, postgres_database


SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 15000),
    # FULL: a commit is on disk before the UI says saved, so a power cut keeps it (and
    # the draft of the call in progress); in WAL mode that is one fsync, about 0.5 ms here.
    ("synchronous", "full"),
)

SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_path(target: str) -> Path | None:
    """The file behind a SQLite target, or None for another engine."""
    if target.startswith("sqlite:///"):
        return Path(target[len("sqlite:///"):])
    if "://" in target:
        return None
    try:
        return Path(target).expanduser()
    except RuntimeError:  # `~nouser/a.db`: no such user, or no home folder to expand `~` to
        raise StoreError(f"--db {target}: cannot tell whose home folder {target.split('/', 1)[0]} is;"
                         " give the store's full path") from None


def _check_sqlite_file(path: Path, create: bool) -> None:
    """Refuse, without blocking or changing anything, a path that is no store file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a name too long, a folder on the way that may not be searched…
        shown = str(path) if len(str(path)) <= 200 else f"{str(path)[:100]}…({len(str(path)):,} characters)"
        raise StoreError(f"cannot open store {shown}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise StoreError(f"{path} is a folder, not a store file")
    if mode is not None and not stat.S_ISREG(mode):
        raise StoreError(f"{path} is not a regular file (a pipe or a device): a store is a file; give another --db")
    if mode is not None:
        if not os.access(path, os.R_OK):
            raise StoreError(f"cannot read store {path}: permission denied — check its owner and mode (ls -l)")
        if path.stat().st_size:
            _refuse_what_is_not_sqlite(path)
            _peek_sqlite(path)
        return
    if not create:
        raise StoreError(f"no store at {path}")
    if not path.parent.exists():
        raise StoreError(f"cannot create store {path}: folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"cannot create store {path}: folder {path.parent} is not writable")


STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def is_store_file(path: str | os.PathLike, store: Path) -> bool:
    """Whether writing `path` would write the store or one of SQLite's files beside it: by any name
    (a symlink, a hard link, `-wal`, `-shm`, `-journal`), which SQLite would take for its own."""
    real = os.path.realpath(Path(path).expanduser())
    store_real = os.path.realpath(store)
    if any(real == store_real + suffix for suffix in STORE_COMPANIONS):
        return True
    try:
        found, ours = os.stat(real), os.stat(store_real)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (ours.st_dev, ours.st_ino)


def read_only_reason(path: Path) -> str | None:
    """Why an existing store file cannot be written here (its folder or itself), or None when it can.

    SQLite writes its -wal and -shm beside the store, so a read-only folder makes the store read-only.
    """
    if not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} is read-only"
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    return None


def _peek_sqlite(path: Path) -> None:
    """Read-only look before opening for real, so a refused file is left byte for byte."""
    from outreach_tui.store.migrations import check_openable, latest_version

    try:
        raw = sqlite3.connect(read_only_uri(path), uri=True)
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
        raise store_failure(str(path), exc, "cannot open store") from None
    if problem is not None:
        raise damaged(path, problem)


def _refuse_what_is_not_sqlite(path: Path) -> None:
    """Refuse a file that is not a SQLite database, looking at the file alone (not at a -wal beside it).

    SQLite looks, not Python: closing a file this process has open drops every lock the process
    holds on it, SQLite's included (fcntl locks are per process). Another process, closing, then
    takes itself for the store's last user and deletes the -wal this one is still writing: a
    store opened a second time in one process was lost that way. SQLite keeps its locks.
    """
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            probe.execute("PRAGMA schema_version").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) and not _has_sqlite_header(path):
            raise StoreError(f"{path} is not an outreach store (not a SQLite database)") from None


def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts as SQLite's do (then it is a damaged store, not some other file).
    Read by Python only once SQLite has found it no database, so no connection of ours holds it."""
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def damaged(path: str | os.PathLike, reason: object, writing: bool = False) -> StoreError:
    """The one line for a damaged store file: what is wrong, that it was not touched, what to do."""
    path = Path(path)
    backups = sorted(path.parent.glob(glob.escape(path.name) + ".*bak"), key=lambda p: p.stat().st_mtime)
    remedy = f"restore it from {backups[-1]}" if backups else "restore it from a copy made with `outreach backup`"
    refused = "nothing is written into it until it is restored" if writing else "it was left as it is"
    return StoreError(f"{path} is damaged ({first_line(reason)}); {refused} — {remedy}")


def is_damage(exc: BaseException) -> bool:
    """Whether a SQLite error means the file itself is broken (not a lock or a bad query)."""
    text = str(exc).lower()
    # A text column whose bytes are no longer UTF-8 is a damaged page read as text.
    return "malformed" in text or "not a database" in text or "could not decode to utf-8" in text


def integrity_problem(connection: sqlite3.Connection) -> str | None:
    """The first problem `PRAGMA quick_check` finds in the file, or None for a sound one.

    It reads every page (about half a second for a million calls), so it runs where a
    store is about to be copied or changed wholesale: before a migration and in a backup.
    """
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself cannot run
        return first_line(exc)
    if rows == ["ok"]:
        return None
    problems = [line for row in rows for line in str(row).splitlines() if line and not line.startswith("***")]
    return f"integrity check: {problems[0] if problems else rows[0]}"


def store_failure(target: str, exc: BaseException, doing: str = "store") -> StoreError:
    """A database error as the one line the user sees, naming its true cause and what to do.

    "Damaged" is said only when SQLite's integrity check finds damage: a store SQLite cannot
    write (a read-only folder), a full disk or a lock held too long each say so instead.
    """
    while "cannot rollback" in str(exc) and exc.__context__ is not None:  # SQLite rolled back on its own
        exc = exc.__context__  # (a full disk): Peewee's rollback then fails and hides the cause
    path = sqlite_path(target)
    text = str(exc).lower()
    if path is not None and is_damage(exc):
        problem = _check_file(path)
        if problem is not None:
            return damaged(path, problem)
    if path is not None and "readonly" in text:
        reason = read_only_reason(path) or "SQLite could not write it"
        where = "the store" if reason.startswith("its folder") else "it"
        return StoreError(f"cannot write store {path}: {reason} — make {where} writable, or copy the store to a"
                          " folder you can write and use --db")
    if "disk is full" in text or "disk full" in text:
        where = path.parent if path is not None else describe(target)
        return StoreError(f"cannot write store {describe(target)}: the disk holding {where} is full — free"
                          " some space and run it again (nothing was saved by this command)")
    if "locked" in text or "busy" in text:
        return StoreError(f"store {describe(target)} is busy: another outreach held it too long — let it"
                          " finish (or close it) and run this again")
    return StoreError(f"{doing} {describe(target)}: {first_line(exc)}")


def database_failure(target: str, exc: BaseException) -> StoreError | None:
    """`store_failure` for an error of the database (SQLite's or Peewee's), None for any other."""
    from peewee import DatabaseError as PeeweeError

    if isinstance(exc, (sqlite3.Error, PeeweeError)):
        return store_failure(target, exc)
    return None


def _check_file(path: Path) -> str | None:
    """What the integrity check finds wrong with the store file (None: nothing, or it cannot be read)."""
    try:
        raw = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        return integrity_problem(raw)
    finally:
        raw.close()


def damage_found(target: str) -> StoreError | None:
    """The refusal to write into a SQLite store the integrity check finds damaged, None for a sound
    store, another engine, or a file that cannot be read (what opening it already says)."""
    path = sqlite_path(target)
    if path is None or not path.is_file():
        return None
    problem = _check_file(path)
    return damaged(path, problem, writing=True) if problem is not None else None


def make_database(target: str, create: bool = True) -> Database:
    """A Peewee database for the target, checked but not yet bound to the models."""
    path = sqlite_path(target)
    if path is not None:
        _check_sqlite_file(path, create)
        if path.exists() and read_only_reason(path):
            return _read_only_sqlite(path)
        if create:
            from outreach_tui.output import create_private_file

            create_private_file(path)  # a new store is the user's alone, and so are SQLite's files beside it
        return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if is_postgres_url(target):
        return postgres_database(target)
    raise StoreError(f"--db must be a file path, sqlite:///… or postgresql://…, got {describe(target)!r}")


def _read_only_sqlite(path: Path) -> Database:
    """A store that may not be written here, opened to read: the commands that only read still work,
    and a write is refused by SQLite as read-only (`store_failure` says why). With no -wal beside it
    in a read-only folder, nobody can be writing it, and SQLite is told the file will not change
    (it could not make its -shm there)."""
    pragmas = tuple(pragma for pragma in SQLITE_PRAGMAS if pragma[0] != "journal_mode")
    return SqliteDatabase(read_only_uri(path), uri=True, pragmas=pragmas, lock_type="IMMEDIATE")


def read_only_uri(path: Path) -> str:
    """The URI that opens `path` to read only; immutable in a read-only folder with no -wal beside it."""
    wal = path.with_name(path.name + "-wal")
    immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) and not wal.exists() else ""
    return f"{path.resolve().as_uri()}?mode=ro{immutable}"


def open_store(target: str | os.PathLike, create: bool = True, upgrade: bool = True,
               write: bool = False) -> Database:
    """Bind the models to the store at target, creating or upgrading its schema.

    `write=True` (a command that writes) also refuses a store the integrity check finds damaged.

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
            raise StoreError(f"cannot connect to {describe(target)}: {connect_failure_reason(exc)}") from None
        raise StoreError(f"cannot open store {describe(target)}: {first_line(exc)}") from None
    try:
        (ensure_schema if upgrade else refuse_unless_current)(db, describe(target))
        failure = damage_found(target) if write else None
        if failure is not None:
            raise failure
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


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)
