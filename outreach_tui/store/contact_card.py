"""What the session screen's contact card shows for one contact, in a few small queries.

Every query is by primary key or by an indexed foreign key with a small limit, so
loading a card costs the same on a 100-contact book as on a 100k one. The result
is plain dataclasses: the UI never holds model objects or touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from outreach_tui.store.models import Absence, Card, Contact, Interaction, LifeEvent, Quote, Referral

RECENT_INTERACTIONS = 5
# The Contacts screen's record of everything known: every row of a kind up to these
# bounds (a contact with more shows the latest and how many there are in all).
ALL_ROWS = 500
ALL_HISTORY = 1000


@dataclass(frozen=True)
class PastInteraction:
    started_at: datetime
    channel: str
    reason: str
    outcome: str
    duration_s: int
    notes: str
    their_view: str


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    month: int
    day: int
    year: int | None
    yearly: bool
    note: str


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    place: str
    why: str
    starts_on: date | None
    returns_on: date


@dataclass(frozen=True)
class QuoteRow:
    id: int
    description: str
    amount_cents: int
    sent_on: date
    status: str
    decided_on: date | None


@dataclass(frozen=True)
class ContactCard:
    id: int
    name: str
    first_name: str
    company: str
    title: str
    relationship: str
    phone: str
    email: str
    timezone: str
    cadence_days: int
    value_cents: int
    customer_since: date | None
    last_purchase_on: date | None
    last_touch_on: date | None
    next_touch_on: date | None
    check_in_due_on: date | None
    do_not_contact: bool
    family: str
    notes: str
    archived: bool = False
    recent: tuple[PastInteraction, ...] = ()
    life_events: tuple[EventRow, ...] = ()
    absences: tuple[AbsenceRow, ...] = ()  # latest first
    quotes: tuple[QuoteRow, ...] = ()  # open ones first, then the latest decided
    referred_by: str = ""  # who referred them, when they came from a referral
    last_connected_notes: str = ""  # notes of the last call that reached them

    def absence(self, absence_id: int | None) -> AbsenceRow | None:
        return next((a for a in self.absences if a.id == absence_id), None)

    def event(self, event_id: int | None) -> EventRow | None:
        return next((e for e in self.life_events if e.id == event_id), None)

    def quote(self, quote_id: int | None) -> QuoteRow | None:
        return next((q for q in self.quotes if q.id == quote_id), None)

    @property
    def won_quotes(self) -> tuple[QuoteRow, ...]:
        return tuple(q for q in self.quotes if q.status == "won")

    @property
    def open_quotes(self) -> tuple[QuoteRow, ...]:
        return tuple(q for q in self.quotes if q.status == "open")


def latest_interactions(contact_id: int, limit: int) -> tuple[PastInteraction, ...]:
    """The contact's last `limit` interactions, latest first."""
    return tuple(
        PastInteraction(*row)
        for row in Interaction.select(
            Interaction.started_at, Interaction.channel, Interaction.reason, Interaction.outcome,
            Interaction.duration_s, Interaction.notes, Interaction.their_view,
        )
        .where(Interaction.contact == contact_id)
        .order_by(Interaction.started_at.desc(), Interaction.id.desc())
        .limit(limit)
        .tuples()
    )


def load_contact_card(contact_id: int, *, events: int = 20, absences: int = 5, quotes: int = 5) -> ContactCard | None:
    """The card for one contact, or None when the contact no longer exists.

    At most `events` life events, the latest `absences` absences, and `quotes` open and
    `quotes` decided quotes: the call needs the few that matter, the Contacts screen all.
    """
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None
    recent = latest_interactions(contact_id, RECENT_INTERACTIONS)
    last_connected = next((p.notes for p in recent if p.outcome == "connected" and p.notes.strip()), None)
    if last_connected is None:
        row = (
            Interaction.select(Interaction.notes)
            .where((Interaction.contact == contact_id) & (Interaction.outcome == "connected")
                   & (Interaction.notes != ""))
            .order_by(Interaction.started_at.desc(), Interaction.id.desc())
            .limit(1)
            .tuples()
            .first()
        )
        last_connected = row[0] if row else ""
    events_found = tuple(
        EventRow(*row)
        for row in LifeEvent.select(
            LifeEvent.id, LifeEvent.kind, LifeEvent.month, LifeEvent.day, LifeEvent.year,
            LifeEvent.yearly, LifeEvent.note,
        )
        .where(LifeEvent.contact == contact_id)
        .order_by(LifeEvent.month, LifeEvent.day, LifeEvent.id)
        .limit(events)
        .tuples()
    )
    away = tuple(
        AbsenceRow(*row)
        for row in Absence.select(Absence.id, Absence.place, Absence.why, Absence.starts_on, Absence.returns_on)
        .where(Absence.contact == contact_id)
        .order_by(Absence.returns_on.desc(), Absence.id.desc())
        .limit(absences)
        .tuples()
    )
    open_quotes = list(
        Quote.select(Quote.id, Quote.description, Quote.amount_cents, Quote.sent_on, Quote.status, Quote.decided_on)
        .where((Quote.contact == contact_id) & (Quote.status == "open"))
        .order_by(Quote.sent_on.desc(), Quote.id.desc())
        .limit(quotes)
        .tuples()
    )
    decided = list(
        Quote.select(Quote.id, Quote.description, Quote.amount_cents, Quote.sent_on, Quote.status, Quote.decided_on)
        .where((Quote.contact == contact_id) & (Quote.status != "open"))
        .order_by(Quote.decided_on.desc(nulls="LAST"), Quote.sent_on.desc(), Quote.id.desc())
        .limit(quotes)
        .tuples()
    )
    referrer = Contact.alias()
    referral = (
        Referral.select(Referral.id, referrer.name)
        .join(referrer, on=(Referral.referred_by == referrer.id))
        .where(Referral.contact == contact_id)
        .order_by(Referral.given_on.desc(), Referral.id.desc())
        .limit(1)
        .tuples()
        .first()
    )
    return ContactCard(
        id=contact.id,
        name=contact.name,
        first_name=contact.first_name or (contact.name.split()[0] if contact.name.split() else ""),
        company=contact.company,
        title=contact.title,
        relationship=contact.relationship,
        phone=contact.phone,
        email=contact.email,
        timezone=contact.timezone,
        cadence_days=contact.cadence_days,
        value_cents=contact.value_cents,
        customer_since=contact.customer_since,
        last_purchase_on=contact.last_purchase_on,
        last_touch_on=contact.last_touch_on,
        next_touch_on=contact.next_touch_on,
        check_in_due_on=contact.check_in_due_on,
        do_not_contact=bool(contact.do_not_contact),
        family=contact.family,
        notes=contact.notes,
        archived=bool(contact.archived),
        recent=recent,
        life_events=events_found,
        absences=away,
        quotes=tuple(QuoteRow(*row) for row in (*open_quotes, *decided)),
        referred_by=referral[1] if referral else "",
        last_connected_notes=last_connected or "",
    )


@dataclass(frozen=True)
class CardSent:
    kind: str
    status: str
    created_on: date
    written_on: date | None
    mailed_on: date | None
    response: str


@dataclass(frozen=True)
class ReferralRow:
    name: str
    given_on: date
    called_on: date | None
    given_by_them: bool  # True: they referred this person; False: this person referred them


@dataclass(frozen=True)
class ContactRecord:
    """Everything known about one contact, for the Contacts screen."""

    card: ContactCard
    history: tuple[PastInteraction, ...]  # latest first, at most ALL_HISTORY
    history_total: int
    cards: tuple[CardSent, ...]  # latest first
    referrals: tuple[ReferralRow, ...]  # latest first


def load_contact_record(contact_id: int) -> ContactRecord | None:
    """The contact with all its events, absences, quotes, cards, referrals and history; None if gone."""
    card = load_contact_card(contact_id, events=ALL_ROWS, absences=ALL_ROWS, quotes=ALL_ROWS)
    if card is None:
        return None
    history = latest_interactions(contact_id, ALL_HISTORY)
    total = len(history)
    if total == ALL_HISTORY:
        total = Interaction.select().where(Interaction.contact == contact_id).count()
    cards = tuple(
        CardSent(*row)
        for row in Card.select(Card.kind, Card.status, Card.created_on, Card.written_on, Card.mailed_on, Card.response)
        .where(Card.contact == contact_id)
        .order_by(Card.created_on.desc(), Card.id.desc())
        .limit(ALL_ROWS)
        .tuples()
    )
    other = Contact.alias()
    given = (Referral.select(Referral.name, Referral.given_on, Referral.called_on)
             .where(Referral.referred_by == contact_id)
             .order_by(Referral.given_on.desc(), Referral.id.desc()).limit(ALL_ROWS).tuples())
    received = (Referral.select(other.name, Referral.given_on, Referral.called_on)
                .join(other, on=(Referral.referred_by == other.id))
                .where(Referral.contact == contact_id)
                .order_by(Referral.given_on.desc(), Referral.id.desc()).limit(ALL_ROWS).tuples())
    referrals = sorted(
        [ReferralRow(*row, True) for row in given] + [ReferralRow(*row, False) for row in received],
        key=lambda r: r.given_on, reverse=True,
    )
    return ContactRecord(card, history, total, cards, tuple(referrals))
