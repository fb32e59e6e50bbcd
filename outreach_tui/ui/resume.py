"""A session in progress as a draft: where the rep is and what they typed, as JSON and back.

Pure Python (no Textual). The session screen snapshots a `ResumePoint` a second
after each change and `store.drafts` keeps it; after a crash the plan screen reads
it back and `resume_run` rebuilds the session from it, past every call the store
says was already saved, so no call is made or counted twice.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from outreach_tui.core.plan_items import PlanItem, item_from_record, item_record
from outreach_tui.ui.draft import CallDraft
from outreach_tui.ui.state import SessionRun

STATE_VERSION = 1


@dataclass(frozen=True)
class ResumePoint:
    items: tuple[PlanItem, ...]
    index: int
    planned_minutes: int
    started_at: datetime
    elapsed_s: float  # session time used, for the countdown
    extra_s: float
    stop_after_current: bool
    call_started_at: datetime
    call_elapsed_s: float  # this call's timer
    call: CallDraft | None  # None: the call on screen starts afresh

    @property
    def current(self) -> PlanItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None


def snapshot(run: SessionRun, mono: float, call_started_mono: float, call_started_at: datetime,
             call: CallDraft) -> ResumePoint:
    return ResumePoint(
        items=tuple(run.items),
        index=run.index,
        planned_minutes=run.planned_minutes,
        started_at=run.started_at,
        elapsed_s=round(mono - run.started_mono, 3),
        extra_s=run.extra_s,
        stop_after_current=run.stop_after_current,
        call_started_at=call_started_at,
        call_elapsed_s=round(mono - call_started_mono, 3),
        call=call,
    )


def to_json(point: ResumePoint) -> str:
    return json.dumps({
        "version": STATE_VERSION,
        "items": [item_record(item) for item in point.items],
        "index": point.index,
        "planned_minutes": point.planned_minutes,
        "started_at": point.started_at.isoformat(),
        "elapsed_s": point.elapsed_s,
        "extra_s": point.extra_s,
        "stop_after_current": point.stop_after_current,
        "call_started_at": point.call_started_at.isoformat(),
        "call_elapsed_s": point.call_elapsed_s,
        "call": asdict(point.call) if point.call is not None else None,
    })


def from_json(text: str) -> ResumePoint:
    """The point kept in `text`; ValueError if it is not one this program wrote."""
    try:
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"draft format {data.get('version')!r}")
        call = data["call"]
        if call is not None:
            call = CallDraft(**{**call, "referrals": [tuple(pair) for pair in call["referrals"]]})
        return ResumePoint(
            items=tuple(item_from_record(item) for item in data["items"]),
            index=int(data["index"]),
            planned_minutes=int(data["planned_minutes"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            elapsed_s=float(data["elapsed_s"]),
            extra_s=float(data["extra_s"]),
            stop_after_current=bool(data["stop_after_current"]),
            call_started_at=datetime.fromisoformat(data["call_started_at"]),
            call_elapsed_s=float(data["call_elapsed_s"]),
            call=call,
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(f"unreadable draft: {exc}") from None


def past_saved_calls(point: ResumePoint, saved_contacts: set[int]) -> ResumePoint:
    """The point moved past contacts already saved in the session.

    A crash between a save's commit and the next draft write leaves the draft on a
    call that is in the store; that call's typing is saved, so it is dropped here.
    """
    index = point.index
    while 0 <= index < len(point.items) and point.items[index].contact_id in saved_contacts:
        index += 1
    if index == point.index:
        return point
    return replace(point, index=index, call=None, call_elapsed_s=0.0)


def resume_run(session_id: int, point: ResumePoint, saved_ids: list[int], mono: float) -> SessionRun:
    """The session as it was: same plan and position, the countdown where it stood."""
    return SessionRun(
        session_id=session_id,
        items=list(point.items),
        planned_minutes=point.planned_minutes,
        started_mono=mono - point.elapsed_s,
        started_at=point.started_at,
        index=point.index,
        extra_s=point.extra_s,
        stop_after_current=point.stop_after_current,
        done=list(saved_ids),
    )
