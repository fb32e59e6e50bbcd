"""`outreach backup FILE`: a consistent copy of a live SQLite store.

SQLite's online backup API reads one snapshot (WAL mode lets the app keep saving
meanwhile). The copy is written to a temporary file beside FILE, checked with
`PRAGMA quick_check`, and only then renamed into place, so FILE is either a whole,
sound store or not there at all. PostgreSQL books are backed up with pg_dump.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from pathlib import Path

from outreach_tui.store.connection import (
    StoreError,
    damaged,
    integrity_problem,
    open_store,
    sqlite_path,
)
from outreach_tui.store.engines import backup_sqlite


def backup_store(source: str, target: str | os.PathLike, force: bool = False) -> Path:
    """Copy the store at `source` to `target`; the path written, or StoreError saying why not."""
    store = sqlite_path(source)
    if store is None:
        raise StoreError("backup: a PostgreSQL book is backed up with pg_dump (e.g. pg_dump -Fc -f FILE URL)")
    target = Path(target).expanduser()
    _check_target(target, store, force)
    db = open_store(source, create=False)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    try:
        backup_sqlite(db, partial)
        problem = _copy_problem(partial)
        if problem is not None:  # the copy holds what the store held: the store is damaged
            raise damaged(store, problem)
        os.chmod(partial, stat.S_IMODE(store.stat().st_mode))
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def _check_target(target: Path, store: Path, force: bool) -> None:
    if target.is_dir():
        raise StoreError(f"backup: {target} is a folder; name the file to write")
    if not target.parent.exists():
        raise StoreError(f"backup: folder {target.parent} does not exist")
    if not target.parent.is_dir():
        raise StoreError(f"backup: {target.parent} is not a folder")
    if not os.access(target.parent, os.W_OK):
        raise StoreError(f"backup: folder {target.parent} is not writable")
    if target.exists():
        if target.resolve() == store.resolve():
            raise StoreError(f"backup: {target} is the store itself; name another file")
        if not force:
            raise StoreError(f"backup: {target} already exists (--force overwrites it)")


def _copy_problem(path: str) -> str | None:
    copy = sqlite3.connect(path)
    try:
        return integrity_problem(copy)
    finally:
        copy.close()
