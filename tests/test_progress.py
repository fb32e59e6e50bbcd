"""Long work shows progress on a terminal, says what it wrote when done, and is silent when piped."""

import csv
import os
import pty
import subprocess
import sys

import pytest


def outreach(db, *args, terminal: bool) -> tuple[int, str, str]:
    """Run the real command; stderr a terminal (a pty) or a pipe. (code, stdout, stderr)."""
    command = [sys.executable, "-m", "outreach_tui", "--db", str(db), "--as-of", "2026-11-23", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    child.wait(timeout=300)
    return child.returncode, child.stdout.read().decode(), seen.decode()


@pytest.mark.parametrize("terminal", [True, False])
def test_seed_and_export_show_progress_only_on_a_terminal(tmp_path, terminal):
    db = tmp_path / "book.db"
    code, out, err = outreach(db, "seed", "--contacts", "60", terminal=terminal)
    assert code == 0 and out.startswith("Seeded 60 contacts")
    assert ("Seeding" in err and "100%" in err) if terminal else err == ""
    target = tmp_path / "log.csv"
    code, out, err = outreach(db, "export", "-o", target, terminal=terminal)
    with open(target, newline="", encoding="utf-8") as written:
        rows = sum(1 for _ in csv.reader(written)) - 1
    assert code == 0 and out.strip() == f"Exported {rows:,} interactions (csv) to {target}."
    assert ("Exporting" in err and "100%" in err) if terminal else err == ""


@pytest.mark.parametrize("terminal", [True, False])
def test_backup_shows_progress_only_on_a_terminal(tmp_path, terminal):
    db = tmp_path / "book.db"
    assert outreach(db, "seed", "--contacts", "300", terminal=False)[0] == 0
    copy = tmp_path / "copy.db"
    code, out, err = outreach(db, "backup", str(copy), terminal=terminal)
    assert code == 0 and out.strip() == f"Backed up {db} to {copy}."
    assert ("Backing up" in err and "100%" in err) if terminal else err == ""
