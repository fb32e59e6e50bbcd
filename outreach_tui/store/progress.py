"""Counts for the plan screen's goals and the session summary, straight from the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from peewee import fn

from outreach_tui.core.goals import calls_made, is_call, thoughtful_acts
from outreach_tui.core.today import DayProgress
from outreach_tui.store.cards import written_on
from outreach_tui.store.models import Card, Interaction, Referral, Session
from outreach_tui.store.plan_conditions import unindexed


@dataclass(frozen=True)
class SessionSummary:
    session_id: int
    planned_minutes: int
    started_at: datetime | None
    ended_at: datetime | None
    reflection: str
    calls: int = 0
    connects: int = 0
    voicemails: int = 0
    referrals: int = 0
    follow_ups: int = 0
    cards: int = 0
    total_call_s: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # every outcome's count: they add up to the rows

    @property
    def average_call_s(self) -> int:
        return round(self.total_call_s / self.calls) if self.calls else 0


def _day_bounds(today: date) -> tuple[datetime, datetime]:
    start = datetime.combine(today, time())
    return start, start + timedelta(days=1)


def day_progress(today: date, rep: str) -> DayProgress:
    """The day's goals so far for `rep`, counted as `core.goals` defines them (one day's rows: a few dozen)."""
    start, end = _day_bounds(today)
    touches = list(
        Interaction.select(Interaction.contact, Interaction.channel, Interaction.reason, Interaction.outcome)
        .where((Interaction.started_at >= start) & (Interaction.started_at < end)
               & (unindexed(Interaction.rep, "") == rep))
        .tuples()
    )
    return DayProgress(
        calls=calls_made((channel, outcome) for _, channel, _, outcome in touches),
        notes=written_on(today, rep),
        thoughtfulness=thoughtful_acts((contact, reason, outcome) for contact, _, reason, outcome in touches),
    )


def session_summary(session_id: int) -> SessionSummary | None:
    session = Session.get_or_none(Session.id == session_id)
    if session is None:
        return None
    rows = list(
        Interaction.select(Interaction.id, Interaction.outcome, Interaction.duration_s, Interaction.follow_up_on,
                           Interaction.channel)
        .where(Interaction.session == session_id)
        .tuples()
    )
    ids = [row[0] for row in rows]
    outcomes = [row[1] for row in rows]
    dialled = [row for row in rows if is_call(row[4], row[1])]
    referrals = Referral.select(fn.COUNT(Referral.id)).where(Referral.interaction.in_(ids)).scalar() if ids else 0
    cards = Card.select(fn.COUNT(Card.id)).where(Card.interaction.in_(ids)).scalar() if ids else 0
    return SessionSummary(
        session_id=session.id,
        planned_minutes=session.planned_minutes,
        started_at=session.started_at,
        ended_at=session.ended_at,
        reflection=session.reflection or "",
        calls=len(dialled),
        connects=outcomes.count("connected"),
        voicemails=outcomes.count("voicemail"),
        referrals=referrals or 0,
        follow_ups=sum(1 for row in dialled if row[3] is not None),
        cards=cards or 0,
        total_call_s=sum(row[2] or 0 for row in dialled),
        outcomes=dict(Counter(outcomes)),
    )
