"""The call in progress survives a crash: kept as a draft, offered back, cleared when saved.

Pilot tests drive the app; leaving `run_test` without quitting is the crash (nothing
ends the session). The tmux tests in test_e2e_crash.py do the same with real signals.
"""

from __future__ import annotations

import pytest
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea

from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Interaction, Session, SessionDraft
from outreach_tui.ui import session_screen
from outreach_tui.ui.confirm import OfferScreen
from outreach_tui.ui.plan_screen import PlanScreen
from outreach_tui.ui.resume import from_json
from outreach_tui.ui.session_screen import SessionScreen
from ui_fixtures import HOSTILE_NAME, add_hostile, app_settings, build_book, fixed_clock, screen_text, settle, \
    user_dir

QUICK = 0.05  # the draft delay in these tests; the real 1 s is exercised end to end in tmux


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setattr(session_screen, "DRAFT_DELAY_S", QUICK)
    path = tmp_path / "book.db"
    db = open_store(path)
    ids = build_book()
    yield path, ids
    db.close()


def new_app(tmp_path, path):
    return make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[_character_to_key(char) for char in text])


async def kept(pilot):
    """The stored draft once the pending write is done (a snapshot 'QUICK' s after the last key)."""
    await pilot.pause(QUICK * 4)
    await settle(pilot)
    row = SessionDraft.get_or_none(SessionDraft.rep == "demo")
    return from_json(row.state) if row is not None else None


async def start(pilot) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, PlanScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionScreen)


async def crash_mid_call(tmp_path, path) -> int:
    """Save Maria's call, fill in Tom's (not saved), then stop without quitting. The session id."""
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert app.session_run.current.name == "Tom Becker"
        await pilot.press("2", "n")
        await type_text(pilot, "asked about the graduation")
        await pilot.press("escape", "t")
        app.focused.value = "in a hurry"
        await pilot.press("escape", "r")
        await settle(pilot)
        await type_text(pilot, "Bob Stone")
        await pilot.press("tab")
        app.focused.value = "555-0200"
        await pilot.press("escape", "c")
        point = await kept(pilot)
        assert point.index == 1 and point.call.notes == "asked about the graduation"
        return app.session_run.session_id


async def test_the_call_is_kept_as_typed_and_cleared_by_saving(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        point = await kept(pilot)  # the session is kept from its first call, nothing typed yet
        assert (point.index, point.call.has_input(point.call.card_kind)) == (0, False)
        await pilot.press("1", "n")
        await type_text(pilot, "Great trip")
        point = await kept(pilot)
        assert (point.call.outcome, point.call.notes) == ("connected", "Great trip")
        assert [item.name for item in point.items] == [item.name for item in app.session_run.items]
        await pilot.press("ctrl+s")
        await settle(pilot)
        point = await kept(pilot)
        assert point.index == 1 and point.call.outcome is None and point.call.notes == ""
        await pilot.press("s")  # skip Tom: saved as skipped
        await settle(pilot)
        assert (await kept(pilot)).index == 2
        assert SessionDraft.select().count() == 1


async def test_after_a_crash_enter_resumes_the_same_session_and_call(tmp_path, book):
    path, ids = book
    session_id = await crash_mid_call(tmp_path, path)

    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)
        question = screen_text(app)
        assert "call 2 of 7, Tom Becker" in question and "1 call saved" in question
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        run = app.session_run
        assert run.session_id == session_id and run.current.name == "Tom Becker" and run.index == 1
        assert len(run.done) == 1
        form = app.screen.form
        assert app.screen.query_one("#notes", TextArea).text == "asked about the graduation"
        assert app.screen.query_one("#their-view", Input).value == "in a hurry"
        assert form.outcome == "voicemail" and form.card_kind == "sympathy"  # c: congratulations → sympathy
        assert [row.values() for row in app.screen.query("ReferralRow")] == [("Bob Stone", "555-0200")]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session_run.current.name == "Ken Ito"  # the third call since issue 14 (dated moments first)

    calls = list(Interaction.select().where(Interaction.session == session_id).order_by(Interaction.id))
    assert [(call.contact_id, call.outcome) for call in calls] == [(ids["Maria"], "connected"),
                                                                   (ids["Tom"], "voicemail")]
    assert calls[1].notes == "asked about the graduation" and calls[1].their_view == "in a hurry"
    assert Session.select().count() == 1 and Session.get().ended_at is None


async def test_declining_ends_the_old_session_and_starts_afresh(tmp_path, book):
    path, ids = book
    session_id = await crash_mid_call(tmp_path, path)

    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert Session.get_by_id(session_id).ended_at is not None
        assert SessionDraft.select().count() == 0
        await pilot.press("enter")
        await settle(pilot)
        run = app.session_run
        assert run.session_id != session_id and run.index == 0
        # Maria's call was saved in the old session: today's plan does not offer her again.
        assert ids["Maria"] not in [item.contact_id for item in run.items]


async def test_a_call_saved_just_before_the_crash_is_not_offered_again(tmp_path, book):
    """The crash fell between a save's commit and the next draft write: the draft is one call behind."""
    path, ids = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("1", "n")
        await type_text(pilot, "Great trip")
        stale = SessionDraft.get() if await kept(pilot) else None
        await pilot.press("ctrl+s")
        await settle(pilot)
        session_id = app.session_run.session_id
    SessionDraft.update(state=stale.state).execute()  # as if the write after the save never happened

    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "call 2 of 7, Tom Becker" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session_run.current.name == "Tom Becker"
        assert app.screen.query_one("#notes", TextArea).text == ""
    assert Interaction.select().where(Interaction.session == session_id).count() == 1


async def test_a_signal_keeps_the_latest_typing_and_exits_cleanly(tmp_path, book, monkeypatch):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        monkeypatch.setattr(session_screen, "DRAFT_DELAY_S", 3600)  # only the signal can write it now
        await pilot.press("3", "n")
        await type_text(pilot, "rang twice")
        app.close_on_signal()
        await pilot.pause()
    assert app.return_code == 0
    point = from_json(SessionDraft.get().state)
    assert (point.call.outcome, point.call.notes) == ("no_answer", "rang twice")
    assert Session.get().ended_at is None


async def test_quitting_or_finishing_leaves_nothing_to_resume(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert SessionDraft.select().count() == 1
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert SessionDraft.select().count() == 0 and Session.get().ended_at is not None

    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_a_hostile_name_in_the_offer_is_shown_literally(tmp_path, book):
    path, _ = book
    hostile = add_hostile()
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        while app.session_run.current.contact_id != hostile:
            await pilot.press("3", "ctrl+s")
            await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "[b]not bold[/b]")
        await kept(pilot)

    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)
        assert "[bold]x[/] [@click=app.quit]Smith [Jr]" in screen_text(app)
        assert "\x1b" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#notes", TextArea).text == "[b]not bold[/b]"
        assert app.session_run.current.name == HOSTILE_NAME
