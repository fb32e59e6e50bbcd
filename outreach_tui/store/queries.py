"""Today's plan from the store: its items, its counts and the day's thoughtful pick.

The dated moments come from `plan_facts_read`; the contacts due only a check-in or
neglected are read best value first and only as far as the list needs them
(`routine_candidates`); what is due in all is counted in SQL (`routine_counts`).
`plan_head.listed_plan` reads just the head of the same list for the first screen.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from peewee import Case, fn

from outreach_tui.core.due_date import STORED_RULES
from outreach_tui.core.goals import NOT_PLACED
from outreach_tui.core.plan_facts import ContactFacts, Facts
from outreach_tui.core.plan_items import Plan, PlanItem, PlanRules, count_by_reason
from outreach_tui.core.plan_order import is_dated
from outreach_tui.core.planner import ScoreToBeat, merge_routine, moment_items, thoughtfulness_pivot, with_thoughtful
from outreach_tui.core.vocab import REASONS
from outreach_tui.store.models import Absence, Contact, Interaction, database
from outreach_tui.store.plan_conditions import LONG_AGO, free_for, narrowed, reachable, routine_conditions, unindexed
from outreach_tui.store.plan_facts_read import (CONTACT_DATE_POSITIONS, CONTACT_FACT_COLUMNS, away_today, load_facts,
                                                raw_rows)
from outreach_tui.store.routine_read import pages_in_index_order, read_by_reach

T = TypeVar("T")


def routine_candidates(today: date, rules: PlanRules, away: dict[int, date], free=None,
                       to_beat: ScoreToBeat | None = None) -> Iterator[ContactFacts]:
    """Contacts due a check-in or neglected, highest value first, read lazily (with `to_beat`:
    those who could reach it, see `routine_read`). With the rules next_due_on was computed by,
    who is due (reachable, not held) is read from the due index itself."""
    customer, check_in, neglected = routine_conditions(today, rules)
    due = (Contact.next_due_on <= today) if rules == STORED_RULES else reachable(today)
    query = Contact.select(*CONTACT_FACT_COLUMNS).where(narrowed(due & customer & (check_in | neglected), free))

    def fetch(page) -> Iterator[ContactFacts]:
        return (ContactFacts(*row, away_until=away.get(row[0])) for row in raw_rows(page, CONTACT_DATE_POSITIONS))

    return read_by_reach(query, today, rules, to_beat, fetch)


def routine_counts(today: date, rules: PlanRules, free=None) -> dict[str, int]:
    """How many reachable contacts, not away and not waiting for a set date (`planner.held`),
    are due a check-in, are neglected, and either."""
    customer, check_in, neglected = routine_conditions(today, rules)
    away_now = Absence.select(Absence.contact).where(
        (Absence.returns_on > today) & (fn.COALESCE(Absence.starts_on, LONG_AGO) <= today)
    )
    not_waiting = unindexed(Contact.next_touch_on, LONG_AGO) <= today  # in the due-scan index (schema 7)
    query = Contact.select(
        fn.COUNT(Contact.id), fn.SUM(Case(None, [(check_in, 1)], 0)), fn.SUM(Case(None, [(neglected, 1)], 0))
    ).where(narrowed(reachable(today) & customer & (check_in | neglected) & not_waiting
                     & Contact.id.not_in(away_now), free))
    either, check_ins, neglects = database.execute(query).fetchone()
    return {"check_in": check_ins or 0, "neglected": neglects or 0, "either": either or 0}


PICK_WINDOW = 64  # rows looked at from the pivot on, then before it


def thoughtful_pick(today: date, rules: PlanRules, busy: Container[int], away: Container[int],
                    free=None, rep: str | None = None) -> ContactFacts | None:
    """Today's one contact to surprise: not due, not reached lately, the same all day.

    Once a thoughtful act is done today (`core.goals`) there is no second pick (with
    `rep`, once that rep did one: each rep of a team has their own daily pick).
    Someone waiting for a date the rep set is not a surprise to make.
    """
    if thoughtful_done(today, rep):
        return None
    for window in pick_windows(today, rules, free):
        for row in raw_rows(window, CONTACT_DATE_POSITIONS):
            if row[0] not in busy and row[0] not in away:
                return ContactFacts(*row)
    return None


def thoughtful_done(today: date, rep: str | None) -> bool:
    """Whether a thoughtful act is done today (by `rep`, with one)."""
    day_start = datetime.combine(today, time.min)
    done = Interaction.select().where(
        (Interaction.started_at >= day_start) & (Interaction.started_at < day_start + timedelta(days=1))
        & (Interaction.reason == "thoughtfulness") & Interaction.outcome.not_in(NOT_PLACED)
    )
    if rep is not None:
        done = done.where(unindexed(Interaction.rep, "") == rep)
    return done.exists()


def pick_windows(today: date, rules: PlanRules, free=None) -> tuple:
    """Where the thoughtful pick looks, in its order: the first `PICK_WINDOW` contacts who may be
    picked (reachable, quiet, not due) from the day's pivot on, then those before it. The pick is
    the first of them not busy with a moment today nor away."""
    max_id = Contact.select(fn.MAX(Contact.id)).scalar() or 0
    pivot = thoughtfulness_pivot(today, max_id)
    quiet = Contact.last_contact_on.is_null() | (
        Contact.last_contact_on < today - timedelta(days=rules.thoughtfulness_quiet_days)
    )
    customer, check_in, neglected = routine_conditions(today, rules)
    not_due = ~(customer & (check_in | neglected)) & (unindexed(Contact.next_touch_on, LONG_AGO) <= today)
    base = Contact.select(*CONTACT_FACT_COLUMNS).where(narrowed(reachable(today) & quiet & not_due, free))
    return tuple(part.order_by(Contact.id).limit(PICK_WINDOW)
                 for part in (base.where(Contact.id >= pivot), base.where(Contact.id < pivot)))


def todays_plan(
    today: date,
    rules: PlanRules = PlanRules(),
    limit: int | None = None,
    *,
    rep: str | None = None,
    now: datetime | None = None,
    hide_own_claims: bool = False,
    counts: bool = True,
) -> Plan:
    """The day's best `limit` items (all with None), with counts over everything due.

    Team mode: with `rep`, contacts another rep holds a live claim on (at `now`,
    default the current time of day on `today`) are left out of the items and the
    counts, and `rep`'s own claims stay in; `hide_own_claims` leaves those out too
    (what `claims.claim_next` takes from). Without `rep`, claims are not looked at.
    `counts=False` skips counting everything due (counts empty, total = len(items));
    `plan_head.listed_plan` also skips the moments the list does not reach.

    Counting everything due reads the whole book (most of the plan's time), so
    with a `limit` it runs on a connection of its own beside the items.
    """
    free = free_for(today, rep, now, hide_own_claims)
    routine_tally = None
    if counts and limit is not None:  # SQLite and psycopg let go of the GIL while it reads
        counting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-counts")
        routine_tally = counting.submit(_own_connection, routine_counts, today, rules, free)
        counting.shutdown(wait=False)
    away = away_today(today)
    items, moments, facts = ranked_items(today, rules, limit, away, free)
    dated = sum(1 for item in moments if is_dated(item))
    pick = thoughtful_pick(today, rules, set(facts.contacts), away, free, rep)
    if not counts:
        items = with_thoughtful(items, today, pick, limit)
        return Plan(today, items, {}, len(items), dated, counted=False)
    if routine_tally is None:  # no limit: every item is in hand to count
        tally, total = count_by_reason(items), len(items)
    else:
        tally, total = _with_routine(moments, routine_tally.result())
    if pick is not None:  # counted whether or not a short limit reaches its place
        tally["thoughtfulness"] = 1
        total += 1
    items = with_thoughtful(items, today, pick, limit)
    return Plan(today, items, tally, total, dated)


def ranked_items(today: date, rules: PlanRules, limit: int | None, away: dict[int, date],
                 free=None) -> tuple[list[PlanItem], list[PlanItem], Facts]:
    """The day's best `limit` items before the thoughtful pick, with the moments' items and facts."""
    facts = load_facts(today, rules, away, free)
    moments = moment_items(facts, today, rules)
    to_beat = ScoreToBeat() if limit is not None else None
    with pages_in_index_order() if to_beat is not None else nullcontext():  # the whole book: read in any order
        items = merge_routine(moments, facts, today, rules, routine_candidates(today, rules, away, free, to_beat),
                              limit, to_beat)
    return items, moments, facts


def _with_routine(moments: list[PlanItem], routine: dict[str, int]) -> tuple[dict[str, int], int]:
    """Items per reason and in all: the moments counted here, check-ins and neglect counted in SQL."""
    counts = count_by_reason(moments)
    for reason in ("check_in", "neglected"):
        counts[reason] = routine[reason]
    only_moments = sum(1 for item in moments if not {"check_in", "neglected"} & set(item.reasons))
    ordered = {reason: counts[reason] for reason in REASONS if counts.get(reason)}
    return ordered, routine["either"] + only_moments


def _own_connection(work: Callable[..., T], *args) -> T:
    """`work` on this thread's own connection (Peewee opens one per thread), closed after."""
    try:
        return work(*args)
    finally:
        if not database.is_closed():
            database.close()
