"""One rep, two windows (two terminals, a laptop and a desktop): one contact, one window.

Claims and drafts belong to a session, so two sessions of `ann` never hold the same
contact, on SQLite and PostgreSQL; each keeps its own draft; a session open in
another window is never offered for resuming, a crashed one is; the second window
says the first is there. The last tests drive the app (Pilot) beside a session of
the same rep open "on another machine".
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime, timedelta

import pytest

from outreach_tui.store.claims import claim_contact, claim_next, holder
from outreach_tui.store.drafts import keep_draft, resumable_draft
from outreach_tui.store.models import Claim, Session, SessionDraft
from outreach_tui.store.plan_conditions import as_utc
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.recording import CallRecord, save_call, start_session
from outreach_tui.store.windows import STALE_S, adopt, beat, open_elsewhere, other_open_session, this_window
from outreach_tui.ui.confirm import OfferScreen
from outreach_tui.ui.plan_screen import PlanScreen
from ui_fixtures import NINE, TODAY, book, build_book, new_app, screen_text, settle  # noqa: F401 (book: a fixture)

NOW = NINE


@pytest.fixture
def store(any_store):
    return any_store


def elsewhere(session_id: int, now: datetime = NOW) -> None:
    """Make the session look worked by a window on another machine, seen at `now`."""
    Session.update(host="laptop-of-ann", pid=4242, seen_at=as_utc(now)).where(Session.id == session_id).execute()


def test_two_sessions_of_one_rep_never_hold_the_same_contact(store):
    build_book()
    plan = todays_plan(TODAY, rep="ann", now=NOW).items
    first, second = start_session("ann", NOW, 30), start_session("ann", NOW, 30)
    # Both windows walk the same plan, contact by contact, as their session screens do (same second).
    got = {first: [], second: []}
    for number, item in enumerate(plan):
        for session_id in (first, second) if number % 2 else (second, first):  # each first in turn
            if claim_contact(item.contact_id, "ann", NOW, session_id=session_id):
                got[session_id].append(item.contact_id)
    assert got[first] and got[second]
    assert not set(got[first]) & set(got[second])
    assert sorted(got[first] + got[second]) == sorted(item.contact_id for item in plan)
    assert holder(got[first][0], NOW) == "ann"  # still the rep, to other reps


def test_renewing_keeps_a_contact_with_its_window(store):
    build_book()
    contact = todays_plan(TODAY, rep="ann", now=NOW).items[0].contact_id
    first, second = start_session("ann", NOW, 30), start_session("ann", NOW, 30)
    assert claim_contact(contact, "ann", NOW, session_id=first)
    assert not claim_contact(contact, "ann", NOW + timedelta(minutes=1), session_id=second)
    assert claim_contact(contact, "ann", NOW + timedelta(minutes=2), session_id=first)  # renewed
    assert Claim.get(Claim.contact == contact).session_id == first
    assert claim_contact(contact, "ann", NOW + timedelta(minutes=40), session_id=second)  # lapsed: free


def test_a_claim_from_outreach_claim_goes_to_the_first_window_that_reaches_it(store):
    build_book()
    claimed = [item.contact_id for item in claim_next("ann", TODAY, NOW, 2)]
    first, second = start_session("ann", NOW, 30), start_session("ann", NOW, 30)
    assert claim_contact(claimed[0], "ann", NOW, session_id=first)
    assert not claim_contact(claimed[0], "ann", NOW, session_id=second)
    assert claim_contact(claimed[1], "ann", NOW, session_id=second)


def test_the_second_windows_plan_leaves_out_what_the_first_holds(store):
    build_book()
    first = start_session("ann", NOW, 30)
    held = [item.contact_id for item in claim_next("ann", TODAY, NOW, 2, session_id=first,
                                                    plan=todays_plan(TODAY, rep="ann", now=NOW).items)]
    later = [item.contact_id for item in todays_plan(TODAY, rep="ann", now=NOW).items]
    assert len(held) == 2 and not set(held) & set(later)


def test_saving_in_one_window_leaves_the_other_windows_claim(store):
    build_book()
    contact = todays_plan(TODAY, rep="ann", now=NOW).items[0].contact_id
    first, second = start_session("ann", NOW, 30), start_session("ann", NOW, 30)
    assert claim_contact(contact, "ann", NOW, session_id=first)
    save_call(CallRecord(contact, "skipped"), session_id=second, rep="ann", now=NOW)
    assert Claim.get(Claim.contact == contact).session_id == first


def test_two_windows_claiming_at_once_from_one_plan_split_it(store, new_store, engine):
    """Two threads (a connection each) take the plan a few at a time, as two sessions would."""
    from outreach_tui.store.models import database

    build_book()
    plan = todays_plan(TODAY, rep="ann", now=NOW).items
    sessions = [start_session("ann", NOW, 30), start_session("ann", NOW, 30)]
    got: dict[int, list[int]] = {session_id: [] for session_id in sessions}
    start = threading.Barrier(2)

    def window(session_id: int) -> None:
        try:
            start.wait()
            while True:
                left = [item for item in plan if item.contact_id not in got[session_id]]
                taken = claim_next("ann", TODAY, NOW, 1, session_id=session_id, plan=left)
                if not taken:
                    return
                got[session_id].extend(item.contact_id for item in taken)
        finally:
            database.close()

    threads = [threading.Thread(target=window, args=(session_id,)) for session_id in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not set(got[sessions[0]]) & set(got[sessions[1]])
    assert sorted(got[sessions[0]] + got[sessions[1]]) == sorted(item.contact_id for item in plan)


def test_each_window_keeps_its_own_draft(store):
    first, second = start_session("ann", NOW, 30), start_session("ann", NOW, 30)
    keep_draft("ann", first, '{"window": 1}', NOW)
    keep_draft("ann", second, '{"window": 2}', NOW + timedelta(seconds=1))
    keep_draft("ann", first, '{"window": 1, "again": true}', NOW + timedelta(seconds=2))
    states = dict(SessionDraft.select(SessionDraft.session, SessionDraft.state).tuples())
    assert states == {first: '{"window": 1, "again": true}', second: '{"window": 2}'}


def test_a_session_open_in_another_window_is_never_offered_a_crashed_one_is(store):
    first, second = start_session("ann", NOW, 30), start_session("ann", NOW, 30)
    keep_draft("ann", first, '{"first": 1}', NOW)
    keep_draft("ann", second, '{"second": 1}', NOW + timedelta(seconds=5))
    elsewhere(second)
    assert resumable_draft("ann", NOW).session_id == first  # the newer one is another window's
    elsewhere(first)
    assert resumable_draft("ann", NOW) is None
    later = NOW + timedelta(seconds=STALE_S + 1)  # neither window has said it is there since
    kept = resumable_draft("ann", later)
    assert kept.session_id == second and kept.started_at == NOW


def test_a_resumed_session_is_taken_by_one_window_only(store):
    session_id = start_session("ann", NOW, 30)
    keep_draft("ann", session_id, "{}", NOW)
    offered = resumable_draft("ann", NOW)
    assert adopt(session_id, NOW + timedelta(seconds=1), offered.seen_at)
    assert not adopt(session_id, NOW + timedelta(seconds=1), offered.seen_at)  # the second window, too late
    assert beat(session_id, NOW + timedelta(seconds=20))
    elsewhere(session_id)
    assert not beat(session_id, NOW + timedelta(seconds=40))  # taken over: this window no longer says so


def test_the_second_window_names_the_first(store):
    first = start_session("ann", NOW, 30)
    start_session("ben", NOW, 30)
    assert other_open_session("ann", NOW) is None  # this process's own session is no other window
    elsewhere(first)
    other = other_open_session("ann", NOW + timedelta(seconds=30))
    assert other.session_id == first
    assert other.notice() == "ann has another session open (started 09:00) — its calls are skipped here"
    assert other_open_session("ann", NOW, mine=first) is None
    assert other_open_session("ann", NOW + timedelta(seconds=STALE_S + 1)) is None


def test_a_window_on_this_machine_is_open_while_its_process_runs():
    host = this_window()["host"]
    seen = as_utc(NOW)
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert open_elsewhere(host, process.pid, seen, NOW)
    finally:
        process.kill()
        process.wait()
    assert not open_elsewhere(host, process.pid, seen, NOW)  # crashed: its draft may be resumed at once
    assert not open_elsewhere(host, this_window()["pid"], seen, NOW)  # this very window
    assert open_elsewhere("another-machine", 1, seen, NOW)
    assert not open_elsewhere("another-machine", 1, seen, NOW + timedelta(seconds=STALE_S))
    assert not open_elsewhere("", None, None, NOW)  # a session from before schema 8


async def test_the_second_window_says_so_and_skips_the_first_windows_calls(tmp_path, book):
    path, ids = book
    first = start_session("demo", NOW, 30)
    elsewhere(first)
    keep_draft("demo", first, "{}", NOW)  # the first window's draft: not this window's to offer
    assert claim_contact(ids["Maria"], "demo", NOW, session_id=first)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)  # the toast is shown after a refresh
        assert isinstance(app.screen, PlanScreen)
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]  # what the rep sees pop up
        assert shown == ["demo has another session open (started 09:00) — its calls are skipped here"]
        assert ids["Maria"] not in [item.contact_id for item in app.screen.data.plan.items]
        await pilot.press("enter")
        await settle(pilot)
        run = app.session_run
        assert run.session_id != first and ids["Maria"] not in [item.contact_id for item in run.items]
        assert Claim.get(Claim.contact == ids["Maria"]).session_id == first


async def test_the_resume_offer_names_its_session(tmp_path, book, monkeypatch):
    from outreach_tui.ui import session_screen

    monkeypatch.setattr(session_screen, "DRAFT_DELAY_S", 0.05)
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        session_id = app.session_run.session_id
        await pilot.pause(0.2)
        await settle(pilot)  # the draft, then a crash: leave without quitting
    assert SessionDraft.get().session_id == session_id
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)
        assert f"Session {session_id}, started Mon 23 Nov 09:00, was interrupted at call 1 of 7" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session_run.session_id == session_id
    assert Session.get_by_id(session_id).pid == this_window()["pid"]
