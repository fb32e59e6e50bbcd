"""End to end: the real `outreach session` in a real terminal (tmux), driven by keys.

At 80x24 (a default terminal): the first call shows why and what to mention with no
key pressed; then records two calls, quits with ctrl+q, and checks the store. Skipped only when tmux
is not installed (CI installs it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Interaction, Session
from ui_fixtures import build_book

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (the CI image installs it)")

TIMEOUT = 20.0


class Terminal:
    def __init__(self, socket: Path, name: str = "outreach") -> None:
        self.socket = socket
        self.name = name

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([TMUX, "-S", str(self.socket), *args], capture_output=True, text=True)
        if check and done.returncode:  # say why: a bare exit status hid a tmux race once
            raise AssertionError(f"tmux {' '.join(args[:3])} failed ({done.returncode}): {done.stderr.strip()}")
        return done

    def start(self, command: str, env: dict[str, str], width: int = 100, height: int = 30) -> None:
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # Keep the pane open after the app ends so the exit status can be read.
        script = f"env {exports} {command}; echo OUTREACH-EXIT=$?; sleep 60"
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), "sh", "-c", script)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear within {timeout:.0f}s; the screen was:\n{screen}")

    def close(self) -> None:
        self.tmux("kill-server", check=False)


def outreach_command() -> str:
    found = shutil.which("outreach")
    return shlex.quote(found) if found else f"{shlex.quote(sys.executable)} -m outreach_tui"


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    term.close()


def test_two_calls_recorded_with_keys_in_a_real_terminal(tmp_path, terminal):
    store = tmp_path / "book.db"
    db = open_store(store)
    build_book()
    db.close()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "TERM": "xterm-256color",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PATH": os.environ.get("PATH", ""),
        # A checkout other than the installed one (a worktree) runs its own code.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "LANG": "C.UTF-8",
    }
    terminal.start(f"{outreach_command()} --db {shlex.quote(str(store))} --as-of 2026-11-23 --rep e2e session", env,
                   width=80, height=24)

    terminal.wait_for("contacts to reach today")
    terminal.keys("Enter")
    terminal.wait_for("Call 1 of 7")
    # Maria Lopez, back today: her reason and her first cue are on screen right after enter.
    screen = terminal.wait_for("★ Last time they mentioned: Talked about the spring order;")
    assert "back today from Mexico" in screen and "Notes" in screen, screen
    assert "it's e2e" not in screen  # a login-like --rep is never said as a name
    assert "Your scripts leave your name out. ctrl+p → Your name in scripts adds it." in screen, screen
    terminal.keys("1")
    terminal.keys("C-s")
    terminal.wait_for("Call 2 of 7")
    terminal.keys("2")
    terminal.keys("C-s")
    terminal.wait_for("Call 3 of 7")
    terminal.keys("C-q")
    screen = terminal.wait_for("OUTREACH-EXIT=")
    assert "OUTREACH-EXIT=0" in screen, screen

    db = open_store(store)
    try:
        calls = list(Interaction.select().where(Interaction.session.is_null(False)).order_by(Interaction.id))
        assert [(call.outcome, call.rep) for call in calls] == [("connected", "e2e"), ("voicemail", "e2e")]
        assert Session.get().ended_at is not None
    finally:
        db.close()
