"""Which routine contacts could still reach the list: bounds the store tests from an index.

Once today's list holds its `limit` items, the last item's score is the score to beat:
a routine contact (due a check-in, neglected) comes in only with a score at least as
high (an equal score may still come in: ties go by name). A routine score is
`max(c, n) + 0.25 min(c, n) + value_bonus(value)`, rounded to 0.1 (`plan_signals.score`),
where c grows with the days a check-in is overdue and n with the months since the last
purchase. So for a band of values, a contact can reach the score only if its check-in
is overdue enough days, or its last purchase is far enough back, or some mix of the two:
a few `Step`s of (check-in due by, bought by) the store can test from the due index, so
that only contacts that could enter are read and scored, however deep the book is.

The bounds never leave out a contact that could reach the score: they take the band's
highest value bonus, ignore what only lowers a score (a recent call holding neglect
back), and round as `plan_signals.score` rounds. Pure functions; no store.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from outreach_tui.core.dates import months_before, whole_months_between
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.plan_signals import (BASE_WEIGHT, CHECK_IN_MAX_OVERDUE_DAYS, NEGLECT_MAX_EXTRA_MONTHS,
                                            VALUE_BONUS_CAP, check_in_weight, combined_score, routine_ceiling,
                                            value_bonus)

BONUS_STEP = 0.5  # value bonus per band: 40 bands from the cap (20) to nothing


@dataclass(frozen=True)
class ValueBand:
    """Contacts whose value (cents) is in low..high (None: no bound), `bonus` the most any gets."""

    low: int | None
    high: int | None
    bonus: float

    def ceiling(self) -> float:
        """The best routine score anyone in the band can have (`plan_signals.routine_ceiling`)."""
        return round(routine_ceiling(self.high if self.high is not None else 10**12), 1)


@dataclass(frozen=True)
class Step:
    """Contacts who could reach: check-in due on or before `due_by` and last purchase on or before
    `bought_by` (None: no condition on that date, which may then be empty too)."""

    due_by: date | None
    bought_by: date | None

    @property
    def holds_anyone(self) -> bool:
        """No condition on either date: the band's value bonus alone reaches the score."""
        return self.due_by is None and self.bought_by is None


def neglect_levels(today: date, rules: PlanRules) -> list[tuple[float, date]]:
    """(weight, bought by) for each neglect weight, lowest first: a purchase on or before the day
    is needed for at least that weight (`plan_signals.neglected_signal`)."""
    levels = [(BASE_WEIGHT["neglected"], months_before(today, rules.neglect_months))]
    for extra in range(1, NEGLECT_MAX_EXTRA_MONTHS + 1):
        levels.append((BASE_WEIGHT["neglected"] + extra, latest_purchase(today, rules.neglect_months + extra)))
    return levels


def latest_purchase(today: date, months: int) -> date:
    """The latest purchase day that is `months` whole months before today (`whole_months_between`)."""
    day = months_before(today, months)
    while whole_months_between(day, today) < months:
        day -= timedelta(days=1)
    while whole_months_between(day + timedelta(days=1), today) >= months:
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=512)
def reach_steps(to_beat: float, bonus: float, today: date, rules: PlanRules) -> tuple[Step, ...]:
    """The steps a contact with value bonus at most `bonus` must meet one of to score `to_beat` or
    more (a weight of 0: that signal is absent); empty when no one can."""
    steps: list[Step] = []
    for neglected, bought_by in ((0.0, None), *neglect_levels(today, rules)):
        if combined_score((0.0, neglected), bonus) >= to_beat:
            step = Step(None, bought_by)
        else:
            # The fewest days overdue that reach it: the score only grows with the days.
            days = bisect_left(range(CHECK_IN_MAX_OVERDUE_DAYS + 1), True,
                               key=lambda d: combined_score((check_in_weight(d), neglected), bonus) >= to_beat)
            if days > CHECK_IN_MAX_OVERDUE_DAYS:
                continue
            step = Step(today - timedelta(days=days), bought_by)
        if not any(_looser(kept, step) for kept in steps):
            steps = [kept for kept in steps if not _looser(step, kept)] + [step]
    return tuple(steps)


def _looser(a: Step, b: Step) -> bool:
    """Whether everyone meeting `b` meets `a` too."""
    return _looser_day(a.due_by, b.due_by) and _looser_day(a.bought_by, b.bought_by)


def _looser_day(a: date | None, b: date | None) -> bool:
    return a is None or (b is not None and b <= a)


def value_bands() -> list[ValueBand]:
    """Bands of value from the top down, each spanning BONUS_STEP of value bonus (the last: the rest)."""
    bands = []
    high = None
    floor = VALUE_BONUS_CAP
    while floor > 0:
        low = lowest_value_with(floor)
        bands.append(ValueBand(low, high, VALUE_BONUS_CAP if high is None else value_bonus(high)))
        high = low - 1
        floor -= BONUS_STEP
    bands.append(ValueBand(None, high, value_bonus(high)))
    return bands


def lowest_value_with(bonus: float) -> int:
    """The least value (cents) whose `value_bonus` is at least `bonus` (> 0)."""
    value = max(math.ceil(100 * (10 ** (bonus / 4) - 1)), 1)
    while value > 1 and value_bonus(value - 1) >= bonus:
        value -= 1
    while value_bonus(value) < bonus:
        value += 1
    return value


VALUE_BANDS = value_bands()
