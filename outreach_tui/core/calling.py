"""Calling hours: whether it is a good time to call a contact, in their own time zone.

Calling hours never change the plan's order (the plan is the same for `today`,
`claim` and the app); they act in the session, which says "21:30 for them" and
lets the rep put the contact off to when their window opens, or to tomorrow.
A contact with no time zone (or one this machine does not know) is taken to
share the rep's, whose clock the app reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_HOURS = (9, 17)


@dataclass(frozen=True)
class CallingTime:
    local: datetime | None  # their wall time, None when their zone is unknown
    callable_now: bool
    opens_in: timedelta | None  # before their window today: how long until it opens; else None

    @property
    def local_text(self) -> str | None:
        return self.local.strftime("%H:%M") if self.local is not None else None

    @property
    def notice(self) -> str:
        """'21:30 for them' (or '' when they can be called now)."""
        if self.callable_now:
            return ""
        return f"{self.local_text} for them" if self.local is not None else "outside calling hours"


def their_clock(zone_name: str, now: datetime) -> datetime | None:
    """The contact's wall time; `now` naive means this machine's local time."""
    if not zone_name or not zone_name.strip():
        return None
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(zone_name.strip())
    except Exception:  # unknown or malformed zone name in the data
        return None
    return now.astimezone(zone)


def calling_time(zone_name: str, now: datetime, hours: tuple[int, int] = DEFAULT_HOURS) -> CallingTime:
    """Where `now` falls in the contact's calling window [start, end) of their local day."""
    local = their_clock(zone_name, now)
    wall = local if local is not None else now
    opens, closes = hours
    minutes = wall.hour * 60 + wall.minute
    if opens * 60 <= minutes < closes * 60:
        return CallingTime(local, True, None)
    if minutes < opens * 60:
        start = wall.replace(hour=opens, minute=0, second=0, microsecond=0)
        return CallingTime(local, False, start - wall)
    return CallingTime(local, False, None)


def deferred_index(index: int, count: int, opens_in: timedelta | None, remaining_s: float,
                   minutes_per_call: int) -> int | None:
    """Where in a session's list of `count` calls a contact at `index` goes to wait for their window.

    About `minutes_per_call` a call: the first place the session should reach once
    their window is open (at most the end of the list). None when it does not open
    before the session ends: the contact is for tomorrow's plan.
    """
    if opens_in is None or opens_in.total_seconds() >= remaining_s or index >= count - 1:
        return None  # not this session (or no one else to call meanwhile)
    calls_until = max(math.ceil(opens_in.total_seconds() / (60 * minutes_per_call)), 1)
    return min(index + calls_until, count - 1)
