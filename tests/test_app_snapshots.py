"""Snapshots of the Plan, Session and Summary screens at 80x24 and 120x40, and of the
call screen on the seeded demo book at 80x24, 100x30 and 120x40.

The book is hand-built, the clock pinned (date, time of day and a FakeMonotonic
that only moves when a test moves it), and no text field has focus when the
picture is taken (a blinking cursor would make it flaky). Regenerate after a
deliberate change with `pytest tests/test_app_snapshots.py --snapshot-update` and
look at the report before committing the new SVGs.
"""

from __future__ import annotations

import time

import pytest

from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.seeding import seed_book
from textual.widgets import TextArea
from ui_fixtures import TODAY, app_settings, build_book, fixed_clock, into_the_session, settle, user_dir

SIZES = [(80, 24), (120, 40)]
CALL_SIZES = [(80, 24), (100, 30), (120, 40)]


@pytest.fixture
def app(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    build_book()
    # A name: no "your scripts leave your name out" line (test_session_screen_without_a_name has it).
    yield make_app(str(path), fixed_clock(), "demo", app_settings(name="Dana"), user_dir=user_dir(tmp_path))
    db.close()


async def on_plan(pilot) -> None:
    await settle(pilot)


async def in_a_call(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.clock.monotonic.advance(95)
    await pilot.press("1", "j")
    pilot.app.screen.query_one("#notes", TextArea).text = "Loved Mexico; wants the cedar planters in spring."
    pilot.app.screen.tick()
    await settle(pilot)


async def at_the_summary(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.clock.monotonic.advance(150)
    await pilot.press("1", "ctrl+s")
    await settle(pilot)
    pilot.app.clock.monotonic.advance(30)
    await pilot.press("2", "w", "ctrl+s")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_plan_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=on_plan)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=in_a_call)


def test_session_screen_without_a_name(snap_compare, tmp_path):
    """The line over the footer that says how to add a name; the notes above it uncovered."""
    path = tmp_path / "book.db"
    db = open_store(path)
    build_book()
    try:
        app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
        assert snap_compare(app, terminal_size=(80, 24), run_before=in_a_call)
    finally:
        db.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=at_the_summary)


@pytest.fixture
def demo_app(tmp_path, monkeypatch):
    """The demo book as `outreach demo --as-of 2026-11-23` builds it; their local times read in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    path = tmp_path / "demo.db"
    db = open_store(path)
    seed_book(db, contacts=300, seed=7, today=TODAY, reset=True)
    yield make_app(str(path), fixed_clock(), "demo", app_settings(name="Dana"), user_dir=user_dir(tmp_path))
    db.close()
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_plan_on_the_demo_book(snap_compare, demo_app, size):
    """The day at a glance: one line an entry, the first call's reasons beside the list."""
    assert snap_compare(demo_app, terminal_size=size, run_before=on_plan)


@pytest.mark.parametrize("size", CALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_call_screen_on_the_demo_book(snap_compare, demo_app, size):
    """The first call of a trainee who has made none yet (the history is the colleagues')."""
    assert snap_compare(demo_app, terminal_size=size, run_before=into_the_session)
