"""The session app driven with Pilot: a whole session, every outcome, the store afterwards."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from outreach_tui.app import make_app
from outreach_tui.core.dates import add_working_days
from outreach_tui.core.text import file_word
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence, Card, Contact, Interaction, Referral, Session, SessionDraft
from outreach_tui.ui.plan_screen import PlanScreen
from outreach_tui.ui.session_screen import SessionScreen
from outreach_tui.ui.summary_screen import SummaryScreen
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea
from ui_fixtures import TODAY, app_settings, book, fixed_clock, new_app, screen_text, settle, static_text, user_dir


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[_character_to_key(char) for char in text])


async def start(pilot) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, PlanScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionScreen)


def session_calls() -> int:
    """Interactions recorded by a session (the book has older ones)."""
    return Interaction.select().where(Interaction.session.is_null(False)).count()


def current_name(app) -> str:
    return app.session_run.current.name


async def test_a_whole_session_covers_every_outcome(tmp_path, book):
    path, ids = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        clock = app.clock
        order = [item.name for item in app.session_run.items]
        assert order[0] == "Maria Lopez" and len(order) == 7

        # 1. Connected, with notes, their view, +3w, a referral and a card.
        assert current_name(app) == "Maria Lopez"
        clock.monotonic.advance(125)
        await pilot.press("1", "n")
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Great trip")
        await pilot.press("escape")
        assert app.focused is None
        await pilot.press("t")
        assert app.focused.id == "their-view"
        app.focused.value = "glad I remembered"
        await pilot.press("escape", "d")
        await type_text(pilot, "+3w")
        assert "Mon 14 Dec 2026" in static_text(app, "#next-touch-reading")
        await pilot.press("escape", "r")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id.startswith("referral-name")
        await type_text(pilot, "Bob Stone")
        await pilot.press("tab")
        app.focused.value = "bob@stone.example"
        await pilot.press("escape", "c")
        assert "thank-you card" in static_text(app, "#card-choice")
        await pilot.press("ctrl+s")
        await settle(pilot)

        # 2. Voicemail: no next touch typed, so two working days; the life event's card stays.
        assert current_name(app) == "Tom Becker"
        assert "congratulations card" in static_text(app, "#card-choice")
        clock.monotonic.advance(40)
        await pilot.press("2", "ctrl+s")
        await settle(pilot)

        # 3. Do not contact. (Issue 14: Ken's follow-up date is a dated moment, so he comes
        # before the routine calls now, and the thoughtfulness pick, Grace, right after him.)
        assert current_name(app) == "Ken Ito"
        await pilot.press("6", "ctrl+s")
        await settle(pilot)

        # 4. Wrong number.
        assert current_name(app) == "Grace Hall"
        await pilot.press("5", "ctrl+s")
        await settle(pilot)

        # 5. No answer, saved from inside a text field.
        assert current_name(app) == "Ana Silva"
        await pilot.press("3", "n")
        await type_text(pilot, "rang 8 times")
        await pilot.press("ctrl+s")
        await settle(pilot)

        # 6. Out of office: where, why and the return date.
        assert current_name(app) == "Dale Cooper"
        await pilot.press("4")
        assert app.screen.query_one("#away").display
        assert app.focused.id == "away-place"  # picking out of office goes straight to "where"
        await type_text(pilot, "Lisbon")
        await pilot.press("tab")
        app.focused.value = "trade fair"
        await pilot.press("tab")
        await type_text(pilot, "2026-12-01")
        assert "Tue 1 Dec 2026" in static_text(app, "#away-back-reading")
        await pilot.press("ctrl+s")
        await settle(pilot)

        # 7. Skipped with the skip key, the last call: the summary follows.
        assert current_name(app) == "Priya Shah"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Calls" in text and "Referrals" in text

    interactions = {i.contact.name: i for i in Interaction.select().join(Contact).where(Interaction.session.is_null(False))}
    assert {name: i.outcome for name, i in interactions.items()} == {
        "Maria Lopez": "connected", "Tom Becker": "voicemail", "Ana Silva": "no_answer",
        "Dale Cooper": "out_of_office", "Ken Ito": "do_not_contact", "Priya Shah": "skipped",
        "Grace Hall": "wrong_number",
    }
    session = Session.get()
    assert session.ended_at is not None
    assert all(i.session_id == session.id for i in interactions.values())

    maria = Contact.get_by_id(ids["Maria"])
    call = interactions["Maria Lopez"]
    assert call.notes == "Great trip"
    assert call.their_view == "glad I remembered"
    assert call.reason == "back_from_absence"
    assert call.duration_s == 125
    assert maria.last_touch_on == TODAY and maria.last_contact_on == TODAY
    assert maria.next_touch_on == TODAY + timedelta(weeks=3)
    assert Absence.get(Absence.contact == maria).acknowledged_on == TODAY
    referral = Referral.get()
    assert (referral.name, referral.email, referral.referred_by_id) == ("Bob Stone", "bob@stone.example", maria.id)
    bob = Contact.get(Contact.name == "Bob Stone")
    assert bob.relationship == "prospect" and referral.contact_id == bob.id
    cards = {c.contact.name: c for c in Card.select().join(Contact)}
    assert cards["Maria Lopez"].kind == "thank_you" and cards["Maria Lopez"].status == "to_write"

    tom = Contact.get_by_id(ids["Tom"])
    assert tom.next_touch_on == add_working_days(TODAY, 2) == date(2026, 11, 25)
    assert tom.last_touch_on == TODAY - timedelta(days=50)  # a voicemail is not a personal touch
    assert cards["Tom Becker"].kind == "congratulations" and cards["Tom Becker"].life_event_id is not None

    assert interactions["Ana Silva"].notes == "rang 8 times"
    away = Absence.get((Absence.contact == ids["Dale"]) & (Absence.place == "Lisbon"))
    assert (away.why, away.returns_on) == ("trade fair", date(2026, 12, 1))
    assert Contact.get_by_id(ids["Ken"]).do_not_contact
    assert Contact.get_by_id(ids["Priya"]).last_touch_on == TODAY - timedelta(days=100)
    assert set(cards) == {"Maria Lopez", "Tom Becker", "Dale Cooper"}  # a neglected customer gets the thank-you
    assert cards["Dale Cooper"].kind == "thank_you"
    assert Contact.get_by_id(ids["Dale"]).last_contact_on == TODAY


async def test_saving_without_an_outcome_says_so_and_saves_nothing(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("n")
        await type_text(pilot, "some notes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Pick an outcome first" in static_text(app, "#form-message")
        assert current_name(app) == "Maria Lopez"
        assert session_calls() == 0
        # A bad next-touch phrase is refused the same way.
        await pilot.press("escape", "1", "d")
        await type_text(pilot, "someday")
        assert "can't read" in static_text(app, "#next-touch-reading")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Next touch" in static_text(app, "#form-message")
        assert session_calls() == 0
        # A calendar date as a rep says it reads back live, as the phrases do.
        for typed, reading in (("dec 1", "Tue 1 Dec 2026"), ("1/5/2027", "Tue 5 Jan 2027")):
            app.screen.query_one("#next-touch", Input).value = typed
            await settle(pilot)
            assert reading in static_text(app, "#next-touch-reading")
        # A referral without a phone or email too.
        app.screen.query_one("#next-touch", Input).value = ""
        await pilot.press("escape", "r")
        await settle(pilot)
        await type_text(pilot, "Bob")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Referral 1: a phone number or an email is needed" in static_text(app, "#form-message")
        assert session_calls() == 0


async def test_digits_type_into_text_fields_and_pick_outcomes_outside(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert app.focused is None
        await pilot.press("n", "4", "2")
        assert app.screen.query_one("#notes", TextArea).text == "42"
        assert app.screen.form.outcome is None
        await pilot.press("escape", "4")
        assert app.screen.form.outcome == "out_of_office"
        assert app.focused.id == "away-place"
        await pilot.press("escape", "2")
        assert app.screen.form.outcome == "voicemail"
        assert not app.screen.query_one("#away").display


async def test_the_countdown_reaching_zero_shows_a_notice_without_interrupting(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path, session_minutes=30)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        screen = app.screen
        await pilot.press("n")
        await type_text(pilot, "mid")
        app.clock.monotonic.advance(29 * 60 + 30)
        screen.tick()
        assert "00:30" in static_text(app, "#hdr-timers")
        assert not screen.query_one("#times-up").display
        app.clock.monotonic.advance(45)
        screen.tick()
        await pilot.pause()
        assert screen.query_one("#times-up").display
        assert "Time's up" in static_text(app, "#times-up")
        assert "time's up +00:15" in static_text(app, "#hdr-timers")
        # The call goes on: still in the notes, still this contact, typing still works.
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "dle")
        assert screen.query_one("#notes", TextArea).text == "middle"
        assert current_name(app) == "Maria Lopez"
        # Extend: ten more minutes from now; the notice goes.
        await pilot.press("escape", "e")
        assert not screen.query_one("#times-up").display
        assert "10:00" in static_text(app, "#hdr-timers")
        # Time runs out again; finishing this call then ends the session.
        app.clock.monotonic.advance(11 * 60)
        screen.tick()
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
    assert session_calls() == 1


async def test_the_call_timer_ticks_from_the_clock(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        assert "this call 00:00" in static_text(app, "#hdr-timers")
        app.clock.monotonic.advance(83)
        app.screen.tick()
        assert "this call 01:23" in static_text(app, "#hdr-timers")
        assert "session 28:37 left" in static_text(app, "#hdr-timers")
        assert "Call 1 of 7" in static_text(app, "#hdr-call")
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert "this call 00:00" in static_text(app, "#hdr-timers")
        assert "Call 2 of 7" in static_text(app, "#hdr-call")
    assert Interaction.get(Interaction.session.is_null(False)).duration_s == 83


async def test_wrap_up_ends_after_this_call_and_snooze_asks_for_a_date(tmp_path, book):
    path, ids = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("z")
        await settle(pilot)
        await type_text(pilot, "next mon")
        await pilot.press("enter")
        await settle(pilot)
        assert current_name(app) == "Tom Becker"
        await pilot.press("w", "1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
    maria = Contact.get_by_id(ids["Maria"])
    assert maria.snoozed_until == date(2026, 11, 30)
    snoozed = Interaction.get((Interaction.contact == maria) & Interaction.session.is_null(False))
    assert snoozed.outcome == "skipped" and snoozed.follow_up_on == date(2026, 11, 30)


async def test_quit_asks_first_when_the_call_has_input(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1", "ctrl+q")
        await settle(pilot)
        assert "isn't saved yet" in screen_text(app) and "kept as a draft" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.form.outcome == "connected"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0
    assert session_calls() == 0
    # What the question said: the session is left open and the call kept as a draft, offered back next time.
    assert Session.get().ended_at is None
    assert "connected" in SessionDraft.get().state


async def test_quit_without_input_does_not_ask(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert Session.get().ended_at is not None


async def test_summary_saves_the_reflection_and_exports_the_log(tmp_path, book, monkeypatch):
    path, _ = book
    monkeypatch.chdir(tmp_path)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        app.clock.monotonic.advance(90)
        await pilot.press("1", "n")
        await type_text(pilot, "=SUM(A1) hi")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.clock.monotonic.advance(30)
        await pilot.press("2", "w", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Connects        1" in text and "Voicemails      1" in text
        assert "Time per call   01:00" in text
        await pilot.press("f")
        await type_text(pilot, "Felt good")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Reflection saved" in static_text(app, "#summary-message")
        await pilot.press("escape", "x")
        field = app.screen.query_one("#export-path", Input)
        assert app.focused is field
        field.value = "log.csv"
        await pilot.press("enter")
        await settle(pilot)
        assert "Wrote 2 interactions" in static_text(app, "#summary-message")
        assert app.focused is None  # after an export the keys work again
        await pilot.press("x")
        field.value = "log.json"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x")
        field.value = "log.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert "name the file .csv, .json" in static_text(app, "#summary-message")
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    assert Session.get().reflection == "Felt good"
    csv_text = (tmp_path / "log.csv").read_text()
    assert csv_text.splitlines()[0].startswith("id,session_id,contact_id,contact_name,rep,channel,reason,outcome")
    assert "'=SUM(A1) hi" in csv_text
    import json

    rows = json.loads((tmp_path / "log.json").read_text())
    assert [r["outcome"] for r in rows] == ["connected", "voicemail"]
    assert rows[0]["notes"] == "=SUM(A1) hi" and rows[0]["duration_s"] == 90
    assert not (tmp_path / "log.txt").exists()


async def test_plan_shows_groups_goals_and_length(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for label in ("Back from absence", "Life events", "Check-ins", "Neglected customers", "Quote follow-ups",
                      "Follow-ups you set", "Thoughtfulness"):
            assert label in text
        assert "back today from Mexico — family vacation" in text
        assert "0/10" in text and "30 min" in text
        await pilot.press("plus", "plus", "minus", "plus")
        assert "40 min" in static_text(app, "#plan-length")
        await pilot.press("enter")
        await settle(pilot)
        assert app.session_run.planned_minutes == 40
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        await pilot.press("w", "2", "ctrl+s")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        # Back on the plan: the two contacts reached today are gone, progress counts them.
        text = screen_text(app)
        assert "Maria Lopez" not in text and "Tom Becker" not in text
        assert "2/10" in text


async def test_an_empty_book_gets_a_friendly_plan(tmp_path):
    path = tmp_path / "empty.db"
    open_store(path).close()
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Your book is empty" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_help_and_palette(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "ctrl+s" in text and "snooze" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        # The palette reaches actions by name: pick an outcome, then end the session.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "voicem")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.form.outcome == "voicemail"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "summ")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert "End the session anyway" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)


async def test_keys_typed_faster_than_the_app_keep_their_order(tmp_path, book):
    """Keys queued at once (a fast typist, a paste, tmux send-keys) are saved in order:
    an outcome key then ctrl+s; the last letters of a note then ctrl+s."""
    from textual import events

    path, ids = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for key, char in (("1", "1"), ("ctrl+s", None)):
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert current_name(app) == "Tom Becker"
        await pilot.press("2", "n")
        for key, char in (("o", "o"), ("k", "k"), ("ctrl+s", None)):
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert current_name(app) == "Ken Ito"  # the third call since issue 14 (dated moments first)
    calls = {c.contact_id: c for c in Interaction.select().where(Interaction.session.is_null(False))}
    assert calls[ids["Maria"]].outcome == "connected"
    assert (calls[ids["Tom"]].outcome, calls[ids["Tom"]].notes) == ("voicemail", "ok")


def type_at_once(app, text: str) -> None:
    """Letters as a fast typist sends them: all queued before the app handles the first."""
    from textual import events

    for char in text:
        app.post_message(events.Key(char, char))


async def test_letters_typed_right_after_a_field_key_go_into_the_field(tmp_path, book):
    """"n" then "spoke" at once (a fast typist): the letters are notes, not keys ("s" would skip)."""
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        type_at_once(app, "2nspoke")
        await settle(pilot)
        assert current_name(app) == "Maria Lopez"  # not skipped
        draft = app.screen.form.draft()
        assert (draft.outcome, draft.notes) == ("voicemail", "spoke")  # and the "2" before is not lost
        await pilot.press("escape")
        type_at_once(app, "4Lisbon")  # out of office goes straight to where they are
        await settle(pilot)
        draft = app.screen.form.draft()
        assert (draft.outcome, draft.away_place, draft.notes) == ("out_of_office", "Lisbon", "spoke")


async def test_letters_typed_right_after_r_go_into_the_new_referral(tmp_path, book):
    """"r" then a name at once: the name is the referral's ("s" would skip, "n" jump to the notes)."""
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        type_at_once(app, "1rSam")
        await settle(pilot)
        await pilot.press("tab", "5", "5", "5", "escape")
        type_at_once(app, "rNes")  # a second row, the same way
        await settle(pilot)
        assert current_name(app) == "Maria Lopez"  # not skipped
        draft = app.screen.form.draft()
        assert (draft.outcome, draft.notes) == ("connected", "")
        assert draft.referrals == [("Sam", "555"), ("Nes", "")]
        assert app.focused.id == "referral-name-2"


async def test_the_call_survives_a_resize(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        assert app.screen.has_class("-wide")
        await pilot.press("4")
        app.focused.value = "Lisbon"
        await pilot.press("escape", "j")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert app.screen.form.outcome == "out_of_office"
        assert app.screen.query_one("#away-place", Input).value == "Lisbon"
        assert app.screen.query_one("#script-col").current == 1
        assert current_name(app) == "Maria Lopez"
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert app.screen.form.draft().away_place == "Lisbon"


async def test_a_contact_deleted_since_the_plan_is_skipped_without_a_record(tmp_path, book):
    path, ids = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        Contact.delete_by_id(ids["Tom"])  # gone before the session reaches them
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert current_name(app) == "Tom Becker"
        assert "no longer in the book" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert current_name(app) == "Ken Ito"  # the third call since issue 14 (dated moments first)
    assert session_calls() == 1


async def test_ending_the_session_back_to_the_plan(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        app.screen.action_back_to_plan()
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.session_run is None
        assert "Maria Lopez" not in screen_text(app)
    assert Session.get().ended_at is not None


async def test_skip_asks_first_when_the_call_has_input(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("1", "s")
        await settle(pilot)
        assert "Skip Maria Lopez?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert current_name(app) == "Maria Lopez" and app.screen.form.outcome == "connected"
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert current_name(app) == "Tom Becker"
    assert Interaction.get(Interaction.session.is_null(False)).outcome == "skipped"


def _today_read_now():
    """`read_today` for the open test book, finished, as the command line hands it to the app."""
    from concurrent.futures import Future

    from outreach_tui.store.today import read_today

    ready = Future()
    ready.set_result(read_today(TODAY, app_settings().rules, app_settings().plan_limit or None,
                                rep="demo", now=fixed_clock().now()))
    return ready


async def test_a_plan_read_during_start_up_is_on_the_first_frame_and_not_read_again(tmp_path, book, monkeypatch):
    path, _ = book
    first_today = _today_read_now()
    reads = []
    import outreach_tui.store.today as today_module

    real_read = today_module.read_today
    monkeypatch.setattr(today_module, "read_today", lambda *a, **k: reads.append(1) or real_read(*a, **k))
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path),
                   first_today=first_today)
    async with app.run_test(size=(120, 40)) as pilot:
        # Mounted with the plan: no "Loading" frame, no worker needed to show it.
        assert "Maria Lopez" in screen_text(app) and "Loading" not in screen_text(app)
        await settle(pilot)
        assert reads == [] and app.first_today is None
        await pilot.press("r")  # a reload does read again
        await settle(pilot)
        assert reads == [1] and "Maria Lopez" in screen_text(app)


async def test_the_first_frame_lists_the_plan_and_the_count_of_everyone_due_follows(tmp_path, book):
    """Counting everything due reads the whole book: the start-up read leaves it out, the screen adds it."""
    from concurrent.futures import Future

    from outreach_tui.store.today import read_today

    path, _ = book
    settings = app_settings(plan_limit=2)
    first = Future()
    first.set_result(read_today(TODAY, settings.rules, 2, rep="demo", now=fixed_clock().now(), counts=False))
    app = make_app(str(path), fixed_clock(), "demo", settings, user_dir=user_dir(tmp_path), first_today=first)
    async with app.run_test(size=(120, 40)) as pilot:
        def lines() -> str:
            return "\n".join("".join(s.text for s in strip) for strip in app.screen._compositor.render_strips())

        assert "2 contacts to reach today" in lines() and " due)" not in lines()
        await settle(pilot)
        assert re.search(r"2 contacts to reach today \(of \d+ due\)", lines())


async def test_a_store_the_reader_found_current_is_bound_by_the_plan_screen(tmp_path, book):
    """The command line left the store to the app: the plan screen binds it once its first frame
    is drawn (that frame shows the reader's plan: it does not wait for Peewee and the store's checks)."""
    from outreach_tui.store.models import database

    path, _ = book
    first_today = _today_read_now()
    database.initialize(None)  # as in the app's process, where nothing has opened the store yet
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path),
                   first_today=first_today, bind_later=True)
    assert not app.store_bound and database.obj is None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.store_bound and "Maria Lopez" in screen_text(app)
        await start(pilot)  # the workers reach the store it bound
        assert Session.select().count() == 1


def _app_with_store_left_unbound(tmp_path, book, monkeypatch):
    """The app as the command line leaves it a current store, whose plan screen never binds it
    itself: only a key that needs the store can."""
    from outreach_tui.store.models import database

    path, _ = book
    monkeypatch.setattr(PlanScreen, "load", lambda self, read=True: None)  # never binds, nor reads
    first_today = _today_read_now()
    database.initialize(None)
    return make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path),
                    first_today=first_today, bind_later=True)


async def test_a_key_typed_before_the_store_is_bound_binds_it_first(tmp_path, book, monkeypatch):
    """Enter typed ahead, before the first frame's `load` has bound the store: the session still starts."""
    app = _app_with_store_left_unbound(tmp_path, book, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.store_bound and "Maria Lopez" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.store_bound and isinstance(app.screen, SessionScreen)
        assert Session.select().count() == 1


async def test_a_side_screen_asked_for_before_the_store_is_bound_binds_it_first(tmp_path, book, monkeypatch):
    from outreach_tui.ui.contacts_screen import ContactsScreen

    app = _app_with_store_left_unbound(tmp_path, book, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.store_bound
        await pilot.press("f2")
        await settle(pilot)
        assert app.store_bound and isinstance(app.screen, ContactsScreen) and "Ana Silva" in screen_text(app)


async def test_a_store_gone_bad_before_it_is_bound_ends_the_app_with_what_is_wrong(tmp_path, book):
    from outreach_tui.store.models import database

    path, _ = book
    database.initialize(None)
    path.write_bytes(b"not a database at all, whatever the reader saw a moment ago")
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path), bind_later=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 1 and not app.store_bound
    assert str(app.store_failure) == f"{path} is not an outreach store (not a SQLite database)"


async def test_a_start_up_read_that_failed_is_read_again_by_the_screen(tmp_path, book):
    from concurrent.futures import Future

    path, _ = book
    failed = Future()
    failed.set_exception(RuntimeError("disk went away"))
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path),
                   first_today=failed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Maria Lopez" in screen_text(app) and "Could not load" not in screen_text(app)


async def test_a_start_up_read_that_fails_after_the_first_frame_is_read_again(tmp_path, book, monkeypatch):
    from concurrent.futures import Future

    import outreach_tui.ui.plan_screen as plan_screen

    monkeypatch.setattr(plan_screen, "FIRST_FRAME_WAIT_S", 0)
    path, _ = book
    pending = Future()
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path),
                   first_today=pending)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Loading" in screen_text(app)  # the first frame did not wait
        pending.set_exception(RuntimeError("outreach plan reader: the store is busy"))
        await settle(pilot)
        assert "Maria Lopez" in screen_text(app) and "Could not load" not in screen_text(app)


def test_a_group_title_says_how_many_are_due_and_how_many_are_listed():
    """Call order decides where each group stands; its title counts who is due for that reason."""
    from datetime import date

    from outreach_tui.core.plan_items import Plan, PlanItem, Signal
    from outreach_tui.ui.plan_listing import PlanListing

    def item(contact_id, reason):
        return PlanItem(contact_id, f"Person {contact_id}", 1.0, (Signal(reason, 1.0, lambda: "why"),))

    plan = Plan(date(2026, 11, 23), [item(1, "quote_follow_up"), item(2, "check_in"), item(3, "quote_follow_up")],
                {"quote_follow_up": 2, "check_in": 5}, 7)
    titles = [title.plain for title, _ in PlanListing._grouped(plan)]
    assert titles == ["Quote follow-ups  2 due", "Check-ins  1 of 5 due"]


async def test_the_export_is_named_for_the_rep_and_minute_and_never_replaces_a_file_unasked(
        tmp_path, book, monkeypatch):
    """Two reps' exports do not take one name, and a file already there is replaced only on a yes."""
    path, _ = book
    monkeypatch.chdir(tmp_path)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await pilot.press("2", "w", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        field = app.screen.query_one("#export-path", Input)
        assert field.value == f"session-{file_word(app.rep)}-{app.clock.now():%Y-%m-%d-%H%M}.csv"
        (tmp_path / "kept.csv").write_text("someone else's export\n")
        await pilot.press("x")
        field.value = "kept.csv"
        await pilot.press("enter")
        await settle(pilot)
        assert "kept.csv is there already. Replace it?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert (tmp_path / "kept.csv").read_text() == "someone else's export\n"
        assert "Not exported" in static_text(app, "#summary-message")
        await pilot.press("x")
        field.value = "kept.csv"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Wrote 1 interaction" in static_text(app, "#summary-message")
    assert (tmp_path / "kept.csv").read_text().startswith("id,session_id")
