"""Small books built directly through the models, for tests that need exact facts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.core.vocab import LIFE_EVENT_KINDS, RELATIONSHIPS
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote, Referral


def add_contact(name: str, today: date, **fields) -> Contact:
    """A contact whose check-in due date is derived the way the app derives it."""
    fields.setdefault("relationship", "client")
    fields.setdefault("created_on", today - timedelta(days=400))
    fields.setdefault("first_name", (name.split() or [""])[0])
    fields["check_in_due_on"] = check_in_due(
        fields["relationship"], fields.get("cadence_days", 90), fields.get("last_touch_on"),
        fields.get("customer_since"), fields["created_on"],
    )
    return Contact.create(name=name, **fields)


def maybe_date(rng: random.Random, today: date, spread: int, chance: float = 0.8) -> date | None:
    return today - timedelta(days=rng.randint(-5, spread)) if rng.random() < chance else None


def random_book(today: date, contacts: int, seed: int) -> None:
    """A book of every situation in random mixes, to compare the SQL pre-selection with the rules."""
    rng = random.Random(seed)
    for number in range(contacts):
        contact = add_contact(
            f"Person {number:04d}",
            today,
            relationship=rng.choice(RELATIONSHIPS),
            cadence_days=rng.choice([30, 60, 90, 90]),
            value_cents=rng.randint(0, 10_000_000),
            last_touch_on=maybe_date(rng, today, 300),
            last_purchase_on=maybe_date(rng, today, 500),
            last_contact_on=maybe_date(rng, today, 40, 0.5),
            next_touch_on=maybe_date(rng, today, 20, 0.2),
            snoozed_until=today + timedelta(days=rng.randint(-3, 3)) if rng.random() < 0.1 else None,
            do_not_contact=rng.random() < 0.05,
            archived=rng.random() < 0.03,
        )
        if rng.random() < 0.15:
            returns = today + timedelta(days=rng.randint(-6, 6))
            Absence.create(contact=contact, place="Mexico", why="vacation", returns_on=returns,
                           starts_on=returns - timedelta(days=rng.randint(1, 20)),
                           acknowledged_on=today if rng.random() < 0.2 else None)
        if rng.random() < 0.2:
            day = today + timedelta(days=rng.randint(-10, 10))
            yearly = rng.random() < 0.5
            LifeEvent.create(contact=contact, kind=rng.choice(LIFE_EVENT_KINDS), month=day.month, day=day.day,
                             year=day.year - (30 if yearly else 0), yearly=yearly,
                             month_day=day.month * 100 + day.day)
        if rng.random() < 0.15:
            Quote.create(contact=contact, sent_on=today - timedelta(days=rng.randint(0, 30)),
                         amount_cents=rng.randint(10_000, 5_000_000), description="racking",
                         status=rng.choice(["open", "open", "won", "lost"]),
                         last_followed_up_on=maybe_date(rng, today, 14, 0.3))
        if number and rng.random() < 0.05:
            Referral.create(referred_by=number, name=contact.name, contact=contact,
                            given_on=today - timedelta(days=rng.randint(0, 20)),
                            called_on=today if rng.random() < 0.3 else None)
