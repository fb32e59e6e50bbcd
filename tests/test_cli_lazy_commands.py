"""The commands kept in modules of their own are imported only when one of them is asked for.

`outreach` (the app) and `outreach today` are the everyday starts: importing every command's
module (and building its options) before them is start-up time the rep waits through (the
first-screen budget, `benchmarks/bench_first_screen.py`). Each start here runs in a fresh
Python, as the command line starts, and says which modules it had imported.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from outreach_tui.cli import ELSEWHERE, main
from ui_fixtures import NINE, book_file

ROOT = Path(__file__).resolve().parent.parent
MODULES_ELSEWHERE = sorted(set(ELSEWHERE.values()))

# The command line as `outreach` runs it, then the modules it imported. The app itself is left
# out, but not its start: the start-up reader is forked and the store found current for it.
START = r"""
import json, sys

import outreach_tui.app

outreach_tui.app.run_app = lambda *args, **kwargs: 0
from outreach_tui.cli import main

try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:  # the app's exit code
    pass
print(json.dumps(sorted(sys.modules)))
"""


def loaded_by(args: list[str]) -> tuple[set[str], str]:
    """The modules `outreach ARGS` imported, and what it printed."""
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}  # the app may start
    run = subprocess.run([sys.executable, "-c", START, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    *output, modules = run.stdout.splitlines()
    return set(json.loads(modules)), "\n".join(output)


def book(tmp_path: Path) -> str:
    return str(book_file(tmp_path))


def test_the_app_starts_without_the_other_commands_modules(tmp_path):
    modules, _ = loaded_by(["--db", book(tmp_path), "--as-of", NINE.date().isoformat(), "--rep", "ann"])
    assert "outreach_tui.prefetch" in modules  # the session's own start ran
    assert [name for name in MODULES_ELSEWHERE if name in modules] == []


def test_today_runs_without_the_other_commands_modules(tmp_path):
    modules, output = loaded_by(["--db", book(tmp_path), "--as-of", NINE.date().isoformat(), "today"])
    assert "Maria Lopez" in output
    assert [name for name in MODULES_ELSEWHERE if name in modules] == []


def test_a_command_kept_elsewhere_loads_its_own_module_only(tmp_path):
    modules, output = loaded_by(["--db", book(tmp_path), "claims"])
    assert "No one holds a claim." in output
    assert [name for name in MODULES_ELSEWHERE if name in modules] == ["outreach_tui.cli_team"]


def test_each_module_names_its_commands_where_the_group_looks_for_them():
    for module in MODULES_ELSEWHERE:
        names = {command.name for command in importlib.import_module(module).COMMANDS}
        assert names == {name for name, kept in ELSEWHERE.items() if kept == module}, module


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = set(re.findall(r"^  (\S+)", result.output.split("Commands:\n")[1], re.MULTILINE))
    here = {name for name, command in main.commands.items() if command.callback.__module__ == "outreach_tui.cli"}
    assert {"session", "today", "demo"} <= here
    assert listed == here | set(ELSEWHERE)


def test_a_mistyped_command_is_matched_against_every_command():
    """click's "Did you mean" draws on the commands the group holds: all of them, loaded for a name of none."""
    run = subprocess.run([sys.executable, "-m", "outreach_tui", "sed"], capture_output=True, text=True, cwd=ROOT,
                         timeout=60)
    assert run.returncode == 2
    assert "No such command 'sed'. Did you mean 'seed'?" in run.stderr
