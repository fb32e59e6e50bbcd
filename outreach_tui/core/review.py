"""The weekly review in numbers: pure functions over plain facts, no database.

`store.review.weekly_review` gathers the facts of one ISO week (`core.week_facts`;
the weeks themselves are `core.iso_weeks`) and calls `build_review`; the Review screen
and `outreach review` show the result (the printed review and the small charts are
`core.review_text`).

Definitions (also in docs/settings.md and `outreach review --help`):

- calls: interactions by call or visit that were not skipped; `connected`,
  `voicemails` and `connect_rate` (connected / calls, None without calls) count
  among them. `outcomes` counts every call or visit of the week, skips included.
- notes_written: notes and cards marked written that week; `cards_mailed` likewise.
- card_responses: what cards brought back, by kind, for responses recorded that week;
  `cards_with_responses` is how many cards those were.
- outreach_cost: cards written that week × cost_per_card (card + stamp + the
  writing time at the hourly rate: $67.50 by default). No money value is claimed
  for the responses: the review shows their count and kinds, nothing invented.
- referrals: referrals given on calls that week; referrals_called: referrals
  that got their first call that week.
- follow-ups: each (contact, date) a call set for a day in the week is kept when
  the contact got a call (not a skip) after it was set and on or before that day,
  missed when not and the day has passed, pending when the day is still ahead.
- quote_hit_ratio: won / (won + lost) of quotes decided that week, None when none.
- streak_days: consecutive days with a session, ending with the week's last
  session day; a Saturday or Sunday without a session does not break it.
- goals: per day, calls ≥ the calls goal, notes written ≥ the notes goal,
  thoughtfulness contacts ≥ the thoughtfulness goal.
- attention_top6_share: share of the last 30 days' talk time (ending on the
  week's last day) spent with the six contacts who took the most; a warning when
  it is above the `attention_warning` setting (seeds/003: not all your time on
  half a dozen clients).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable, Sequence

from outreach_tui.core.goals import NOT_PLACED, is_call, note_done, thoughtful_acts
from outreach_tui.core.iso_weeks import week_label
from outreach_tui.core.settings import Goals, Settings
from outreach_tui.core.vocab import CARD_RESPONSES, CHANNELS, OUTCOMES, PERSONAL_CHANNELS
from outreach_tui.core.week_facts import AttentionEntry, FollowUpFact, Reflection, TheirView, WeekFacts

ATTENTION_DAYS = 30
ATTENTION_TOP = 6
RESPONSE_LABELS = {
    "called_back": "called back",
    "order_increased": "order increased",
    "new_items_quoted": "new items quoted",
    "referral": "referral",
}


@dataclass(frozen=True)
class DayGoals:
    day: date
    calls: int
    notes: int
    thoughtfulness: int
    calls_met: bool
    notes_met: bool
    thoughtfulness_met: bool

    @property
    def all_met(self) -> bool:
        return self.calls_met and self.notes_met and self.thoughtfulness_met

    def as_json(self) -> dict:
        return {
            "date": self.day.isoformat(), "calls": self.calls, "notes": self.notes,
            "thoughtfulness": self.thoughtfulness, "calls_met": self.calls_met, "notes_met": self.notes_met,
            "thoughtfulness_met": self.thoughtfulness_met, "all_met": self.all_met,
        }


@dataclass(frozen=True)
class WeeklyReview:
    week: str
    week_start: date
    rep: str | None
    calls: int
    connected: int
    connect_rate: float | None
    voicemails: int
    outcomes: dict[str, int]
    calls_per_day: list[int]
    call_seconds: int
    notes_written: int
    cards_mailed: int
    card_responses: dict[str, int]
    cards_with_responses: int
    referrals: int
    referrals_called: int
    follow_ups_kept: int
    follow_ups_missed: int
    follow_ups_pending: int
    quotes_won: int
    quotes_lost: int
    quote_hit_ratio: float | None
    cost_per_card_cents: int
    outreach_cost_cents: int
    attention_top6_share: float | None
    attention_top6: list[AttentionEntry]
    attention_total_seconds: int
    attention_warning: float
    streak_days: int
    goals: Goals
    goals_per_day: list[DayGoals]
    goals_met_days: int
    reflections: list[Reflection]
    warnings: list[str]
    their_views: list[TheirView] = field(default_factory=list)
    placed: dict[str, int] = field(default_factory=dict)  # touches placed (not skipped), per channel
    skipped: int = 0  # calls and visits skipped: in no count above
    by_rep: list = field(default_factory=list)  # core.team_review.RepRow, for the team's review

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.week_start + timedelta(days=n) for n in range(7)]

    @property
    def cost_per_card(self) -> float:
        return self.cost_per_card_cents / 100

    @property
    def outreach_cost(self) -> float:
        return self.outreach_cost_cents / 100

    def as_json(self) -> dict:
        return {
            "week": self.week,
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "rep": self.rep,
            "calls": self.calls,
            "connected": self.connected,
            "connect_rate": _ratio(self.connect_rate),
            "voicemails": self.voicemails,
            "outcomes": dict(self.outcomes),
            "calls_per_day": list(self.calls_per_day),
            "call_seconds": self.call_seconds,
            "notes_written": self.notes_written,
            "cards_mailed": self.cards_mailed,
            "card_responses": dict(self.card_responses),
            "cards_with_responses": self.cards_with_responses,
            "referrals": self.referrals,
            "referrals_called": self.referrals_called,
            "follow_ups_kept": self.follow_ups_kept,
            "follow_ups_missed": self.follow_ups_missed,
            "follow_ups_pending": self.follow_ups_pending,
            "quotes_won": self.quotes_won,
            "quotes_lost": self.quotes_lost,
            "quote_hit_ratio": _ratio(self.quote_hit_ratio),
            "cost_per_card": self.cost_per_card,
            "cost_per_card_cents": self.cost_per_card_cents,
            "outreach_cost": self.outreach_cost,
            "outreach_cost_cents": self.outreach_cost_cents,
            "attention_top6_share": _ratio(self.attention_top6_share),
            "attention_top6": [
                {"contact_id": e.contact_id, "name": e.name, "seconds": e.seconds} for e in self.attention_top6
            ],
            "attention_total_seconds": self.attention_total_seconds,
            "attention_warning": self.attention_warning,
            "streak_days": self.streak_days,
            "goals": {"calls": self.goals.calls, "notes": self.goals.notes,
                      "thoughtfulness": self.goals.thoughtfulness},
            "goals_per_day": [day.as_json() for day in self.goals_per_day],
            "goals_met_days": self.goals_met_days,
            "reflections": [
                {"session_id": r.session_id, "rep": r.rep, "started_at": r.started_at.isoformat(), "text": r.text}
                for r in self.reflections
            ],
            "their_views": [
                {"contact_id": v.contact_id, "contact_name": v.contact_name, "rep": v.rep,
                 "started_at": v.started_at.isoformat(), "text": v.text}
                for v in self.their_views
            ],
            "warnings": list(self.warnings),
            "placed": dict(self.placed),
            "skipped": self.skipped,
            "by_rep": [row.as_json() for row in self.by_rep],
        }


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def streak_days(session_days_desc: Iterable[date], week_start: date) -> int:
    """Days in a row with a session, ending on the last such day of the week (which starts at week_start).

    `session_days_desc` are distinct days, newest first, none after the week. A
    Saturday or Sunday without a session is passed over without breaking the streak.
    """
    days = iter(session_days_desc)
    last = next(days, None)
    if last is None or last < week_start:
        return 0
    count, expected = 1, last - timedelta(days=1)
    for day in days:
        while expected > day and expected.weekday() >= 5:
            expected -= timedelta(days=1)
        if day != expected:
            break
        count += 1
        expected = day - timedelta(days=1)
    return count


def follow_up_status(follow_ups: Iterable[FollowUpFact], touches: dict[int, list[datetime]],
                     today: date) -> tuple[int, int, int]:
    """(kept, missed, pending) of follow-ups, one per contact and date."""
    latest: dict[tuple[int, date], datetime] = {}
    for item in follow_ups:
        key = (item.contact_id, item.due_on)
        if key not in latest or item.set_at > latest[key]:
            latest[key] = item.set_at
    kept = missed = pending = 0
    for (contact_id, due_on), set_at in latest.items():
        deadline = datetime.combine(due_on + timedelta(days=1), datetime.min.time())
        if any(set_at < touched < deadline for touched in touches.get(contact_id, ())):
            kept += 1
        elif due_on >= today:
            pending += 1
        else:
            missed += 1
    return kept, missed, pending


def attention_share(top: Sequence[AttentionEntry], total_seconds: int) -> float | None:
    """Share of all talk time taken by the given top contacts; None without any talk time."""
    return ratio(sum(entry.seconds for entry in top), total_seconds)


def build_review(facts: WeekFacts, settings: Settings = Settings()) -> WeeklyReview:
    start = facts.week_start
    days = [start + timedelta(days=n) for n in range(7)]
    personal = [i for i in facts.interactions if i.channel in PERSONAL_CHANNELS]
    calls = [i for i in personal if is_call(i.channel, i.outcome)]
    outcomes = {outcome: 0 for outcome in OUTCOMES}
    for item in personal:
        outcomes[item.outcome] = outcomes.get(item.outcome, 0) + 1
    connected = outcomes["connected"]
    calls_per_day = [sum(1 for i in calls if i.day == day) for day in days]

    responses = {kind: 0 for kind in CARD_RESPONSES}
    for response in facts.responses:
        responses[response] = responses.get(response, 0) + 1

    goals = settings.goals
    per_day = []
    for number, day in enumerate(days):
        notes = sum(1 for written in facts.cards_written_on if note_done(written, day))
        thoughtful = thoughtful_acts((i.contact_id, i.reason, i.outcome) for i in facts.interactions if i.day == day)
        per_day.append(DayGoals(day, calls_per_day[number], notes, thoughtful, calls_per_day[number] >= goals.calls,
                                notes >= goals.notes, thoughtful >= goals.thoughtfulness))

    kept, missed, pending = follow_up_status(facts.follow_ups, facts.touches, facts.today)
    cost_per_card = settings.card_costs.total_cents
    share = attention_share(facts.attention_top, facts.attention_total_seconds)
    warnings = []
    if share is not None and share > settings.attention_warning:
        warnings.append(
            f"{share:.0%} of the last {ATTENTION_DAYS} days' call time went to {len(facts.attention_top)} contacts"
            f" (warning above {settings.attention_warning:.0%}): make time for the others who deserve it"
        )
    return WeeklyReview(
        week=week_label(start),
        week_start=start,
        rep=facts.rep,
        calls=len(calls),
        connected=connected,
        connect_rate=ratio(connected, len(calls)),
        voicemails=outcomes["voicemail"],
        outcomes=outcomes,
        calls_per_day=calls_per_day,
        call_seconds=sum(i.duration_s for i in calls),
        notes_written=len(facts.cards_written_on),
        cards_mailed=facts.cards_mailed,
        card_responses=responses,
        cards_with_responses=len(facts.responses),
        referrals=facts.referrals_given,
        referrals_called=facts.referrals_called,
        follow_ups_kept=kept,
        follow_ups_missed=missed,
        follow_ups_pending=pending,
        quotes_won=facts.quotes_won,
        quotes_lost=facts.quotes_lost,
        quote_hit_ratio=ratio(facts.quotes_won, facts.quotes_won + facts.quotes_lost),
        cost_per_card_cents=cost_per_card,
        outreach_cost_cents=cost_per_card * len(facts.cards_written_on),
        attention_top6_share=share,
        attention_top6=list(facts.attention_top),
        attention_total_seconds=facts.attention_total_seconds,
        attention_warning=settings.attention_warning,
        streak_days=streak_days(facts.session_days_desc, start),
        goals=goals,
        goals_per_day=per_day,
        goals_met_days=sum(1 for day in per_day if day.all_met),
        reflections=list(facts.reflections),
        warnings=warnings,
        their_views=list(facts.their_views),
        placed={channel: sum(1 for i in facts.interactions if i.channel == channel and i.outcome not in NOT_PLACED)
                for channel in CHANNELS},
        skipped=sum(1 for i in personal if i.outcome in NOT_PLACED),
    )
