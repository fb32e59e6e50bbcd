"""The Review screen driven with Pilot on the hand-built week of `test_review` (W48 2026, seen on Fri 27 Nov).

The figures on screen are the ones `test_review` knows by hand: the screen shows the
same computation as `outreach review`.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from outreach_tui.app import make_app
from outreach_tui.core.clock import Clock, FakeMonotonic
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact, Session
from outreach_tui.ui.plan_screen import PlanScreen
from outreach_tui.ui.review_screen import ReviewScreen
from test_review import FRIDAY, GOALS, build_week
from textual.widgets import Sparkline
from ui_fixtures import HOSTILE_NAME, app_settings, settle, static_text, user_dir


def friday_clock() -> Clock:
    return Clock(as_of=FRIDAY, fixed_time=datetime(2026, 11, 27, 9, 0), monotonic=FakeMonotonic())


@pytest.fixture
def week_app(tmp_path):
    """The app for rep ana on the hand-built week."""
    path = tmp_path / "book.db"
    db = open_store(path)
    people = build_week()
    yield make_app(str(path), friday_clock(), "ana", app_settings(goals=GOALS), user_dir=user_dir(tmp_path)), people
    db.close()


async def open_review(pilot) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def lines(app, selector: str) -> list[str]:
    return [" ".join(line.split()) for line in static_text(app, selector).splitlines()]


async def test_the_teams_week_in_numbers(week_app):
    app, _ = week_app
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        assert lines(app, "#review-title") == ["Week 2026-W48 · Mon 23 Nov – Sun 29 Nov 2026 · whole team this week"]
        assert lines(app, "#review-calls") == ["Calls 6 connected 4 · 67%", "Voicemails 1 talk time 32 min",
                                               "= phone 6 + visits 0", "skipped 1 (not calls)",
                                               "emails 1 · texts 0"]
        assert app.screen.query_one("#review-sparkline", Sparkline).data == [3, 2, 1, 0, 0, 0, 0]
        assert lines(app, "#review-days") == ["M T W T F S S", "3 2 1 · · · ·"]
        assert [line.rsplit(" ", 1)[0] for line in lines(app, "#review-outcomes")] == [
            "Connected 4", "Voicemail 1", "No answer 1", "Skipped 1"]
        assert lines(app, "#review-cards") == [
            "Written 3 mailed 1",
            "Responses 3 called back 1",
            "order increased 1",
            "new items quoted 1",
            "Cost $202.50 = 3 × $67.50",
        ]
        assert lines(app, "#review-follow") == [
            "Referrals 2 given · 1 called",
            "Follow-ups 1 kept · 2 missed",
            "1 still ahead",
            "Quote hits 67% 2 won · 1 lost",
            "Streak 5 days",
            "Goals met 1 of 7 days",
            "M✓ T· W· T· F· S· S·",
        ]
        attention = lines(app, "#review-attention")
        assert attention[0] == "Top 6 took 94% of the last 30 days' call time (44 min in all) · warning above 50%"
        assert [line.split(" ")[0:2] for line in attention[1:]] == [
            ["Lee", "Park"], ["A", "Person"], ["G", "Person"], ["C", "Person"], ["H", "Person"], ["D", "Person"]]
        assert "94% of the last 30 days' call time went to 6 contacts" in static_text(app, "#review-warning")
        assert lines(app, "#review-reflections") == [
            "Mon 23 Nov ana: Wrote the note right after the call", "Wed 25 Nov ben: Lee was glad I called"]


async def test_just_me_and_back_to_the_team(week_app):
    app, _ = week_app
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "· ana" in static_text(app, "#review-title")
        assert lines(app, "#review-calls")[0] == "Calls 5 connected 3 · 60%"
        assert lines(app, "#review-cards")[0] == "Written 2 mailed 1"
        assert lines(app, "#review-follow")[3:5] == ["Quote hits 67% 2 won · 1 lost (team)", "Streak 4 days"]
        assert lines(app, "#review-reflections") == ["Mon 23 Nov ana: Wrote the note right after the call"]
        await pilot.press("t")
        await settle(pilot)
        assert lines(app, "#review-calls")[0] == "Calls 6 connected 4 · 67%"


async def test_moving_between_weeks(week_app):
    app, _ = week_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("right")  # no week after this one
        await settle(pilot)
        assert "2026-W48" in static_text(app, "#review-title")
        await pilot.press("left")
        await settle(pilot)
        assert lines(app, "#review-title") == ["Week 2026-W47 · Mon 16 Nov – Sun 22 Nov 2026 · whole team"]
        assert lines(app, "#review-calls")[0] == "Calls 1 connected 1 · 100%"
        assert lines(app, "#review-follow")[2:4] == ["Quote hits 100% 1 won · 0 lost", "Streak 2 days"]
        assert lines(app, "#review-reflections") == ["Fri 20 Nov ana: last week's: not in this review"]
        await pilot.press("[", "[")
        await settle(pilot)
        assert "2026-W45" in static_text(app, "#review-title")
        assert lines(app, "#review-calls")[0] == "Calls 1 connected 1 · 100%"  # F on Mon 2 Nov
        await pilot.press("]")
        await settle(pilot)
        assert "2026-W46" in static_text(app, "#review-title")
        await pilot.press("full_stop")
        await settle(pilot)
        assert "2026-W48" in static_text(app, "#review-title")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_an_empty_week_and_a_hostile_name(week_app):
    app, people = week_app
    Contact.update(name=HOSTILE_NAME).where(Contact.id == people["Lee"].id).execute()
    Session.update(reflection="[b]felt[/b] \x1b[31mgood").where(Session.rep == "ben").execute()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        top = lines(app, "#review-attention")[1]
        assert top.startswith("[bold]x[/] [@click=app.…")
        assert lines(app, "#review-reflections")[1] == "Wed 25 Nov ben: [b]felt[/b] good"
        await pilot.press("left", "left", "left", "left", "left")  # W43: nothing happened
        await settle(pilot)
        assert "2026-W43" in static_text(app, "#review-title")
        assert lines(app, "#review-calls")[0] == "Calls 0 connected 0 · —"
        assert lines(app, "#review-outcomes") == ["No calls this week."]
        assert app.is_running and date(2026, 10, 19) == app.screen.week_start
