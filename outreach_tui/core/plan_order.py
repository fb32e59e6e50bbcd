"""The one order of the day's plan: dated moments, then the thoughtful call, then routine calls.

The method (seeds/001, 002) says the moment matters more than the routine: a
traveller is called on the day they return, a funeral in time, a referral while
it is warm. So every contact with a dated moment due today comes before every
routine call (a check-in, a neglected customer, a quote follow-up), however
valuable the routine customer; among the moments the most time-bound leads.
The day's thoughtfulness pick follows the moments, and never later than 10th,
so it happens early in a session instead of after the day's goal.

`outreach today`, `claim` and the app all cut this one list: `--limit N` is its
first N. Pure functions over plan items (anything with `signals`, `score`,
`name` and `contact_id`); no store, no screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from outreach_tui.core.text import folded

# Reasons tied to a date that will not wait: a return, a life event, a referral, a promised date.
DATED_REASONS = frozenset({"back_from_absence", "life_event", "referral", "follow_up"})
# Routine reasons wait for a better day without harm (and for a retry date: see `planner.held`).
ROUTINE_REASONS = frozenset({"check_in", "neglected", "quote_follow_up"})

# The thoughtfulness pick is at most this far down the plan (1-based).
THOUGHTFUL_LATEST = 10
# What one call takes, on average, in a session: a 30-minute session holds the day's 10 calls.
MINUTES_PER_CALL = 3


def moment_rank(signal, today: date) -> tuple[int, int] | None:
    """How time-bound a dated signal is (smaller first), None for a routine one.

    Sympathy first, then a return (back today before back since yesterday), then
    other life events by the nearest date, then referrals oldest first, then the
    dates the rep promised, oldest first.
    """
    when = getattr(signal, "due_on", None)
    if signal.reason not in DATED_REASONS or when is None:
        return None
    if signal.reason == "life_event":
        closeness = abs((when - today).days)
        return (0, closeness) if signal.card_kind == "sympathy" else (2, closeness)
    if signal.reason == "back_from_absence":
        return 1, (today - when).days
    return (3 if signal.reason == "referral" else 4), when.toordinal()


def is_dated(item) -> bool:
    return any(signal.reason in DATED_REASONS for signal in item.signals)


def order_key(today: date) -> Callable[[object], tuple]:
    """The sort key of the one order: dated moments by how time-bound, then the rest by score.

    Ties fall to the score (customer value), then the name (`folded`, as the store keeps it
    in `search_name`), then the id, so the order never wobbles.
    """

    def key(item) -> tuple:
        ranks = [moment_rank(s, today) for s in item.signals if s.reason in DATED_REASONS]
        known = [rank for rank in ranks if rank is not None]  # a dated reason without its day: last of the moments
        tier = (0, *min(known)) if known else (0, 5, 0) if ranks else (1, 0, 0)
        return (*tier, -item.score, folded(item.name), item.contact_id)

    return key


def thoughtful_position(items: Sequence) -> int:
    """Where the thoughtfulness pick goes in `items` (in plan order): right after the dated moments, by 10th."""
    dated = 0
    for item in items:
        if not is_dated(item):
            break
        dated += 1
    return min(dated, THOUGHTFUL_LATEST - 1)


def session_capacity(minutes: int) -> int:
    """About how many calls a session of `minutes` holds."""
    return max(minutes // MINUTES_PER_CALL, 1)


def too_many_moments(dated: int, session_minutes: int) -> str | None:
    """'58 dated moments today — more than one session' when they will not fit, else None."""
    if dated <= session_capacity(session_minutes):
        return None
    return f"{dated} dated moments today — more than one session"
