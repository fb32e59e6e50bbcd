"""What the weekly review is computed from: one week's facts as the store gathered them.

`store.review.weekly_review` fills a `WeekFacts`, `review.build_review` reads it; plain
dataclasses, no database. The attention entries, reflections and their views pass
through to the `WeeklyReview` as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable


@dataclass(frozen=True)
class CallFact:
    """One interaction of the week."""

    day: date
    contact_id: int
    outcome: str
    channel: str = "call"
    reason: str = "check_in"
    duration_s: int = 0


@dataclass(frozen=True)
class FollowUpFact:
    """A follow-up date a call set, and when the latest call setting it happened."""

    contact_id: int
    due_on: date
    set_at: datetime


@dataclass(frozen=True)
class AttentionEntry:
    contact_id: int
    name: str
    seconds: int


@dataclass(frozen=True)
class Reflection:
    session_id: int
    rep: str
    started_at: datetime
    text: str


@dataclass(frozen=True)
class TheirView:
    """What a contact said of a touch that week ("how it went for them")."""

    contact_id: int
    contact_name: str
    rep: str
    started_at: datetime
    text: str


@dataclass
class WeekFacts:
    """Everything `build_review` needs about one week, gathered by the store."""

    week_start: date
    today: date
    rep: str | None = None
    interactions: list[CallFact] = field(default_factory=list)
    cards_written_on: list[date] = field(default_factory=list)
    cards_mailed: int = 0
    responses: list[str] = field(default_factory=list)  # one per card that responded this week
    referrals_given: int = 0
    referrals_called: int = 0
    follow_ups: list[FollowUpFact] = field(default_factory=list)
    # contact id -> when they got a call or visit that was not skipped (any rep)
    touches: dict[int, list[datetime]] = field(default_factory=dict)
    quotes_won: int = 0
    quotes_lost: int = 0
    session_days_desc: Iterable[date] = ()  # distinct days with a session, newest first, none after the week
    attention_top: list[AttentionEntry] = field(default_factory=list)
    attention_total_seconds: int = 0
    reflections: list[Reflection] = field(default_factory=list)
    their_views: list[TheirView] = field(default_factory=list)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)
