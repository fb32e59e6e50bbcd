"""The customer on a practice call, filled from Faker and the seed.

The same scenario and seed give the same person, company, quote and dates, so a
trainer can prepare a call and project the very same one to the group.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from outreach_tui.core.money import format_money

# Fields every text may use; a scenario's [persona.pick] lists add their own.
BASE_FIELDS = ("first_name", "name", "company", "item", "amount", "competitor", "competitor_amount",
               "boss", "rep", "decision_date", "follow_up_date")
COMPETITOR_DISCOUNT = 0.9  # the competitor's price, against ours


@dataclass(frozen=True)
class Persona:
    first_name: str
    name: str
    company: str
    item: str
    amount_cents: int
    decision_on: date
    follow_up_on: date
    fields: dict[str, str]  # every {field} a text may use, filled

    def fill(self, text: str) -> str:
        return text.format_map(self.fields)


def field_names(scenario) -> tuple[str, ...]:
    return (*BASE_FIELDS, *scenario.picks)


def spoken_date(day: date) -> str:
    """How a customer names a day: 'Thursday 17 December'."""
    return f"{day:%A} {day.day} {day:%B}"


def seeded(scenario, seed: int, *salt: object) -> random.Random:
    """A random source fixed by the scenario, the seed and what it is for."""
    return random.Random(":".join(str(part) for part in (scenario.name, seed, *salt)))


def make_persona(scenario, seed: int, today: date, rep: str = "me") -> Persona:
    from faker import Faker  # heavy: only when a call is played

    rng = seeded(scenario, seed, "persona")
    fake = Faker("en_US")
    fake.seed_instance(rng.randrange(2**32))
    first, last = fake.first_name(), fake.last_name()
    company = fake.company()
    competitor = fake.company()
    while competitor == company:
        competitor = fake.company()
    low, high = scenario.amount
    amount_cents = rng.randrange(low // 50, high // 50 + 1) * 5000  # a round quote: whole $50s
    decision_on = today + timedelta(days=scenario.decision_days)
    follow_up_on = today + timedelta(days=scenario.follow_up_days)
    item = rng.choice(scenario.items)
    fields = {
        "first_name": first,
        "name": f"{first} {last}",
        "company": company,
        "item": item,
        "amount": format_money(amount_cents),
        "competitor": competitor,
        "competitor_amount": format_money(int(amount_cents * COMPETITOR_DISCOUNT) // 100 * 100),
        "boss": fake.name(),
        "rep": rep,
        "decision_date": spoken_date(decision_on),
        "follow_up_date": spoken_date(follow_up_on),
    }
    fields.update({key: rng.choice(values) for key, values in scenario.picks.items() if values})
    return Persona(first, fields["name"], company, item, amount_cents, decision_on, follow_up_on, fields)
