"""The plan's plain values: the method's numbers (`PlanRules`), a reason to reach someone
(`Signal`), one contact's entry (`PlanItem`) and the day's `Plan`, and their records as plain data.

Apart from the rules that make them (`plan_signals`, `planner`): the app's process only
shows a plan the start-up reader made and handed over as JSON (`core.today`), so it loads
these values and not the planner's facts (`plan_facts`) and rules (~4 ms of dataclasses
before the first frame).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from outreach_tui.core.vocab import REASONS


@dataclass(frozen=True)
class PlanRules:
    """The method's numbers, all overridable from settings."""

    neglect_months: int = 6  # seeds/002: no purchase in over six months
    neglect_recall_days: int = 30  # a neglected customer called this recently waits
    quote_follow_up_days: int = 7
    life_event_lead_days: int = 7  # show an event this many days before it
    life_event_grace_days: int = 2  # and this many after
    absence_grace_days: int = 3  # a missed welcome-back still shows this long
    thoughtfulness_quiet_days: int = 30


@dataclass(slots=True)
class Signal:
    reason: str
    weight: float
    # Words are made only for the items a rep will see, not for every candidate.
    describe: Callable[[], str] = field(compare=False, repr=False)
    ref_id: int | None = None  # the absence, event, quote or referral behind it
    card_kind: str | None = None  # the card this moment calls for
    due_on: date | None = None  # a dated moment's day: the return, the event, the referral, the promise

    @property
    def detail(self) -> str:
        return self.describe()


@dataclass(slots=True)
class PlanItem:
    contact_id: int
    name: str
    score: float
    signals: tuple[Signal, ...]
    timezone: str = ""

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(signal.reason for signal in self.signals)

    @property
    def reason(self) -> str:
        return self.signals[0].reason

    @property
    def detail(self) -> str:
        return "; ".join(signal.detail for signal in self.signals)

    def signal(self, reason: str) -> Signal | None:
        return next((s for s in self.signals if s.reason == reason), None)

    def as_json(self) -> dict:
        """The item for `outreach today --format json` (and csv, in PLAN_ITEM_FIELDS order)."""
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "reasons": list(self.reasons),
            "score": self.score,
            "detail": self.detail,
        }


PLAN_ITEM_FIELDS = ("contact_id", "name", "reasons", "score", "detail")


@dataclass
class Plan:
    """Today's plan as the screens and `outreach today` show it."""

    today: date
    items: list[PlanItem]
    counts: dict[str, int]  # per reason, over every candidate, not only those shown
    total: int
    dated: int = 0  # contacts with a dated moment today, shown or not
    counted: bool = True  # False: counts and total of the items alone, dated maybe too (counted later)


def item_record(item: PlanItem) -> dict:
    """The item as plain data (JSON), words included, to rebuild it elsewhere: a kept draft, another process."""
    return {
        "contact_id": item.contact_id,
        "name": item.name,
        "score": item.score,
        "timezone": item.timezone,
        "signals": [
            {"reason": s.reason, "weight": s.weight, "detail": s.detail, "ref_id": s.ref_id, "card_kind": s.card_kind,
             "due_on": s.due_on.isoformat() if s.due_on else None}
            for s in item.signals
        ],
    }


def item_from_record(data: dict) -> PlanItem:
    signals = tuple(
        Signal(reason=s["reason"], weight=s["weight"], describe=lambda text=s["detail"]: text, ref_id=s["ref_id"],
               card_kind=s["card_kind"], due_on=date.fromisoformat(s["due_on"]) if s.get("due_on") else None)
        for s in data["signals"]
    )
    return PlanItem(contact_id=data["contact_id"], name=data["name"], score=data["score"], signals=signals,
                    timezone=data.get("timezone", ""))


def count_by_reason(items: list[PlanItem]) -> dict[str, int]:
    """How many items carry each reason, in vocabulary order, leaving out zeros."""
    counts = {reason: 0 for reason in REASONS}
    for item in items:
        for reason in item.reasons:
            counts[reason] += 1
    return {reason: n for reason, n in counts.items() if n}
