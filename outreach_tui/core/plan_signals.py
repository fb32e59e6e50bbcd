"""The method's rules, one fact at a time: each turns a fact into a `Signal`, or none.

A signal is a reason to reach someone today, its weight and a one-line detail; a
contact's signals are scored by the strongest, a quarter of the others, and customer
value (`score`). The weights and caps are here too: `routine_reach` bounds routine
scores from them. Pure functions over `plan_facts`; putting the signals together
into the day's list is `planner`'s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from outreach_tui.core.dates import (
    day_phrase,
    months_before,
    plural,
    short_date,
    whole_months_between,
    yearly_occurrence,
)
from outreach_tui.core.money import format_money
from outreach_tui.core.plan_facts import AbsenceFact, ContactFacts, LifeEventFact, QuoteFact, ReferralFact
from outreach_tui.core.plan_items import PlanRules, Signal
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import CARD_FOR_EVENT, CUSTOMER_RELATIONSHIPS, EVENT_LABELS


# How much each reason matters before urgency and value (the score; the order is `plan_order`'s).
BASE_WEIGHT = {
    "back_from_absence": 60.0,
    "life_event": 55.0,
    "quote_follow_up": 45.0,
    "follow_up": 40.0,
    "referral": 35.0,
    "neglected": 30.0,
    "check_in": 25.0,
    # Its place in the plan is set by `plan_order` (early, by 10th); the weight only scores it.
    "thoughtfulness": 38.0,
}

# Urgency stops growing after this: two months overdue is as urgent as it gets.
CHECK_IN_MAX_OVERDUE_DAYS = 60
NEGLECT_MAX_EXTRA_MONTHS = 12
VALUE_BONUS_CAP = 20.0  # the most customer value adds to a score


def check_in_due(relationship: str, cadence_days: int, last_touch_on: date | None,
                 customer_since: date | None, created_on: date | None) -> date | None:
    """When a customer's next check-in falls due: a cadence after the last personal touch
    (or after they became a customer); None for people who get no check-ins."""
    if relationship not in CUSTOMER_RELATIONSHIPS:
        return None
    start = last_touch_on or customer_since or created_on
    return start + timedelta(days=cadence_days) if start else None


def check_in_signal(contact: ContactFacts, today: date) -> Signal | None:
    """seeds/003: every past client personally every 90 days (the contact's cadence)."""
    due = contact.check_in_due_on
    if contact.relationship not in CUSTOMER_RELATIONSHIPS or due is None or due > today:
        return None
    overdue = (today - due).days

    def describe() -> str:
        cadence = f"{contact.cadence_days}-day check-in"
        if contact.last_touch_on is None:
            return f"{cadence}: no connected call on record"
        return f"{cadence}, due today" if overdue == 0 else f"{cadence}, {plural(overdue, 'day')} overdue"

    return Signal("check_in", check_in_weight(overdue), describe)


def check_in_weight(overdue_days: int) -> float:
    return BASE_WEIGHT["check_in"] + min(overdue_days, CHECK_IN_MAX_OVERDUE_DAYS) / 4


def neglected_signal(contact: ContactFacts, today: date, rules: PlanRules) -> Signal | None:
    """seeds/002: a customer who has not bought in six months gets a call and a thank-you note."""
    bought = contact.last_purchase_on
    if contact.relationship not in CUSTOMER_RELATIONSHIPS or bought is None:
        return None
    if bought > months_before(today, rules.neglect_months):
        return None
    touched = contact.last_touch_on
    if touched is not None and touched > today - timedelta(days=rules.neglect_recall_days):
        return None
    months = whole_months_between(bought, today)
    weight = BASE_WEIGHT["neglected"] + min(months - rules.neglect_months, NEGLECT_MAX_EXTRA_MONTHS)

    def describe() -> str:
        return f"no order since {short_date(bought, today)} ({plural(months, 'month')})"

    return Signal("neglected", weight, describe, card_kind="thank_you")


def absence_signal(absence: AbsenceFact, today: date, rules: PlanRules) -> Signal | None:
    """seeds/001: follow up on the day they return, and mention where they were."""
    late = (today - absence.returns_on).days
    if late < 0 or late > rules.absence_grace_days:
        return None

    def describe() -> str:
        where = " — ".join(part for part in (one_line(absence.place), one_line(absence.why)) if part)
        when = "back today" if late == 0 else f"back since {day_phrase(absence.returns_on, today)}"
        if absence.place:
            return f"{when} from {where}"
        return f"{when} ({where})" if where else when

    return Signal("back_from_absence", BASE_WEIGHT["back_from_absence"] + 10 - 3 * late, describe, absence.id,
                  due_on=absence.returns_on)


def event_occurrence(event: LifeEventFact, today: date, rules: PlanRules) -> date | None:
    """The date of the event that falls in today's window, if any."""
    start = today - timedelta(days=rules.life_event_grace_days)
    end = today + timedelta(days=rules.life_event_lead_days)
    if not event.yearly:
        if event.year is None:
            return None
        try:
            when = date(event.year, event.month, event.day)
        except ValueError:
            return None
        return when if start <= when <= end else None
    for year in (today.year - 1, today.year, today.year + 1):
        when = yearly_occurrence(event.month, event.day, year)
        if start <= when <= end:
            return when
    return None


def life_event_signal(event: LifeEventFact, today: date, rules: PlanRules) -> Signal | None:
    """seeds/001: a wedding or graduation gets congratulations, a funeral sympathy."""
    when = event_occurrence(event, today, rules)
    if when is None:
        return None
    if event.acknowledged_on is not None and event.acknowledged_on >= when - timedelta(days=rules.life_event_lead_days):
        return None
    card = CARD_FOR_EVENT.get(event.kind, "encouragement")

    def describe() -> str:
        label = one_line(event.note) or EVENT_LABELS.get(event.kind, event.kind)
        if event.kind == "birthday" and event.year and event.yearly:
            label = f"{label} (turns {when.year - event.year})"
        phrase = day_phrase(when, today)
        card_words = f"{card.replace('_', ' ')} card"
        if phrase in ("today", "yesterday", "tomorrow"):
            return f"{label} {'was' if when < today else 'is'} {phrase} — {card_words}"
        return f"{label} on {phrase} — {card_words}"

    closeness = abs((when - today).days)
    return Signal("life_event", BASE_WEIGHT["life_event"] + 10 - closeness, describe, event.id, card, due_on=when)


def quote_signal(quote: QuoteFact, today: date, rules: PlanRules) -> Signal | None:
    """seeds/002: quote follow-up calls raise the hit ratio."""
    waited = (today - quote.sent_on).days
    if waited < rules.quote_follow_up_days:
        return None
    followed = quote.last_followed_up_on
    if followed is not None and (today - followed).days < rules.quote_follow_up_days:
        return None

    def describe() -> str:
        what = f" for {one_line(quote.description)}" if quote.description else ""
        return f"{format_money(quote.amount_cents)} quote{what}, sent {plural(waited, 'day')} ago"

    size = min(10.0, 2 * math.log10(1 + quote.amount_cents / 100))
    weight = BASE_WEIGHT["quote_follow_up"] + size + min(waited - rules.quote_follow_up_days, 21) / 3
    return Signal("quote_follow_up", weight, describe, quote.id)


def referral_signal(referral: ReferralFact, today: date) -> Signal:
    def describe() -> str:
        by = one_line(referral.referred_by) or "a client"
        return f"referred by {by} on {short_date(referral.given_on, today)}"

    weight = BASE_WEIGHT["referral"] + min((today - referral.given_on).days, 14) / 2
    return Signal("referral", weight, describe, referral.id, due_on=referral.given_on)


def follow_up_signal(contact: ContactFacts, today: date) -> Signal | None:
    when = contact.next_touch_on
    if when is None or when > today:
        return None
    late = (today - when).days

    def describe() -> str:
        if late == 0:
            return "follow-up you set for today"
        return f"follow-up you set for {short_date(when, today)}, {plural(late, 'day')} late"

    return Signal("follow_up", BASE_WEIGHT["follow_up"] + min(late, 14) / 2, describe, due_on=when)


def thoughtfulness_signal() -> Signal:
    return Signal("thoughtfulness", BASE_WEIGHT["thoughtfulness"],
                  lambda: "not due for anything: call just to see how they are")


def value_bonus(value_cents: int) -> float:
    """Customer value raises priority, on a log scale so big accounts don't take every slot."""
    return min(VALUE_BONUS_CAP, 4 * math.log10(1 + max(value_cents, 0) / 100))


def score(signals: list[Signal], value_cents: int) -> float:
    if len(signals) == 1:  # most items: skip the sort (the plan scores thousands)
        return round(signals[0].weight + value_bonus(value_cents), 1)
    return combined_score([s.weight for s in signals], value_bonus(value_cents))


def combined_score(weights: Iterable[float], bonus: float) -> float:
    """The strongest weight, a quarter of the others, and the value bonus, rounded to 0.1."""
    ranked = sorted(weights)
    return round(ranked[-1] + 0.25 * sum(ranked[:-1]) + bonus, 1)


def routine_ceiling(value_cents: int) -> float:
    """The best score a contact can reach on a check-in and neglect alone (see the weights above)."""
    check_in = check_in_weight(CHECK_IN_MAX_OVERDUE_DAYS)
    neglected = BASE_WEIGHT["neglected"] + NEGLECT_MAX_EXTRA_MONTHS
    return max(check_in, neglected) + 0.25 * min(check_in, neglected) + value_bonus(value_cents)
