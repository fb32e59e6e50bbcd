"""The full-screen practice, driven by keys through Pilot: what the trainee sees, and what
the practice book holds afterwards. Snapshots of the call and the debrief at 80x24 and 120x40."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from outreach_tui.core.clock import Clock
from outreach_tui.core.practice.library import load
from outreach_tui.store.models import Interaction, database
from outreach_tui.store.practice_book import open_practice_book
from outreach_tui.store.quotes import list_quotes
from outreach_tui.ui.practice_app import PracticeApp
from ui_fixtures import screen_text, settle, static_text

TODAY = date(2026, 12, 7)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def practice(tmp_path):
    def make(name: str = "competitor-price", seed: int = 7) -> PracticeApp:
        clock = Clock(as_of=TODAY, fixed_time=datetime(2026, 12, 7, 10, 0))
        open_practice_book(tmp_path / "practice.db", seed, TODAY, "trainee")
        return PracticeApp(load(name), seed, clock, "trainee", "Sam")

    yield make
    database.close()


async def test_moves_by_key_bring_replies_and_facts_onto_the_card(practice):
    app = practice()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "PRACTICE" in static_text(app, "#practice-bar")
        assert "Uncovered 0 of 5" in static_text(app, "#practice-facts")
        assert "w Who decides" not in static_text(app, "#practice-moves")  # not a move for the first words
        await pilot.press("w")  # so the key does nothing
        assert app.call.turns == ()
        await pilot.press("o", "h")
        talk = static_text(app, "#practice-transcript")
        assert "1. You: Open personally" in talk and "2. You: How it landed" in talk
        assert app.call.turns[1].reply in talk.replace("\n", " ") or "came in at" in talk
        facts = static_text(app, "#practice-facts")
        assert "Uncovered 2 of 5" in facts and "competitor:" in facts and "personal:" in facts
        assert "w Who decides" in static_text(app, "#practice-moves")


async def test_the_call_ends_in_the_debrief_and_the_quote_is_decided_in_the_book(practice):
    app = practice()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o", "h", "l", "c", "v", "a")
        await settle(pilot)
        text = screen_text(app)
        assert "Outcome: Won" in text and "quote marked won in the practice book" in text
        assert "✓ Opened personally (open-personally, turn 1)" in text
        assert "✓ Found something true to compliment (compliment, turn 4)" in text
        assert "✗ Never asked who else they know (ask-referral)" in text
        assert "Practice hit ratio: 1 won of 1 call (100%)" in text
        quote = next(q for q in list_quotes() if q.id == app.customer.quote_id)
        assert (quote.status, quote.decided_on) == ("won", TODAY)
        saved = Interaction.get(Interaction.contact == app.customer.item.contact_id)
        assert saved.notes.startswith("Practice call: open-personally; how-it-landed")


async def test_several_calls_end_with_a_practice_hit_ratio(practice):
    app = practice()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h", "a")  # cold: the buyer goes with the competitor
        await settle(pilot)
        assert "Outcome: Lost" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert "seed 8 · call 2" in static_text(app, "#practice-bar")
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        assert "Outcome: Follow-up on " in text and "call saved in the practice book" in text
        assert "Practice hit ratio: 0 won of 2 calls (0%); 1 follow-up still open" in text


async def in_the_call(pilot) -> None:
    await settle(pilot)
    await pilot.press("o", "h", "l")
    await settle(pilot)


async def at_the_debrief(pilot) -> None:
    await settle(pilot)
    await pilot.press("o", "h", "p", "a")  # the price given away before asking: a point missed
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_practice_call_snapshot(snap_compare, practice, size):
    assert snap_compare(practice(), terminal_size=size, run_before=in_the_call)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_practice_debrief_snapshot(snap_compare, practice, size):
    assert snap_compare(practice(), terminal_size=size, run_before=at_the_debrief)


async def test_question_mark_explains_every_move(practice):
    app = practice()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = static_text(app, "#reading-text")
        assert "p  Cut the price" in text and "gives money away" in text
        await pilot.press("escape", "o")
        assert [turn.move for turn in app.call.turns] == ["open-personally"]
