"""End to end: the real app in tmux, killed mid-call, started again, resumed.

`kill -9` (nothing runs on the way out: the draft written a second after typing is
what survives), and the terminal closing (SIGHUP) or SIGTERM (the app writes what is
on screen at once, then exits with 0). Skipped only when tmux is not installed.
"""

from __future__ import annotations

import os
import shlex
import signal
import time
from pathlib import Path

import pytest

from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Interaction, Session
from test_e2e_tmux import TIMEOUT, TMUX, Terminal, outreach_command
from ui_fixtures import build_book

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (the CI image installs it)")

NOTES = "wants a quote for cedar"


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    term.close()


@pytest.fixture
def book(tmp_path) -> Path:
    store = tmp_path / "book.db"
    open_store(store)
    build_book()
    from outreach_tui.store.models import database

    database.close()
    return store


def environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        "TERM": "xterm-256color",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PATH": os.environ.get("PATH", ""),
        # A checkout other than the installed one (a worktree) runs its own code.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "LANG": "C.UTF-8",
        # What the draft path could not do, for a failure's report (see `shown_log`).
        "OUTREACH_LOG": str(tmp_path / "outreach.log"),
    }


def session_command(store: Path) -> str:
    return f"{outreach_command()} --db {shlex.quote(str(store))} --as-of 2026-11-23 --rep e2e session"


def app_pid(terminal: Terminal) -> int:
    """The outreach process: the child of the pane's shell (`env` execs into it)."""
    shell = int(terminal.tmux("display-message", "-p", "-t", terminal.name, "#{pane_pid}").stdout)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == shell:
                    return int(entry.name)
        time.sleep(0.05)
    raise AssertionError("the app's process was not found")


def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs")


def save_one_call_and_type_notes(terminal: Terminal) -> int:
    terminal.wait_for("contacts to reach today")
    terminal.keys("Enter")
    terminal.wait_for("Call 1 of 7")
    terminal.keys("1")
    terminal.keys("C-s")
    terminal.wait_for("Call 2 of 7")
    terminal.keys("n")
    terminal.wait_for("Leave field")  # in the notes now; before that, letters are keys ("s" skips)
    terminal.keys("-l", NOTES)
    terminal.wait_for(NOTES)
    return app_pid(terminal)


def resume_and_check(terminal: Terminal, tmp_path: Path, store: Path) -> None:
    """Start again: enter resumes on Tom with the notes; Maria's call is in the store once.

    On a new tmux server: the old one exits once its last session is killed, and a client
    that reaches its socket meanwhile fails with "server exited unexpectedly" (the cause
    of this file's occasional failures).
    """
    terminal.close()
    terminal.socket = tmp_path / "again.sock"
    terminal.name = "again"
    terminal.start(session_command(store), environment(tmp_path))
    terminal.wait_for("Resume")
    terminal.keys("Enter")
    screen = terminal.wait_for(NOTES)
    assert "Call 2 of 7" in screen and "Tom Becker" in screen, screen
    db = open_store(store)
    try:
        session = Session.get()
        assert session.ended_at is None
        calls = [(c.contact.name, c.outcome) for c in Interaction.select().where(Interaction.session == session)]
        assert calls == [("Maria Lopez", "connected")]
    finally:
        db.close()


def test_kill_9_mid_call_resumes_with_the_notes(tmp_path, terminal, book):
    terminal.start(session_command(book), environment(tmp_path))
    pid = save_one_call_and_type_notes(terminal)
    time.sleep(2.5)  # the draft promise: in the store at most 2 s after the last key
    os.kill(pid, signal.SIGKILL)
    terminal.wait_for("OUTREACH-EXIT=137")
    terminal.tmux("kill-session", "-t", terminal.name)
    resume_and_check(terminal, tmp_path, book)


@pytest.mark.parametrize("how", ["terminal closed", "SIGTERM"])
def test_terminal_closed_or_sigterm_keeps_what_is_on_screen(tmp_path, terminal, book, how):
    terminal.start(session_command(book), environment(tmp_path))
    pid = save_one_call_and_type_notes(terminal)
    # No wait: the signal itself must write what is on screen.
    if how == "SIGTERM":
        os.kill(pid, signal.SIGTERM)
        terminal.wait_for("OUTREACH-EXIT=0")  # a clean exit, the terminal given back
    else:
        terminal.tmux("kill-session", "-t", terminal.name)  # SIGHUP, and no terminal to write to
    wait_gone(pid)
    terminal.tmux("kill-session", "-t", terminal.name, check=False)
    resume_and_check(terminal, tmp_path, book)
