"""Read queries: today's plan candidates and contact listings.

Candidates are selected with indexed conditions and fetched as tuples of the
columns the planner needs, never as whole model objects for the whole book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN, fn

from outreach_tui.core.dates import months_before
from outreach_tui.core.planner import (
    AbsenceFact,
    ContactFacts,
    Facts,
    LifeEventFact,
    PlanItem,
    PlanRules,
    QuoteFact,
    ReferralFact,
    build_plan,
    count_by_reason,
    thoughtfulness_pivot,
    with_thoughtful,
)
from outreach_tui.core.vocab import CUSTOMER_RELATIONSHIPS
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote, Referral

CONTACT_FACT_COLUMNS = (
    Contact.id,
    Contact.name,
    Contact.relationship,
    Contact.value_cents,
    Contact.cadence_days,
    Contact.last_touch_on,
    Contact.last_purchase_on,
    Contact.last_contact_on,
    Contact.check_in_due_on,
    Contact.next_touch_on,
    Contact.snoozed_until,
    Contact.do_not_contact,
    Contact.archived,
)


@dataclass
class Plan:
    today: date
    items: list[PlanItem]
    counts: dict[str, int]  # per reason, over every candidate, not only those shown
    total: int


def reachable(today: date):
    """Contacts the rep may call today (the SQL side of `planner.excluded`)."""
    return (
        (Contact.do_not_contact == False)  # noqa: E712 (peewee expression)
        & (Contact.archived == False)  # noqa: E712
        & (Contact.snoozed_until.is_null() | (Contact.snoozed_until <= today))
        & (Contact.last_contact_on.is_null() | (Contact.last_contact_on < today))
    )


def _contact_facts(rows, away: dict[int, date]) -> dict[int, ContactFacts]:
    facts = {}
    for row in rows:
        facts[row[0]] = ContactFacts(*row, away_until=away.get(row[0]))
    return facts


def window_month_days(today: date, before: int, after: int) -> list[int]:
    """month*100+day for each day in the window; 29 Feb joins 28 Feb in common years."""
    keys = []
    for offset in range(-before, after + 1):
        day = today + timedelta(days=offset)
        keys.append(day.month * 100 + day.day)
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            keys.append(229)
    return keys


def load_facts(today: date, rules: PlanRules) -> Facts:
    facts = Facts()
    absences = (
        Absence.select(Absence.id, Absence.contact, Absence.returns_on, Absence.place, Absence.why)
        .where(
            Absence.returns_on.between(today - timedelta(days=rules.absence_grace_days), today)
            & Absence.acknowledged_on.is_null()
        )
        .tuples()
    )
    facts.absences = [AbsenceFact(*row) for row in absences]
    away_rows = (
        Absence.select(Absence.contact, fn.MAX(Absence.returns_on))
        .where((Absence.returns_on > today) & (Absence.starts_on.is_null() | (Absence.starts_on <= today)))
        .group_by(Absence.contact)
        .tuples()
    )
    away = dict(away_rows)
    events = (
        LifeEvent.select(
            LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
            LifeEvent.year, LifeEvent.yearly, LifeEvent.note, LifeEvent.acknowledged_on,
        )
        .where(LifeEvent.month_day.in_(window_month_days(today, rules.life_event_grace_days, rules.life_event_lead_days)))
        .tuples()
    )
    facts.life_events = [LifeEventFact(*row) for row in events]
    quote_cut = today - timedelta(days=rules.quote_follow_up_days)
    quotes = (
        Quote.select(Quote.id, Quote.contact, Quote.sent_on, Quote.amount_cents, Quote.description,
                     Quote.last_followed_up_on)
        .where(
            (Quote.status == "open")
            & (Quote.sent_on <= quote_cut)
            & (Quote.last_followed_up_on.is_null() | (Quote.last_followed_up_on <= quote_cut))
        )
        .tuples()
    )
    facts.quotes = [QuoteFact(*row) for row in quotes]
    referrer = Contact.alias()
    referrals = (
        Referral.select(Referral.id, Referral.contact, referrer.name, Referral.given_on)
        .join(referrer, JOIN.LEFT_OUTER, on=(Referral.referred_by == referrer.id))
        .where(Referral.called_on.is_null() & Referral.contact.is_null(False))
        .tuples()
    )
    facts.referrals = [ReferralFact(*row) for row in referrals]

    recall_cut = today - timedelta(days=rules.neglect_recall_days)
    customer = Contact.relationship.in_(CUSTOMER_RELATIONSHIPS)
    due = (
        (customer & (Contact.check_in_due_on <= today))
        | (
            customer
            & (Contact.last_purchase_on <= months_before(today, rules.neglect_months))
            & (Contact.last_touch_on.is_null() | (Contact.last_touch_on <= recall_cut))
        )
        | (Contact.next_touch_on <= today)
    )
    rows = Contact.select(*CONTACT_FACT_COLUMNS).where(reachable(today) & due).tuples()
    facts.contacts = _contact_facts(rows, away)
    wanted = {f.contact_id for f in (*facts.absences, *facts.life_events, *facts.quotes, *facts.referrals)}
    missing = sorted(wanted - facts.contacts.keys())
    if missing:
        extra = Contact.select(*CONTACT_FACT_COLUMNS).where(Contact.id.in_(missing)).tuples()
        facts.contacts.update(_contact_facts(extra, away))
    return facts


def thoughtful_pick(today: date, rules: PlanRules, busy: set[int]) -> ContactFacts | None:
    """Today's one contact to surprise: not due, not reached lately, same all day."""
    max_id = Contact.select(fn.MAX(Contact.id)).scalar() or 0
    pivot = thoughtfulness_pivot(today, max_id)
    quiet = Contact.last_contact_on.is_null() | (
        Contact.last_contact_on < today - timedelta(days=rules.thoughtfulness_quiet_days)
    )
    base = Contact.select(*CONTACT_FACT_COLUMNS).where(reachable(today) & quiet)
    for part in (base.where(Contact.id >= pivot), base.where(Contact.id < pivot)):
        for row in part.order_by(Contact.id).limit(64).tuples():
            if row[0] not in busy:
                return ContactFacts(*row)
    return None


def todays_plan(today: date, rules: PlanRules = PlanRules(), limit: int | None = None) -> Plan:
    facts = load_facts(today, rules)
    everything = build_plan(facts, today, rules)
    pick = thoughtful_pick(today, rules, set(facts.contacts))
    items = with_thoughtful(everything, today, pick, limit)
    counts = count_by_reason(everything)
    total = len(everything)
    if any(item.reason == "thoughtfulness" for item in items):
        counts["thoughtfulness"] = 1
        total += 1
    return Plan(today, items, counts, total)


SEARCH_FIELDS = (Contact.name, Contact.company, Contact.email, Contact.phone, Contact.notes)


def search_contacts(query: str = "", limit: int | None = None) -> list[dict]:
    """Contacts whose name, company, email, phone or notes contain every word of the query."""
    select = Contact.select(
        Contact.id, Contact.name, Contact.company, Contact.title, Contact.email, Contact.phone,
        Contact.relationship, Contact.notes, Contact.do_not_contact,
    ).where(Contact.archived == False)  # noqa: E712
    for word in query.split():
        pattern = f"%{word}%"
        condition = None
        for column in SEARCH_FIELDS:
            match = fn.LOWER(column).contains(word.lower())
            condition = match if condition is None else condition | match
        select = select.where(condition)
    select = select.order_by(fn.LOWER(Contact.name), Contact.id)
    if limit:
        select = select.limit(limit)
    return list(select.dicts())
