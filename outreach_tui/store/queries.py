"""Read queries: today's plan candidates and contact listings.

Candidates are selected with indexed conditions and fetched as tuples of the
columns the planner needs, never as whole model objects for the whole book.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TypeVar

from peewee import JOIN, Case, DateField, fn

from outreach_tui.core.dates import months_before
from outreach_tui.core.due_date import STORED_RULES
from outreach_tui.core.plan_facts import (
    AbsenceFact,
    ContactFacts,
    Facts,
    LifeEventFact,
    QuoteFact,
    ReferralFact,
)
from outreach_tui.core.plan_items import Plan, PlanItem, PlanRules, count_by_reason
from outreach_tui.core.planner import (
    ScoreToBeat,
    merge_routine,
    moment_items,
    thoughtfulness_pivot,
    with_thoughtful,
)
from outreach_tui.core.goals import NOT_PLACED
from outreach_tui.core.plan_order import is_dated
from outreach_tui.core.vocab import CUSTOMER_RELATIONSHIPS, REASONS
from outreach_tui.store.models import (
    Absence,
    Claim,
    Contact,
    Interaction,
    LifeEvent,
    Quote,
    Referral,
    database,
)
from outreach_tui.store.routine_read import read_by_reach

CONTACT_FACT_COLUMNS = (
    Contact.id,
    Contact.name,
    Contact.relationship,
    Contact.value_cents,
    Contact.cadence_days,
    Contact.last_touch_on,
    Contact.last_purchase_on,
    Contact.last_contact_on,
    Contact.check_in_due_on,
    Contact.next_touch_on,
    Contact.snoozed_until,
    Contact.do_not_contact,
    Contact.archived,
    Contact.timezone,
)

T = TypeVar("T")


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


def _and(condition, extra):
    return condition if extra is None else condition & extra


CONTACT_DATE_POSITIONS = tuple(
    i for i, column in enumerate(CONTACT_FACT_COLUMNS) if isinstance(column, DateField)
)


def _as_date(value) -> date | None:
    """SQLite hands dates back as ISO text, PostgreSQL as dates."""
    if value is None or isinstance(value, date):
        return value
    return _iso_date(value)


@lru_cache(maxsize=8192)
def _iso_date(text: str) -> date:
    """A day from ISO text; a plan reads the same few hundred days thousands of times."""
    return date.fromisoformat(text[:10])


def raw_rows(query, date_positions: tuple[int, ...] = ()) -> Iterator[list]:
    """Rows straight from the cursor, converting only the date columns.

    Peewee's per-value conversion costs more than the query itself on the
    plan's hot path; this keeps the query builder and skips that.
    """
    cursor = database.execute(query)
    try:
        for row in cursor:
            row = list(row)
            for position in date_positions:
                row[position] = _as_date(row[position])
            yield row
    finally:
        cursor.close()  # a plan read only partly must not hold its snapshot open


def _contact_facts(query, away: dict[int, date]) -> dict[int, ContactFacts]:
    return {
        row[0]: ContactFacts(*row, away_until=away.get(row[0]))
        for row in raw_rows(query, CONTACT_DATE_POSITIONS)
    }


def window_month_days(today: date, before: int, after: int) -> list[int]:
    """month*100+day for each day in the window; 29 Feb joins 28 Feb in common years."""
    keys = []
    for offset in range(-before, after + 1):
        day = today + timedelta(days=offset)
        keys.append(day.month * 100 + day.day)
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            keys.append(229)
    return keys


def _away(today: date) -> dict[int, date]:
    """Contacts away right now, with the day they return."""
    rows = (
        Absence.select(Absence.contact, fn.MAX(Absence.returns_on))
        .where((Absence.returns_on > today) & (Absence.starts_on.is_null() | (Absence.starts_on <= today)))
        .group_by(Absence.contact)
    )
    return dict(raw_rows(rows, (1,)))


def _routine_conditions(today: date, rules: PlanRules):
    """SQL twins of `plan_signals.check_in_signal` and `plan_signals.neglected_signal`: (customer, check-in due, neglected).

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


def _moment_conditions(today: date, rules: PlanRules, by_contact: bool = False) -> tuple:
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


def moment_facts(today: date, rules: PlanRules, of: list[int] | None = None) -> Facts:
    """Today's absences, life events, quotes and referrals (of these contacts only), without the contacts."""
    absent, in_window, waiting, uncalled = _moment_conditions(today, rules, by_contact=of is not None)
    if of is not None:
        absent, in_window = absent & Absence.contact.in_(of), in_window & LifeEvent.contact.in_(of)
        waiting, uncalled = waiting & Quote.contact.in_(of), uncalled & Referral.contact.in_(of)
    return Facts(absences=absence_facts(absent), life_events=event_facts(in_window), quotes=quote_facts(waiting),
                 referrals=referral_facts(uncalled))


def absence_facts(condition) -> list[AbsenceFact]:
    absences = Absence.select(Absence.id, Absence.contact, Absence.returns_on, Absence.place, Absence.why)
    return [AbsenceFact(*row) for row in raw_rows(absences.where(condition), (2,))]


def event_facts(condition) -> list[LifeEventFact]:
    events = LifeEvent.select(
        LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
        LifeEvent.year, LifeEvent.yearly, LifeEvent.note, LifeEvent.acknowledged_on,
    )
    return [LifeEventFact(*row) for row in raw_rows(events.where(condition), (8,))]


def quote_facts(condition) -> list[QuoteFact]:
    quotes = Quote.select(Quote.id, Quote.contact, Quote.sent_on, Quote.amount_cents, Quote.description,
                          Quote.last_followed_up_on)
    return [QuoteFact(*row) for row in raw_rows(quotes.where(condition), (2, 5))]


def referral_facts(condition) -> list[ReferralFact]:
    referrer = Contact.alias()
    referrals = (
        Referral.select(Referral.id, Referral.contact, referrer.name, Referral.given_on)
        .join(referrer, JOIN.LEFT_OUTER, on=(Referral.referred_by == referrer.id))
    )
    return [ReferralFact(*row) for row in raw_rows(referrals.where(condition), (3,))]


def load_facts(today: date, rules: PlanRules, away: dict[int, date], free=None) -> Facts:
    """The time-bound moments (absences, events, quotes, referrals, set dates) and their contacts.

    `free` (see `unclaimed`) leaves out contacts another rep holds: a moment whose
    contact is not loaded makes no plan item.
    """
    facts = moment_facts(today, rules)
    follow_ups = Contact.select(*CONTACT_FACT_COLUMNS).where(
        _and(reachable(today) & (Contact.next_touch_on <= today), free))
    facts.contacts = _contact_facts(follow_ups, away)
    # The moments' contacts in one query (the same conditions as a subquery), not id lists.
    absent, in_window, waiting, uncalled = _moment_conditions(today, rules)
    behind_moments = (
        Absence.select(Absence.contact).where(absent)
        | LifeEvent.select(LifeEvent.contact).where(in_window)
        | Quote.select(Quote.contact).where(waiting)
        | Referral.select(Referral.contact).where(uncalled)
    )
    moment_contacts = Contact.select(*CONTACT_FACT_COLUMNS).where(_and(Contact.id.in_(behind_moments), free))
    for contact_id, contact in _contact_facts(moment_contacts, away).items():
        facts.contacts.setdefault(contact_id, contact)
    return facts


def routine_candidates(today: date, rules: PlanRules, away: dict[int, date], free=None,
                       to_beat: ScoreToBeat | None = None) -> Iterator[ContactFacts]:
    """Contacts due a check-in or neglected, highest value first, read lazily (with `to_beat`:
    those who could reach it, see `routine_read`). With the rules next_due_on was computed by,
    who is due (reachable, not held) is read from the due index itself."""
    customer, check_in, neglected = _routine_conditions(today, rules)
    due = (Contact.next_due_on <= today) if rules == STORED_RULES else reachable(today)
    query = Contact.select(*CONTACT_FACT_COLUMNS).where(_and(due & customer & (check_in | neglected), free))

    def fetch(page) -> Iterator[ContactFacts]:
        return (ContactFacts(*row, away_until=away.get(row[0])) for row in raw_rows(page, CONTACT_DATE_POSITIONS))

    return read_by_reach(query, today, rules, to_beat, fetch)


def routine_counts(today: date, rules: PlanRules, free=None) -> dict[str, int]:
    """How many reachable contacts, not away and not waiting for a set date (`planner.held`),
    are due a check-in, are neglected, and either."""
    customer, check_in, neglected = _routine_conditions(today, rules)
    away_now = Absence.select(Absence.contact).where(
        (Absence.returns_on > today) & (fn.COALESCE(Absence.starts_on, LONG_AGO) <= today)
    )
    not_waiting = unindexed(Contact.next_touch_on, LONG_AGO) <= today  # in the due-scan index (schema 7)
    query = Contact.select(
        fn.COUNT(Contact.id), fn.SUM(Case(None, [(check_in, 1)], 0)), fn.SUM(Case(None, [(neglected, 1)], 0))
    ).where(_and(reachable(today) & customer & (check_in | neglected) & not_waiting
                 & Contact.id.not_in(away_now), free))
    either, check_ins, neglects = database.execute(query).fetchone()
    return {"check_in": check_ins or 0, "neglected": neglects or 0, "either": either or 0}


def thoughtful_pick(today: date, rules: PlanRules, busy: Container[int], away: Container[int],
                    free=None, rep: str | None = None) -> ContactFacts | None:
    """Today's one contact to surprise: not due, not reached lately, the same all day.

    Once a thoughtful act is done today (`core.goals`) there is no second pick (with
    `rep`, once that rep did one: each rep of a team has their own daily pick).
    Someone waiting for a date the rep set is not a surprise to make.
    """
    day_start = datetime.combine(today, time.min)
    done = Interaction.select().where(
        (Interaction.started_at >= day_start) & (Interaction.started_at < day_start + timedelta(days=1))
        & (Interaction.reason == "thoughtfulness") & Interaction.outcome.not_in(NOT_PLACED)
    )
    if rep is not None:
        done = done.where(unindexed(Interaction.rep, "") == rep)
    if done.exists():
        return None
    max_id = Contact.select(fn.MAX(Contact.id)).scalar() or 0
    pivot = thoughtfulness_pivot(today, max_id)
    quiet = Contact.last_contact_on.is_null() | (
        Contact.last_contact_on < today - timedelta(days=rules.thoughtfulness_quiet_days)
    )
    customer, check_in, neglected = _routine_conditions(today, rules)
    not_due = ~(customer & (check_in | neglected)) & (unindexed(Contact.next_touch_on, LONG_AGO) <= today)
    base = Contact.select(*CONTACT_FACT_COLUMNS).where(_and(reachable(today) & quiet & not_due, free))
    for part in (base.where(Contact.id >= pivot), base.where(Contact.id < pivot)):
        for row in raw_rows(part.order_by(Contact.id).limit(64), CONTACT_DATE_POSITIONS):
            if row[0] not in busy and row[0] not in away:
                return ContactFacts(*row)
    return None


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
    away = _away(today)
    facts = load_facts(today, rules, away, free)
    moments = moment_items(facts, today, rules)
    dated = sum(1 for item in moments if is_dated(item))
    to_beat = ScoreToBeat() if limit is not None else None
    items = merge_routine(moments, facts, today, rules, routine_candidates(today, rules, away, free, to_beat),
                          limit, to_beat)
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


def free_for(today: date, rep: str | None, now: datetime | None, hide_own_claims: bool):
    """The `unclaimed` condition of `todays_plan` (None: claims are not looked at)."""
    if rep is None:
        return None
    if now is None:
        now = datetime.combine(today, datetime.now().time())
    return unclaimed(now, None if hide_own_claims else rep)


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
