"""The one order of the plan (issue 14), as properties over random books and days.

Rule 1: a limited plan is the head of the full one. Rule 2: no dated moment after a
routine call, most time-bound first. Rule 3: one thoughtfulness pick, right after
the moments and within the first 10. Rule 4: no routine call before a retry date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_tui.core.plan_order import (
    DATED_REASONS,
    ROUTINE_REASONS,
    THOUGHTFUL_LATEST,
    is_dated,
    too_many_moments,
)
from outreach_tui.core.plan_facts import (
    AbsenceFact,
    ContactFacts,
    Facts,
    LifeEventFact,
    QuoteFact,
    ReferralFact,
)
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.core.planner import build_plan, with_thoughtful
from outreach_tui.core.vocab import LIFE_EVENT_KINDS, RELATIONSHIPS

RULES = PlanRules()
START = date(2026, 1, 1)


def maybe(rng: random.Random, today: date, spread: int, chance: float) -> date | None:
    return today - timedelta(days=rng.randint(-5, spread)) if rng.random() < chance else None


def random_day(seed: int, today: date, size: int) -> tuple[Facts, list[ContactFacts], ContactFacts]:
    """A random book as the store hands it to the planner: the moments' facts, the routine
    stream (highest value first) and a thoughtfulness pick."""
    rng = random.Random(seed)
    facts = Facts()
    routine = []
    for number in range(1, size + 1):
        relationship = rng.choice(RELATIONSHIPS)
        last_touch = maybe(rng, today, 300, 0.8)
        contact = ContactFacts(
            id=number, name=f"Person {number:03d}", relationship=relationship,
            value_cents=rng.choice([0, 10_000, 500_000, 90_000_000]), last_touch_on=last_touch,
            last_purchase_on=maybe(rng, today, 500, 0.8), last_contact_on=maybe(rng, today, 40, 0.3),
            check_in_due_on=check_in_due(relationship, 90, last_touch, None, today - timedelta(days=400)),
            next_touch_on=maybe(rng, today, 20, 0.3), do_not_contact=rng.random() < 0.03,
        )
        has_moment = False
        if rng.random() < 0.15:
            facts.absences.append(AbsenceFact(len(facts.absences) + 1, number,
                                              today - timedelta(days=rng.randint(0, 3)), "Lisbon"))
            has_moment = True
        if rng.random() < 0.15:
            when = today + timedelta(days=rng.randint(-2, 7))
            facts.life_events.append(LifeEventFact(len(facts.life_events) + 1, number,
                                                   rng.choice(LIFE_EVENT_KINDS), when.month, when.day, when.year))
            has_moment = True
        if rng.random() < 0.1:
            facts.quotes.append(QuoteFact(len(facts.quotes) + 1, number,
                                          today - timedelta(days=rng.randint(0, 30)), rng.randint(1, 10**7)))
            has_moment = True
        if rng.random() < 0.08:
            facts.referrals.append(ReferralFact(len(facts.referrals) + 1, number, "Ann",
                                                today - timedelta(days=rng.randint(0, 10))))
            has_moment = True
        if has_moment or (contact.next_touch_on is not None and contact.next_touch_on <= today):
            facts.contacts[number] = contact
        else:
            routine.append(contact)
    routine.sort(key=lambda c: (-c.value_cents, c.id))
    pick = ContactFacts(id=size + 1, name="Quiet One", relationship="colleague")
    return facts, routine, pick


def day_plan(seed: int, today: date, size: int, limit: int | None) -> list:
    facts, routine, pick = random_day(seed, today, size)
    return with_thoughtful(build_plan(facts, today, RULES, iter(routine), limit), today, pick, limit)


books = dict(seed=st.integers(0, 10**6), day=st.integers(0, 730), size=st.integers(0, 120))


@settings(max_examples=150, deadline=None)
@given(**books, limit=st.integers(1, 60))
def test_rule_1_a_limited_plan_is_the_head_of_the_full_one(seed, day, size, limit):
    today = START + timedelta(days=day)
    full = day_plan(seed, today, size, None)
    assert day_plan(seed, today, size, limit) == full[:limit]


@settings(max_examples=150, deadline=None)
@given(**books)
def test_rule_2_no_dated_moment_after_a_routine_call(seed, day, size):
    today = START + timedelta(days=day)
    items = [item for item in day_plan(seed, today, size, None) if item.reason != "thoughtfulness"]
    dated = [is_dated(item) for item in items]
    assert dated == sorted(dated, reverse=True)
    for item in items:
        if is_dated(item):
            assert item.reason in DATED_REASONS  # the moment that placed it is the reason shown first
    sympathy = [n for n, item in enumerate(items)
                if any(s.card_kind == "sympathy" and s.reason == "life_event" for s in item.signals)]
    celebrations = [n for n, item in enumerate(items) if item.reason in ("life_event", "referral", "follow_up")
                    and all(s.card_kind != "sympathy" for s in item.signals)]
    assert all(s < c for s in sympathy for c in celebrations)


@settings(max_examples=150, deadline=None)
@given(**books)
def test_rule_3_one_pick_right_after_the_moments_and_within_the_first_ten(seed, day, size):
    today = START + timedelta(days=day)
    items = day_plan(seed, today, size, None)
    picks = [n for n, item in enumerate(items) if item.reason == "thoughtfulness"]
    assert len(picks) == 1
    position = picks[0]
    assert position < THOUGHTFUL_LATEST
    assert all(is_dated(item) for item in items[:position])
    if position < THOUGHTFUL_LATEST - 1:  # not held back by the 10th place: every moment is before it
        assert not any(is_dated(item) for item in items[position + 1:])


@settings(max_examples=150, deadline=None)
@given(**books)
def test_rule_4_no_routine_call_before_its_retry_date(seed, day, size):
    today = START + timedelta(days=day)
    facts, routine, _ = random_day(seed, today, size)
    waiting = {c.id for c in [*facts.contacts.values(), *routine]
               if c.next_touch_on is not None and c.next_touch_on > today}
    for item in day_plan(seed, today, size, None):
        if item.contact_id in waiting:
            assert not set(item.reasons) & ROUTINE_REASONS
            assert set(item.reasons) <= DATED_REASONS


def test_a_new_dated_moment_still_brings_a_waiting_contact():
    today = date(2026, 11, 23)
    waiting = ContactFacts(1, "Waiting", next_touch_on=today + timedelta(days=2), check_in_due_on=date(2026, 1, 1))
    back = Facts(contacts={1: waiting}, absences=[AbsenceFact(1, 1, today, "Lisbon")],
                 quotes=[QuoteFact(1, 1, today - timedelta(days=20))])
    assert [item.reasons for item in build_plan(back, today)] == [("back_from_absence",)]
    assert build_plan(Facts(contacts={1: waiting}), today) == []


def test_most_time_bound_first_among_moments():
    today = date(2026, 11, 23)
    people = {n: ContactFacts(n, name, value_cents=value) for n, name, value in (
        (1, "Referral old", 0), (2, "Referral new", 90_000_000), (3, "Back today", 0), (4, "Back Friday", 0),
        (5, "Funeral", 0), (6, "Wedding in 5", 90_000_000), (7, "Wedding tomorrow", 0), (8, "Promised", 90_000_000))}
    people[8].next_touch_on = today - timedelta(days=1)
    facts = Facts(
        contacts=people,
        absences=[AbsenceFact(1, 3, today), AbsenceFact(2, 4, today - timedelta(days=3))],
        life_events=[LifeEventFact(1, 5, "funeral", 11, 27, 2026), LifeEventFact(2, 6, "wedding", 11, 28, 2026),
                     LifeEventFact(3, 7, "wedding", 11, 24, 2026)],
        referrals=[ReferralFact(1, 1, "Ann", today - timedelta(days=1)), ReferralFact(2, 2, "Bo", today)],
    )
    names = [item.name for item in build_plan(facts, today)]
    assert names == ["Funeral", "Back today", "Back Friday", "Wedding tomorrow", "Wedding in 5",
                     "Referral old", "Referral new", "Promised"]


def test_too_many_moments_for_one_session():
    assert too_many_moments(58, 30) == "58 dated moments today — more than one session"
    assert too_many_moments(10, 30) is None
    assert too_many_moments(12, 40) is None
