"""The store over time: `outreach backup`, damaged stores, stores from a newer program.

A damaged or refused store is reported in one line saying what to do, and its file
is left byte for byte as it was.
"""

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from outreach_tui.store.migrations import latest_version

TODAY = date(2026, 11, 23)
FIRST_SCHEMA = Path(__file__).parent / "fixtures" / "store_v1.db"
PAGE = 4096


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_failure(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("outreach: "), result.output
    return lines[0]


@pytest.fixture
def book(tmp_path) -> Path:
    """A current store with a few hundred rows over many pages, closed and checkpointed.

    Each contact has a call, so every command (export included) reads pages all over the file.
    """
    from datetime import datetime

    from book import add_contact
    from outreach_tui.store.models import Interaction

    path = tmp_path / "book.db"
    db = open_store(path)
    for number in range(300):
        contact = add_contact(f"Person {number:03d}", TODAY, company=f"Company {number}", notes="x" * 200)
        Interaction.create(contact=contact, rep="ann", channel="call", reason="check_in", outcome="connected",
                           started_at=datetime(2026, 11, 20, 9, 0), notes="y" * 200)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def contact_count(path: Path) -> int:
    raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return raw.execute("select count(*) from contact").fetchone()[0]
    finally:
        raw.close()


def damage_page(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    data[page * PAGE: page * PAGE + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


# --- outreach backup ------------------------------------------------------------------


def test_backup_is_a_whole_copy_that_opens(book, tmp_path):
    copy = tmp_path / "copy.db"
    result = run("--db", book, "backup", copy)
    assert result.exit_code == 0, result.output
    assert f"to {copy}" in result.output
    assert contact_count(copy) == 300
    raw = sqlite3.connect(copy)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


def test_backup_while_another_writer_holds_the_store_copies_the_committed_state(book, tmp_path):
    """The app may be mid-save: the copy is the last committed snapshot and waits for nobody."""
    writer = sqlite3.connect(book, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    columns = ", ".join(row[1] for row in writer.execute("pragma table_info(contact)") if row[1] != "id")
    writer.execute(f"insert into contact ({columns}) select {columns} from contact where id = 1")
    try:
        result = run("--db", book, "backup", tmp_path / "copy.db")
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert result.exit_code == 0, result.output
    assert contact_count(tmp_path / "copy.db") == 300
    assert contact_count(book) == 301


def test_backup_refuses_to_overwrite_unless_forced(book, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    line = one_line_failure(run("--db", book, "backup", target))
    assert str(target) in line and "--force" in line
    assert target.read_text() == "keep me"
    assert run("--db", book, "backup", "--force", target).exit_code == 0
    assert contact_count(target) == 300


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing/copy.db", "folder {tmp}/missing does not exist"),
        (".", "is a folder"),
        ("book.db", "is the store itself"),
    ],
)
def test_backup_bad_targets_are_named(book, tmp_path, name, expected):
    before = book.read_bytes()
    line = one_line_failure(run("--db", book, "backup", "--force", tmp_path / name))
    assert expected.format(tmp=tmp_path) in line
    assert book.read_bytes() == before


def test_backup_of_postgresql_says_pg_dump():
    line = one_line_failure(run("--db", "postgresql://ann@localhost:1/book", "backup", "copy.db"))
    assert "pg_dump" in line


def test_backup_of_a_missing_store_writes_nothing(tmp_path):
    line = one_line_failure(run("--db", tmp_path / "none.db", "backup", tmp_path / "copy.db"))
    assert "no store" in line
    assert not (tmp_path / "copy.db").exists() and not (tmp_path / "none.db").exists()


def test_backup_of_a_damaged_store_leaves_no_copy(book, tmp_path):
    damage_page(book, 3)
    before = book.read_bytes()
    line = one_line_failure(run("--db", book, "backup", tmp_path / "copy.db"))
    assert "is damaged (integrity check" in line and "outreach backup" in line
    assert book.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))] == []


# --- damaged and foreign stores -------------------------------------------------------


def damaged_variants(data: bytes) -> dict[str, bytes]:
    return {
        "not SQLite": b"name,phone\nDana,555\n" * 50,
        "cut inside the header": data[:60],
        "cut to a few pages": data[: 5 * PAGE],
        "cut in half": data[: len(data) // 2],
        "zeroed second half": data[: len(data) // 2] + bytes(len(data) - len(data) // 2),
        "bad page size": data[:16] + b"\x00\x07" + data[18:],
    }


@pytest.mark.parametrize("variant", list(damaged_variants(b"x" * 10 * PAGE)))
@pytest.mark.parametrize("command", [["today"], ["contacts"], ["export", "--format", "json"], ["seed"],
                                     ["import", "contacts.csv"], ["review"], ["backup", "copy.db"]])
def test_damaged_store_is_one_line_and_never_touched(book, tmp_path, monkeypatch, variant, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contacts.csv").write_text("Name,Phone\nDana Fox,555-0101\n")
    blob = damaged_variants(book.read_bytes())[variant]
    book.write_bytes(blob)
    line = one_line_failure(run("--db", book, *command))
    assert str(book) in line
    assert ("not an outreach store" in line) if variant == "not SQLite" else ("is damaged" in line)
    assert book.read_bytes() == blob
    assert not (tmp_path / "copy.db").exists()


def test_damage_found_mid_query_is_one_line(book):
    """The header and schema read fine; a page the plan reads does not."""
    data = book.read_bytes()
    for page in range(len(data) // PAGE - 1, 2, -1):  # from the end: a data page the query meets
        damage_page(book, page)
    blob = book.read_bytes()
    line = one_line_failure(run("--db", book, "--as-of", TODAY, "contacts"))
    assert "is damaged" in line and "outreach backup" in line
    assert book.read_bytes() == blob


async def test_damage_the_plan_screen_meets_says_what_to_do(book, tmp_path):
    """Damage past the pages the open checks: the app is running, so the plan screen says it
    inline, in the command line's words (the remedy, not "press r to try again")."""
    from outreach_tui.app import make_app
    from ui_fixtures import app_settings, fixed_clock, screen_text, settle, user_dir

    pages = len(book.read_bytes()) // PAGE
    for page in range(pages // 2, pages):  # the open reads the first pages; the plan reads on
        damage_page(book, page)
    app = make_app(str(book), fixed_clock(), "ann", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(40):  # the plan is read by a worker: on a busy machine it takes a while
            await settle(pilot)
            text = screen_text(app)
            if "Could not load" in text or app.store_failure is not None:
                break
    if app.store_failure is not None:  # the app's own check of every page got there first: it ends,
        text = f"Could not load today's plan: {app.store_failure}"  # and the command line says this
    assert f"Could not load today's plan: {book} is damaged" in text and "outreach backup" in text
    assert "try again" not in text


def test_damaged_older_store_is_not_upgraded_and_points_at_its_bak(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    earlier_bak = tmp_path / "old.db.v1.bak"
    shutil.copyfile(FIRST_SCHEMA, earlier_bak)
    damage_page(path, 4)
    blob, bak = path.read_bytes(), earlier_bak.read_bytes()
    line = one_line_failure(run("--db", path, "today"))
    assert "is damaged (integrity check" in line and f"restore it from {earlier_bak}" in line
    assert path.read_bytes() == blob
    assert earlier_bak.read_bytes() == bak  # the sound copy is not replaced by a damaged one


@pytest.mark.parametrize("command", ["today", "session"])  # session: its start-up reader declines, then this line
def test_newer_store_is_refused_naming_the_schema_it_needs(tmp_path, monkeypatch, command):
    monkeypatch.setenv("OUTREACH_SERVED", "1")  # session off a terminal: as if served, to reach the store
    path = tmp_path / "new.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    raw = sqlite3.connect(path)
    newer = latest_version() + 1  # a number this outreach has no step for
    raw.execute("update schema_version set version = ?", (newer,))
    raw.commit()
    raw.close()
    blob = path.read_bytes()
    line = one_line_failure(run("--db", path, command))
    assert f"newer outreach (schema {newer}" in line and "upgrade outreach" in line
    assert path.read_bytes() == blob
