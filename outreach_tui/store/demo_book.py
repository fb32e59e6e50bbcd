"""Which file the demo book lives in, and whether a store is one.

A demo book is a SQLite file marked in its header (`PRAGMA application_id`), so the
mark needs no schema change and travels with a backup. `outreach demo` builds its
book in a file that is missing, empty or already a demo book, reopens a demo book
unless asked for a fresh one, and never touches a real store (one with contacts or
calls in it that is not marked).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import Database

from outreach_tui.core.text import file_word
from outreach_tui.store.connection import StoreError, sqlite_path

DEMO_APPLICATION_ID = 0x4F44_4D4F  # "ODMO": an outreach demo book

MISSING, EMPTY, DEMO = "missing", "empty", "demo"


def demo_file(target: str) -> Path:
    """The file a demo book can be built in; a one-line StoreError for a database server."""
    path = sqlite_path(target)
    if path is None:
        raise StoreError(f"--db {target.split('://', 1)[0]}://…: the demo book is a SQLite file; give --db a file path")
    return path


def trainee_demo_file(folder: Path, rep: str | None) -> Path:
    """Each trainee's own demo book (`demo-ann.db`), so trainees on one machine never share one;
    `demo.db` without a rep."""
    if not rep:
        return folder / "demo.db"
    return folder / f"demo-{file_word(rep)}.db"


def demo_state(path: Path) -> str:
    """MISSING (no file, or a 0-byte one), EMPTY (a store with nobody in it) or DEMO;
    a StoreError saying so for a real store or a file that is not a store."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return MISSING
    if not path.is_file():
        raise StoreError(f"{path} is not a file: the demo book needs a file of its own")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA application_id").fetchone()[0] == DEMO_APPLICATION_ID:
                return DEMO
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            rows = sum(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                       for table in ("contact", "interaction") if table in tables)
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise StoreError(f"{path} is not a store: the demo book will not overwrite it") from None
    if rows:
        raise StoreError(f"{path} is a real store, not a demo book: give the demo book a file of its own")
    return EMPTY


def is_marked_demo(target: str) -> bool:
    """True for a SQLite store marked a demo book (`seed` marks what it fills)."""
    path = sqlite_path(target)
    if path is None or not path.is_file():
        return False
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA application_id").fetchone()[0] == DEMO_APPLICATION_ID
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


def mark_demo(db: Database) -> None:
    db.execute_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")


def remove_demo(path: Path) -> None:
    """Delete a demo book and its journal files, to build a fresh one."""
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
