"""Writes of a session: start, save a call, skip, snooze, end.

Each call is saved in one transaction (IMMEDIATE on SQLite): the interaction, the
contact's last and next touch, what the call acknowledged (an absence, a life
event, a quote, a referral), a new absence, referral contacts and a queued card.
Either all of it lands or none of it does.

Team mode: saving or snoozing a contact also gives back the rep's claim on them
(they are reached for today, so no plan shows them any more), and ending a
session gives back every claim taken for it (see `store.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from outreach_tui.core.dates import add_working_days
from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.core.money import CardCosts
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import (
    CARD_KINDS,
    CHANNELS,
    OUTCOMES,
    PERSONAL_CHANNELS,
    REASONS,
)
from outreach_tui.store.models import (
    Absence,
    Card,
    Claim,
    Contact,
    Interaction,
    LifeEvent,
    Quote,
    Referral,
    Session,
    SessionDraft,
    database,
)
from outreach_tui.store.claims import holder
from outreach_tui.store.plan_conditions import as_utc, claimed_by
from outreach_tui.store.windows import this_window

RETRY_WORKING_DAYS = 2  # voicemail or no answer: try again in two working days


@dataclass(frozen=True)
class NewReferral:
    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class CallRecord:
    """What the rep entered for one call; validated before anything is written."""

    contact_id: int
    outcome: str
    reason: str = "check_in"
    channel: str = "call"
    started_at: datetime | None = None
    duration_s: int = 0
    notes: str = ""
    their_view: str = ""
    next_touch_on: date | None = None  # None: the outcome's default
    absence_place: str = ""
    absence_why: str = ""
    absence_returns_on: date | None = None
    referrals: tuple[NewReferral, ...] = ()
    card_kind: str | None = None
    # (reason, ref_id) of every signal of the plan item, so all of them are acknowledged
    acknowledges: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True)
class SavedCall:
    interaction_id: int
    next_touch_on: date | None
    referral_contact_ids: tuple[int, ...] = ()
    card_id: int | None = None
    absence_id: int | None = None
    # The card asked for was not queued: one of that kind already waits to be written or mailed (its date).
    card_waiting_since: date | None = None


class RecordError(ValueError):
    """A record that cannot be saved; the message names the field."""


def validate(record: CallRecord, today: date) -> None:
    if record.outcome not in OUTCOMES:
        raise RecordError(f"outcome: pick one of {', '.join(OUTCOMES)}")
    if record.reason not in REASONS:
        raise RecordError(f"reason: {record.reason!r} is not one of {', '.join(REASONS)}")
    if record.channel not in CHANNELS:
        raise RecordError(f"channel: {record.channel!r} is not one of {', '.join(CHANNELS)}")
    if record.next_touch_on is not None and record.next_touch_on < today:
        raise RecordError("next touch: the date is in the past")
    if record.outcome == "out_of_office":
        if record.absence_returns_on is None:
            raise RecordError("back on: out of office needs the date they return")
        if record.absence_returns_on <= today:
            raise RecordError("back on: the return date must be after today")
    if record.card_kind is not None and record.card_kind not in CARD_KINDS:
        raise RecordError(f"card: {record.card_kind!r} is not one of {', '.join(CARD_KINDS)}")
    for number, referral in enumerate(record.referrals, 1):
        if not one_line(referral.name):
            raise RecordError(f"referral {number}: a name is needed")
        if not (referral.phone.strip() or referral.email.strip()):
            raise RecordError(f"referral {number}: a phone number or an email is needed")
    if record.duration_s < 0:
        raise RecordError("duration: cannot be negative")


def default_next_touch(outcome: str, today: date) -> date | None:
    """When to try again if the rep set nothing; None leaves it to the cadence."""
    if outcome in ("voicemail", "no_answer"):
        return add_working_days(today, RETRY_WORKING_DAYS)
    return None


def start_session(rep: str, now: datetime, planned_minutes: int) -> int:
    """A new session, worked by this window (see `store.windows`)."""
    with database.atomic():
        return Session.create(rep=rep, started_at=now, planned_minutes=planned_minutes, seen_at=as_utc(now),
                              **this_window()).id


def end_session(session_id: int, now: datetime, reflection: str = "") -> None:
    """Close the session, give back the claims taken for it and drop its draft (nothing left to resume)."""
    with database.atomic():
        Session.update(ended_at=now, reflection=reflection).where(Session.id == session_id).execute()
        Claim.delete().where(Claim.session == session_id).execute()
        SessionDraft.delete().where(SessionDraft.session == session_id).execute()


def save_reflection(session_id: int, reflection: str) -> None:
    with database.atomic():
        Session.update(reflection=reflection).where(Session.id == session_id).execute()


def save_call(
    record: CallRecord,
    *,
    session_id: int | None,
    rep: str,
    now: datetime,
    card_costs: CardCosts = CardCosts(),
    refuse_held: bool = False,
) -> SavedCall:
    """Write one call and everything it changes, in one transaction.

    `refuse_held` (a session's save): a contact another rep holds a live claim on is
    theirs, and RecordError names them; nothing is written."""
    today = now.date()
    validate(record, today)
    with database.atomic():
        contact = Contact.get_or_none(Contact.id == record.contact_id)
        if contact is None:
            raise RecordError(f"contact {record.contact_id} no longer exists")
        taken = holder(contact.id, now) if refuse_held else None
        if taken not in (None, rep):
            raise RecordError(f"{one_line(taken, 40)} is working on this contact: nothing saved")
        next_touch = record.next_touch_on or default_next_touch(record.outcome, today)
        interaction = Interaction.create(
            session=session_id,
            contact=contact.id,
            rep=rep,
            channel=record.channel,
            reason=record.reason,
            outcome=record.outcome,
            started_at=record.started_at or now,
            duration_s=record.duration_s,
            notes=record.notes,
            their_view=record.their_view,
            follow_up_on=next_touch,
        )
        _update_contact(contact, record, today, next_touch)
        _release_claim(contact.id, rep, session_id)
        if record.outcome != "skipped":
            _acknowledge(record, today)
        absence_id = None
        if record.outcome == "out_of_office":
            absence_id = Absence.create(
                contact=contact.id,
                place=record.absence_place.strip(),
                why=record.absence_why.strip(),
                starts_on=today,
                returns_on=record.absence_returns_on,
            ).id
        referral_ids = tuple(_add_referral(contact, interaction, referral, today) for referral in record.referrals)
        card_id = card_waiting_since = None
        waiting = _waiting_card(contact.id, record.card_kind) if record.card_kind else None
        if waiting is not None:
            card_id, card_waiting_since = waiting.id, waiting.created_on
        elif record.card_kind:
            event_id = next((ref for reason, ref in record.acknowledges if reason == "life_event"), None)
            card_id = Card.create(
                contact=contact.id,
                kind=record.card_kind,
                reason=record.reason,
                status="to_write",
                created_on=today,
                cost_cents=card_costs.total_cents,
                minutes=card_costs.minutes,
                interaction=interaction.id,
                life_event=event_id,
                rep=rep,
            ).id
    return SavedCall(interaction.id, next_touch, referral_ids, card_id, absence_id, card_waiting_since)


def _waiting_card(contact_id: int, kind: str) -> Card | None:
    """A card of this kind for this person still to write or to mail: a second one would be a duplicate."""
    return (Card.select(Card.id, Card.created_on)
            .where((Card.contact == contact_id) & (Card.kind == kind) & Card.status.in_(("to_write", "written")))
            .order_by(Card.created_on).first())


def _release_claim(contact_id: int, rep: str, session_id: int | None) -> None:
    """The rep is done with this contact for today; another rep's claim, or another window's,
    is not theirs to drop."""
    Claim.delete().where((Claim.contact == contact_id) & claimed_by(rep, session_id)).execute()


def _update_contact(contact: Contact, record: CallRecord, today: date, next_touch: date | None) -> None:
    changes: dict = {Contact.last_contact_on: today}
    if record.outcome != "skipped":
        changes[Contact.next_touch_on] = next_touch
    if record.outcome == "connected" and record.channel in PERSONAL_CHANNELS:
        changes[Contact.last_touch_on] = today
        changes[Contact.check_in_due_on] = check_in_due(
            contact.relationship, contact.cadence_days, today, contact.customer_since, contact.created_on
        )
    if record.outcome == "do_not_contact":
        changes[Contact.do_not_contact] = True
        changes[Contact.next_touch_on] = None
    Contact.update(changes).where(Contact.id == contact.id).execute()


def _acknowledge(record: CallRecord, today: date) -> None:
    """The plan reasons this call dealt with stop showing."""
    for reason, ref_id in record.acknowledges:
        if ref_id is None:
            continue
        if reason == "back_from_absence":
            Absence.update(acknowledged_on=today).where(Absence.id == ref_id).execute()
        elif reason == "life_event":
            LifeEvent.update(acknowledged_on=today).where(LifeEvent.id == ref_id).execute()
        elif reason == "quote_follow_up":
            Quote.update(last_followed_up_on=today).where(Quote.id == ref_id).execute()
        elif reason == "referral":
            Referral.update(called_on=today).where(Referral.id == ref_id).execute()


def _add_referral(contact: Contact, interaction: Interaction, referral: NewReferral, today: date) -> int:
    """A referral becomes a prospect contact and a referral item for tomorrow's plan."""
    name = referral.name.strip()
    new_contact = Contact.create(
        name=name,
        first_name=name.split()[0] if name.split() else "",
        phone=referral.phone.strip(),
        email=referral.email.strip(),
        relationship="prospect",
        notes=f"Referred by {contact.name}.",
        created_on=today,
    )
    Referral.create(
        referred_by=contact.id,
        interaction=interaction.id,
        name=name,
        phone=referral.phone.strip(),
        email=referral.email.strip(),
        contact=new_contact.id,
        given_on=today,
    )
    return new_contact.id


def snooze(contact_id: int, until: date, *, session_id: int | None, rep: str, now: datetime,
           reason: str = "check_in") -> int:
    """Hide a contact until a date, when they come back as a follow-up; recorded as a skip."""
    if until <= now.date():
        raise RecordError("snooze: pick a date after today")
    with database.atomic():
        interaction = Interaction.create(
            session=session_id, contact=contact_id, rep=rep, channel="call", reason=reason,
            outcome="skipped", started_at=now, duration_s=0,
            notes=f"Snoozed until {until.isoformat()}.", follow_up_on=until,
        )
        Contact.update(snoozed_until=until, next_touch_on=until, last_contact_on=now.date()).where(Contact.id == contact_id).execute()
        _release_claim(contact_id, rep, session_id)
    return interaction.id
