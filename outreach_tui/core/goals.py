"""The daily goals, each counted one way: what a call, a thank-you note and a thoughtful act are.

The plan screen, Cards, the session summary, the weekly review and
`outreach review --format json` all count through these definitions (the store
asks SQL the same questions through `store.progress`), so a goal never reads
2/1 on one screen and 0/1 on another.

- a call: a call or visit that was placed, whatever came of it (not a skip);
- a thank-you note done: a card or note *written* that day (a queued one is still to do);
- a thoughtful act: a contact reached that day for no reason but to see how they
  are (the thoughtfulness reason, not skipped), each contact once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from outreach_tui.core.vocab import PERSONAL_CHANNELS

# Outcomes that mean nothing was placed (a skip, or a snooze recorded as one).
NOT_PLACED = ("skipped",)
CALL_CHANNELS = PERSONAL_CHANNELS


def is_call(channel: str, outcome: str) -> bool:
    return channel in CALL_CHANNELS and outcome not in NOT_PLACED


def is_thoughtful_act(reason: str, outcome: str) -> bool:
    return reason == "thoughtfulness" and outcome not in NOT_PLACED


def note_done(written_on: date | None, day: date) -> bool:
    """A note counts on the day it was written; queuing it is not doing it."""
    return written_on == day


def calls_made(touches: Iterable[tuple[str, str]]) -> int:
    """How many of (channel, outcome) were calls."""
    return sum(1 for channel, outcome in touches if is_call(channel, outcome))


def thoughtful_acts(touches: Iterable[tuple[int, str, str]]) -> int:
    """How many contacts of (contact_id, reason, outcome) got a thoughtful act."""
    return len({contact_id for contact_id, reason, outcome in touches if is_thoughtful_act(reason, outcome)})
