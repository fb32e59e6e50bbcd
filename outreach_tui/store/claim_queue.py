"""Team mode on PostgreSQL: today's plan kept in the book, so that a claim need not plan.

`outreach claim` hands out the next items of today's plan that nobody holds. Worked out
afresh for every claim, the plan cost ~30 ms of work at a million contacts, and eight reps
claiming at the same moment queued for the server's cores (233 ms each on two). Yet the
plan changes only when the book does. So it is worked out once per change, for a day and a
set of rules, without the contacts held at that moment, and kept best first (`plan_queue`).
A claim reads its first items whose contacts nobody holds now, which is what planning
afresh gives (a test holds the two equal over random books and claims), and adds the
day's thoughtful pick, which depends on the claims and the rep, as the plan does.

A kept plan is used while it is the book's latest (`book_version`: every write to what
the plan reads, and every claim given back or shortened, moves it), for today, for these
rules, and until the first claim it left out lapses. Else the first claimer builds it again under an
advisory lock while the others wait and then read it. The version is read before the plan
and the lapses after it, so a write or a claim that lands during the build outdates it.

SQLite has no such queue: there one writer works at a time, and a claim plans afresh.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from outreach_tui import __version__
from outreach_tui.core.plan_facts import ContactFacts
from outreach_tui.core.plan_items import PlanItem, PlanRules, item_from_record, item_record
from outreach_tui.core.planner import thoughtfulness_item, with_pick_item
from outreach_tui.store.book_version import book_version
from outreach_tui.store.models import database
from outreach_tui.store.plan_conditions import as_utc, free_for, unclaimed
from outreach_tui.store.plan_head import away_of, moment_holders, unpicked_items, with_pick
from outreach_tui.store.plan_facts_read import CONTACT_DATE_POSITIONS, raw_rows
from outreach_tui.store.queries import pick_windows, thoughtful_done

QUEUE_DEPTH = 128  # items kept, or four times what is asked: ~65 ms to plan at 1M (256: ~100 ms)
INSERT_ROWS = 500  # queue rows written per statement
ITEM, PICK = 0, 1  # a queue row's part: a plan item, or a candidate for the thoughtful pick

_FREE = "NOT EXISTS (SELECT 1 FROM claim AS k WHERE k.contact_id = q.contact_id AND k.expires_at > %(now)s)"
# One statement: whether the kept plan is fresh (NULL: it is not) and whole, its first
# `limit` items nobody holds, and the first candidate for the pick nobody holds.
_HEAD = f"""
WITH build AS (
    SELECT b.whole FROM plan_queue_build AS b, book_version AS v
    WHERE b.rules = %(key)s AND (NOT %(check)s OR (
        b.day = %(today)s AND b.version = v.version AND (b.valid_until IS NULL OR b.valid_until > %(now)s))))
SELECT (SELECT whole FROM build),
    ARRAY(SELECT q.item FROM plan_queue AS q WHERE q.rules = %(key)s AND q.part = {ITEM} AND {_FREE}
          AND EXISTS (SELECT 1 FROM build) ORDER BY q.position LIMIT %(limit)s),
    ARRAY(SELECT q.item FROM plan_queue AS q WHERE q.rules = %(key)s AND q.part = {PICK} AND {_FREE}
          AND EXISTS (SELECT 1 FROM build) ORDER BY q.position LIMIT 1)
"""


def rules_key(rules: PlanRules) -> str:
    """The queue's name for a set of rules, and this program's (another release may plan otherwise)."""
    return hashlib.sha1(f"{__version__} {rules!r}".encode()).hexdigest()[:20]


def queued_plan(today: date, rules: PlanRules, limit: int, rep: str, now: datetime) -> list[PlanItem]:
    """`listed_plan(today, rules, limit, rep=rep, now=now, hide_own_claims=True).items`, read
    from the kept plan (built again first when it is out of date or runs short).

    In the caller's transaction: contacts it has claimed already count as held.
    """
    key = rules_key(rules)
    head = _head(key, today, limit, now, check=True)
    if head is None:
        head = _built_head(key, today, rules, limit, now)
    items, kept_pick = head
    if kept_pick is None:  # each candidate kept is held now: the pick is looked for afresh
        return with_pick(items, today, rules, limit, free_for(today, rep, now, True), rep)
    return with_pick_item(items, None if thoughtful_done(today, rep) else kept_pick, limit)


def _head(key: str, today: date, limit: int, now: datetime,
          check: bool) -> tuple[list[PlanItem], PlanItem | None] | None:
    """The kept plan's first `limit` items nobody holds and its first candidate for the pick
    nobody holds; None when it is out of date (with `check`) or runs short of items."""
    params = {"key": key, "today": today, "now": as_utc(now), "limit": limit, "check": check}
    whole, items, picks = database.execute_sql(_HEAD, params).fetchone()
    if whole is None or (len(items) < limit and not whole):
        return None
    pick = item_from_record(json.loads(picks[0])) if picks else None
    return [item_from_record(json.loads(item)) for item in items], pick


def _built_head(key: str, today: date, rules: PlanRules, limit: int,
                now: datetime) -> tuple[list[PlanItem], PlanItem | None]:
    """Build the kept plan again, one claimer at a time, unless another did while this one waited."""
    database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"outreach plan queue {key}",))
    head = _head(key, today, limit, now, check=True)
    depth = max(QUEUE_DEPTH, 4 * limit)
    while head is None:
        version = book_version()  # before the plan: a write landing during the build outdates it
        free = unclaimed(now)
        queue = unpicked_items(today, rules, depth, free)
        picks = _first_picks(today, rules, free)
        lapse = database.execute_sql("SELECT min(expires_at) FROM claim WHERE expires_at > %s",
                                     (as_utc(now),)).fetchone()[0]  # after it: every claim it left out
        _store(key, today, version, lapse, len(queue) < depth, queue, picks)
        # Unchecked: a write that landed during the build left the version behind, yet what was
        # read is as fresh a plan as any. Only claims taken meanwhile can leave it short.
        head = _head(key, today, limit, now, check=False)
        depth *= 2
    return head


def _first_picks(today: date, rules: PlanRules, free) -> list[PlanItem]:
    """The pick's candidates in the first of its windows, in order (`queries.pick_windows`).

    The pick is the first of them nobody holds. A candidate kept from the first window that
    nobody holds now is that: the contacts before it are busy or away, or held since. From the
    second window it may not be (held contacts leave room in the first window for others), so
    those are not kept and the pick is looked for afresh. Kept as their items: the windows admit
    only contacts the plan may place (reachable, not waiting for a date, not away).
    """
    rows = list(raw_rows(pick_windows(today, rules, free)[0], CONTACT_DATE_POSITIONS))
    ids = [row[0] for row in rows]
    left_out = moment_holders(ids, today, rules) | set(away_of(ids, today))
    return [thoughtfulness_item(ContactFacts(*row)) for row in rows if row[0] not in left_out]


def _store(key: str, today: date, version: int, lapse: datetime | None, whole: bool,
           queue: list[PlanItem], picks: list[PlanItem]) -> None:
    database.execute_sql("DELETE FROM plan_queue WHERE rules = %s", (key,))
    database.execute_sql("DELETE FROM plan_queue_build WHERE rules = %s", (key,))
    rows = [(part, position, item.contact_id, json.dumps(item_record(item)))
            for part, items in ((ITEM, queue), (PICK, picks)) for position, item in enumerate(items)]
    for start in range(0, len(rows), INSERT_ROWS):
        chunk = rows[start:start + INSERT_ROWS]
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        database.execute_sql(f"INSERT INTO plan_queue (rules, part, position, contact_id, item) VALUES {values}",
                             [value for row in chunk for value in (key, *row)])
    database.execute_sql("INSERT INTO plan_queue_build (rules, day, version, valid_until, whole)"
                         " VALUES (%s, %s, %s, %s, %s)", (key, today, version, lapse, whole))
