"""Claims hold (issue 24, item 5): three reps on one book; a contact another rep holds
cannot be saved from the app — the outcome keys and save are refused with the holder's name.

Runs on SQLite and on PostgreSQL (the team's engine, through the `pg` fixture).
"""

from __future__ import annotations

from outreach_tui.app import make_app
from outreach_tui.store.claims import held_by
from outreach_tui.store.models import Interaction
from outreach_tui.ui.session_screen import SessionScreen
from ui_fixtures import NINE, app_settings, build_book, fixed_clock, settle, static_text, user_dir


def session_app(target: str, rep: str, folder):
    return make_app(target, fixed_clock(), rep, app_settings(), user_dir=user_dir(folder))


def notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_three_reps_a_held_contact_is_never_saved_by_another(new_store, tmp_path):
    target = new_store()
    apps = {rep: session_app(target, rep, tmp_path / rep) for rep in ("ann", "bob", "cy")}
    build_book()
    async with apps["bob"].run_test(size=(120, 40)) as bob, apps["cy"].run_test(size=(120, 40)) as cy:
        await settle(bob)
        await settle(cy)
        async with apps["ann"].run_test(size=(120, 40)) as ann:
            await settle(ann)
            await ann.press("enter")
            await settle(ann)
            held = set(held_by("ann", NINE))
            for pilot, app in ((bob, apps["bob"]), (cy, apps["cy"])):
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, SessionScreen)
                assert app.session_run.items[0].contact_id in held
                await pilot.press("1", "ctrl+s")
                await settle(pilot)
                assert app.session_run.index == 0  # still there: nothing saved, nothing moved
                assert any("ann is working on this contact: nothing is saved here" in line for line in notices(app))
                assert "ann is working on this contact right now" in static_text(app, "#card-head")
            assert not Interaction.select().where(Interaction.rep.in_(["bob", "cy"])).exists()
            await ann.press("1", "ctrl+s")
            await settle(ann)
            await ann.press("ctrl+q")
            await settle(ann)
        for pilot in (bob, cy):
            await pilot.press("ctrl+q")
            await settle(pilot)
    saved = {row.rep for row in Interaction.select().where(Interaction.session.is_null(False))}
    assert saved == {"ann"}


def test_a_sessions_save_is_refused_in_the_store_when_another_rep_holds_the_contact(any_store):
    """Even a claim taken after the call was prepared (the rep's own lapsed): nothing is written."""
    import pytest

    from book import add_contact
    from outreach_tui.store.claims import claim_contact
    from outreach_tui.store.recording import CallRecord, RecordError, save_call

    contact = add_contact("Client", NINE.date())
    assert claim_contact(contact.id, "ann", NINE)
    record = CallRecord(contact_id=contact.id, outcome="connected")
    with pytest.raises(RecordError, match="ann is working on this contact"):
        save_call(record, session_id=None, rep="bob", now=NINE, refuse_held=True)
    assert not Interaction.select().exists()
    save_call(record, session_id=None, rep="ann", now=NINE, refuse_held=True)
    assert Interaction.select().count() == 1
