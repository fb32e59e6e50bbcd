"""Paths and privacy: nothing blocks on a pipe or device where a file is needed, no setting
or path past its bound is a traceback, big fields are said and kept, and what outreach
writes is the user's alone whatever the umask."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from outreach_tui.core.settings import load_settings
from outreach_tui.store.connection import StoreError, open_store
from store_cases import make_book, one_line, run


@pytest.fixture
def book(tmp_path):
    return make_book(tmp_path / "book.db")


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
