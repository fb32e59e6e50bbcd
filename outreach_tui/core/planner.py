"""Today's list from the signals: who may be on it, one item per contact, in plan order.

Each contact's signals (`plan_signals`) make one `PlanItem`, scored by its strongest
reason, the others, and customer value; contacts out of reach today (`excluded`) or
waiting for a date the rep set (`held`) are left out. The dated moments come first
(`moment_items`); the routine calls merge in up to a limit (`merge_routine`), and
the day's thoughtfulness pick takes its place (`with_thoughtful`). Pure functions
over the facts the store selected (`plan_facts`); nothing here touches a database.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from outreach_tui.core.plan_facts import ContactFacts, Facts
from outreach_tui.core.plan_items import PlanItem, PlanRules, Signal
from outreach_tui.core.plan_order import ROUTINE_REASONS, is_dated, order_key, thoughtful_position
from outreach_tui.core.plan_signals import (
    absence_signal,
    check_in_signal,
    follow_up_signal,
    life_event_signal,
    neglected_signal,
    quote_signal,
    referral_signal,
    routine_ceiling,
    score,
    thoughtfulness_signal,
)
from outreach_tui.core.text import folded
from outreach_tui.core.vocab import REASONS


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



def with_thoughtful(
    items: list[PlanItem], today: date, thoughtful: ContactFacts | None, limit: int | None = None
) -> list[PlanItem]:
    """The day's list: `items` (in plan order) with the thoughtfulness pick right after the dated
    moments and no later than 10th, then its first `limit` (so a limit is a prefix of the whole)."""
    placeable = thoughtful is not None and not excluded(thoughtful, today) and not held(thoughtful, today)
    return with_pick_item(items, thoughtfulness_item(thoughtful) if placeable else None, limit)


def with_pick_item(items: list[PlanItem], pick: PlanItem | None, limit: int | None = None) -> list[PlanItem]:
    """`with_thoughtful` for a pick already made into its item (a plan kept in the store holds those)."""
    chosen = list(items)
    if pick is not None and pick.contact_id not in {item.contact_id for item in items}:
        chosen.insert(thoughtful_position(chosen), pick)
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
