"""Two reps, two apps, one book: the session claims each contact it reaches, so the other rep moves past it.

Runs on SQLite and on PostgreSQL (the team's engine).
"""

from __future__ import annotations

from outreach_tui.app import make_app
from outreach_tui.store.claims import held_by
from outreach_tui.store.models import Claim, Interaction
from outreach_tui.ui.session_screen import SessionScreen
from ui_fixtures import NINE, app_settings, build_book, fixed_clock, settle, static_text, user_dir


def session_app(target: str, rep: str, folder):
    return make_app(target, fixed_clock(), rep, app_settings(), user_dir=user_dir(folder))


async def test_two_reps_in_two_apps_never_call_the_same_contact(new_store, tmp_path):
    target = new_store()
    ann_app = session_app(target, "ann", tmp_path / "ann")
    build_book()
    bob_app = session_app(target, "bob", tmp_path / "bob")

    async with bob_app.run_test(size=(120, 40)) as bob:
        await settle(bob)  # Bob's plan is read before Ann starts: the same contacts, in the same order
        async with ann_app.run_test(size=(120, 40)) as ann:
            await settle(ann)
            await ann.press("enter")
            await settle(ann)
            assert isinstance(ann_app.screen, SessionScreen)
            ann_items = ann_app.session_run.items
            # Ann holds the contact on her screen and the one prepared after it.
            assert set(held_by("ann", NINE)) == {ann_items[0].contact_id, ann_items[1].contact_id}

            await bob.press("enter")
            await settle(bob)
            assert isinstance(bob_app.screen, SessionScreen)
            bob_items = bob_app.session_run.items
            assert [i.contact_id for i in bob_items[:2]] == [i.contact_id for i in ann_items[:2]]
            head = static_text(bob_app, "#card-head")
            assert "ann is working on this contact right now" in head
            assert "Phone" not in head  # nothing to dial

            # Bob moves past Ann's two contacts without a record, to the first free one.
            await bob.press("s")
            await settle(bob)
            assert "ann is working on this contact right now" in static_text(bob_app, "#card-head")
            await bob.press("s")
            await settle(bob)
            third = bob_items[2]
            assert bob_app.session_run.index == 2
            assert third.contact_id in held_by("bob", NINE)
            assert "working on this contact" not in static_text(bob_app, "#card-head")

            # Ann saves her call: her claim on that contact goes back, the next stays hers.
            await ann.press("1", "ctrl+s")
            await settle(ann)
            assert ann_items[0].contact_id not in held_by("ann", NINE)
            assert ann_items[1].contact_id in held_by("ann", NINE)
            await bob.press("1", "ctrl+s")
            await settle(bob)
            await ann.press("ctrl+q")
            await settle(ann)
        await bob.press("ctrl+q")
        await settle(bob)

    saved = {(row.rep, row.contact_id) for row in Interaction.select().where(Interaction.session.is_null(False))}
    assert saved == {("ann", ann_items[0].contact_id), ("bob", third.contact_id)}
    # Quitting ended both sessions, and ending a session gives back what it held.
    assert Claim.select().count() == 0
