"""Who to reach today and why: the method's rules as pure functions over plain facts.

The store selects candidates with indexed SQL and hands them over as the
dataclasses below; nothing here touches a database. Each rule turns one fact into
a `Signal` (a reason, its weight and a one-line detail); a contact's signals make
one `PlanItem`, scored by its strongest reason, the others, and customer value.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
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
from outreach_tui.core.plan_items import PlanItem, PlanRules, Signal
from outreach_tui.core.plan_order import ROUTINE_REASONS, is_dated, order_key, thoughtful_position
from outreach_tui.core.text import folded, one_line
from outreach_tui.core.vocab import CARD_FOR_EVENT, CUSTOMER_RELATIONSHIPS, EVENT_LABELS, REASONS


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


def check_in_due(relationship: str, cadence_days: int, last_touch_on: date | None,
                 customer_since: date | None, created_on: date | None) -> date | None:
    """When a customer's next check-in falls due: a cadence after the last personal touch
    (or after they became a customer); None for people who get no check-ins."""
    if relationship not in CUSTOMER_RELATIONSHIPS:
        return None
    start = last_touch_on or customer_since or created_on
    return start + timedelta(days=cadence_days) if start else None


def excluded(contact: ContactFacts, today: date) -> bool:
    """Never on the plan: do-not-contact, archived, snoozed, away, or already reached today."""
    return (
        contact.do_not_contact
        or contact.archived
        or (contact.snoozed_until is not None and contact.snoozed_until > today)
        or (contact.away_until is not None and contact.away_until > today)
        or (contact.last_contact_on is not None and contact.last_contact_on >= today)
    )


def held(contact: ContactFacts, today: date) -> bool:
    """Waiting for a date the rep set (a voicemail's retry, a typed next touch): no routine call before it.

    A dated moment (a return, a life event, a referral) still brings the contact in.
    """
    return contact.next_touch_on is not None and contact.next_touch_on > today


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


_REASON_RANK = {reason: rank for rank, reason in enumerate(REASONS)}


def _order_key(signal: Signal) -> tuple[int, float, int]:
    """An item's own reasons: its dated moments first (they placed it), then by weight."""
    return (signal.reason in ROUTINE_REASONS, -signal.weight, _REASON_RANK[signal.reason])


def build_plan(
    facts: Facts,
    today: date,
    rules: PlanRules = PlanRules(),
    routine: Iterable[ContactFacts] = (),
    limit: int | None = None,
) -> list[PlanItem]:
    """Items due today in the one order (see `plan_order`), at most `limit` of them."""
    return merge_routine(moment_items(facts, today, rules), facts, today, rules, routine, limit)


def moment_items(facts: Facts, today: date, rules: PlanRules = PlanRules()) -> list[PlanItem]:
    """Every contact in `facts` with something due, scored in full, in plan order.

    These are the contacts with a dated reason (an absence, an event, a quote…);
    the plan's items and its counts both start from this one list.
    """
    signals: dict[int, list[Signal]] = {}
    for contact in facts.contacts.values():
        found = [s for s in (check_in_signal(contact, today), neglected_signal(contact, today, rules),
                             follow_up_signal(contact, today)) if s is not None]
        if found:
            signals[contact.id] = found
    moments = (
        *((a.contact_id, absence_signal(a, today, rules)) for a in facts.absences),
        *((e.contact_id, life_event_signal(e, today, rules)) for e in facts.life_events),
        *((q.contact_id, quote_signal(q, today, rules)) for q in facts.quotes),
        *((r.contact_id, referral_signal(r, today)) for r in facts.referrals),
    )
    for contact_id, signal in moments:
        if signal is not None:
            signals.setdefault(contact_id, []).append(signal)

    items = []
    for contact_id, found in signals.items():
        contact = facts.contacts.get(contact_id)
        if contact is None or excluded(contact, today):
            continue
        if held(contact, today):
            found = [s for s in found if s.reason not in ROUTINE_REASONS]
        if found:
            items.append(_item(contact, found))
    items.sort(key=order_key(today))
    return items


def merge_routine(
    moments: list[PlanItem],
    facts: Facts,
    today: date,
    rules: PlanRules,
    routine: Iterable[ContactFacts],
    limit: int | None,
    to_beat: ScoreToBeat | None = None,
) -> list[PlanItem]:
    """The first `limit` of `moments` and the contacts due only for a check-in or neglect, in plan order.

    `routine` is a stream, highest value first: it is read only until no one left
    in it could still enter the first `limit`, so a book with 50,000 overdue
    check-ins costs a few hundred rows, not 50,000. Dated moments all come before
    routine calls, so once they fill the limit the stream is not read at all.
    With `to_beat`, the stream's reader is told, as the list fills, the score a contact
    must reach to still come in (see `routine_reach`), and it leaves the rest unread
    and ends the stream itself; its order is then free (`store.routine_read`).
    """
    key = order_key(today)
    items = moments[:limit] if limit is not None else list(moments)
    keys = [key(item) for item in items]  # each item's key once, not once per comparison
    _tell(to_beat, items, limit)
    for contact in routine:
        if limit is not None and len(items) >= limit and (is_dated(items[-1]) or (
                to_beat is None and round(routine_ceiling(contact.value_cents), 1) < items[-1].score)):
            break
        if contact.id in facts.contacts or excluded(contact, today) or held(contact, today):
            continue
        found = [s for s in (check_in_signal(contact, today), neglected_signal(contact, today, rules)) if s]
        if found:
            item = _item(contact, found)
            where = bisect.bisect(keys, item_key := key(item))
            keys.insert(where, item_key)
            items.insert(where, item)
            if limit is not None and len(items) > limit:
                items.pop()
                keys.pop()
            _tell(to_beat, items, limit)
    return items


@dataclass
class ScoreToBeat:
    """The last place's score once the list is full (None until then), which a routine contact must
    reach to come in, and its name, which one that only ties the score must come before (ties go by
    name, then id): set here as routine calls merge, read by the store before each page of them
    (`routine_reach`). The last place only moves up as the list fills, so a bound taken from it
    earlier stays safe."""

    score: float | None = None
    name: str | None = None  # the last place's folded name: a tie on the score must come before it


def _tell(to_beat: ScoreToBeat | None, items: list[PlanItem], limit: int | None) -> None:
    """The score to beat once the list is full: its last item's (no routine call beats a dated one)."""
    if to_beat is not None and limit is not None and len(items) >= limit:
        if not items or is_dated(items[-1]):
            to_beat.score, to_beat.name = math.inf, None
        else:
            to_beat.score, to_beat.name = items[-1].score, folded(items[-1].name)


def _item(contact: ContactFacts, found: list[Signal]) -> PlanItem:
    found = _strongest_per_reason(found)
    return PlanItem(contact.id, contact.name, score(found, contact.value_cents), tuple(found), contact.timezone)


def routine_ceiling(value_cents: int) -> float:
    """The best score a contact can reach on a check-in and neglect alone (see the weights above)."""
    check_in = check_in_weight(CHECK_IN_MAX_OVERDUE_DAYS)
    neglected = BASE_WEIGHT["neglected"] + NEGLECT_MAX_EXTRA_MONTHS
    return max(check_in, neglected) + 0.25 * min(check_in, neglected) + value_bonus(value_cents)


def with_thoughtful(
    items: list[PlanItem], today: date, thoughtful: ContactFacts | None, limit: int | None = None
) -> list[PlanItem]:
    """The day's list: `items` (in plan order) with the thoughtfulness pick right after the dated
    moments and no later than 10th, then its first `limit` (so a limit is a prefix of the whole)."""
    chosen = list(items)
    planned = {item.contact_id for item in items}
    if thoughtful is not None and thoughtful.id not in planned and not excluded(thoughtful, today) \
            and not held(thoughtful, today):
        chosen.insert(thoughtful_position(chosen), thoughtfulness_item(thoughtful))
    return chosen[:limit] if limit is not None else chosen


def _strongest_per_reason(signals: list[Signal]) -> list[Signal]:
    """One signal per reason (two quotes make one quote reason), dated moments first, then strongest."""
    if len(signals) == 1:
        return signals
    best: dict[str, Signal] = {}
    for signal in sorted(signals, key=_order_key):
        best.setdefault(signal.reason, signal)
    return list(best.values())  # kept in the sorted order they were met


def thoughtfulness_item(contact: ContactFacts) -> PlanItem:
    signal = thoughtfulness_signal()
    return PlanItem(contact.id, contact.name, score([signal], contact.value_cents), (signal,), contact.timezone)


def thoughtfulness_pivot(today: date, max_id: int) -> int:
    """Where today's search for a thoughtfulness pick starts: spread over the book, same all day."""
    if max_id <= 0:
        return 0
    return (today.toordinal() * 2654435761) % max_id + 1
