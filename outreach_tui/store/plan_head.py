"""The head of today's plan, read without loading every contact with a moment today.

A big book has thousands of dated moments a day (events in their window, returns,
referrals, set dates), and the plan shows the first few dozen. Every dated moment
comes before every routine call (`core.plan_order`), so when the dated moments fill
the list its head is theirs alone: this reads the moments themselves (small rows,
no contacts), ranks each contact by its most time-bound moment, and then loads and
scores contacts in that order only until no one further down could still come
before the last place. The items are those the whole plan's reading would list.
"""

from __future__ import annotations

from datetime import date

from outreach_tui.core.plan_order import moment_rank, order_key
from outreach_tui.core.planner import (Facts, PlanItem, PlanRules, absence_signal, life_event_signal,
                                       moment_items, referral_signal)
from outreach_tui.store.models import Contact
from outreach_tui.store.queries import CONTACT_FACT_COLUMNS, _and, _contact_facts, moment_facts, raw_rows

BATCH = 64  # contacts loaded at a time, in rank order


def dated_head(today: date, rules: PlanRules, away: dict[int, date], free, limit: int
               ) -> tuple[list[PlanItem], set[int]] | None:
    """(The first `limit` items, every contact with a moment or set date today), or None when the
    dated moments do not fill `limit` (then the routine calls need the whole plan's reading)."""
    moments = moment_facts(today, rules)
    best: dict[int, tuple] = {}

    def rank(contact_id: int, signal) -> None:
        if signal is not None and (found := moment_rank(signal, today)) is not None:
            best[contact_id] = min(best.get(contact_id, found), found)

    for absence in moments.absences:
        rank(absence.contact_id, absence_signal(absence, today, rules))
    for event in moments.life_events:
        rank(event.contact_id, life_event_signal(event, today, rules))
    for referral in moments.referrals:
        rank(referral.contact_id, referral_signal(referral, today))
    set_dates = Contact.select(Contact.id, Contact.next_touch_on).where(Contact.next_touch_on <= today)
    for contact_id, when in raw_rows(set_dates, (1,)):
        best[contact_id] = min(best.get(contact_id, (4, when.toordinal())), (4, when.toordinal()))
    busy = set(best) | {quote.contact_id for quote in moments.quotes}
    ranked = sorted(best, key=best.__getitem__)
    key = order_key(today)
    contacts: dict = {}
    for start in range(0, len(ranked), BATCH):
        batch = ranked[start:start + BATCH]
        loaded = Contact.select(*CONTACT_FACT_COLUMNS).where(_and(Contact.id.in_(batch), free))
        contacts.update(_contact_facts(loaded, away))
        items = moment_items(_of(moments, contacts), today, rules)
        following = start + BATCH
        if len(items) >= limit and (following >= len(ranked)
                                    or key(items[limit - 1])[:3] < (0, *best[ranked[following]])):
            return items[:limit], busy
    return None  # everyone with a dated moment is loaded and still the list is not full


def _of(moments: Facts, contacts: dict) -> Facts:
    """The moments of `contacts` alone, with them: what `moment_items` scores."""
    return Facts(contacts, [a for a in moments.absences if a.contact_id in contacts],
                 [e for e in moments.life_events if e.contact_id in contacts],
                 [q for q in moments.quotes if q.contact_id in contacts],
                 [r for r in moments.referrals if r.contact_id in contacts])
