"""The full-screen commands off a terminal: one line and exit 1, not escape codes and a hang."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main

LINE = "outreach: needs a terminal: try `outreach today`"


@pytest.fixture
def quiet_env(monkeypatch):
    for name in ("TEXTUAL_DRIVER", "OUTREACH_SERVED"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("args", [["session"], [], ["demo"]])
def test_the_app_needs_a_terminal(tmp_path, quiet_env, args):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "book.db"), *args])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [LINE] and result.stdout == ""
    assert not (tmp_path / "book.db").exists()  # nothing made for an app that cannot show


def test_the_practice_screen_needs_one_too_and_names_the_scripted_way(quiet_env):
    result = CliRunner().invoke(main, ["practice", "--scenario", "competitor-price"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "outreach: needs a terminal: try `outreach practice --format text`"]


@pytest.mark.parametrize("env", [{"OUTREACH_SERVED": "1"}, {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}])
def test_a_served_app_or_a_driver_set_on_purpose_goes_on(tmp_path, quiet_env, env):
    """Past the check: here to the store, which is not one, so that line instead."""
    (tmp_path / "notes.txt").write_text("not a store")
    result = CliRunner(env=env).invoke(main, ["--db", str(tmp_path / "notes.txt"), "session"])
    assert result.exit_code == 1 and "not an outreach store" in result.stderr and "terminal" not in result.stderr


def test_a_session_fed_from_nothing_into_a_file_ends_at_once(tmp_path):
    """The real command, as in the issue: `outreach session </dev/null >file` (it used to hang)."""
    env = {k: v for k, v in os.environ.items() if k not in ("TEXTUAL_DRIVER", "OUTREACH_SERVED")}
    out = tmp_path / "out.txt"
    with open(os.devnull) as nothing, open(out, "w") as file:
        done = subprocess.run([sys.executable, "-m", "outreach_tui", "--db", str(tmp_path / "b.db"), "session"],
                              stdin=nothing, stdout=file, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert done.returncode == 1 and done.stderr.strip() == LINE
    assert out.read_text() == ""
