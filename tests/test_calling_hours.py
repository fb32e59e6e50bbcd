"""Calling hours (issue 14, rule 5) across time zones, with a fixed clock.

They never change the plan's order; `today --format json` says each contact's local
time and whether they can be called now; the session says "22:40 for them" and `l`
puts the contact off to when their window opens this session, or to tomorrow.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.app import make_app
from outreach_tui.cli import main
from outreach_tui.core.calling import calling_time, deferred_index
from outreach_tui.core.clock import Clock, FakeMonotonic
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact, Interaction
from ui_fixtures import TODAY, app_settings, build_book, screen_text, settle, static_text, user_dir

# 13:40 UTC on Monday 23 November 2026: 08:40 in New York, 13:40 in London, 22:40 in Tokyo.
NOW_UTC = datetime(2026, 11, 23, 13, 40, tzinfo=timezone.utc)


@pytest.fixture
def utc_machine(monkeypatch):
    """This machine's clock reads UTC, so a naive 13:40 is NOW_UTC wherever the tests run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("zone", "local", "callable_now", "opens_in"), [
    ("America/New_York", "08:40", False, timedelta(minutes=20)),  # opens later in a session
    ("Europe/London", "13:40", True, None),
    ("Asia/Tokyo", "22:40", False, None),  # closed: tomorrow
    ("America/Los_Angeles", "05:40", False, timedelta(hours=3, minutes=20)),
    ("Asia/Kolkata", "19:10", False, None),
])
def test_each_contact_is_judged_by_their_own_clock(zone, local, callable_now, opens_in):
    hours = calling_time(zone, NOW_UTC, (9, 17))
    assert (hours.local_text, hours.callable_now, hours.opens_in) == (local, callable_now, opens_in)
    assert hours.notice == ("" if callable_now else f"{local} for them")


def test_the_window_is_the_setting_and_its_end_is_open():
    assert calling_time("Europe/London", NOW_UTC, (8, 13)).notice == "13:40 for them"
    assert calling_time("Europe/London", NOW_UTC.replace(hour=8, minute=0), (8, 13)).callable_now
    assert calling_time("", NOW_UTC, (9, 17)).callable_now  # no zone: the rep's own clock
    assert calling_time("Mars/Base", NOW_UTC.replace(hour=22), (9, 17)).notice == "outside calling hours"


def test_a_put_off_contact_waits_for_the_call_when_their_window_is_open():
    twenty = timedelta(minutes=20)
    assert deferred_index(0, 12, twenty, remaining_s=30 * 60, minutes_per_call=3) == 7
    assert deferred_index(0, 4, twenty, remaining_s=30 * 60, minutes_per_call=3) == 3  # the end of the list
    assert deferred_index(0, 12, twenty, remaining_s=10 * 60, minutes_per_call=3) is None  # after the session
    assert deferred_index(0, 12, None, remaining_s=30 * 60, minutes_per_call=3) is None  # closed for today
    assert deferred_index(3, 4, twenty, remaining_s=30 * 60, minutes_per_call=3) is None  # no one else to call


@pytest.fixture
def zoned_book(tmp_path):
    """The hand-built book, its first three calls in Tokyo, New York and London."""
    path = tmp_path / "book.db"
    db = open_store(path)
    ids = build_book()
    for name, zone in (("Maria", "Asia/Tokyo"), ("Tom", "America/New_York"), ("Ken", "Europe/London")):
        Contact.update(timezone=zone).where(Contact.id == ids[name]).execute()
    db.close()
    return path


def test_today_json_carries_local_time_and_never_reorders(zoned_book, utc_machine):
    def today(at: str) -> list[dict]:
        result = CliRunner().invoke(main, ["--db", str(zoned_book), "--as-of", TODAY.isoformat(), "--at", at,
                                           "today", "--format", "json", "--limit", "0"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    afternoon, morning = today("13:40"), today("09:30")
    by_name = {item["name"]: item for item in afternoon}
    assert (by_name["Maria Lopez"]["local_time"], by_name["Maria Lopez"]["callable_now"]) == ("22:40", False)
    assert (by_name["Tom Becker"]["local_time"], by_name["Tom Becker"]["callable_now"]) == ("08:40", False)
    assert (by_name["Ken Ito"]["local_time"], by_name["Ken Ito"]["callable_now"]) == ("13:40", True)
    assert by_name["Ana Silva"]["local_time"] is None and by_name["Ana Silva"]["callable_now"]
    assert [item["contact_id"] for item in afternoon] == [item["contact_id"] for item in morning]


def test_a_bad_time_of_day_is_a_usage_mistake_naming_the_option(zoned_book):
    result = CliRunner().invoke(main, ["--db", str(zoned_book), "--at", "25:00", "today"])
    assert result.exit_code == 2  # like every bad option value
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--at': must be a time of day like 09:30, got '25:00'")


async def test_the_session_says_their_time_and_puts_them_off(tmp_path, zoned_book, utc_machine):
    clock = Clock(as_of=TODAY, fixed_time=datetime(2026, 11, 23, 13, 40), monotonic=FakeMonotonic())
    app = make_app(str(zoned_book), clock, "demo", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan_text = screen_text(app)
        assert "22:40 for them" in plan_text and "08:40 for them" in plan_text  # the plan marks them
        assert "13:40 for them" not in plan_text
        await pilot.press("enter")
        await settle(pilot)
        run = app.session_run
        assert [item.name for item in run.items[:3]] == ["Maria Lopez", "Tom Becker", "Ken Ito"]
        total = run.total

        # Tokyo has closed for the day: out of this session, tomorrow's plan has her.
        assert "22:40 for them" in static_text(app, "#card-head")
        await pilot.press("l")
        await settle(pilot)
        assert "Maria Lopez" not in [item.name for item in run.items] and run.total == total - 1

        # New York opens in 20 minutes, inside this 30-minute session: later in the list.
        assert run.current.name == "Tom Becker"
        assert "08:40 for them" in static_text(app, "#card-head")
        await pilot.press("l")
        await settle(pilot)
        assert run.current.name == "Ken Ito"
        assert [item.name for item in run.items].index("Tom Becker") == min(7, run.total - 1)

        # London is open: no notice, and `l` does nothing.
        assert "for them" not in static_text(app, "#card-head")
        await pilot.press("l")
        await settle(pilot)
        assert run.current.name == "Ken Ito"
    assert not Interaction.select().where(Interaction.session.is_null(False)).exists()  # putting off records nothing


def test_as_of_and_at_make_one_clock():
    clock = Clock(as_of=date(2026, 11, 23), at=datetime(2000, 1, 1, 21, 30).time())
    assert clock.now() == datetime(2026, 11, 23, 21, 30)


def test_the_real_command_says_their_time_and_l_puts_them_off(tmp_path, zoned_book):
    """`outreach --at 13:40 session` in tmux: the plan marks Tokyo, the call says so, `l` takes her out."""
    import os
    import shlex

    from test_e2e_tmux import TMUX, Terminal, outreach_command

    if TMUX is None:
        pytest.skip("tmux is not installed (the CI image installs it)")
    home = tmp_path / "home"
    home.mkdir()
    env = {"TERM": "xterm-256color", "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "PATH": os.environ.get("PATH", ""),
           "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "LANG": "C.UTF-8", "TZ": "UTC"}
    terminal = Terminal(tmp_path / "tmux.sock")
    try:
        terminal.start(f"{outreach_command()} --db {shlex.quote(str(zoned_book))} --as-of 2026-11-23 --at 13:40"
                       " --rep e2e session", env, width=120, height=40)
        assert "contacts to reach today" in terminal.wait_for("22:40 for them")  # the plan marks her
        terminal.keys("Enter")
        terminal.wait_for("Call 1 of 7")
        screen = terminal.wait_for("22:40 for them")  # on the card, once the call is read
        assert "Maria Lopez" in screen and "Call 1 of 7" in screen
        terminal.keys("l")
        terminal.wait_for("Call 1 of 6")
        screen = terminal.wait_for("08:40 for them")
        assert "Tom Becker" in screen and "Call 1 of 6" in screen
        terminal.keys("C-q")
        assert "OUTREACH-EXIT=0" in terminal.wait_for("OUTREACH-EXIT=")
    finally:
        terminal.close()


async def test_a_call_with_input_is_not_put_off(tmp_path, zoned_book, utc_machine):
    clock = Clock(as_of=TODAY, fixed_time=datetime(2026, 11, 23, 13, 40), monotonic=FakeMonotonic())
    app = make_app(str(zoned_book), clock, "demo", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2", "l")  # voicemail picked: the call happened
        await settle(pilot)
        assert app.session_run.current.name == "Maria Lopez" and app.session_run.total == 7
