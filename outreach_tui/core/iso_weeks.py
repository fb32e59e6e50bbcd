"""ISO weeks as the review names them (`2026-W48`): read one, label one, find a day's week.

Apart from the review's numbers (`review`): the command line reads `--week` and the
Review screen steps from week to week with these alone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from outreach_tui.core.clock import FIRST_DAY, LAST_DAY

_WEEK = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


def parse_week(text: str, what: str = "--week") -> date:
    """The Monday of an ISO week written `2026-W48` (or `2026W48`); ValueError otherwise."""
    match = _WEEK.match(text or "")
    if match:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValueError(f"{what}: {match[1]} has no week {int(match[2])}") from None
        if not FIRST_DAY <= monday <= LAST_DAY - timedelta(days=6):  # the week's Sunday is read too
            raise ValueError(f"{what} must be a week between {week_label(week_start_of(FIRST_DAY))}"
                             f" and {week_label(week_start_of(LAST_DAY) - timedelta(days=7))}, got {text!r}")
        return monday
    raise ValueError(f"{what} must be an ISO week like 2026-W48, got {text!r}")


def week_start_of(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_label(week_start: date) -> str:
    year, week, _ = week_start.isocalendar()
    return f"{year}-W{week:02d}"
