"""Who is working: --rep, else OUTREACH_REP, else `rep` in settings.toml, else the login name (issue 24, item 8)."""

from __future__ import annotations

import getpass

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.core.settings import settings_path
from outreach_tui.store.connection import open_store


@pytest.fixture
def book(tmp_path):
    from book import add_contact
    from datetime import date

    path = tmp_path / "book.db"
    open_store(path)
    add_contact("Client", date(2026, 11, 23), last_touch_on=date(2026, 1, 1), value_cents=100)
    return path


def claimed_by(book, *args, env=None) -> str:
    result = CliRunner().invoke(main, ["--db", str(book), "--as-of", "2026-11-23", *args, "claim"], env=env)
    assert result.exit_code == 0, result.output
    CliRunner().invoke(main, ["--db", str(book), "release", "--rep", result.output.split(" for ")[1].split()[0]])
    return result.output.split(" for ")[1].split()[0]


@pytest.mark.parametrize(("option", "env", "setting", "expected"), [
    ("ann", "ben", "cy", "ann"),
    (None, "ben", "cy", "ben"),
    (None, None, "cy", "cy"),
    (None, None, None, getpass.getuser()),
])
def test_the_rep_is_the_first_given(book, option, env, setting, expected):
    if setting:
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text(f'rep = "{setting}"\n')
    args = ["--rep", option] if option else []
    assert claimed_by(book, *args, env={"OUTREACH_REP": env} if env else None) == expected
