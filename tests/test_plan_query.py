"""The store's indexed pre-selection never drops anyone the rules would plan."""

from datetime import date, timedelta

import pytest

from book import add_contact, random_book
from outreach_tui.core.plan_facts import (
    AbsenceFact,
    ContactFacts,
    Facts,
    LifeEventFact,
    QuoteFact,
    ReferralFact,
)
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.planner import build_plan
from outreach_tui.core.plan_order import order_key
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote, Referral
from outreach_tui.store.plan_facts_read import CONTACT_FACT_COLUMNS
from outreach_tui.store.queries import todays_plan

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(any_store):
    """These tests run on SQLite and on PostgreSQL."""
    return any_store


def naive_facts(today: date) -> Facts:
    """Every row of the book, unfiltered, as the planner's facts."""
    away = {}
    for absence in Absence.select():
        if absence.returns_on > today and (absence.starts_on is None or absence.starts_on <= today):
            away[absence.contact_id] = max(away.get(absence.contact_id, absence.returns_on), absence.returns_on)
    contacts = {
        row[0]: ContactFacts(*row, away_until=away.get(row[0]))
        for row in Contact.select(*CONTACT_FACT_COLUMNS).tuples()
    }
    return Facts(
        contacts=contacts,
        absences=[AbsenceFact(a.id, a.contact_id, a.returns_on, a.place, a.why)
                  for a in Absence.select() if a.acknowledged_on is None],
        life_events=[LifeEventFact(e.id, e.contact_id, e.kind, e.month, e.day, e.year, e.yearly, e.note,
                                   e.acknowledged_on) for e in LifeEvent.select()],
        quotes=[QuoteFact(q.id, q.contact_id, q.sent_on, q.amount_cents, q.description, q.last_followed_up_on)
                for q in Quote.select() if q.status == "open"],
        referrals=[ReferralFact(r.id, r.contact_id, r.referred_by.name, r.given_on)
                   for r in Referral.select() if r.called_on is None and r.contact_id],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_selection_equals_rules_over_everything(store, seed):
    random_book(TODAY, 400, seed)
    for today in (TODAY, TODAY + timedelta(days=3), date(2027, 2, 28)):
        selected = todays_plan(today, PlanRules()).items
        expected = build_plan(naive_facts(today), today, PlanRules())
        planned = [item for item in selected if item.reason != "thoughtfulness"]
        assert planned == expected
        assert len(expected) > 20


@pytest.mark.parametrize("limit", [1, 7, 40])
def test_a_limited_plan_is_the_head_of_the_full_one_with_the_same_counts(store, limit):
    random_book(TODAY, 600, 4)
    full = todays_plan(TODAY, PlanRules())
    limited = todays_plan(TODAY, PlanRules(), limit=limit)
    # Rule 1 (issue 14): the limit is exactly the head, the thoughtfulness pick included or not;
    # the old test allowed the pick to push in as the last of a short list.
    assert limited.items == full.items[:limit]
    assert len(limited.items) == limit
    assert limited.dated == full.dated
    assert limited.counts == full.counts
    assert limited.total == full.total


def test_plan_json_shape_and_limit(store):
    random_book(TODAY, 200, 9)
    plan = todays_plan(TODAY, PlanRules(), limit=5)
    assert len(plan.items) == 5
    assert plan.total > 5
    item = plan.items[0].as_json()
    assert set(item) == {"contact_id", "name", "reasons", "score", "detail"}
    # Issue 14: dated moments first, then by score (it used to be by score alone).
    assert plan.items == sorted(plan.items, key=order_key(TODAY))


def test_thoughtfulness_pick_is_stable_for_the_day_and_not_due(store):
    for number in range(30):
        add_contact(f"Quiet {number}", TODAY, relationship="colleague")
    first = [i for i in todays_plan(TODAY).items if i.reason == "thoughtfulness"]
    again = [i for i in todays_plan(TODAY).items if i.reason == "thoughtfulness"]
    tomorrow = [i for i in todays_plan(TODAY + timedelta(days=1)).items if i.reason == "thoughtfulness"]
    assert len(first) == 1 and first == again
    assert tomorrow and tomorrow[0].contact_id != first[0].contact_id


def test_recently_reached_people_are_not_picked_for_thoughtfulness(store):
    add_contact("Just Called", TODAY, relationship="colleague", last_contact_on=TODAY - timedelta(days=3))
    assert todays_plan(TODAY).items == []


def test_counting_who_is_due_reads_the_narrow_index_not_the_contact_rows(tmp_path):
    """Schema 6 (and 7, with next_touch_on): on SQLite the count scans `contact_due_scan` alone; a column added to the count
    but not to that index would send it back over every (wide) contact row."""
    from outreach_tui.core.plan_items import PlanRules
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.queries import routine_counts

    db = open_store(tmp_path / "book.db")
    try:
        random_book(TODAY, 200, 3)
        statements = []
        execute = db.execute_sql
        db.execute_sql = lambda sql, params=None, *a, **k: statements.append((sql, params)) or execute(sql, params, *a, **k)
        routine_counts(TODAY, PlanRules())
        db.execute_sql = execute
        (sql, params), = statements
        plan = " ".join(row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "COVERING INDEX contact_due_scan" in plan, plan
    finally:
        db.close()


@pytest.mark.parametrize("seed", [5, 6])
def test_the_first_frame_lists_exactly_the_head_of_the_counted_plan(store, seed):
    """The first frame reads only the dated moments that fill it (store.plan_head): the same items,
    in the same order, as the whole plan's reading, however many moments there are, claims and all."""
    from datetime import datetime

    from outreach_tui.store.claims import claim_contact
    from outreach_tui.store.plan_head import listed_plan

    random_book(TODAY, 900, seed)
    for contact_id in range(1, 90, 3):  # another rep's: off ann's plan today
        claim_contact(contact_id, "ben", datetime(2026, 11, 23, 8))
    for today in (TODAY, TODAY + timedelta(days=2), date(2027, 2, 28)):
        now = datetime.combine(today, datetime.min.time()).replace(hour=9)
        for limit in (1, 9, 40, 70, 150, 400):
            counted = todays_plan(today, PlanRules(), limit=limit, rep="ann", now=now)
            first = listed_plan(today, PlanRules(), limit, rep="ann", now=now)
            assert first.items == counted.items
            assert not first.counted and counted.counted
