"""What the planner reads for one day: plain facts the store selected, no database.

The store selects candidates with indexed SQL and hands them over as these
dataclasses; the rules (`plan_signals`) and the assembly (`planner`) read them.
Their own module so that the store's readers name the facts without the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class ContactFacts:
    id: int
    name: str
    relationship: str = "client"
    value_cents: int = 0
    cadence_days: int = 90
    last_touch_on: date | None = None
    last_purchase_on: date | None = None
    last_contact_on: date | None = None
    check_in_due_on: date | None = None
    next_touch_on: date | None = None
    snoozed_until: date | None = None
    do_not_contact: bool = False
    archived: bool = False
    timezone: str = ""  # IANA name; their calling hours are in this zone
    away_until: date | None = None  # an absence that covers today


@dataclass(slots=True)
class AbsenceFact:
    id: int
    contact_id: int
    returns_on: date
    place: str = ""
    why: str = ""


@dataclass(slots=True)
class LifeEventFact:
    id: int
    contact_id: int
    kind: str
    month: int
    day: int
    year: int | None = None
    yearly: bool = False
    note: str = ""
    acknowledged_on: date | None = None


@dataclass(slots=True)
class QuoteFact:
    id: int
    contact_id: int
    sent_on: date
    amount_cents: int = 0
    description: str = ""
    last_followed_up_on: date | None = None


@dataclass(slots=True)
class ReferralFact:
    id: int
    contact_id: int  # the person referred, now a contact
    referred_by: str
    given_on: date


@dataclass
class Facts:
    """Everything the planner needs for one day, as the store selected it."""

    contacts: dict[int, ContactFacts] = field(default_factory=dict)
    absences: list[AbsenceFact] = field(default_factory=list)
    life_events: list[LifeEventFact] = field(default_factory=list)
    quotes: list[QuoteFact] = field(default_factory=list)
    referrals: list[ReferralFact] = field(default_factory=list)
