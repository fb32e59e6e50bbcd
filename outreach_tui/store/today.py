"""What the plan screen shows of the day: the plan, the rep's progress, and whether the book is empty."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime

from outreach_tui.core.planner import PlanRules
from outreach_tui.store.models import Contact
from outreach_tui.store.progress import DayProgress, day_progress
from outreach_tui.store.queries import Plan, in_thread, todays_plan


@dataclass(frozen=True)
class Today:
    plan: Plan
    progress: DayProgress
    book_size: int  # counted only when nobody is due: an empty book and a quiet day read differently


def read_today(day: date, rules: PlanRules, limit: int | None, *, rep: str, now: datetime) -> Today:
    plan = todays_plan(day, rules, limit, rep=rep, now=now)
    size = Contact.select().count() if not plan.items else 0
    return Today(plan, day_progress(day, rep), size)


def today_in_background(day: date, rules: PlanRules, limit: int | None, *, rep: str,
                        now: datetime) -> Future[Today]:
    """`read_today` on a thread of its own, started before Textual is even imported.

    The query overlaps the app's start, and the first screen can show the plan in
    its very first frame instead of a placeholder.
    """
    return in_thread(lambda: read_today(day, rules, limit, rep=rep, now=now), "today-prefetch")
