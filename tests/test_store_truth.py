"""True messages about a store: the store's own files are never a backup or export target;
"damaged" only when the integrity check agrees, and then no command writes into it; a
read-only folder, a full disk, a busy store and a version record that is no number each say
so (paths and privacy: test_paths_privacy.py)."""

from __future__ import annotations

import os
import sqlite3
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from store_cases import digest, make_book, one_line, run
from outreach_tui.store.connection import database_failure, store_failure

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="needs root: to drop to another user, or to mount a small tmpfs")
NOBODY = 65534


@pytest.fixture
def book(tmp_path):
    return make_book(tmp_path / "book.db")


# --- 1. the store's files are the store's ---------------------------------------------------


@pytest.mark.parametrize("name", ["book.db-wal", "book.db-shm", "book.db-journal", "link.db", "hard.db", "book.db"])
@pytest.mark.parametrize("command", [["backup", "{target}", "--force"], ["export", "--format", "csv", "-o", "{target}"]])
def test_backup_and_export_refuse_the_store_under_any_name(book, name, command):
    (book.parent / "link.db").symlink_to(book)
    os.link(book, book.parent / "hard.db")
    target = book.parent / name
    before = digest(book)
    result = run("--db", str(book), *[part.format(target=target) for part in command])
    assert result.exit_code == 1
    assert "the store itself or one of its files; name another file" in one_line(result)
    assert digest(book) == before
    companion = name.removeprefix("book.db")
    if companion in ("-wal", "-shm", "-journal"):
        assert not target.exists() or target.stat().st_size == 0 or companion == "-shm"


# --- 2. true diagnoses --------------------------------------------------------------------------


@pytest.fixture
def shared_tmp():
    """A folder another user can reach (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="outreach-i25-"))
    os.chmod(folder, 0o777)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir():
            os.chmod(path, 0o755)
    shutil.rmtree(folder)


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "HOME": str(cwd),
           "XDG_CONFIG_HOME": str(cwd / "config"), "XDG_DATA_HOME": str(cwd / "data")}
    return subprocess.run([sys.executable, "-m", "outreach_tui", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=60, user=NOBODY, group=NOBODY, extra_groups=[])


@needs_root
@pytest.mark.parametrize("folder_mode, reason", [
    (0o555, "its folder rod is read-only — make the store writable"),
    (0o777, "the file is read-only — make it writable"),
])
def test_a_store_that_may_not_be_written_is_read_and_never_called_damaged(book, shared_tmp, folder_mode, reason):
    tmp_path = shared_tmp
    folder = tmp_path / "rod"
    folder.mkdir()
    store = folder / "b.db"
    os.replace(book, store)
    os.chmod(store, 0o644)
    os.chmod(folder, folder_mode)
    before = digest(store)
    for command in (["contacts"], ["today"], ["review"], ["export", "-o", str(tmp_path / "x.csv")],
                    ["backup", str(tmp_path / "copy.db")]):
        done = _as_nobody("--db", "rod/b.db", *command, cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr)
        assert "damaged" not in done.stderr
    for command in (["add", "Ann"], ["seed", "--contacts", "2"], ["claim"]):
        done = _as_nobody("--db", "rod/b.db", *command, cwd=tmp_path)
        assert done.returncode == 1, (command, done.stderr)
        assert done.stderr.splitlines() == [
            f"outreach: cannot write store rod/b.db: {reason}, or copy the store to a folder you can write"
            " and use --db"]
    assert digest(store) == before


@needs_root
def test_an_unreadable_store_and_config_folder_are_one_line(book, shared_tmp):
    tmp_path = shared_tmp
    book = Path(shutil.copy(book, tmp_path / "book.db"))
    os.chmod(book, 0o600)
    config = tmp_path / "config" / "outreach"
    config.mkdir(parents=True)
    os.chmod(config, 0o000)
    done = _as_nobody("--db", str(book), "settings", "--check", cwd=tmp_path)
    assert "settings.toml: cannot read (Permission denied); using defaults" in done.stderr
    assert "Traceback" not in done.stderr
    done = _as_nobody("--db", str(book), "today", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"outreach: cannot read store {book}: permission denied — check its owner and mode (ls -l)")


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs: a full disk in a few writes (unmounted lazily: the test's store may still be open)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


@needs_root
def test_a_backup_to_a_full_disk_blames_the_disk_and_leaves_nothing(book, small_disk):
    (small_disk / "filler").write_bytes(b"x" * 800_000)
    result = run("--db", str(book), "backup", str(small_disk / "copy.db"))
    assert result.exit_code == 1
    assert one_line(result) == (f"outreach: backup: cannot write {small_disk / 'copy.db'}: database or disk is full"
                                " — nothing was left there")
    assert [path.name for path in small_disk.iterdir()] == ["filler"]


@needs_root
@pytest.mark.parametrize("command", [["seed", "--contacts", "2000"], ["add", "Ann", "--notes", "x" * 900_000]])
def test_a_full_disk_while_writing_the_store_says_so(small_disk, command):
    store = small_disk / "s.db"
    assert run("--db", str(store), "add", "First").exit_code == 0
    result = run("--db", str(store), *command)
    assert result.exit_code == 1
    assert one_line(result) == (f"outreach: cannot write store {store}: the disk holding {small_disk} is full —"
                                " free some space and run it again (nothing was saved by this command)")


def test_a_rollback_that_hides_a_full_disk_names_the_full_disk(tmp_path):
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")
    except sqlite3.OperationalError as exc:
        line = str(store_failure(str(tmp_path / "b.db"), exc))
    assert line.startswith(f"cannot write store {tmp_path / 'b.db'}: the disk holding {tmp_path} is full")


def test_the_app_s_save_names_a_full_disk_and_leaves_other_errors_alone(tmp_path):
    from peewee import OperationalError

    try:
        try:
            raise OperationalError("database or disk is full")
        except OperationalError:
            raise OperationalError("cannot rollback - no transaction is active")
    except OperationalError as exc:
        assert "the disk holding" in str(database_failure(str(tmp_path / "b.db"), exc))
    assert database_failure(str(tmp_path / "b.db"), ValueError("a bad date")) is None


def test_a_lock_held_too_long_says_the_store_is_busy(tmp_path):
    line = str(store_failure(str(tmp_path / "b.db"), sqlite3.OperationalError("database is locked")))
    assert line == (f"store {tmp_path / 'b.db'} is busy: another outreach held it too long — let it finish"
                    " (or close it) and run this again")


def test_not_a_database_from_a_sound_file_is_never_called_damaged(book):
    line = str(store_failure(str(book), sqlite3.DatabaseError("file is not a database")))
    assert "damaged" not in line


@pytest.mark.parametrize("version", ["'abc'", "-1", "0", "2.5"])
def test_a_version_record_that_is_no_number_is_named(book, version):
    raw = sqlite3.connect(book)
    raw.execute(f"update schema_version set version = {version}")
    raw.commit()
    raw.close()
    before = digest(book)
    result = run("--db", str(book), "today")
    assert result.exit_code == 1
    assert "its version record (table schema_version) holds" in one_line(result)
    assert "restore it from a backup" in one_line(result)
    assert digest(book) == before


# --- 3. a damaged store is refused for writing ---------------------------------------------------


@pytest.fixture
def damaged_book(book):
    size = book.stat().st_size
    with open(book, "r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xde\xad" * 2048)
    return book


@pytest.mark.parametrize("command", [["seed", "--contacts", "3"], ["import", "{csv}"], ["claim"], ["add", "Ann"],
                                     ["log", "1", "--outcome", "connected"], ["release"]])
def test_a_damaged_store_is_refused_by_every_writing_command(damaged_book, tmp_path, command):
    (tmp_path / "in.csv").write_text("Name,Email\nAda,ada@example.com\n", encoding="utf-8")
    before = digest(damaged_book)
    result = run("--db", str(damaged_book), *[part.format(csv=tmp_path / "in.csv") for part in command])
    assert result.exit_code == 1
    assert one_line(result).startswith(f"outreach: {damaged_book} is damaged (")
    assert "nothing is written into it until it is restored" in one_line(result)
    assert digest(damaged_book) == before


def test_a_reading_command_that_meets_the_damage_says_it_is_damaged(damaged_book):
    result = run("--db", str(damaged_book), "contacts", "--format", "json", "--limit", "0")
    assert result.exit_code == 1
    assert one_line(result).startswith(f"outreach: {damaged_book} is damaged (")


async def test_the_app_ends_on_a_damaged_store_before_anything_is_written(damaged_book, tmp_path):
    from outreach_tui.app import make_app
    from ui_fixtures import app_settings, fixed_clock, user_dir

    before = digest(damaged_book)
    app = make_app(str(damaged_book), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if app.store_failure is not None:
                break
            await pilot.pause(0.05)
    assert str(app.store_failure).startswith(f"{damaged_book} is damaged (")
    assert "nothing is written into it until it is restored" in str(app.store_failure)
    assert app.return_code == 1
    assert digest(damaged_book) == before
