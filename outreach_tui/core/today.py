"""What the plan screen shows of the day, as plain values, and their JSON between processes.

The first screen is read in a child process (`outreach_tui.prefetch`) and handed
back as JSON; the app turns it back into these values without importing the store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

from outreach_tui.core.plan_items import Plan, item_from_record, item_record

# The reader's first line once it has the store open at this version's schema: the parent
# then binds the store once the first screen is drawn, instead of opening it before. For a
# store marked a demo book the line says so (the app shows a banner): the parent does not
# look into the store itself, which would import the store's modules before the first frame.
STORE_CURRENT = "store is current"
DEMO_BOOK_CURRENT = "store is current, a demo book"


@dataclass(frozen=True)
class DayProgress:
    calls: int = 0  # calls placed today by this rep (see `core.goals` for each definition)
    notes: int = 0  # notes and cards written today (by this rep, or by no one in particular)
    thoughtfulness: int = 0  # contacts given a thoughtful act today


@dataclass(frozen=True)
class Today:
    plan: Plan
    progress: DayProgress
    book_size: int  # counted only when nobody is due: an empty book and a quiet day read differently


def today_as_json(today: Today) -> str:
    plan = today.plan
    return json.dumps({
        "day": plan.today.isoformat(),
        "items": [item_record(item) for item in plan.items],
        "counts": plan.counts,
        "total": plan.total,
        "dated": plan.dated,
        "counted": plan.counted,
        "progress": asdict(today.progress),
        "book_size": today.book_size,
    })


def today_from_json(text: str) -> Today:
    data = json.loads(text)
    plan = Plan(date.fromisoformat(data["day"]), [item_from_record(item) for item in data["items"]],
                data["counts"], data["total"], data.get("dated", 0), data.get("counted", True))
    return Today(plan, DayProgress(**data["progress"]), data["book_size"])
