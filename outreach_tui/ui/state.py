"""The running session: plan order, where the rep is, and the countdown's arithmetic.

Pure Python (no Textual) and kept on the app, so it survives resizes and screen
changes. Times come from `Clock.monotonic`, which tests replace with FakeMonotonic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from outreach_tui.core.plan_items import PlanItem

EXTEND_MINUTES = 10


@dataclass
class SessionRun:
    session_id: int
    items: list[PlanItem]
    planned_minutes: int
    started_mono: float
    started_at: datetime
    index: int = 0
    extra_s: float = 0.0
    stop_after_current: bool = False
    times_up_noticed: bool = False
    ended: bool = False
    done: list[int] = field(default_factory=list)  # interaction ids saved in this session

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def current(self) -> PlanItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    @property
    def upcoming(self) -> PlanItem | None:
        nxt = self.index + 1
        return self.items[nxt] if nxt < len(self.items) else None

    def put_off(self, place: int | None) -> PlanItem | None:
        """Move the current contact to `place` in the list (None: out of this session), the next one up."""
        if self.current is None:
            return None
        item = self.items.pop(self.index)
        if place is not None:
            self.items.insert(place, item)
        return item

    def remaining_s(self, mono: float) -> float:
        return self.planned_minutes * 60 + self.extra_s - (mono - self.started_mono)

    def times_up(self, mono: float) -> bool:
        return self.remaining_s(mono) <= 0

    def extend(self, mono: float, minutes: int = EXTEND_MINUTES) -> None:
        """Ten more minutes from now (or from the end, if time is not up yet)."""
        over = max(-self.remaining_s(mono), 0.0)
        self.extra_s += minutes * 60 + over
        self.times_up_noticed = False
        self.stop_after_current = False

    def finished_after_save(self, mono: float) -> bool:
        """Whether the call just saved was the session's last."""
        return self.stop_after_current or self.times_up(mono) or self.index + 1 >= len(self.items)


def clock_text(seconds: float) -> str:
    """mm:ss (h:mm:ss past an hour) of a non-negative duration."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
