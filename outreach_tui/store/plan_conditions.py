"""The SQL conditions of today's plan: who may be called, who no one else holds, who is due.

One home for the WHERE clauses that the plan's readers (`queries`, `plan_facts_read`,
`plan_head`) share with the claims, the day's progress and the windows: the SQL twins
of the planner's rules (`core.planner.excluded`, `core.plan_signals`), each written so
that SQLite reads by the index that narrows the query.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from peewee import fn

from outreach_tui.core.dates import months_before
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.vocab import CUSTOMER_RELATIONSHIPS
from outreach_tui.store.models import Absence, Claim, Contact, LifeEvent, Quote, Referral


# Stand in for "no date" so that a NULL compares as long ago, or as never.
LONG_AGO = date(1900, 1, 1)
NEVER = date(9999, 12, 31)


def unindexed(column, missing):
    """The column as an expression no index serves (NULL read as `missing`).

    The app never runs ANALYZE, so SQLite guesses that `rep = ?` or `relationship
    IN (…)` picks out few rows, when each matches a quarter of the book or more.
    Wrapping such a column steers it to the index that does narrow the query (the
    day of `started_at`; `value_cents`, read best first with an early stop).
    """
    return fn.COALESCE(column, missing)


def reachable(today: date):
    """Contacts the rep may call today (the SQL side of `planner.excluded`, but for absences).

    Written with COALESCE rather than `IS NULL OR`, which would tempt SQLite into
    a slow multi-index plan over nearly every row.
    """
    return (
        (unindexed(Contact.do_not_contact, False) == False)  # noqa: E712 (peewee expression)
        & (unindexed(Contact.archived, False) == False)  # noqa: E712 (nearly every row: no index)
        & (fn.COALESCE(Contact.snoozed_until, LONG_AGO) <= today)
        & (fn.COALESCE(Contact.last_contact_on, LONG_AGO) < today)
    )


def as_utc(now: datetime) -> datetime:
    """A claim time: naive UTC (a naive `now` is the machine's local time), comparable across reps' zones."""
    return now.astimezone(timezone.utc).replace(tzinfo=None)


def unclaimed(now: datetime, rep: str | None = None, session_id: int | None = None):
    """Contacts no one else holds a live claim on (no one at all, with rep None).

    Someone else: another rep, or another window of `rep` — a claim taken for a session
    other than `session_id`. A claim `rep` took with no session (`outreach claim`) is
    theirs in any window. The SQL companion of `reachable` in team mode: an expired
    claim holds no one. One uncorrelated subquery over the small claim table.
    """
    live = Claim.select(Claim.contact).where(Claim.expires_at > as_utc(now))
    if rep is not None:
        live = live.where(~claimed_by(rep, session_id))
    return Contact.id.not_in(live)


def claimed_by(rep: str, session_id: int | None):
    """A claim that is `rep`'s in the window working `session_id` (see `unclaimed`)."""
    own_window = Claim.session.is_null() if session_id is None else (Claim.session.is_null()
                                                                     | (Claim.session == session_id))
    return (Claim.rep == rep) & own_window


def free_for(today: date, rep: str | None, now: datetime | None, hide_own_claims: bool):
    """The `unclaimed` condition of `queries.todays_plan` (None: claims are not looked at)."""
    if rep is None:
        return None
    if now is None:
        now = datetime.combine(today, datetime.now().time())
    return unclaimed(now, None if hide_own_claims else rep)


def narrowed(condition, extra):
    """`condition`, and `extra` with it when there is one (a `free_for` that may be None)."""
    return condition if extra is None else condition & extra


def routine_conditions(today: date, rules: PlanRules):
    """SQL twins of `plan_signals.check_in_signal` and `neglected_signal`: (customer, check-in due, neglected).

    Both signals need `customer` too; it is kept apart so that SQLite tests it once
    per row (asked inside each signal, counting the book took three times as long).

    No index serves them (see `unindexed`): more than half the book may be due, so
    the plan reads down the value index and stops once the top of the list is known
    (a multi-index OR here meant sorting every due contact first: 250 ms on 100k).
    """
    customer = unindexed(Contact.relationship, "").in_(CUSTOMER_RELATIONSHIPS)
    check_in = unindexed(Contact.check_in_due_on, NEVER) <= today
    neglected = (
        (unindexed(Contact.last_purchase_on, NEVER) <= months_before(today, rules.neglect_months))
        & (unindexed(Contact.last_touch_on, LONG_AGO) <= today - timedelta(days=rules.neglect_recall_days))
    )
    return customer, check_in, neglected


def window_month_days(today: date, before: int, after: int) -> list[int]:
    """month*100+day for each day in the window; 29 Feb joins 28 Feb in common years."""
    keys = []
    for offset in range(-before, after + 1):
        day = today + timedelta(days=offset)
        keys.append(day.month * 100 + day.day)
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            keys.append(229)
    return keys


def moment_conditions(today: date, rules: PlanRules, by_contact: bool = False) -> tuple:
    """Which absences, life events, quotes and referrals may make a moment today (SQL conditions).

    `by_contact`: for a read of a few contacts' moments, the same conditions on expressions
    no index serves, so SQLite reads by the contact index (not every event in the window).
    """
    event_day, status, called_on = LifeEvent.month_day, Quote.status, Referral.called_on
    if by_contact:
        event_day, status, called_on = event_day + 0, status.concat(""), called_on.concat("")
    absent = (Absence.returns_on.between(today - timedelta(days=rules.absence_grace_days), today)
              & Absence.acknowledged_on.is_null())
    in_window = event_day.in_(window_month_days(today, rules.life_event_grace_days, rules.life_event_lead_days))
    quote_cut = today - timedelta(days=rules.quote_follow_up_days)
    waiting = ((status == "open") & (Quote.sent_on <= quote_cut)
               & (Quote.last_followed_up_on.is_null() | (Quote.last_followed_up_on <= quote_cut)))
    uncalled = called_on.is_null() & Referral.contact.is_null(False)
    return absent, in_window, waiting, uncalled
