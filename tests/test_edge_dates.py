"""Odd dates: `--as-of` takes the days the planner can work with (1900–9000) and refuses
others as a usage error; a date past the calendar met anywhere else is one line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from book import add_contact
from conftest import TODAY
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store

PRINTING = [["today"], ["contacts"], ["review"], ["export"], ["export", "--format", "ics"], ["claim"]]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    add_contact("Dana Fox", TODAY, last_touch_on=TODAY - timedelta(days=100))
    db.close()
    return str(path)


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "9001-01-01"])
@pytest.mark.parametrize("args", PRINTING, ids=[" ".join(args) for args in PRINTING])
def test_an_as_of_the_planner_cannot_work_with_is_usage(book, day, args):
    result = run("--db", book, "--as-of", day, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--as-of': must be between 1900-01-01 and 9000-12-31, got '{day}'")


def test_outreach_today_from_the_environment_is_held_to_the_same_days(book):
    result = run("--db", book, "today", env={"OUTREACH_TODAY": "9999-12-31"})
    assert result.exit_code == 2 and "Invalid value for '--as-of': must be between" in result.stderr


@pytest.mark.parametrize("day", ["1900-01-01", "9000-12-31"])
@pytest.mark.parametrize("args", PRINTING, ids=[" ".join(args) for args in PRINTING])
def test_the_first_and_last_day_work(book, day, args):
    result = run("--db", book, "--as-of", day, *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["review", "--week", "9999-W52"], ["review", "--week", "0001-W01"]])
def test_a_week_past_the_calendar_is_a_usage_mistake_naming_the_option(book, args):
    result = run("--db", book, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--week': must be a week between 1900-W01 and 9000-W52, got '{args[-1]}'")
