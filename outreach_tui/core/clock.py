"""The one clock: every "today" and "now" in the app comes from here.

`--as-of` / `OUTREACH_TODAY` pin the date for training and tests, `--at` /
`OUTREACH_NOW` the time of day (calling hours depend on it); call timers tick on
the monotonic source either way. Tests can also pin the time or replace the
monotonic source to drive timers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as time_of_day, timedelta
from typing import Callable


@dataclass
class Clock:
    as_of: date | None = None
    fixed_time: datetime | None = None
    at: time_of_day | None = None  # a pinned time of day (`--at HH:MM`)
    monotonic: Callable[[], float] = field(default=time.monotonic)

    def now(self) -> datetime:
        """Local wall time, on the pinned date when one is set."""
        real = self.fixed_time or datetime.now().replace(microsecond=0)
        if self.at is not None:
            real = datetime.combine(real.date(), self.at)
        if self.as_of is None:
            return real
        return datetime.combine(self.as_of, real.time())

    def today(self) -> date:
        return self.as_of or self.now().date()


class FakeMonotonic:
    """A monotonic source a test advances by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


# The days the planner can work with: far enough from date.min and date.max that a
# cadence, a working-day count or a week's span never runs off the calendar.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9000, 12, 31)


def parse_iso_date(text: str, what: str = "date") -> date:
    """A strict YYYY-MM-DD date between FIRST_DAY and LAST_DAY, or ValueError naming what was wrong."""
    try:
        day = date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"{what} must be a date like 2026-12-01, got {text!r}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{what} must be between {FIRST_DAY} and {LAST_DAY}, got {text!r}")
    return day


def parse_time_of_day(text: str, what: str = "time") -> time_of_day:
    """A strict HH:MM time of day, or ValueError naming what was wrong."""
    try:
        hours, minutes = text.strip().split(":")
        if len(hours) != 2 or len(minutes) != 2:
            raise ValueError
        return time_of_day(int(hours), int(minutes))
    except (ValueError, AttributeError):
        raise ValueError(f"{what} must be a time of day like 09:30, got {text!r}") from None


def days_ago(today: date, days: int) -> date:
    return today - timedelta(days=days)
