"""Routine calls read against the score to beat (issue 19): the bounds never leave out a contact
who could enter the list, and the list read with them is the whole book's reading, item for item."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from old_stores import assert_rows_kept, copy_with_rows
from outreach_tui.core.plan_facts import ContactFacts
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.plan_signals import check_in_signal, neglected_signal, routine_ceiling, score, value_bonus
from outreach_tui.core.planner import ScoreToBeat
from outreach_tui.core.routine_reach import VALUE_BANDS, reach_steps
from outreach_tui.store import migrations, routine_read
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact
from outreach_tui.store.plan_head import listed_plan
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.search_columns import search_columns

TODAY = date(2026, 11, 23)
RULES = PlanRules()


def routine_score(today: date, value: int, overdue: int | None, bought: date | None,
                  rules: PlanRules = RULES) -> float | None:
    """The planner's own score of a customer due by these facts alone (None: not due)."""
    contact = ContactFacts(1, "A", value_cents=value, last_purchase_on=bought,
                           check_in_due_on=None if overdue is None else today - timedelta(days=overdue))
    found = [s for s in (check_in_signal(contact, today), neglected_signal(contact, today, rules)) if s]
    return score(found, value) if found else None


def meets(steps, today: date, overdue: int | None, bought: date | None) -> bool:
    due_on = None if overdue is None else today - timedelta(days=overdue)
    return any((step.due_by is None or (due_on is not None and due_on <= step.due_by))
               and (step.bought_by is None or (bought is not None and bought <= step.bought_by))
               for step in steps)


def band_of(value: int):
    (band,) = [b for b in VALUE_BANDS if (b.low is None or b.low <= value) and (b.high is None or value <= b.high)]
    return band


@pytest.mark.parametrize("today", [TODAY, date(2027, 2, 28), date(2028, 2, 29), date(2026, 8, 31)])
@pytest.mark.parametrize("value", [0, 9_999, 1_000_000, 7_498_843, 9_999_900, 50_000_000])
def test_no_one_who_can_reach_the_score_is_left_out_over_every_day_and_purchase(today, value):
    """Brute force: every overdue day (none, 0 to 70) and every purchase day over two years."""
    band = band_of(value)
    purchases = [None] + [today - timedelta(days=k) for k in range(150, 760)]
    scores = {(overdue, bought): routine_score(today, value, overdue, bought)
              for overdue in [None, *range(71)] for bought in purchases}
    for to_beat in (30.0, 45.5, 52.3, 60.0, 61.4, 64.8, 69.2, 71.9):
        steps = reach_steps(to_beat, band.bonus, today, RULES)
        for (overdue, bought), got in scores.items():
            if got is not None and got >= to_beat:
                assert meets(steps, today, overdue, bought), (to_beat, overdue, bought, got, steps)
        if band.ceiling() < to_beat:
            assert all(got is None or got < to_beat for got in scores.values())


def test_the_bounds_leave_out_those_who_cannot_reach():
    """Not only safe but narrow: at the top of a big book, a check-in two months late with no
    neglect cannot reach 69.2, nor can a purchase a year ago with the check-in a day late."""
    steps = reach_steps(69.2, 20.0, TODAY, RULES)
    assert not meets(steps, TODAY, 60, None)
    assert not meets(steps, TODAY, 1, TODAY - timedelta(days=365))
    assert meets(steps, TODAY, 60, TODAY - timedelta(days=400))
    assert reach_steps(72.1, 20.0, TODAY, RULES) == ()


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2025, 1, 1), date(2029, 12, 31)), st.integers(-500, 60_000_000),
       st.one_of(st.none(), st.integers(-30, 200)), st.one_of(st.none(), st.integers(-30, 2000)),
       st.one_of(st.none(), st.integers(-5, 400)), st.integers(250, 750).map(lambda n: n / 10),
       st.integers(1, 12))
def test_bounds_hold_for_any_day_value_rules_and_recent_call(today, value, overdue, bought_ago, touched_ago,
                                                           to_beat, neglect_months):
    rules = PlanRules(neglect_months=neglect_months)
    bought = None if bought_ago is None else today - timedelta(days=bought_ago)
    contact = ContactFacts(1, "A", value_cents=value, last_purchase_on=bought,
                           last_touch_on=None if touched_ago is None else today - timedelta(days=touched_ago),
                           check_in_due_on=None if overdue is None else today - timedelta(days=overdue))
    found = [s for s in (check_in_signal(contact, today), neglected_signal(contact, today, rules)) if s]
    band = band_of(value)
    assert value_bonus(value) <= band.bonus and round(routine_ceiling(value), 1) <= band.ceiling()
    if found and score(found, value) >= to_beat:
        assert band.ceiling() >= to_beat
        assert meets(reach_steps(to_beat, band.bonus, today, rules), today, overdue, bought)


def test_bands_run_from_the_top_value_down_without_gaps():
    assert VALUE_BANDS[0].high is None and VALUE_BANDS[-1].low is None
    for upper, lower in zip(VALUE_BANDS, VALUE_BANDS[1:]):
        assert lower.high == upper.low - 1
        assert lower.bonus <= upper.bonus and lower.ceiling() <= upper.ceiling()


# --- The store's reading against the whole book's ----------------------------------------

@pytest.fixture
def store(any_store):
    return any_store


VALUES = st.one_of(st.sampled_from([0, 5_000, 250_000, 1_000_000, 5_623_314, 7_498_843, 9_999_900, 30_000_000]),
                   st.integers(-100, 40_000_000))
# Few distinct values and days, so that scores tie at the last place (then names decide).
DAYS = st.one_of(st.none(), st.sampled_from([0, 10, 30, 60, 90]), st.integers(-20, 120))
BOOK = st.lists(st.fixed_dictionaries({
    # Case and the separator controls fold (`core.text.folded`): ties by name are decided on the folded name.
    "name": st.sampled_from(["Ann", "ann", "Bo", "Cy", "Dee", "Ed", "ann\x1cz", "Ann y", "Émile", "zoë"]),
    "relationship": st.sampled_from(["client", "client", "past_client", "prospect"]),
    "value_cents": VALUES,
    "overdue": DAYS,  # check-in due this many days ago
    "bought_ago": st.one_of(st.none(), st.sampled_from([100, 200, 400, 700]), st.integers(0, 800)),
    "touched_ago": st.one_of(st.none(), st.integers(0, 400)),
    "next_touch_in": st.one_of(st.none(), st.none(), st.integers(-5, 5)),  # a set date: a moment, or a hold
    "snoozed_in": st.one_of(st.none(), st.none(), st.integers(-3, 3)),
    "contacted_ago": st.one_of(st.none(), st.integers(0, 30)),
    "do_not_contact": st.sampled_from([False] * 7 + [True]),
}), min_size=0, max_size=90)


def write_book(book: list[dict], today: date) -> None:
    rows = []
    for n, c in enumerate(book):
        ago = lambda days: None if days is None else today - timedelta(days=days)  # noqa: E731
        after = lambda days: None if days is None else today + timedelta(days=days)  # noqa: E731
        rows.append({**search_columns(c["name"]),  # as every writer stores them: the ties' names are read there
                     "name": c["name"], "first_name": c["name"], "relationship": c["relationship"],
                     "value_cents": c["value_cents"], "check_in_due_on": ago(c["overdue"]),
                     "last_purchase_on": ago(c["bought_ago"]), "last_touch_on": ago(c["touched_ago"]),
                     "next_touch_on": after(c["next_touch_in"]), "snoozed_until": after(c["snoozed_in"]),
                     "last_contact_on": ago(c["contacted_ago"]), "do_not_contact": c["do_not_contact"],
                     "created_on": today - timedelta(days=900)})
    for start in range(0, len(rows), 50):
        Contact.insert_many(rows[start:start + 50]).execute()


def tied(name: str) -> dict:
    """A check-in two months late on a top value: 60.0, as everyone else made by it."""
    return {"name": name, "relationship": "client", "value_cents": 9_999_900, "overdue": 60, "bought_ago": None,
            "touched_ago": None, "next_touch_in": None, "snoozed_in": None, "contacted_ago": None,
            "do_not_contact": False}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(BOOK, st.sampled_from([TODAY, date(2027, 2, 28)]), st.sampled_from([(2, 3), (64, 4096)]))
@example([tied(name) for name in ("Ed", "Dee", "Cy", "Bo", "Ann")], TODAY, (2, 3))  # the last read wins the tie
def test_the_list_read_against_the_score_to_beat_is_the_whole_books_head(store, monkeypatch, book, today, pages):
    """Books of routine calls (a few set dates among them): any limit's list is the head of the
    plan read without bounds, ties in score and name included, with pages small enough to refill
    the score to beat many times."""
    monkeypatch.setattr(routine_read, "FIRST_PAGE", pages[0])
    monkeypatch.setattr(routine_read, "LAST_PAGE", pages[1])
    write_book(book, today)
    try:
        now = datetime.combine(today, datetime.min.time()).replace(hour=9)
        whole = todays_plan(today, RULES, counts=False).items
        for limit in (1, 3, 10, 40):
            assert listed_plan(today, RULES, limit, rep="ann", now=now).items == whole[:limit]
            assert todays_plan(today, RULES, limit, counts=False).items == whole[:limit]
    finally:
        Contact.delete().execute()


def test_a_full_list_stops_the_reading_before_a_band_no_one_can_reach(store):
    """Set to a score no band can reach, the reader reads nothing."""
    from outreach_tui.store.queries import routine_candidates

    write_book([{"name": "Ann", "relationship": "client", "value_cents": 50_000_000, "overdue": 90,
                 "bought_ago": 700, "touched_ago": 200, "next_touch_in": None, "snoozed_in": None,
                 "contacted_ago": None, "do_not_contact": False}], TODAY)
    assert len(list(routine_candidates(TODAY, RULES, {}, None, ScoreToBeat()))) == 1
    assert list(routine_candidates(TODAY, RULES, {}, None, ScoreToBeat(72.1))) == []
    assert len(list(routine_candidates(TODAY, RULES, {}, None, ScoreToBeat(72.0)))) == 1


def test_a_schema_11_store_gets_the_wider_due_index_with_nothing_lost(tmp_path):
    path, before = copy_with_rows("store_v11.db", tmp_path)
    db = open_store(path)
    assert migrations.stored_version(db) == migrations.latest_version() >= 12
    assert_rows_kept(db, before)
    indexes = {index.name: index.columns for index in db.get_indexes("contact")}
    assert indexes["contact_value_reach"] == ["value_cents", "next_due_on", "check_in_due_on", "last_purchase_on"]
    assert "contact_value_due" not in indexes
    # The dates are tested on the index: the contact row is looked up (a deferred seek) only after.
    page = ("SELECT id, relationship FROM contact WHERE value_cents >= 5 AND next_due_on <= '2026-11-23'"
            " AND (check_in_due_on <= '2026-10-01' OR last_purchase_on <= '2025-01-01')")
    plan = " ".join(row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + page).fetchall())
    assert "USING INDEX contact_value_reach" in plan, plan
    assert "DeferredSeek" in {row[1] for row in db.execute_sql("EXPLAIN " + page).fetchall()}
    assert len(todays_plan(date(2026, 11, 23), RULES, 10).items) == 10
    db.close()
