"""True messages about a store: the store's own files are never a backup or export target;
"damaged" only when the integrity check agrees, and then no command writes into it; a
read-only folder, a full disk, a busy store and a version record that is no number each say
so; nothing blocks on a pipe; the store and its copies are the user's alone."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from book import add_contact
from conftest import TODAY
from outreach_tui.cli import main
from outreach_tui.core.settings import load_settings
from outreach_tui.store.connection import StoreError, database_failure, open_store, store_failure

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="needs root: to drop to another user, or to mount a small tmpfs")
NOBODY = 65534


def run(*args: str):
    return CliRunner().invoke(main, ["--as-of", TODAY.isoformat(), *args])


def one_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    for number in range(60):
        add_contact(f"Dana Fox {number}", TODAY, last_touch_on=TODAY - timedelta(days=100), notes="n" * 3000)
    db.close()
    return path


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
def test_a_store_in_a_read_only_folder_is_read_and_never_called_damaged(book, shared_tmp):
    tmp_path = shared_tmp
    folder = tmp_path / "rod"
    folder.mkdir()
    store = folder / "b.db"
    os.replace(book, store)
    os.chmod(store, 0o644)
    os.chmod(folder, 0o555)
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
            "outreach: cannot write store rod/b.db: its folder rod is read-only — make it writable, or copy the"
            " store to a folder you can write and use --db"]
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


# --- 5. never hang on a path ---------------------------------------------------------------------


def test_a_settings_file_that_is_a_fifo_is_a_warning_and_the_defaults(tmp_path):
    path = tmp_path / "settings.toml"
    os.mkfifo(path)
    settings, warnings = load_settings(path)
    assert warnings == [f"{path}: is not a regular file (a pipe or a device); using defaults"]


@pytest.mark.parametrize("command", [["today"], ["review"], ["claim"], ["settings", "--check"]])
def test_no_command_waits_on_a_settings_fifo(book, tmp_path, command):
    config = tmp_path / "config" / "outreach"
    config.mkdir(parents=True)
    os.mkfifo(config / "settings.toml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "outreach_tui", "--db", str(book), *command], env=env,
                          capture_output=True, text=True, timeout=60)
    assert "is not a regular file (a pipe or a device); using defaults" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("text, warning", [
    ("[cards]\ncard = inf\n", "[cards] card = inf: must be an amount like 4.00"),
    ("[cards]\ncard = 1e308\n", "[cards] card = 1e+308: must be an amount from 0 to 100000"),
    ("[cards]\nhourly_rate = -inf\n", "[cards] hourly_rate = -inf: must be an amount like 4.00"),
    ("a = " + "[" * 900 + "\n", "not valid TOML (nested too deeply)"),
])
def test_settings_past_every_bound_are_a_warning(tmp_path, text, warning):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    settings, warnings = load_settings(path)
    assert len(warnings) == 1 and warning in warnings[0]
    assert settings.card_costs.card_cents == 400


@pytest.mark.parametrize("node", ["fifo", "/dev/null", "/dev/zero"])
def test_a_store_that_is_a_pipe_or_device_is_refused(tmp_path, node):
    path = tmp_path / "fifo.db" if node == "fifo" else Path(node)
    if node == "fifo":
        os.mkfifo(path)
    with pytest.raises(StoreError, match="is not a regular file"):
        open_store(path)


def test_an_export_into_a_pipe_nobody_reads_is_refused_at_once(book, tmp_path):
    os.mkfifo(tmp_path / "out.csv")
    result = run("--db", str(book), "export", "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 1
    assert one_line(result) == f"outreach: cannot write {tmp_path / 'out.csv'}: a named pipe no program is reading"


def test_a_backup_onto_a_pipe_is_refused(book, tmp_path):
    os.mkfifo(tmp_path / "copy.db")
    result = run("--db", str(book), "backup", str(tmp_path / "copy.db"), "--force")
    assert result.exit_code == 1 and "is not a regular file (a pipe or a device)" in one_line(result)


@pytest.mark.parametrize("target, line", [
    ("~nouser/a.db", "outreach: --db ~nouser/a.db: cannot tell whose home folder ~nouser is; give the store's full path"),
    ("/dev/null", "outreach: /dev/null is not a regular file (a pipe or a device): a store is a file; give another --db"),
])
def test_unresolvable_stores_are_one_line(target, line):
    result = run("--db", target, "today")
    assert result.exit_code == 1 and one_line(result) == line


def test_an_over_long_db_path_is_one_short_line():
    result = run("--db", "a" * 5000, "today")
    assert result.exit_code == 1
    assert one_line(result) == f"outreach: cannot open store {'a' * 100}…(5,000 characters): File name too long"


# --- 8. private at rest --------------------------------------------------------------------------


def test_store_companions_backups_exports_and_the_data_folder_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        assert run("add", "Ann").exit_code == 0  # the default store, in a new data folder
        data = tmp_path / "data" / "outreach"
        store = data / "outreach.db"
        assert run("backup", str(tmp_path / "copy.db")).exit_code == 0
        assert run("export", "-o", str(tmp_path / "out.csv")).exit_code == 0
        raw = sqlite3.connect(store)
        raw.execute("select count(*) from contact").fetchone()
        modes = {path.name: path.stat().st_mode & 0o777
                 for path in (store, data / "outreach.db-wal", data / "outreach.db-shm",
                              tmp_path / "copy.db", tmp_path / "out.csv")}
        raw.close()
    finally:
        os.umask(old)
    assert modes == {name: 0o600 for name in modes}
    assert data.stat().st_mode & 0o777 == 0o700


def test_settings_check_warns_of_a_store_others_can_read(book):
    os.chmod(book, 0o644)
    result = run("--db", str(book), "settings", "--check")
    assert result.exit_code == 1
    assert (f"outreach: {book} can be read by other users of this machine (mode 644): chmod 600 {book}"
            in result.stderr.splitlines())
    os.chmod(book, 0o600)
    assert run("--db", str(book), "settings", "--check").exit_code == 0


# --- 7. big notes stay light ---------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
def test_import_warns_of_a_field_over_64_kb_and_imports_it_whole(book, tmp_path, strict):
    source = tmp_path / "big.csv"
    source.write_text(f"Name,Email,Notes\nAda,ada@example.com,{'x' * 70_000}\nBo,bo@example.com,short\n",
                      encoding="utf-8")
    result = run("--db", str(book), "import", str(source), *(["--strict"] if strict else []))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{source}:2: notes: 70,000 characters, over 64 KB, imported whole (the app's edit form holds its first part)"]
    assert result.stdout.startswith("added 2, merged 0")


def test_an_import_report_into_a_pipe_nobody_reads_is_refused_at_once(book, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("Name,Email\nAda,ada@example.com\n", encoding="utf-8")
    os.mkfifo(tmp_path / "report.csv")
    result = run("--db", str(book), "import", str(source), "--dry-run", "--report", str(tmp_path / "report.csv"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"outreach: cannot write {tmp_path / 'report.csv'}: a named pipe no program is reading")


def test_the_copy_made_before_an_upgrade_is_private_whatever_the_umask(tmp_path):
    old = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "store_v1.db", old)
    previous = os.umask(0)
    try:
        open_store(old).close()
    finally:
        os.umask(previous)
    assert (tmp_path / "old.db.v1.bak").stat().st_mode & 0o777 == 0o600


def test_a_script_file_that_is_a_fifo_or_nested_too_deeply_is_a_warning(tmp_path):
    from outreach_tui.core.cues import load_cue_templates
    from outreach_tui.core.scripts import load_scripts

    folder = tmp_path / "scripts"
    folder.mkdir()
    os.mkfifo(folder / "check_in.toml")
    (folder / "neglected.toml").write_text("a = " + "[" * 900 + "\n", encoding="utf-8")
    (tmp_path / "cues.toml").write_text("a = " + "[" * 900 + "\n", encoding="utf-8")
    warnings = load_scripts(folder).warnings
    assert "scripts/check_in.toml: cannot be read (not a regular file) — using the built-in check_in script" in warnings
    assert "scripts/neglected.toml: not valid TOML (nested too deeply) — using the built-in neglected script" in warnings
    assert load_cue_templates(tmp_path).warnings == (
        f"{tmp_path.name}/cues.toml: not valid TOML (nested too deeply) — using the built-in cues",)
