"""Each planning rule at its boundaries, on plain facts (no database)."""

from datetime import date, timedelta

import pytest

from outreach_tui.core.plan_facts import (
    AbsenceFact,
    ContactFacts,
    Facts,
    LifeEventFact,
    QuoteFact,
    ReferralFact,
)
from outreach_tui.core.plan_items import PlanRules, count_by_reason
from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.core.planner import build_plan, with_thoughtful

TODAY = date(2026, 11, 23)
RULES = PlanRules()


def contact(id=1, **fields) -> ContactFacts:
    fields.setdefault("name", f"Contact {id}")
    return ContactFacts(id=id, **fields)


def plan(*contacts, today=TODAY, **facts):
    return build_plan(Facts(contacts={c.id: c for c in contacts}, **facts), today, RULES)


def touched(days_ago: int, **fields) -> ContactFacts:
    last = TODAY - timedelta(days=days_ago)
    return contact(last_touch_on=last, check_in_due_on=check_in_due("client", 90, last, None, None), **fields)


@pytest.mark.parametrize(("days", "due"), [(89, False), (90, True), (91, True)])
def test_check_in_after_ninety_days(days, due):
    items = plan(touched(days))
    assert bool(items) is due
    if due:
        assert items[0].reasons == ("check_in",)


def test_check_in_detail_counts_overdue_days():
    assert plan(touched(104))[0].detail == "90-day check-in, 14 days overdue"
    assert plan(touched(90))[0].detail == "90-day check-in, due today"


def test_check_in_only_for_customers():
    assert check_in_due("prospect", 90, date(2026, 1, 1), None, None) is None
    assert check_in_due("past_client", 90, None, date(2026, 1, 1), None) == date(2026, 4, 1)
    assert check_in_due("client", 30, None, None, None) is None
    assert not plan(contact(relationship="supplier", check_in_due_on=TODAY))


@pytest.mark.parametrize(
    ("bought", "today", "neglected"),
    [
        (date(2026, 5, 23), TODAY, True),  # exactly six months
        (date(2026, 5, 24), TODAY, False),  # a day short
        (date(2026, 8, 31), date(2027, 2, 28), True),  # 31 Aug -> 28 Feb is six months
        (date(2026, 9, 1), date(2027, 2, 28), False),
        (date(2027, 8, 31), date(2028, 2, 29), True),  # leap year: 29 Feb
        (date(2027, 8, 30), date(2028, 2, 29), True),
    ],
)
def test_neglected_after_six_calendar_months(bought, today, neglected):
    items = plan(contact(last_purchase_on=bought), today=today)
    assert ("neglected" in (items[0].reasons if items else ())) is neglected


def test_neglected_detail_and_card():
    item = plan(contact(last_purchase_on=date(2026, 5, 12)))[0]
    assert item.detail == "no order since 12 May (6 months)"
    assert item.signal("neglected").card_kind == "thank_you"


def test_neglected_waits_after_a_recent_call():
    assert not plan(contact(last_purchase_on=date(2025, 1, 1), last_touch_on=TODAY - timedelta(days=10)))
    assert plan(contact(last_purchase_on=date(2025, 1, 1), last_touch_on=TODAY - timedelta(days=30)))


@pytest.mark.parametrize(("returns", "shown"), [(0, True), (-1, False), (1, True), (3, True), (4, False)])
def test_back_from_absence_on_the_return_date(returns, shown):
    """returns is how many days ago they came back; -1 is tomorrow."""
    away = AbsenceFact(7, 1, TODAY - timedelta(days=returns), "Mexico", "family vacation")
    items = plan(contact(relationship="supplier"), absences=[away])
    assert bool(items) is shown


def test_back_from_absence_detail_mentions_where():
    away = AbsenceFact(7, 1, TODAY, "Mexico", "family vacation")
    item = plan(contact(), absences=[away])[0]
    assert item.detail == "back today from Mexico — family vacation"
    assert item.signal("back_from_absence").ref_id == 7


@pytest.mark.parametrize(
    ("kind", "card"), [("wedding", "congratulations"), ("graduation", "congratulations"), ("funeral", "sympathy")]
)
def test_life_events_ask_for_the_right_card(kind, card):
    event = LifeEventFact(3, 1, kind, 11, 27, 2026, False, "")
    item = plan(contact(), life_events=[event])[0]
    assert item.reasons == ("life_event",)
    assert item.signal("life_event").card_kind == card


@pytest.mark.parametrize(("offset", "shown"), [(-3, False), (-2, True), (0, True), (7, True), (8, False)])
def test_life_event_window(offset, shown):
    day = TODAY + timedelta(days=offset)
    event = LifeEventFact(3, 1, "birthday", day.month, day.day, 1980, True, "")
    assert bool(plan(contact(), life_events=[event])) is shown


def test_yearly_event_across_new_year_and_leap_day():
    new_year = LifeEventFact(3, 1, "anniversary", 1, 2, 2001, True, "")
    assert plan(contact(), life_events=[new_year], today=date(2026, 12, 30))
    leap = LifeEventFact(4, 1, "birthday", 2, 29, 1992, True, "")
    item = plan(contact(), life_events=[leap], today=date(2027, 2, 28))[0]
    assert item.detail == "birthday (turns 35) is today — congratulations card"


def test_acknowledged_event_is_not_shown_again():
    event = LifeEventFact(3, 1, "wedding", 11, 27, 2026, False, "", acknowledged_on=TODAY - timedelta(days=1))
    assert not plan(contact(), life_events=[event])
    last_year = LifeEventFact(3, 1, "birthday", 11, 27, 1970, True, "", acknowledged_on=date(2025, 11, 25))
    assert plan(contact(), life_events=[last_year])


@pytest.mark.parametrize(("sent", "followed", "shown"), [(6, None, False), (7, None, True), (20, 6, False), (20, 7, True)])
def test_quote_follow_up_after_a_week(sent, followed, shown):
    quote = QuoteFact(9, 1, TODAY - timedelta(days=sent), 1240000, "forklifts",
                      None if followed is None else TODAY - timedelta(days=followed))
    items = plan(contact(), quotes=[quote])
    assert bool(items) is shown
    if shown and followed is None:
        assert items[0].detail == "$12,400.00 quote for forklifts, sent 7 days ago"


def test_referral_and_follow_up():
    referral = ReferralFact(5, 2, "Ann Lee", date(2026, 11, 3))
    items = plan(contact(2, relationship="prospect"), contact(3, next_touch_on=TODAY), referrals=[referral])
    by_id = {item.contact_id: item for item in items}
    assert by_id[2].detail == "referred by Ann Lee on 3 Nov"
    assert by_id[3].detail == "follow-up you set for today"
    assert not plan(contact(4, next_touch_on=TODAY + timedelta(days=1)))


@pytest.mark.parametrize(
    "fields",
    [
        {"do_not_contact": True},
        {"archived": True},
        {"snoozed_until": TODAY + timedelta(days=1)},
        {"last_contact_on": TODAY},
        {"away_until": TODAY + timedelta(days=5)},
    ],
)
def test_exclusions(fields):
    assert plan(touched(120))
    assert not plan(touched(120, **fields))


def test_snooze_ending_today_shows_again():
    assert plan(touched(120, snoozed_until=TODAY))


def test_one_item_per_contact_with_every_reason_strongest_first():
    away = AbsenceFact(7, 1, TODAY, "Lisbon", "")
    item = plan(touched(200, last_purchase_on=date(2025, 1, 1)), absences=[away])[0]
    assert item.reasons == ("back_from_absence", "neglected", "check_in")
    assert item.detail.startswith("back today from Lisbon; no order since")


def test_order_weighs_moment_overdue_and_value_and_is_deterministic():
    small = touched(95, id=1, name="Small", value_cents=100_00)
    big = touched(95, id=2, name="Big", value_cents=500_000_00)
    late = touched(150, id=3, name="Late", value_cents=100_00)
    same_a = touched(95, id=5, name="Zed", value_cents=100_00)
    event = LifeEventFact(3, 4, "wedding", 11, 24, 2026, False, "")
    items = plan(small, big, late, same_a, contact(4, name="Wed"), life_events=[event])
    names = [item.name for item in items]
    assert names[0] == "Wed"
    assert names.index("Big") < names.index("Small")
    assert names.index("Late") < names.index("Small")
    assert names.index("Small") < names.index("Zed")  # same score: by name
    assert items == plan(same_a, late, big, small, contact(4, name="Wed"), life_events=[event])


def test_thoughtfulness_pick_comes_right_after_the_dated_moments():
    # Issue 14 changed this rule: the pick used to replace the last item of any limited
    # list ("a limit never cuts it"), so it was call #40; now it has one place in the
    # one order, after the dated moments and by 10th, and a short limit is a prefix.
    due = [touched(100 + i, id=i, value_cents=1_000_000_00) for i in range(1, 6)]
    items = plan(*due)
    pick = contact(99, name="Quiet", relationship="colleague")
    limited = with_thoughtful(items, TODAY, pick, limit=3)
    assert len(limited) == 3
    assert [item.reason for item in limited][0] == "thoughtfulness"  # nothing dated: first
    assert with_thoughtful(items, TODAY, due[0], limit=3) == items[:3]  # already due: no extra pick
    back = [contact(20 + i, name=f"Back {i}") for i in range(12)]
    moments = plan(*back, *due, absences=[AbsenceFact(i, 20 + i, TODAY) for i in range(12)])
    full = with_thoughtful(moments, TODAY, pick)
    assert [item.reason for item in full].index("thoughtfulness") == 9  # no later than 10th
    assert "thoughtfulness" not in [item.reason for item in with_thoughtful(moments, TODAY, pick, limit=5)]


def test_counts_by_reason():
    away = AbsenceFact(7, 1, TODAY, "Lisbon", "")
    counts = count_by_reason(plan(touched(100, id=1), touched(100, id=2), absences=[away]))
    assert counts == {"back_from_absence": 1, "check_in": 2}
