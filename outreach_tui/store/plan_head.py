"""The head of today's plan, read without reading every moment of the day.

A big book has thousands of dated moments a day (events in their window, returns,
referrals, set dates), and the first frame shows a few dozen. Every dated moment
comes before every routine call, and the kinds of moment come in a fixed order
(`core.plan_order.moment_rank`: sympathy, returns, other events by closeness,
referrals oldest first, set dates oldest first). So the moments are read kind by
kind, each in its order from its date index, and contacts are loaded and scored in
that order only until no one further down could still come before the last place.
The items are those the whole plan's reading would list (a test holds them to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from outreach_tui.core.plan_order import is_dated, moment_rank, order_key
from outreach_tui.core.plan_facts import Facts
from outreach_tui.core.plan_items import Plan, PlanItem, PlanRules
from outreach_tui.core.plan_signals import absence_signal, life_event_signal
from outreach_tui.core.planner import moment_items, with_thoughtful
from outreach_tui.core.vocab import CARD_FOR_EVENT
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote, Referral
from outreach_tui.store.plan_conditions import free_for, moment_conditions, narrowed, reachable, window_month_days
from outreach_tui.store.plan_facts_read import (CONTACT_FACT_COLUMNS, absence_facts, away_today, contact_facts,
                                                event_facts, moment_facts, raw_rows)
from outreach_tui.store.queries import ranked_items, thoughtful_pick, todays_plan

BATCH = 64  # contacts loaded at a time, in rank order
PAGE = 256  # referrals and set dates read at a time, oldest first
SYMPATHY = tuple(kind for kind, card in CARD_FOR_EVENT.items() if card == "sympathy")


def listed_plan(today: date, rules: PlanRules, limit: int, *, rep: str | None = None,
                now: datetime | None = None, hide_own_claims: bool = False) -> Plan:
    """`todays_plan(…, counts=False)`: the first `limit` items, with as few moments read as they need."""
    free = free_for(today, rep, now, hide_own_claims)
    items = dated_head(today, rules, free, limit)
    if items is None:
        return todays_plan(today, rules, limit, rep=rep, now=now, hide_own_claims=hide_own_claims, counts=False)
    items = with_pick(items, today, rules, limit, free, rep)
    return Plan(today, items, {}, len(items), sum(1 for item in items if is_dated(item)), counted=False)


def with_pick(items: list[PlanItem], today: date, rules: PlanRules, limit: int, free, rep: str | None) -> list[PlanItem]:
    """The head `items` with the day's thoughtful pick in its place, asking the store one
    contact at a time whether the pick has a moment or is away (the head has not read them all)."""
    pick = thoughtful_pick(today, rules, HasMoment(today, rules), AwayNow(today), free, rep)
    return with_thoughtful(items, today, pick, limit)


def unpicked_items(today: date, rules: PlanRules, limit: int, free) -> list[PlanItem]:
    """The first `limit` items of the plan of those `free` allows, before the thoughtful pick
    (which depends on the rep and on every claim): what `claim_queue` keeps."""
    items = dated_head(today, rules, free, limit)
    if items is None:
        items, _, _ = ranked_items(today, rules, limit, away_today(today), free)
    return items


def dated_head(today: date, rules: PlanRules, free, limit: int) -> list[PlanItem] | None:
    """The first `limit` items, or None when the dated moments do not fill `limit` (then the
    routine calls need the whole plan's reading)."""
    key = order_key(today)
    seen: set[int] = set()
    facts = Facts()
    items: list[PlanItem] = []
    batch: list[int] = []
    for rank, contact_id in _ranked(today, rules):
        if contact_id in seen:  # met again at a later moment: its first was its most time-bound
            continue
        if len(batch) >= BATCH:
            items, batch = _load(batch, facts, today, rules, free), []
            if len(items) >= limit and key(items[limit - 1])[:3] < (0, *rank):
                return items[:limit]  # no one from here on can come before the last place
        seen.add(contact_id)
        batch.append(contact_id)
    if batch:
        items = _load(batch, facts, today, rules, free)
    return items[:limit] if len(items) >= limit else None


def _load(ids: list[int], facts: Facts, today: date, rules: PlanRules, free) -> list[PlanItem]:
    """Load these contacts and all their moments into `facts`; every loaded contact's item, in plan order."""
    mine = moment_facts(today, rules, ids)
    facts.absences += mine.absences
    facts.life_events += mine.life_events
    facts.quotes += mine.quotes
    facts.referrals += mine.referrals
    loaded = Contact.select(*CONTACT_FACT_COLUMNS).where(narrowed(Contact.id.in_(ids), free))
    facts.contacts.update(contact_facts(loaded, away_of(ids, today)))
    return moment_items(facts, today, rules)


def away_of(ids, today: date) -> dict[int, date]:
    """Which of these contacts are away right now, with the day they return."""
    rows = Absence.select(Absence.contact, Absence.returns_on).where(
        Absence.contact.in_(list(ids)) & (Absence.returns_on > today)
        & (Absence.starts_on.is_null() | (Absence.starts_on <= today)))
    away: dict[int, date] = {}
    for contact_id, returns_on in raw_rows(rows, (1,)):
        away[contact_id] = max(away.get(contact_id, returns_on), returns_on)
    return away


def _ranked(today: date, rules: PlanRules) -> Iterator[tuple[tuple, int]]:
    """(rank, contact) for every dated moment today, in rank order (a contact may come again, later)."""
    absent, in_window, _, uncalled = moment_conditions(today, rules)
    sympathy = LifeEvent.kind.in_(SYMPATHY)
    yield from _sorted(_event_ranks(in_window & sympathy, today, rules))
    absences = absence_facts(absent)
    yield from _sorted((moment_rank(s, today), a.contact_id) for a in absences
                       if (s := absence_signal(a, today, rules)) is not None)
    for closeness in range(max(rules.life_event_grace_days, rules.life_event_lead_days) + 1):
        days = {today + timedelta(days=offset) for offset in (-closeness, closeness)
                if -rules.life_event_grace_days <= offset <= rules.life_event_lead_days}
        near = LifeEvent.month_day.in_([key for day in days for key in window_month_days(day, 0, 0)])
        yield from _sorted(_event_ranks(in_window & near & ~sympathy, today, rules))
    referrals = Referral.select(Referral.contact, Referral.given_on).where(uncalled)
    yield from ((moment_rank_of(3, given_on), contact_id)
                for contact_id, given_on in _pages(referrals.order_by(Referral.given_on, Referral.id), (1,)))
    set_dates = Contact.select(Contact.id, Contact.next_touch_on).where(
        reachable(today) & (Contact.next_touch_on <= today))
    yield from ((moment_rank_of(4, when), contact_id)
                for contact_id, when in _pages(set_dates.order_by(Contact.next_touch_on, Contact.id), (1,)))


def moment_rank_of(tier: int, when: date) -> tuple[int, int]:
    """`moment_rank` of a referral (3) or a set date (4), from its day alone."""
    return tier, when.toordinal()


def _event_ranks(condition, today: date, rules: PlanRules) -> Iterator[tuple[tuple, int]]:
    for event in event_facts(condition):
        signal = life_event_signal(event, today, rules)
        if signal is not None:
            yield moment_rank(signal, today), event.contact_id


def _sorted(ranks) -> list[tuple[tuple, int]]:
    return sorted(ranks, key=lambda pair: pair[0])


def _pages(query, date_positions: tuple[int, ...]) -> Iterator[list]:
    """The query's rows, PAGE at a time: only as many pages as the head needs are read."""
    offset = 0
    while True:
        rows = list(raw_rows(query.limit(PAGE).offset(offset), date_positions))
        yield from rows
        if len(rows) < PAGE:
            return
        offset += PAGE


def moment_holders(ids: list[int], today: date, rules: PlanRules) -> set[int]:
    """Which of these contacts the whole plan's reading would have loaded: a moment or a set date today."""
    absent, in_window, waiting, uncalled = moment_conditions(today, rules, by_contact=True)
    found = {row[0] for row in Contact.select(Contact.id).where(
        Contact.id.in_(ids) & (Contact.next_touch_on <= today)).tuples()}
    for model, condition in ((Absence, absent), (LifeEvent, in_window), (Quote, waiting), (Referral, uncalled)):
        found.update(row[0] for row in model.select(model.contact).where(condition & model.contact.in_(ids)).tuples())
    return found


class HasMoment:
    """`contact_id in HasMoment(...)`: `moment_holders`, asked of the store one contact at a time
    (see `thoughtful_pick`)."""

    def __init__(self, today: date, rules: PlanRules):
        self.today, self.rules = today, rules

    def __contains__(self, contact_id: int) -> bool:
        return bool(moment_holders([contact_id], self.today, self.rules))


class AwayNow:
    """`contact_id in AwayNow(today)`: away right now (see `away_of`), asked one contact at a time."""

    def __init__(self, today: date):
        self.today = today

    def __contains__(self, contact_id: int) -> bool:
        return bool(away_of([contact_id], self.today))
