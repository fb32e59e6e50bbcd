"""End to end, at 80x24: `outreach demo` keeps the practice. A call saved, quit, `outreach
demo` again: the call is still there (today's goals count it);
`outreach demo --fresh`: a new book, nothing made in it yet."""

from __future__ import annotations

import os

import pytest

from test_e2e_tmux import TMUX, Terminal, outreach_command

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (the CI image installs it)")


def test_demo_reopens_its_book_and_fresh_builds_a_new_one(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {"TERM": "xterm-256color", "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
           "PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "LANG": "C.UTF-8",
           "TZ": "UTC"}
    # The global options after the command, as a new user types them.
    command = f"{outreach_command()} demo --contacts 40 --as-of 2026-11-23 --at 14:00 --rep e2e"
    banner = "DEMO BOOK · built Mon 23 Nov · {}"
    for run, (extra, expect) in enumerate([("", banner.format("0 calls made")), ("", banner.format("1 call made")),
                                           (" --fresh", banner.format("0 calls made"))]):
        terminal = Terminal(tmp_path / f"tmux{run}.sock")
        try:
            terminal.start(command + extra, env, width=80, height=24)
            screen = terminal.wait_for(expect, timeout=60)
            if run == 0:
                assert "contacts to reach today" in screen
                terminal.keys("Enter")
                terminal.wait_for("Call 1 of")
                terminal.keys("1")
                terminal.keys("C-s")
                terminal.wait_for("Call 2 of")
            elif run == 1:  # the book reopened, with the call made in it
                assert "Calls            1/10" in screen
            else:
                assert "Calls            0/10" in screen
            terminal.keys("C-q")
            assert "OUTREACH-EXIT=0" in terminal.wait_for("OUTREACH-EXIT=")
        finally:
            terminal.close()
