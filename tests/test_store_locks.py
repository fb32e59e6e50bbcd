"""A store opened a second time in one process keeps its locks.

Closing any file a process has open drops every fcntl lock the process holds on it,
SQLite's included. The second open once read the store's header with Python's own
`open()`: then another process, closing its connection, took itself for the store's
last user and deleted the -wal this process was still writing (the demo book reopened
as "damaged", its calls gone).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from outreach_tui.store.connection import make_database, open_store
from outreach_tui.store.models import Contact


def _read_and_close_in_another_process(path) -> None:
    reader = f"import sqlite3; c = sqlite3.connect({str(path)!r}); c.execute('select * from contact').fetchall(); c.close()"
    subprocess.run([sys.executable, "-c", reader], check=True)


def test_another_process_closing_leaves_the_wal_this_one_writes(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(str(path))
    try:
        Contact.create(name="Ann Lee", created_on=date(2026, 11, 23))  # a write, still in the -wal
        make_database(str(path))  # a second open's checks, as the app made after the command line's
        _read_and_close_in_another_process(path)
        assert path.with_name("book.db-wal").exists(), "another process deleted the -wal this one has open"
    finally:
        db.close()


def test_a_file_that_is_no_database_is_still_refused_in_one_line(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database, but notes")
    try:
        make_database(str(path))
    except Exception as exc:
        assert str(exc) == f"{path} is not an outreach store (not a SQLite database)"
    else:
        raise AssertionError("a text file was taken for a store")
