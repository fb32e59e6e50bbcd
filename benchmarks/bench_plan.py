"""Today's plan on a big book: `todays_plan` as the plan screen calls it, against the same reads in sqlite3.

The baseline is written by hand with the standard library: the statements that
fetch what the plan screen shows (who is away; absences, life events, quotes,
referrals and set dates that fall today, with their contacts; due contacts best
value first, only as many as the screen lists; the counts of everyone due; the
thoughtfulness pick), on one raw connection, with no query builder, no model and
no scoring. Both run in this process, alternately, on a warm cache.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

CONTACT_COLUMNS = ("id, name, relationship, value_cents, cadence_days, last_touch_on, last_purchase_on,"
                   " last_contact_on, check_in_due_on, next_touch_on, snoozed_until, do_not_contact, archived")
REACHABLE = ("COALESCE(do_not_contact, 0) = 0 AND COALESCE(archived, 0) = 0"
             " AND COALESCE(snoozed_until, '1900-01-01') <= :today"
             " AND COALESCE(last_contact_on, '1900-01-01') < :today")
CUSTOMER = "COALESCE(relationship, '') IN ('client', 'past_client')"
CHECK_IN = "COALESCE(check_in_due_on, '9999-12-31') <= :today"
NEGLECTED = ("(COALESCE(last_purchase_on, '9999-12-31') <= :neglect_cut"
             " AND COALESCE(last_touch_on, '1900-01-01') <= :recall_cut)")
DUE = f"({CHECK_IN} OR {NEGLECTED})"


@dataclass
class PlanTimes:
    app_ms: list[float]
    sqlite_ms: list[float]
    items: int
    total: int


def handwritten_plan(conn: sqlite3.Connection, today: date, limit: int) -> tuple[list, int]:
    """What the plan screen needs, read with plain SQL: (the rows it lists, how many are due)."""
    from outreach_tui.core.dates import months_before
    from outreach_tui.core.plan_items import PlanRules
    from outreach_tui.store.plan_conditions import window_month_days

    rules = PlanRules()
    p = {
        "today": today.isoformat(),
        "neglect_cut": months_before(today, rules.neglect_months).isoformat(),
        "recall_cut": (today - timedelta(days=rules.neglect_recall_days)).isoformat(),
        "absence_from": (today - timedelta(days=rules.absence_grace_days)).isoformat(),
        "quote_cut": (today - timedelta(days=rules.quote_follow_up_days)).isoformat(),
        "quiet_cut": (today - timedelta(days=rules.thoughtfulness_quiet_days)).isoformat(),
        "day_start": f"{today.isoformat()} 00:00:00",
        "day_end": f"{(today + timedelta(days=1)).isoformat()} 00:00:00",
    }
    away = dict(conn.execute("SELECT contact_id, MAX(returns_on) FROM absence WHERE returns_on > :today"
                             " AND COALESCE(starts_on, '1900-01-01') <= :today GROUP BY contact_id", p))
    month_days = ",".join(str(key) for key in window_month_days(
        today, rules.life_event_grace_days, rules.life_event_lead_days))
    moments = [
        *conn.execute("SELECT id, contact_id, returns_on, place, why FROM absence WHERE returns_on BETWEEN"
                      " :absence_from AND :today AND acknowledged_on IS NULL", p),
        *conn.execute("SELECT id, contact_id, kind, month, day, year, yearly, note, acknowledged_on"
                      f" FROM life_event WHERE month_day IN ({month_days})", p),
        *conn.execute("SELECT id, contact_id, sent_on, amount_cents, description, last_followed_up_on FROM quote"
                      " WHERE status = 'open' AND sent_on <= :quote_cut AND (last_followed_up_on IS NULL"
                      " OR last_followed_up_on <= :quote_cut)", p),
        *conn.execute("SELECT r.id, r.contact_id, c.name, r.given_on FROM referral r LEFT JOIN contact c"
                      " ON r.referred_by_id = c.id WHERE r.called_on IS NULL AND r.contact_id IS NOT NULL", p),
    ]
    contacts = {row[0]: row for row in conn.execute(
        f"SELECT {CONTACT_COLUMNS} FROM contact WHERE {REACHABLE} AND next_touch_on <= :today", p)}
    wanted = sorted({row[1] for row in moments} - contacts.keys())
    for start in range(0, len(wanted), 500):
        batch = wanted[start:start + 500]
        contacts.update((row[0], row) for row in conn.execute(
            f"SELECT {CONTACT_COLUMNS} FROM contact WHERE id IN ({','.join('?' * len(batch))})", batch))
    routine = conn.execute(f"SELECT {CONTACT_COLUMNS} FROM contact WHERE {REACHABLE} AND {CUSTOMER} AND {DUE}"
                           " ORDER BY value_cents DESC, id", p).fetchmany(limit)
    total = conn.execute(
        f"SELECT COUNT(*), SUM({CHECK_IN}), SUM({NEGLECTED}) FROM contact"
        f" WHERE {REACHABLE} AND {CUSTOMER} AND {DUE} AND id NOT IN (SELECT contact_id FROM absence"
        " WHERE returns_on > :today AND COALESCE(starts_on, '1900-01-01') <= :today)", p).fetchone()[0]
    thoughtful = []
    if not conn.execute("SELECT EXISTS(SELECT 1 FROM interaction WHERE started_at >= :day_start AND started_at"
                        " < :day_end AND reason = 'thoughtfulness')", p).fetchone()[0]:
        thoughtful = conn.execute(f"SELECT {CONTACT_COLUMNS} FROM contact WHERE {REACHABLE} AND"
                                  " COALESCE(last_contact_on, '1900-01-01') < :quiet_cut AND NOT"
                                  f" ({CUSTOMER} AND {DUE}) ORDER BY id LIMIT 64", p).fetchall()
    return [*routine, *thoughtful, *(contacts[row[1]] for row in moments if row[1] in contacts)], total


def measure(book: Path, today: date, runs: int = 21, rep: str = "bench") -> PlanTimes:
    """`runs` timings of each, alternating, after one warm-up of each."""
    from outreach_tui.core.settings import Settings
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.queries import todays_plan

    settings = Settings()
    limit = settings.plan_limit
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    db = open_store(book)
    raw = sqlite3.connect(f"{Path(book).resolve().as_uri()}?mode=ro", uri=True)
    try:
        times = PlanTimes([], [], 0, 0)
        for run in range(runs + 1):
            started = time.perf_counter()
            plan = todays_plan(today, settings.rules, limit, rep=rep, now=now)
            took = time.perf_counter() - started
            handwritten_plan(raw, today, limit)
            baseline = time.perf_counter() - started - took
            if run:  # the first of each warms the cache
                times.app_ms.append(took * 1000)
                times.sqlite_ms.append(baseline * 1000)
        times.items, times.total = len(plan.items), plan.total
        return times
    finally:
        raw.close()
        db.close()
