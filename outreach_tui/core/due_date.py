"""The day a contact next falls due: what the store keeps as `next_due_on` (schema 9).

Today's plan reads due contacts from an index range, `next_due_on <= today`, instead
of testing the rules on every contact of the book. So the day is the earliest on which
the contact is reachable and either due a follow-up the rep set or, not held by such a
date, due a check-in or neglected (see `planner.excluded` and `held`, and `plan_signals`).
Absences and claims are left out: they are looked up per plan, from their own tables.

The store computes the same day in SQL (`store.next_due`); this is the rule that
SQL is tested against. It is computed with the default rules (`STORED_RULES`); a
plan with other neglect numbers reads the book without it.
"""

from __future__ import annotations

from datetime import date, timedelta

from outreach_tui.core.dates import add_months
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.vocab import CUSTOMER_RELATIONSHIPS

STORED_RULES = PlanRules()


def neglected_from(last_purchase_on: date | None, last_touch_on: date | None,
                   rules: PlanRules = STORED_RULES) -> date | None:
    """The first day `plan_signals.neglected_signal` fires, for a customer (None: never)."""
    if last_purchase_on is None:
        return None
    day = add_months(last_purchase_on, rules.neglect_months)
    if last_touch_on is not None:
        day = max(day, last_touch_on + timedelta(days=rules.neglect_recall_days))
    return day


def next_due_on(*, relationship: str | None, check_in_due_on: date | None, last_purchase_on: date | None,
                last_touch_on: date | None, next_touch_on: date | None, snoozed_until: date | None,
                last_contact_on: date | None, do_not_contact: bool | None, archived: bool | None,
                rules: PlanRules = STORED_RULES) -> date | None:
    """The first day the contact is on the plan for a follow-up, a check-in or neglect (None: never)."""
    if do_not_contact or archived:
        return None
    if next_touch_on is not None:  # a set date holds routine calls until then, and is due itself
        due = next_touch_on
    elif relationship in CUSTOMER_RELATIONSHIPS:
        routine = [day for day in (check_in_due_on, neglected_from(last_purchase_on, last_touch_on, rules))
                   if day is not None]
        if not routine:
            return None
        due = min(routine)
    else:
        return None
    if snoozed_until is not None:
        due = max(due, snoozed_until)
    if last_contact_on is not None:  # reached today: off the plan until tomorrow
        due = max(due, last_contact_on + timedelta(days=1))
    return due
