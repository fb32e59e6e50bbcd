"""A backup tells its progress page by page, and still finishes when the store is written meanwhile.

SQLite starts a stepped copy again when another connection writes between steps (the app
saving a call while `outreach backup` runs); the copy is then made in one step.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from outreach_tui.store import engines
from outreach_tui.store.backup import backup_store, store_pages
from outreach_tui.store.connection import open_store
from outreach_tui.store.seeding import seed_book


def _seeded(tmp_path, contacts: int = 200):
    path = tmp_path / "book.db"
    db = open_store(path)
    seed_book(db, contacts=contacts, seed=5, today=date(2026, 11, 23))
    db.close()
    return path


def _contacts(path) -> int:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA quick_check").fetchone() == ("ok",)
        return raw.execute("SELECT COUNT(*) FROM contact").fetchone()[0]
    finally:
        raw.close()


def test_progress_climbs_to_every_page(tmp_path, monkeypatch):
    path = _seeded(tmp_path)
    monkeypatch.setattr(engines, "BACKUP_STEP_PAGES_MIN", 8)  # many steps, even for a small book
    seen: list[tuple[int, int]] = []
    backup_store(str(path), tmp_path / "copy.db", progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1] == store_pages(str(path))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert _contacts(tmp_path / "copy.db") == _contacts(path)


def test_a_store_written_between_steps_is_still_copied_whole(tmp_path, monkeypatch):
    path = _seeded(tmp_path)
    monkeypatch.setattr(engines, "BACKUP_STEP_PAGES_MIN", 8)
    writer = sqlite3.connect(path, isolation_level=None)
    writes = []

    def save_a_contact_meanwhile(done: int, total: int) -> None:
        # The app saving after every step: a stepped copy alone would begin again for ever.
        assert len(writes) < 1000, "the copy kept starting again behind the writes"
        writer.execute("UPDATE contact SET name = ? WHERE id = 1", (f"Renamed {len(writes)}",))
        writes.append(done)

    backup_store(str(path), tmp_path / "copy.db", progress=save_a_contact_meanwhile)
    writer.close()
    assert writes and _contacts(tmp_path / "copy.db") == _contacts(path)
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT name FROM contact WHERE id = 1").fetchone() == (f"Renamed {len(writes) - 1}",)
    copy.close()
