"""Team mode: reps claim contacts so no customer gets two calls; on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
from datetime import date, datetime, timedelta

import pytest

from book import add_contact
from claim_worker import claim_until_empty
from outreach_tui.core.plan_items import PlanItem
from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.store.claims import (
    claim_contact,
    claim_next,
    held_by,
    holder,
    purge_expired,
    release,
    release_session,
)
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence, Card, Claim, Contact, LifeEvent, database
from outreach_tui.store.plan_conditions import as_utc
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.recording import CallRecord, end_session, save_call, snooze, start_session

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def store(any_store):
    """These tests run on SQLite and on PostgreSQL."""
    return any_store


def due_clients(count: int) -> list[int]:
    """Clients due a check-in, best (highest value) first."""
    return [
        add_contact(f"Client {n:03d}", TODAY, last_touch_on=TODAY - timedelta(days=120),
                    value_cents=(count - n) * 10_000).id
        for n in range(count)
    ]


def plan_ids(rep=None, now=NOW, today=TODAY) -> list[int]:
    return [item.contact_id for item in todays_plan(today, rep=rep, now=now).items]


def ids(items) -> list[int]:
    return [item.contact_id for item in items]


# -- claiming from the plan -----------------------------------------------------------------

def test_claim_next_takes_the_best_items_then_the_next_ones(store):
    best_first = due_clients(10)
    assert plan_ids() == best_first
    assert ids(claim_next("ann", TODAY, NOW, 3)) == best_first[:3]
    assert ids(claim_next("ann", TODAY, NOW, 3)) == best_first[3:6]
    assert held_by("ann", NOW) == best_first[:6]
    assert ids(claim_next("ben", TODAY, NOW, 10)) == best_first[6:]
    assert claim_next("cal", TODAY, NOW, 5) == []


def test_another_reps_plan_and_counts_skip_claimed_contacts(store):
    best_first = due_clients(8)
    claim_next("ann", TODAY, NOW, 3)
    ben = todays_plan(TODAY, rep="ben", now=NOW)
    assert ids(ben.items) == best_first[3:]
    assert ben.counts == {"check_in": 5} and ben.total == 5
    limited = todays_plan(TODAY, limit=2, rep="ben", now=NOW)
    assert ids(limited.items) == best_first[3:5]
    assert limited.counts == {"check_in": 5} and limited.total == 5
    # The claimer still sees their own; without a rep nobody is filtered (one-person use).
    assert plan_ids(rep="ann") == best_first
    assert plan_ids() == best_first


def test_moments_and_the_thoughtful_pick_skip_claimed_contacts(store):
    back = add_contact("Joe Marsh", TODAY, relationship="supplier")
    Absence.create(contact=back, place="Mexico", returns_on=TODAY, starts_on=TODAY - timedelta(days=9))
    wedding = add_contact("Eve Stone", TODAY, relationship="supplier")
    day = TODAY + timedelta(days=3)
    LifeEvent.create(contact=wedding, kind="wedding", month=day.month, day=day.day, year=day.year,
                     month_day=day.month * 100 + day.day, note="daughter's wedding")
    quiet = add_contact("Quiet Colleague", TODAY, relationship="colleague")
    reasons = {item.contact_id: item.reason for item in todays_plan(TODAY).items}
    assert reasons == {back.id: "back_from_absence", wedding.id: "life_event", quiet.id: "thoughtfulness"}
    for contact in (back, wedding, quiet):
        assert claim_contact(contact.id, "ann", NOW)
    ben = todays_plan(TODAY, rep="ben", now=NOW)
    assert ben.items == [] and ben.total == 0 and ben.counts == {}
    assert set(plan_ids(rep="ann")) == {back.id, wedding.id, quiet.id}


def test_claim_next_hands_out_the_thoughtful_pick_and_moments_too(store):
    back = add_contact("Joe Marsh", TODAY, relationship="supplier")
    Absence.create(contact=back, place="Mexico", returns_on=TODAY)
    quiet = add_contact("Quiet Colleague", TODAY, relationship="colleague")
    client = due_clients(1)[0]
    plan = todays_plan(TODAY).items
    got = claim_next("ann", TODAY, NOW, 5)
    assert got == plan
    assert {item.contact_id: item.reason for item in got} == {
        back.id: "back_from_absence", quiet.id: "thoughtfulness", client: "check_in"}


# -- one contact at a time (the session screen) -------------------------------------------------

def test_claim_contact_is_exclusive_renewable_and_expires(store):
    contact = due_clients(1)[0]
    assert claim_contact(contact, "ann", NOW)
    assert not claim_contact(contact, "ben", NOW + timedelta(minutes=5))
    assert holder(contact, NOW) == "ann"
    # Ann renews: 30 minutes from the renewal.
    assert claim_contact(contact, "ann", NOW + timedelta(minutes=20))
    assert not claim_contact(contact, "ben", NOW + timedelta(minutes=45))
    later = NOW + timedelta(minutes=51)
    assert holder(contact, later) is None
    assert claim_contact(contact, "ben", later)
    assert not claim_contact(contact, "ann", later)
    assert Claim.select().count() == 1


def test_claim_contact_refuses_who_is_no_longer_callable_today(store):
    called, blocked = due_clients(2)
    save_call(CallRecord(called, "connected"), session_id=None, rep="ben", now=NOW)
    assert not claim_contact(called, "ann", NOW + timedelta(minutes=1))  # Ben reached them already
    Contact.update(do_not_contact=True).where(Contact.id == blocked).execute()
    assert not claim_contact(blocked, "ann", NOW)
    assert not claim_contact(999_999, "ann", NOW)
    assert Claim.select().count() == 0


def test_claims_follow_the_plans_rule_of_who_is_callable_today(store):
    """The PostgreSQL claim statement spells out `plan_conditions.reachable`: both must agree."""
    from outreach_tui.store.plan_conditions import reachable

    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    shapes = [
        {}, {"do_not_contact": True}, {"archived": True}, {"snoozed_until": tomorrow},
        {"snoozed_until": TODAY}, {"snoozed_until": yesterday}, {"last_contact_on": TODAY},
        {"last_contact_on": yesterday}, {"last_contact_on": tomorrow},
    ]
    contacts = [add_contact(f"Shape {n}", TODAY, **fields).id for n, fields in enumerate(shapes)]
    callable_today = {row[0] for row in Contact.select(Contact.id).where(reachable(TODAY)).tuples()}
    assert len(callable_today) == 4
    assert {c for c in contacts if claim_contact(c, "ann", NOW)} == callable_today
    release("ann")
    items = [PlanItem(c, f"Shape {c}", 1.0, ()) for c in contacts]  # a stale plan holding everyone
    assert {item.contact_id for item in claim_next("ann", TODAY, NOW, 20, plan=items)} == callable_today


def test_expired_claims_return_to_everyone(store):
    best_first = due_clients(6)
    assert ids(claim_next("ann", TODAY, NOW, 6)) == best_first
    assert plan_ids(rep="ben", now=NOW + timedelta(minutes=29)) == []
    assert claim_next("ben", TODAY, NOW + timedelta(minutes=29), 6) == []
    assert plan_ids(rep="ben", now=NOW + timedelta(minutes=30)) == best_first
    assert ids(claim_next("ben", TODAY, NOW + timedelta(minutes=31), 6)) == best_first
    assert {row.rep for row in Claim.select()} == {"ben"}
    assert Claim.select().count() == 6


def test_claim_minutes_and_times_are_utc(store):
    contact = due_clients(1)[0]
    claim_next("ann", TODAY, NOW, 1, ttl_minutes=5)
    row = Claim.get(Claim.contact == contact)
    assert row.claimed_at == as_utc(NOW)
    assert row.expires_at == as_utc(NOW) + timedelta(minutes=5)
    assert holder(contact, NOW + timedelta(minutes=4)) == "ann"
    assert holder(contact, NOW + timedelta(minutes=5)) is None
    with pytest.raises(ValueError, match="claim minutes"):
        claim_next("ann", TODAY, NOW, 1, ttl_minutes=0)
    assert claim_next("ann", TODAY, NOW, 0) == []


def test_claiming_from_a_sessions_plan_skips_taken_and_stale_items_and_renews_own(store):
    best_first = due_clients(6)
    plan = todays_plan(TODAY, rep="ben", now=NOW).items  # worked out when Ben's session started
    assert claim_contact(best_first[0], "ann", NOW)
    save_call(CallRecord(best_first[1], "connected"), session_id=None, rep="cal", now=NOW)
    got = claim_next("ben", TODAY, NOW, 1, plan=plan)
    assert ids(got) == [best_first[2]] and got[0] is plan[2]
    assert ids(claim_next("ben", TODAY, NOW, 2, plan=plan[3:])) == best_first[3:5]
    # Ben's own claims are his to take again (a restarted session): renewed, not refused.
    assert ids(claim_next("ben", TODAY, NOW + timedelta(minutes=10), 3, plan=plan)) == best_first[2:5]
    assert holder(best_first[2], NOW + timedelta(minutes=35)) == "ben"
    assert claim_next("ben", TODAY, NOW, 5, plan=[]) == []


# -- giving claims back ------------------------------------------------------------------------

def test_release_end_session_and_purge(store):
    best_first = due_clients(8)
    batch = ids(claim_next("ann", TODAY, NOW, 3))  # from `outreach claim`: no session
    session_id = start_session("ann", NOW, 30)
    for contact in best_first[3:5]:
        assert claim_contact(contact, "ann", NOW, session_id=session_id)
    claim_next("ben", TODAY, NOW, 1)
    end_session(session_id, NOW + timedelta(minutes=30))
    assert held_by("ann", NOW) == batch
    assert release("ann", contact_id=batch[0]) == 1
    assert release("ann") == 2
    assert held_by("ann", NOW) == []
    assert held_by("ben", NOW) == [best_first[5]]
    assert release_session(session_id) == 0
    assert purge_expired(NOW + timedelta(minutes=10)) == 0
    assert purge_expired(NOW + timedelta(minutes=30)) == 1
    assert Claim.select().count() == 0


def test_saving_or_snoozing_gives_back_only_the_reps_own_claim(store):
    saved, snoozed, bens = due_clients(3)
    for contact in (saved, snoozed):
        claim_contact(contact, "ann", NOW)
    claim_contact(bens, "ben", NOW)
    save_call(CallRecord(saved, "connected", card_kind="thank_you"), session_id=None, rep="ann", now=NOW)
    snooze(snoozed, TODAY + timedelta(days=3), session_id=None, rep="ann", now=NOW)
    save_call(CallRecord(bens, "voicemail"), session_id=None, rep="ann", now=NOW)
    assert held_by("ann", NOW) == []
    assert held_by("ben", NOW) == [bens]
    assert Card.get(Card.contact == saved).rep == "ann"


def test_deleting_a_contact_deletes_its_claim(store):
    contact = due_clients(1)[0]
    claim_contact(contact, "ann", NOW)
    Contact.delete().where(Contact.id == contact).execute()
    assert Claim.select().count() == 0


# -- many reps at once ---------------------------------------------------------------------------

REPS = 8
BOOK = 1000
BATCH = 10  # contacts per claim_next call


def due_book(count: int) -> list[int]:
    """`count` clients due a check-in, written in one go."""
    touched = TODAY - timedelta(days=120)
    rows = [
        {Contact.name: f"Client {n:04d}", Contact.first_name: "Client", Contact.relationship: "client",
         Contact.value_cents: (count - n) * 1_000, Contact.last_touch_on: touched, Contact.created_on: touched,
         Contact.check_in_due_on: check_in_due("client", 90, touched, None, touched)}
        for n in range(count)
    ]
    with database.atomic():
        for start in range(0, count, 500):
            Contact.insert_many(rows[start:start + 500]).execute()
    return [row[0] for row in Contact.select(Contact.id).tuples()]


# A session's one-at-a-time fast path is a team (PostgreSQL) pattern: eight processes
# claiming back to back in a tight loop let SQLite's busy handler starve one of them.
@pytest.mark.parametrize(
    ("engine", "from_plan"),
    [
        ("sqlite", False),
        pytest.param("postgresql", False, marks=pytest.mark.postgresql),
        pytest.param("postgresql", True, marks=pytest.mark.postgresql),
    ],
    ids=["sqlite-planning", "postgresql-planning", "postgresql-from-session-plan"],
)
def test_eight_reps_claiming_at_once_never_share_a_contact_and_expiry_returns_them(new_store, engine, from_plan):
    """Each rep claims until nothing is left: by planning afresh each time (`outreach claim`),
    or from the plan its session worked out once (the session's fast path, one contact at a time)."""
    target = new_store()
    db = open_store(target)
    book = set(due_book(BOOK))
    assert len(book) == BOOK
    db.close()

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(REPS)
    results = context.Queue()
    workers = [
        context.Process(target=claim_until_empty, args=(target, f"rep{n}", TODAY, NOW, 1 if from_plan else BATCH, start, results, from_plan))
        for n in range(REPS)
    ]
    for worker in workers:
        worker.start()
    try:
        reports = [results.get(timeout=240) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.kill()
    assert [error for *_, error in reports if error] == []

    claimed = [contact for _, contacts, _, _ in reports for contact in contacts]
    assert len(claimed) == len(set(claimed)), "a contact was claimed by two reps"
    assert set(claimed) == book, "some contacts were never claimed"
    if engine == "postgresql":
        # SQLite hands its write lock to whoever asks first after a commit, so one
        # process in a tight loop may take every batch; PostgreSQL's reps go side by side.
        assert sum(1 for _, contacts, _, _ in reports if contacts) >= 2, "the reps did not claim side by side"

    db = open_store(target)
    owner = {contact: rep for rep, contacts, _, _ in reports for contact in contacts}
    assert dict(Claim.select(Claim.contact, Claim.rep).tuples()) == owner
    # Nothing is free while the claims are live; all of it is once they lapse.
    assert claim_next("late", TODAY, NOW + timedelta(minutes=29), 10) == []
    back = claim_next("late", TODAY, NOW + timedelta(minutes=31), BOOK + 10)
    assert {item.contact_id for item in back} == book
    assert set(held_by("late", NOW + timedelta(minutes=31))) == book
    db.close()
