"""End to end: the real `outreach import` in a real terminal (tmux): progress while it reads,
then the problems by line and the summary, and everyone the file names in the store."""

from __future__ import annotations

import os
import shlex

from test_e2e_tmux import TIMEOUT, outreach_command, pytestmark, terminal  # noqa: F401  (fixture, skip mark)
from test_import import rows

ROWS = 3000


def test_import_shows_progress_then_the_report_in_a_terminal(tmp_path, terminal):  # noqa: F811
    path = tmp_path / "book.csv"
    lines = ["First Name,Last Name,E-mail Address,Birthday"]
    lines += [f"Person,{n},p{n}@example.com,--{n % 12 + 1:02d}-{n % 28 + 1:02d}" for n in range(ROWS)]
    lines[10] = "Exchange,Person,/o=ExchangeLabs/cn=Recipients/cn=ex1,--02-30"  # line 11 of the file
    path.write_text("\n".join(lines) + "\n")
    store = tmp_path / "book.db"
    env = {"TERM": "xterm-256color", "HOME": str(tmp_path), "PATH": os.environ.get("PATH", ""),
           "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "LANG": "C.UTF-8"}
    command = f"{outreach_command()} --db {shlex.quote(str(store))} --as-of 2026-12-06 import {shlex.quote(str(path))}"
    terminal.start(command, env, width=160, height=20)

    screen = terminal.wait_for("OUTREACH-EXIT=", timeout=TIMEOUT * 3)
    assert "OUTREACH-EXIT=0" in screen, screen
    assert "Checking" in screen and "Importing" in screen and "100%" in screen, screen  # the bars, finished
    assert f"{path}:11: email: '/o=ExchangeLabs/cn=Recipients/cn=ex1' is an Exchange address" in screen, screen
    assert f"{path}:11: birthday: '--02-30' is not a real date, kept in notes" in screen, screen
    assert f"added {ROWS:,}, merged 0, 2 fields kept in notes" in screen, screen
    exchange = [row for row in rows(store) if row["name"] == "Exchange Person"]
    assert exchange[0]["notes"] == ("From import, unreadable email: /o=ExchangeLabs/cn=Recipients/cn=ex1\n"
                                    "From import, unreadable birthday: --02-30")
