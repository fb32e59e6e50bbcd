"""`outreach backup FILE`: a consistent copy of a live SQLite store.

SQLite's online backup API reads one snapshot (WAL mode lets the app keep saving
meanwhile). The copy is written to a temporary file beside FILE, checked with
`PRAGMA quick_check`, and only then renamed into place, so FILE is either a whole,
sound store or not there at all. PostgreSQL books are backed up with pg_dump.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from outreach_tui.store.connection import (
    StoreError,
    damaged,
    integrity_problem,
    is_damage,
    is_store_file,
    open_store,
    read_only_uri,
    sqlite_path,
    store_failure,
)
from outreach_tui.output import PRIVATE_FILE, temp_beside
from outreach_tui.store.engines import backup_sqlite


def backup_store(source: str, target: str | os.PathLike, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the store at `source` to `target`; the path written, or StoreError saying why not.
    `progress` is told (pages copied, pages in all) as the copy goes (see `backup_sqlite`)."""
    store = sqlite_path(source)
    if store is None:
        raise StoreError("backup: a PostgreSQL book is backed up with pg_dump (e.g. pg_dump -Fc -f FILE URL)")
    target = Path(target).expanduser()
    try:
        _check_target(target, store, force)
    except OSError as exc:  # a name too long, a folder on the way that may not be searched
        raise StoreError(f"backup: cannot write {target}: {exc.strerror or exc}") from None
    db = open_store(source, create=False)
    real = Path(os.path.realpath(target))  # a symlink is written through, to where it points
    try:
        with temp_beside(real, ".partial") as partial:
            backup_sqlite(db, partial, progress)
            problem = _copy_problem(partial)
            if problem is not None:  # the copy holds what the store held: the store is damaged
                raise damaged(store, problem)
            os.chmod(partial, PRIVATE_FILE)
            os.replace(partial, real)
    except sqlite3.Error as exc:
        if is_damage(exc):  # reading the store failed: it is damaged if the integrity check says so
            raise store_failure(source, exc, "backup: cannot read") from None
        # The copy could not be written (a full disk): the copy's folder is at fault, not the store.
        raise StoreError(f"backup: cannot write {target}: {exc} — nothing was left there") from None
    except OSError as exc:
        raise StoreError(f"backup: cannot write {target}: {exc.strerror or exc} — nothing was left there") from None
    return target


def _check_target(target: Path, store: Path, force: bool) -> None:
    if is_store_file(target, store):
        raise StoreError(f"backup: {target} is the store itself or one of its files; name another file")
    if target.is_dir():
        raise StoreError(f"backup: {target} is a folder; name the file to write")
    if not target.parent.exists():
        raise StoreError(f"backup: folder {target.parent} does not exist")
    if not target.parent.is_dir():
        raise StoreError(f"backup: {target.parent} is not a folder")
    if not os.access(target.parent, os.W_OK):
        raise StoreError(f"backup: folder {target.parent} is not writable")
    if target.exists():
        if not target.is_file():
            raise StoreError(f"backup: {target} is not a regular file (a pipe or a device); name a file")
        if not force:
            raise StoreError(f"backup: {target} already exists (--force overwrites it)")


def _copy_problem(path: str) -> str | None:
    copy = sqlite3.connect(path)
    try:
        return integrity_problem(copy)
    finally:
        copy.close()


def store_pages(source: str) -> int | None:
    """How many pages a backup of the SQLite store at `source` copies (the length of its progress
    bar); None when it cannot tell: another engine, or a store that opening will say is wrong."""
    store = sqlite_path(source)
    if store is None or not store.is_file():
        return None
    try:
        raw = sqlite3.connect(read_only_uri(store), uri=True)
        try:
            return raw.execute("PRAGMA page_count").fetchone()[0]
        finally:
            raw.close()
    except sqlite3.Error:
        return None
