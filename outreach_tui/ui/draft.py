"""What the rep has typed for the call on screen, and how it becomes a `CallRecord`.

Pure Python (no Textual): the outcome form fills a `CallDraft`; `to_record` checks
the phrases and returns the record `store.recording.save_call` writes, or raises
`DraftError` naming the field, so nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from outreach_tui.core.dates import add_working_days, day_phrase, parse_next_touch, plural, short_date
from outreach_tui.core.plan_items import PlanItem
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import CARD_KINDS, OUTCOME_LABELS, OUTCOMES
from outreach_tui.store.recording import RETRY_WORKING_DAYS, CallRecord, NewReferral

CARD_LABELS = {
    None: "none",
    "thank_you": "thank-you card",
    "congratulations": "congratulations card",
    "sympathy": "sympathy card",
    "encouragement": "encouragement card",
}


class DraftError(ValueError):
    """Something typed that can't be saved; `field` names the input it came from."""

    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id = field_id
        self.message = message


@dataclass
class CallDraft:
    outcome: str | None = None
    notes: str = ""
    their_view: str = ""
    next_touch: str = ""
    away_place: str = ""
    away_why: str = ""
    away_back: str = ""
    referrals: list[tuple[str, str]] = field(default_factory=list)  # (name, phone or email)
    card_kind: str | None = None

    def has_input(self, default_card: str | None) -> bool:
        """True when quitting would lose something the rep entered for this call."""
        typed = (self.notes, self.their_view, self.next_touch, self.away_place, self.away_why, self.away_back)
        return (
            self.outcome is not None
            or any(text.strip() for text in typed)
            or any(name.strip() or how.strip() for name, how in self.referrals)
            or self.card_kind != default_card
        )


def default_card(item: PlanItem) -> str | None:
    """The card a plan item calls for: its life event's kind, thank-you if neglected, else none."""
    event = item.signal("life_event")
    if event is not None:
        return event.card_kind or "congratulations"
    if item.signal("neglected") is not None:
        return "thank_you"
    return None


def next_card(kind: str | None) -> str | None:
    """The card after `kind` in the cycle none → thank-you → … → encouragement → none."""
    cycle = (None, *CARD_KINDS)
    return cycle[(cycle.index(kind) + 1) % len(cycle)] if kind in cycle else None


def outcome_for_key(number: int) -> str:
    return OUTCOMES[number - 1]


def describe_date(value: date, today: date) -> str:
    """'Mon 14 Dec 2026 · in 3 weeks' for the live reading under a date phrase."""
    days = (value - today).days
    if days == 0:
        distance = "today"
    elif days == 1:
        distance = "tomorrow"
    elif days < 14:
        distance = f"in {plural(days, 'day')}"
    elif days < 63:
        distance = f"in {plural(round(days / 7), 'week')}"
    else:
        distance = f"in {plural(round(days / 30.44), 'month')}"
    return f"{value:%a} {value.day} {value:%b %Y} · {distance}"


def default_next_touch_hint(outcome: str | None, today: date, cadence_days: int) -> str:
    """What an empty next-touch field means for the outcome picked."""
    if outcome in ("voicemail", "no_answer"):
        retry = add_working_days(today, RETRY_WORKING_DAYS)
        return f"empty: try again in {RETRY_WORKING_DAYS} working days ({day_phrase(retry, today)})"
    if outcome == "connected":
        return f"empty: next check-in by the {cadence_days}-day cadence"
    if outcome == "out_of_office":
        return "empty: a welcome-back call on the day they return"
    return "also: in 2 months, tomorrow, next week"


def split_contact(text: str) -> tuple[str, str]:
    """A referral's 'phone or email' field as (phone, email)."""
    text = text.strip()
    return ("", text) if "@" in text else (text, "")


def to_record(
    draft: CallDraft,
    item: PlanItem,
    today: date,
    started_at: datetime,
    duration_s: int,
) -> CallRecord:
    if draft.outcome is None:
        keys = ", ".join(f"{n} {OUTCOME_LABELS[o]}" for n, o in enumerate(OUTCOMES, 1))
        raise DraftError("outcomes", f"Pick an outcome first — {keys}. Nothing saved.")
    next_touch = None
    if draft.next_touch.strip():
        try:
            next_touch = parse_next_touch(draft.next_touch, today)
        except ValueError as exc:
            raise DraftError("next-touch", f"Next touch: {exc}") from None
    returns_on = None
    if draft.outcome == "out_of_office":
        if not draft.away_back.strip():
            raise DraftError("away-back", "Back on: out of office needs the day they return (e.g. next mon, +2w).")
        try:
            returns_on = parse_next_touch(draft.away_back, today)
        except ValueError as exc:
            raise DraftError("away-back", f"Back on: {exc}") from None
        if returns_on <= today:
            raise DraftError("away-back", "Back on: the return date must be after today.")
    referrals = []
    for number, (name, how) in enumerate(draft.referrals, 1):
        if not name.strip() and not how.strip():
            continue
        if not name.strip():
            raise DraftError(f"referral-name-{number}", f"Referral {number}: a name is needed.")
        if not how.strip():
            raise DraftError(f"referral-how-{number}", f"Referral {number}: a phone number or an email is needed.")
        phone, email = split_contact(how)
        referrals.append(NewReferral(name=name.strip(), phone=phone, email=email))
    return CallRecord(
        contact_id=item.contact_id,
        outcome=draft.outcome,
        reason=item.reason,
        channel="call",
        started_at=started_at,
        duration_s=max(int(duration_s), 0),
        notes=draft.notes.strip(),
        their_view=draft.their_view.strip(),
        next_touch_on=next_touch,
        absence_place=draft.away_place.strip() if draft.outcome == "out_of_office" else "",
        absence_why=draft.away_why.strip() if draft.outcome == "out_of_office" else "",
        absence_returns_on=returns_on,
        referrals=tuple(referrals),
        card_kind=draft.card_kind,
        acknowledges=tuple((signal.reason, signal.ref_id) for signal in item.signals),
    )


def card_queued_text(kind: str | None, name: str) -> str:
    """Said when a saved call queued a card, so the rep sees it went somewhere."""
    return f"{CARD_LABELS.get(kind, kind).capitalize()} for {one_line(name, 60)} queued: write it from Cards (F3)."


def card_waiting_text(kind: str | None, since: date, today: date) -> str:
    """Said when the card asked for was not queued because one of its kind already waits."""
    return (f"A {CARD_LABELS.get(kind, kind)} queued {short_date(since, today)} is still to write or mail:"
            " not queued twice.")
