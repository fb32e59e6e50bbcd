"""Quotes: list them, and decide one (won or lost) once the customer has answered.

A decided quote is no longer `open`, so the plan stops bringing it back as a
follow-up (queries only read open quotes), and the weekly review counts it in the
week of `decided_on`. The same writer serves the shell, the Contacts screen and
the call screen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from outreach_tui.core.vocab import QUOTE_STATUSES
from outreach_tui.store.models import Contact, Quote, database

DECISIONS = tuple(status for status in QUOTE_STATUSES if status != "open")


class QuoteError(ValueError):
    """The quote cannot be decided; the message names what is wrong."""


@dataclass(frozen=True)
class QuoteRow:
    id: int
    contact_id: int
    contact_name: str
    description: str
    amount_cents: int
    sent_on: date
    status: str
    decided_on: date | None

    def as_json(self) -> dict:
        row = asdict(self)
        row["sent_on"] = self.sent_on.isoformat()
        row["decided_on"] = self.decided_on.isoformat() if self.decided_on else None
        return row


def list_quotes(open_only: bool = False, contact_id: int | None = None) -> list[QuoteRow]:
    """Quotes, the oldest sent first (the order they are waiting in)."""
    query = (Quote.select(Quote.id, Quote.contact, Contact.name, Quote.description, Quote.amount_cents,
                          Quote.sent_on, Quote.status, Quote.decided_on)
             .join(Contact, on=(Quote.contact == Contact.id)))
    if open_only:
        query = query.where(Quote.status == "open")
    if contact_id is not None:
        query = query.where(Quote.contact == contact_id)
    return [QuoteRow(*row) for row in query.order_by(Quote.sent_on, Quote.id).tuples()]


def decide_quote(quote_id: int, status: str, on: date, today: date, amount_cents: int | None = None) -> QuoteRow:
    """Mark a quote won or lost on a day (won may carry the amount agreed); the quote as it is now.

    Deciding again corrects the earlier decision; a day still to come, or before the
    quote was sent, is refused.
    """
    if on > today:
        raise QuoteError(f"{on.isoformat()} is still to come: a quote is decided today or before")
    if status not in DECISIONS:
        raise QuoteError(f"decision: pick one of {', '.join(DECISIONS)}")
    if amount_cents is not None and amount_cents < 0:
        raise QuoteError("amount: can't be negative")
    with database.atomic():
        quote = Quote.get_or_none(Quote.id == quote_id)
        if quote is None:
            raise QuoteError(f"quote {quote_id}: there is no such quote")
        if on < quote.sent_on:
            raise QuoteError(f"{on.isoformat()} is before the quote was sent ({quote.sent_on.isoformat()})")
        changes = {Quote.status: status, Quote.decided_on: on}
        if amount_cents is not None and status == "won":
            changes[Quote.amount_cents] = amount_cents
        Quote.update(changes).where(Quote.id == quote_id).execute()
    return next(row for row in list_quotes(contact_id=quote.contact_id) if row.id == quote_id)
