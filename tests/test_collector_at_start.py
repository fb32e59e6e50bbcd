"""The garbage collector is held while the app starts and goes on once its first frame is drawn.

Nearly everything the start-up imports lasts as long as the app, so the collector's passes
over it, before the first frame, found next to nothing (the first-screen budget,
`benchmarks/bench_first_screen.py`). Held means held only that long: the collector is
back after the first frame, and back too when the start fails.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from outreach_tui.app import make_app
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from ui_fixtures import app_settings, book_file, fixed_clock, screen_text, settle, user_dir

ROOT = Path(__file__).resolve().parent.parent

# `outreach` as the command line starts it, the app itself left out: whether the collector ran
# when the app was to start, and after the command line was done.
START = r"""
import gc, json, sys

import outreach_tui.app

seen = {}


def run_app(*args, **kwargs):
    seen["at_the_app"] = gc.isenabled()
    return 0


outreach_tui.app.run_app = run_app
from outreach_tui.cli import main

try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps({**seen, "after": gc.isenabled()}))
"""


def test_the_command_line_holds_the_collector_until_the_app(tmp_path):
    path = tmp_path / "book.db"
    open_store(path).close()
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}  # the app may start
    run = subprocess.run([sys.executable, "-c", START, "--db", str(path)], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1]) == {"at_the_app": False, "after": True}


def test_a_start_that_fails_gives_the_collector_back(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("not a store\n")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "notes.txt"), "session"])
    assert result.exit_code == 1 and "not an outreach store" in result.output
    assert gc.isenabled()


async def test_the_app_lets_the_collector_go_on_after_its_first_frame(tmp_path):
    path = book_file(tmp_path)
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    gc.disable()  # as the command line hands it over
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "Maria Lopez" in screen_text(app)
            assert gc.isenabled()
    finally:
        gc.enable()
