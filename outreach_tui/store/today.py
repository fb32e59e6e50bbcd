"""What the plan screen shows of the day: the plan, the rep's progress, and whether the book is empty.

Also the child process that reads it while the app starts (`outreach_tui.prefetch`):
run as `python -m outreach_tui.store.today`, it takes a JSON request on stdin and
prints the answer as JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import date, datetime

from outreach_tui.core.planner import PlanRules, item_from_record, item_record
from outreach_tui.store.models import Contact
from outreach_tui.store.progress import DayProgress, day_progress
from outreach_tui.store.queries import Plan, todays_plan


@dataclass(frozen=True)
class Today:
    plan: Plan
    progress: DayProgress
    book_size: int  # counted only when nobody is due: an empty book and a quiet day read differently


def read_today(day: date, rules: PlanRules, limit: int | None, *, rep: str, now: datetime) -> Today:
    plan = todays_plan(day, rules, limit, rep=rep, now=now)
    size = Contact.select().count() if not plan.items else 0
    return Today(plan, day_progress(day, rep), size)


def today_as_json(today: Today) -> str:
    plan = today.plan
    return json.dumps({
        "day": plan.today.isoformat(),
        "items": [item_record(item) for item in plan.items],
        "counts": plan.counts,
        "total": plan.total,
        "progress": asdict(today.progress),
        "book_size": today.book_size,
    })


def today_from_json(text: str) -> Today:
    data = json.loads(text)
    plan = Plan(date.fromisoformat(data["day"]), [item_from_record(item) for item in data["items"]],
                data["counts"], data["total"])
    return Today(plan, DayProgress(**data["progress"]), data["book_size"])


def answer(request: str) -> Today:
    """`read_today` for a JSON request from `prefetch.read_today_aside`, on a store already current."""
    from outreach_tui.store.connection import open_store

    asked = json.loads(request)
    db = open_store(asked["target"], create=False, upgrade=False)
    try:
        return read_today(date.fromisoformat(asked["day"]), PlanRules(**asked["rules"]), asked["limit"],
                          rep=asked["rep"], now=datetime.fromisoformat(asked["now"]))
    finally:
        db.close()


if __name__ == "__main__":
    try:
        sys.stdout.write(today_as_json(answer(sys.stdin.read())))
    except Exception as exc:  # one line for the parent, which reads the plan itself instead
        sys.exit(f"outreach plan reader: {exc}")
