"""The plan PostgreSQL keeps for claims (store.claim_queue) and the version that outdates it
(store.book_version): a claim reads exactly what planning afresh gives, whatever happened since."""

from __future__ import annotations

import random
import threading
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from book import add_contact, random_book
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.store import claim_queue, migrations
from outreach_tui.store.book_version import TABLES, book_version
from outreach_tui.store.claims import claim_contact, claim_next, release
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Claim, Contact, Referral, SchemaVersion, SessionDraft, database
from outreach_tui.store.plan_head import listed_plan
from outreach_tui.store.recording import start_session

pytestmark = pytest.mark.postgresql

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)
RULES = PlanRules()


@pytest.fixture
def book_url(pg):
    url = pg.create_database()
    yield url
    if not database.is_closed():
        database.close()
    pg.drop_database(url)


@pytest.fixture
def store(book_url):
    return open_store(book_url)


def afresh(limit: int, now: datetime, today: date = TODAY, rep: str = "ann") -> list:
    return listed_plan(today, RULES, limit, rep=rep, now=now, hide_own_claims=True).items


def kept(limit: int, now: datetime, today: date = TODAY, rep: str = "ann") -> list:
    with database.atomic():  # as claim_next reads it
        return claim_queue.queued_plan(today, RULES, limit, rep, now)


# -- what a claim reads ----------------------------------------------------------------------

def change_the_book(rng: random.Random, now: datetime) -> datetime:
    """One thing a team does between two claims; returns the time after it."""
    contact_ids = [row[0] for row in Contact.select(Contact.id).tuples()]
    change = rng.choice(["claim", "claim", "release", "lapse", "referral", "value", "reached", "claim_next"])
    target = rng.choice(contact_ids)
    if change == "claim":
        for contact_id in rng.sample(contact_ids, 5):
            claim_contact(contact_id, rng.choice(["ben", "cy"]), now, ttl_minutes=rng.choice([5, 30]))
    elif change == "release":
        held = [row[0] for row in Claim.select(Claim.contact).tuples()]
        if held:
            release(Claim.get(Claim.contact == rng.choice(held)).rep, rng.choice(held))
    elif change == "lapse":  # time passes: five-minute claims lapse, thirty-minute ones hold
        return now + timedelta(minutes=6)
    elif change == "referral":  # a moment today: it comes before every routine call
        Referral.create(referred_by=rng.choice(contact_ids), name="New Lead", contact=target,
                        given_on=now.date() - timedelta(days=rng.randint(0, 5)))
    elif change == "value":
        Contact.update(value_cents=rng.randint(0, 50_000_000)).where(Contact.id == target).execute()
    elif change == "reached":
        Contact.update(last_contact_on=now.date()).where(Contact.id == target).execute()
    else:
        claim_next("ben", now.date(), now, rng.randint(1, 12))
    return now


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10_000), st.sampled_from([TODAY, date(2027, 2, 28)]))
@example(550, TODAY)  # a claim renewed for 5 minutes where it had 30 left: it lapses before the kept plan knew
def test_a_claim_reads_what_planning_afresh_gives_whatever_happened_since(store, seed, today):
    """Over random books (moments, holds, the thoughtful pick) and random runs of claims, lapses,
    give-backs and edits: the kept plan's head is the fresh plan's, for any limit."""
    rng = random.Random(seed)
    try:
        random_book(today, 120, seed)
        now = datetime.combine(today, NOW.time())
        for _ in range(8):
            for limit in (1, 10, 26):
                assert kept(limit, now, today) == afresh(limit, now, today)
            now = change_the_book(rng, now)
    finally:
        for table in ("claim", "referral", "absence", "life_event", "quote", "interaction", "contact"):
            database.execute_sql(f'TRUNCATE "{table}" RESTART IDENTITY CASCADE')


def test_a_claim_with_nothing_changed_reads_the_kept_plan_without_planning(store, monkeypatch):
    for n in range(40):
        add_contact(f"Client {n:02d}", TODAY, last_touch_on=TODAY - timedelta(days=120), value_cents=n * 1000)
    first = claim_next("ann", TODAY, NOW, 5)

    def no_planning(*args, **kwargs):
        raise AssertionError("planned again with nothing changed")

    monkeypatch.setattr(claim_queue, "unpicked_items", no_planning)
    second = claim_next("ben", TODAY, NOW, 5)
    assert second and not {item.contact_id for item in first} & {item.contact_id for item in second}


def test_a_claim_left_out_of_the_kept_plan_comes_back_when_it_lapses(store):
    for n in range(30):
        add_contact(f"Client {n:02d}", TODAY, last_touch_on=TODAY - timedelta(days=120), value_cents=n * 1000)
    best = afresh(1, NOW)[0].contact_id
    assert claim_contact(best, "ben", NOW, ttl_minutes=5)
    assert best not in {item.contact_id for item in kept(10, NOW)}  # built now, leaving Ben's out
    later = NOW + timedelta(minutes=6)
    assert kept(10, later)[0].contact_id == best == afresh(10, later)[0].contact_id


def test_a_new_moment_is_claimed_first_at_once(store):
    contacts = [add_contact(f"Client {n:02d}", TODAY, last_touch_on=TODAY - timedelta(days=120),
                            value_cents=n * 1000) for n in range(30)]
    claim_next("ben", TODAY, NOW, 3)  # the kept plan is built
    Referral.create(referred_by=contacts[0], name="Fresh Lead", contact=contacts[1], given_on=TODAY)
    got = claim_next("ann", TODAY, NOW, 3)
    assert got[0].contact_id == contacts[1].id and got[0].reason == "referral"


# -- the book's version ----------------------------------------------------------------------

def test_the_version_moves_once_per_transaction_that_writes_what_the_plan_reads(store):
    contact = add_contact("Ann Lee", TODAY)
    other = add_contact("Bo Day", TODAY)
    start = book_version()
    with database.atomic():
        Contact.update(value_cents=5).where(Contact.id == contact.id).execute()
        Contact.update(value_cents=6).where(Contact.id == other.id).execute()
        Referral.create(referred_by=contact, name="Lead", given_on=TODAY)
    assert book_version() == start + 1
    with pytest.raises(RuntimeError):
        with database.atomic():
            Contact.update(value_cents=7).where(Contact.id == contact.id).execute()
            raise RuntimeError("rolled back")
    assert book_version() == start + 1
    # Taking and renewing claims, sessions and drafts leave it; shortening or giving one back moves it.
    assert claim_contact(contact.id, "ann", NOW) and claim_contact(contact.id, "ann", NOW)
    session = start_session("ann", NOW, 60)
    SessionDraft.create(rep="ann", session=session, state="{}", updated_at=NOW)
    assert book_version() == start + 1
    assert claim_contact(contact.id, "ann", NOW, ttl_minutes=45)  # renewed for longer: no one freed sooner
    assert book_version() == start + 1
    assert claim_contact(contact.id, "ann", NOW, ttl_minutes=5)  # for less: free before a kept plan counted on
    assert book_version() == start + 2
    release("ann")
    assert book_version() == start + 3
    database.execute_sql('TRUNCATE "quote"')
    assert book_version() == start + 4


def test_a_long_writer_does_not_hold_up_another_reps_save(store, book_url):
    """The version's row is locked only at commit: a transaction still writing (an import) does
    not make another connection's write wait for it."""
    import psycopg

    first, second = add_contact("Ann Lee", TODAY).id, add_contact("Bo Day", TODAY).id
    long_writer = psycopg.connect(book_url)
    long_writer.execute("UPDATE contact SET value_cents = 1 WHERE id = %s", (first,))  # left open
    saved = threading.Event()

    def save() -> None:
        with psycopg.connect(book_url) as rep:
            rep.execute("SET lock_timeout = '3s'")
            rep.execute("UPDATE contact SET value_cents = 2 WHERE id = %s", (second,))
            rep.commit()
            saved.set()

    try:
        worker = threading.Thread(target=save)
        worker.start()
        worker.join(10)
        assert saved.is_set()
    finally:
        long_writer.rollback()
        long_writer.close()


def test_a_schema_13_store_gets_the_kept_plan_with_nothing_lost(store, book_url):
    """Migration 14 on a PostgreSQL store made before it: the version, its triggers and the queue."""
    random_book(TODAY, 60, 3)
    for table in TABLES:
        database.execute_sql(f'DROP TABLE "{table}" CASCADE')
    for function in ("outreach_mark_book_change", "outreach_bump_book_version"):
        database.execute_sql(f"DROP FUNCTION {function}() CASCADE")
    SchemaVersion.update(version=13).execute()
    before = database.execute_sql("SELECT * FROM contact ORDER BY id").fetchall()
    plan = afresh(20, NOW)
    store.close()

    db = open_store(book_url)
    try:
        assert migrations.stored_version(db) == migrations.latest_version() == 14
        assert database.execute_sql("SELECT * FROM contact ORDER BY id").fetchall() == before
        assert kept(20, NOW) == plan
        version = book_version()
        Contact.update(value_cents=1).where(Contact.id == plan[0].contact_id).execute()
        assert book_version() == version + 1
    finally:
        db.close()


def test_a_writer_with_another_search_path_still_moves_the_version(store, book_url):
    """psql in another schema writing to the book: the triggers still find the version's tables."""
    import psycopg

    contact = add_contact("Ann Lee", TODAY)
    start = book_version()
    with psycopg.connect(book_url) as other:
        other.execute("CREATE SCHEMA elsewhere")
        other.execute("SET search_path TO elsewhere")
        other.execute("UPDATE public.contact SET value_cents = 3 WHERE id = %s", (contact.id,))
        other.commit()
    assert book_version() == start + 1
