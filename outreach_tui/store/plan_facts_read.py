"""The plan's facts, read from the store: the day's moments and the contacts behind them.

The moments (returns, life events in their window, waiting quotes, uncalled
referrals) and the contacts due a follow-up the rep set are selected with the
indexed conditions of `plan_conditions` and fetched as tuples of the columns the
planner needs (`core.plan_facts`), never as whole model objects for the whole book.
`raw_rows` reads them straight from the cursor for `queries` and `plan_head` too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from peewee import JOIN, DateField, fn

from outreach_tui.core.plan_facts import (
    AbsenceFact,
    ContactFacts,
    Facts,
    LifeEventFact,
    QuoteFact,
    ReferralFact,
)
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote, Referral, database
from outreach_tui.store.plan_conditions import moment_conditions, narrowed, reachable

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
    Contact.timezone,
)
CONTACT_DATE_POSITIONS = tuple(
    i for i, column in enumerate(CONTACT_FACT_COLUMNS) if isinstance(column, DateField)
)


def _as_date(value) -> date | None:
    """SQLite hands dates back as ISO text, PostgreSQL as dates."""
    if value is None or isinstance(value, date):
        return value
    return _iso_date(value)


@lru_cache(maxsize=8192)
def _iso_date(text: str) -> date:
    """A day from ISO text; a plan reads the same few hundred days thousands of times."""
    return date.fromisoformat(text[:10])


def raw_rows(query, date_positions: tuple[int, ...] = ()) -> Iterator[list]:
    """Rows straight from the cursor, converting only the date columns.

    Peewee's per-value conversion costs more than the query itself on the
    plan's hot path; this keeps the query builder and skips that.
    """
    cursor = database.execute(query)
    try:
        for row in cursor:
            row = list(row)
            for position in date_positions:
                row[position] = _as_date(row[position])
            yield row
    finally:
        cursor.close()  # a plan read only partly must not hold its snapshot open


def contact_facts(query, away: dict[int, date]) -> dict[int, ContactFacts]:
    """The contacts `query` selects (`CONTACT_FACT_COLUMNS`) by id, each with its return when away."""
    return {
        row[0]: ContactFacts(*row, away_until=away.get(row[0]))
        for row in raw_rows(query, CONTACT_DATE_POSITIONS)
    }


def away_today(today: date) -> dict[int, date]:
    """Contacts away right now, with the day they return."""
    rows = (
        Absence.select(Absence.contact, fn.MAX(Absence.returns_on))
        .where((Absence.returns_on > today) & (Absence.starts_on.is_null() | (Absence.starts_on <= today)))
        .group_by(Absence.contact)
    )
    return dict(raw_rows(rows, (1,)))


def moment_facts(today: date, rules: PlanRules, of: list[int] | None = None) -> Facts:
    """Today's absences, life events, quotes and referrals (of these contacts only), without the contacts."""
    absent, in_window, waiting, uncalled = moment_conditions(today, rules, by_contact=of is not None)
    if of is not None:
        absent, in_window = absent & Absence.contact.in_(of), in_window & LifeEvent.contact.in_(of)
        waiting, uncalled = waiting & Quote.contact.in_(of), uncalled & Referral.contact.in_(of)
    return Facts(absences=absence_facts(absent), life_events=event_facts(in_window), quotes=quote_facts(waiting),
                 referrals=referral_facts(uncalled))


def absence_facts(condition) -> list[AbsenceFact]:
    absences = Absence.select(Absence.id, Absence.contact, Absence.returns_on, Absence.place, Absence.why)
    return [AbsenceFact(*row) for row in raw_rows(absences.where(condition), (2,))]


def event_facts(condition) -> list[LifeEventFact]:
    events = LifeEvent.select(
        LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
        LifeEvent.year, LifeEvent.yearly, LifeEvent.note, LifeEvent.acknowledged_on,
    )
    return [LifeEventFact(*row) for row in raw_rows(events.where(condition), (8,))]


def quote_facts(condition) -> list[QuoteFact]:
    quotes = Quote.select(Quote.id, Quote.contact, Quote.sent_on, Quote.amount_cents, Quote.description,
                          Quote.last_followed_up_on)
    return [QuoteFact(*row) for row in raw_rows(quotes.where(condition), (2, 5))]


def referral_facts(condition) -> list[ReferralFact]:
    referrer = Contact.alias()
    referrals = (
        Referral.select(Referral.id, Referral.contact, referrer.name, Referral.given_on)
        .join(referrer, JOIN.LEFT_OUTER, on=(Referral.referred_by == referrer.id))
    )
    return [ReferralFact(*row) for row in raw_rows(referrals.where(condition), (3,))]


def load_facts(today: date, rules: PlanRules, away: dict[int, date], free=None) -> Facts:
    """The time-bound moments (absences, events, quotes, referrals, set dates) and their contacts.

    `free` (see `unclaimed`) leaves out contacts another rep holds: a moment whose
    contact is not loaded makes no plan item.
    """
    facts = moment_facts(today, rules)
    follow_ups = Contact.select(*CONTACT_FACT_COLUMNS).where(
        narrowed(reachable(today) & (Contact.next_touch_on <= today), free))
    facts.contacts = contact_facts(follow_ups, away)
    # The moments' contacts in one query (the same conditions as a subquery), not id lists.
    absent, in_window, waiting, uncalled = moment_conditions(today, rules)
    behind_moments = (
        Absence.select(Absence.contact).where(absent)
        | LifeEvent.select(LifeEvent.contact).where(in_window)
        | Quote.select(Quote.contact).where(waiting)
        | Referral.select(Referral.contact).where(uncalled)
    )
    moment_contacts = Contact.select(*CONTACT_FACT_COLUMNS).where(narrowed(Contact.id.in_(behind_moments), free))
    for contact_id, contact in contact_facts(moment_contacts, away).items():
        facts.contacts.setdefault(contact_id, contact)
    return facts
