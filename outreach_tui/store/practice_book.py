"""The practice book: a throw-away demo book holding the customer of each practice call.

`outreach practice` never opens the rep's store. It builds a small demo book from the
seed in a temporary file (as `outreach demo` does), adds the practice customer with
what the scenario says about them (an open quote, an absence just ended, a year of
silence), and records each call's outcome as a real one would be: the quote decided
won or lost, or a follow-up on the day the customer named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from outreach_tui.core.plan_items import PlanItem, Signal
from outreach_tui.store.connection import open_store
from outreach_tui.store.contact_edit import add_absence, add_contact, add_quote
from outreach_tui.store.demo_book import mark_demo
from outreach_tui.store.models import Contact, database
from outreach_tui.store.quotes import decide_quote
from outreach_tui.store.recording import CallRecord, save_call
from outreach_tui.store.seeding import seed_book

BOOK_CONTACTS = 25  # the demo people around the practice customer: a book, not an empty file
QUOTE_SENT_DAYS_AGO = 12
NEGLECTED_DAYS = 400
ABSENCE_ENDED_DAYS_AGO = 3


@dataclass(frozen=True)
class PracticeCustomer:
    item: PlanItem  # as the plan would bring them: the scenario's reason, its quote or absence
    quote_id: int | None


def open_practice_book(path: Path, seed: int, today: date, rep: str) -> None:
    """Build the demo people of the practice book in a new file, and keep it open here."""
    db = open_store(path)
    mark_demo(db)
    seed_book(db, contacts=BOOK_CONTACTS, seed=seed, today=today, rep=rep)


def add_customer(scenario, persona, today: date) -> PracticeCustomer:
    """The practice call's customer, in the book as the scenario describes them."""
    last_touch = today - timedelta(days=NEGLECTED_DAYS if scenario.reason == "neglected" else 60)
    contact_id = add_contact({"name": persona.name, "first_name": persona.first_name, "company": persona.company,
                              "relationship": "client", "customer_since": today - timedelta(days=3 * 365),
                              "value_cents": persona.amount_cents * 3}, today)
    with database.atomic():
        Contact.update(last_touch_on=last_touch, last_contact_on=last_touch).where(Contact.id == contact_id).execute()
    ref_id = quote_id = None
    if scenario.has_quote:
        ref_id = quote_id = add_quote(contact_id, {"description": persona.item, "amount_cents": persona.amount_cents,
                                                   "sent_on": today - timedelta(days=QUOTE_SENT_DAYS_AGO)})
    if scenario.reason == "back_from_absence":
        ref_id = add_absence(contact_id, {"place": "away", "why": persona.fields.get("absence", ""),
                                          "starts_on": today - timedelta(days=100),
                                          "returns_on": today - timedelta(days=ABSENCE_ENDED_DAYS_AGO)})
    signal = Signal(scenario.reason, 1.0, lambda: scenario.description, ref_id=ref_id)
    return PracticeCustomer(PlanItem(contact_id, persona.name, 1.0, (signal,)), quote_id)


def record_outcome(customer: PracticeCustomer, call, now: datetime, rep: str) -> None:
    """The call in the book, as a real one would be saved, and its quote decided."""
    today = now.date()
    notes = "Practice call: " + "; ".join(turn.move for turn in call.turns)
    record = CallRecord(contact_id=customer.item.contact_id, outcome="connected",
                        reason=customer.item.reason, started_at=now, notes=notes,
                        next_touch_on=call.follow_up_on,
                        acknowledges=tuple((s.reason, s.ref_id) for s in customer.item.signals))
    save_call(record, session_id=None, rep=rep, now=now)
    if customer.quote_id is not None and call.outcome in ("won", "lost"):
        decide_quote(customer.quote_id, call.outcome, today, today)
