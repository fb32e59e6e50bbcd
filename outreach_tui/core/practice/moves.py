"""The moves a trainee can make on a practice call: one key each, in the order shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    name: str  # what a scenario file and --moves say
    key: str  # the one key on the practice screen
    label: str  # what the screen shows: at most 15 characters, two to a line at 80x24


MOVES: tuple[Move, ...] = (
    Move("open-personally", "o", "Open personally"),
    Move("how-it-landed", "h", "How it landed"),
    Move("open-question", "q", "Open question"),
    Move("listen", "l", "Listen"),
    Move("compliment", "c", "Compliment"),
    Move("who-decides", "w", "Who decides"),
    Move("decision-date", "d", "Decision date"),
    Move("offer-revise", "v", "Offer to revise"),
    Move("cut-price", "p", "Cut the price"),
    Move("ask-order", "a", "Ask for order"),
    Move("ask-referral", "r", "Who they know"),
    Move("thank-close", "t", "Thank & close"),
)

BY_NAME = {move.name: move for move in MOVES}
NAMES = tuple(BY_NAME)


def in_order(names) -> tuple[str, ...]:
    """The given move names in the vocabulary's order (how they are listed everywhere)."""
    wanted = set(names)
    return tuple(name for name in NAMES if name in wanted)
