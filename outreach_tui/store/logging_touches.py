"""A touch made outside a session (an email, a visit, a text, a card, a call from the car).

It is saved by `recording.save_call`, the writer a session's calls go through, so one
rule holds on every path: only a call or visit that connects restarts the check-in
cadence; voicemail and no answer set the retry date; email, text and card never
restart it. The touch deals with the moments of its reason that are waiting for
this contact (an open quote followed up, a welcome-back made, a referral called),
as the same call made in a session would.
"""

from __future__ import annotations

from datetime import date, datetime

from outreach_tui.core.money import CardCosts
from outreach_tui.store.models import Absence, Contact, Quote, Referral
from outreach_tui.store.recording import CallRecord, RecordError, SavedCall, save_call


def waiting_moments(contact_id: int, reason: str, today: date) -> tuple[tuple[str, int | None], ...]:
    """(reason, id) of this contact's moments of `reason` that a touch today deals with."""
    if reason == "quote_follow_up":
        ids = Quote.select(Quote.id).where((Quote.contact == contact_id) & (Quote.status == "open"))
    elif reason == "back_from_absence":
        ids = Absence.select(Absence.id).where((Absence.contact == contact_id) & (Absence.returns_on <= today)
                                               & Absence.acknowledged_on.is_null())
    elif reason == "referral":
        ids = Referral.select(Referral.id).where((Referral.contact == contact_id) & Referral.called_on.is_null())
    else:
        return ()
    return tuple((reason, row_id) for (row_id,) in ids.tuples())


def log_touch(
    contact_id: int,
    outcome: str,
    *,
    rep: str,
    now: datetime,
    channel: str = "call",
    reason: str = "check_in",
    notes: str = "",
    their_view: str = "",
    next_touch_on: date | None = None,
    card_kind: str | None = None,
    card_costs: CardCosts = CardCosts(),
) -> SavedCall:
    """Record one touch on `now`'s day; out of office takes `next_touch_on` as the day they are back.

    Raises `recording.RecordError` naming the field for anything that cannot be saved.
    """
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise RecordError(f"contact {contact_id}: there is no such contact")
    away = outcome == "out_of_office"
    record = CallRecord(
        contact_id=contact_id,
        outcome=outcome,
        reason=reason,
        channel=channel,
        started_at=now,
        notes=notes.strip(),
        their_view=their_view.strip(),
        next_touch_on=next_touch_on,
        absence_returns_on=next_touch_on if away else None,
        card_kind=card_kind,
        acknowledges=waiting_moments(contact_id, reason, now.date()),
    )
    return save_call(record, session_id=None, rep=rep, now=now, card_costs=card_costs)
