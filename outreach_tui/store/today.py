"""Read what the plan screen shows of the day (`outreach_tui.core.today`) from the store.

Also the child process that reads it while the app starts (`outreach_tui.prefetch`):
run as `main()`, it takes a JSON request on stdin,
prints `STORE_CURRENT` once it has found the store open and at this version's schema
(`DEMO_BOOK_CURRENT` for a demo book; the parent then need not open it before the first
frame), and then the day as JSON.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime

from outreach_tui.core.plan_items import Plan, PlanRules
from outreach_tui.core.today import DEMO_BOOK_CURRENT, STORE_CURRENT, Today, today_as_json
from outreach_tui.store.models import Contact
from outreach_tui.store.progress import day_progress
from outreach_tui.store.plan_head import listed_plan
from outreach_tui.store.queries import todays_plan


def read_today(day: date, rules: PlanRules, limit: int | None, *, rep: str, now: datetime,
               counts: bool = True) -> Today:
    """The day; with `counts=False` (the first frame) without counting everything due, which
    reads every due contact of the book: `count_today` adds that once the screen is up."""
    if not counts and limit is not None:
        return _today(listed_plan(day, rules, limit, rep=rep, now=now), rep)
    return _today(todays_plan(day, rules, limit, rep=rep, now=now, counts=counts), rep)


def count_today(first: Today, rules: PlanRules, limit: int | None, *, rep: str, now: datetime) -> Today:
    """`first` with the counts of everything due (read again, counted); itself if it has them."""
    if first.plan.counted:
        return first
    return _today(todays_plan(first.plan.today, rules, limit, rep=rep, now=now), rep)


def _today(plan: Plan, rep: str) -> Today:
    size = Contact.select().count() if not plan.items else 0
    return Today(plan, day_progress(plan.today, rep), size)


def answer(request: str) -> None:
    """Answer a request from `prefetch.read_today_aside` on stdout; a store not already current is refused."""
    from outreach_tui.core.settings import load_settings
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.demo_book import is_marked_demo

    asked = json.loads(request)
    db = open_store(asked["target"], create=False, upgrade=False)
    try:
        print(DEMO_BOOK_CURRENT if is_marked_demo(asked["target"]) else STORE_CURRENT, flush=True)
        settings, _ = load_settings()  # its warnings are the command line's to give
        today = read_today(date.fromisoformat(asked["day"]), settings.rules, settings.plan_limit or None,
                           rep=asked["rep"], now=datetime.fromisoformat(asked["now"]), counts=False)
    finally:
        db.close()
    sys.stdout.write(today_as_json(today))


def main() -> None:
    """The start-up reader's process (`prefetch.read_today_aside` runs it): one request on stdin, answered."""
    try:
        answer(sys.stdin.read())
    except Exception as exc:  # one line for the parent, which opens the store or reads the plan itself instead
        sys.exit(f"outreach plan reader: {exc}")
    sys.stdout.flush()
    os._exit(0)  # answered: the parent reads to the end of the answer, so it need not wait for Python's teardown
