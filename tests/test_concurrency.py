"""Two terminals on one SQLite store: writers wait their turn, never "database is locked",
and a writer holding the store never freezes the app."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact, Interaction
from outreach_tui.store.recording import CallRecord, save_call, start_session
from outreach_tui.ui.help_screen import HelpScreen
from outreach_tui.ui.session_screen import SessionScreen
from ui_fixtures import NINE, TODAY, app_settings, build_book, fixed_clock, settle, user_dir

IMPORTERS = 4
ROWS_EACH = 400


def outreach(*args: str, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "outreach_tui", "--db", str(db), "--as-of", TODAY.isoformat(), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def write_contacts_csv(path: Path, prefix: str, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Phone", "Company"])
        for number in range(rows):
            writer.writerow([f"{prefix} Person {number}", f"{prefix.lower()}{number}@example.com",
                             f"555-{number:04d}", f"{prefix} Co"])


def test_four_imports_at_once_on_a_new_store_all_succeed(tmp_path):
    """They also race to create the schema: one makes it, the others wait and use it."""
    db = tmp_path / "book.db"
    files = []
    for number in range(IMPORTERS):
        files.append(tmp_path / f"list{number}.csv")
        write_contacts_csv(files[-1], f"Batch{number}", ROWS_EACH)
    runs = [outreach("import", str(path), db=db) for path in files]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert code == 0, err
        assert "locked" not in err and "Traceback" not in err
    raw = sqlite3.connect(db)
    assert raw.execute("select count(*) from contact").fetchone() == (IMPORTERS * ROWS_EACH,)
    assert raw.execute("select count(*) from schema_version").fetchone() == (1,)
    raw.close()


def test_export_while_a_session_saves_calls(tmp_path):
    """The export reads one snapshot while the rep's saves go on; both finish, neither waits for the other."""
    db = tmp_path / "book.db"
    store = open_store(db)
    ids = build_book()
    session_id = start_session("ann", NINE, 30)
    older = 3000
    with store.atomic():
        Interaction.insert_many(
            [{"contact": ids["Maria"], "rep": "ann", "channel": "call", "reason": "check_in", "outcome": "voicemail",
              "started_at": NINE - timedelta(days=1 + n % 300), "notes": f"old {n}"} for n in range(older)]
        ).execute()
    exported = tmp_path / "calls.jsonl"
    exporter = outreach("export", "-o", str(exported), db=db)
    saved = 0
    contact_ids = list(ids.values())
    while exporter.poll() is None or saved < 20:
        now = NINE + timedelta(seconds=saved)
        save_call(CallRecord(contact_ids[saved % len(contact_ids)], "voicemail", started_at=now,
                             notes=f"live {saved}"), session_id=session_id, rep="ann", now=now)
        saved += 1
    err = exporter.communicate()[1]
    assert exporter.returncode == 0, err
    rows = [json.loads(line) for line in exported.read_text().splitlines()]
    exported_live = sum(row["notes"].startswith("live") for row in rows)
    assert len(rows) - exported_live == older + 1  # every older call, plus the book's own one
    assert 0 <= exported_live <= saved  # a snapshot: some prefix of the live saves, never a torn row
    assert Interaction.select().where(Interaction.notes.startswith("live")).count() == saved
    store.close()


async def test_a_writer_holding_the_store_does_not_freeze_the_app(tmp_path):
    """Another process mid-write: the rep's save waits in its worker, the screen keeps answering keys,
    and the call lands once the other writer commits."""
    path = tmp_path / "book.db"
    open_store(path)
    build_book()
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    other = sqlite3.connect(path, isolation_level=None, timeout=15)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        first = app.session_run.current.contact_id
        other.execute("BEGIN IMMEDIATE")
        other.execute("update contact set notes = notes || ' (edited elsewhere)' where id = ?", (first,))
        await pilot.press("2", "ctrl+s")
        for _ in range(5):
            await pilot.pause()
        assert screen.saving
        await pilot.press("question_mark")  # the UI thread still handles keys while the save waits
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.session_run.index == 0
        assert other.execute("select count(*) from interaction where session_id is not null").fetchone() == (0,)
        other.execute("COMMIT")
        await settle(pilot)
        assert not screen.saving and app.session_run.index == 1
    other.close()
    saved = Interaction.get(Interaction.session.is_null(False))
    assert (saved.contact_id, saved.outcome) == (first, "voicemail")
    assert Contact.get_by_id(first).notes.endswith("(edited elsewhere)")
