"""The moves a trainee can make on a practice call: one key each, in the order shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    name: str  # what a scenario file and --moves say
    key: str  # the one key on the practice screen
    label: str  # what the screen shows: at most 15 characters, two to a line at 80x24
    tip: str  # what the move is for, by the method (the practice screen's `?`)


MOVES: tuple[Move, ...] = (
    Move("open-personally", "o", "Open personally",
         "Start with them, not the quote: how they are, something you know about them."),
    Move("how-it-landed", "h", "How it landed",
         "Ask how the quote landed for them: how it felt, not only what they think."),
    Move("open-question", "q", "Open question",
         "A question they cannot answer with yes or no."),
    Move("listen", "l", "Listen",
         "Say nothing and let them talk: what matters comes out."),
    Move("compliment", "c", "Compliment",
         "Praise something true you have learned about them; praise before that rings hollow."),
    Move("who-decides", "w", "Who decides",
         "Ask who else is part of the decision."),
    Move("decision-date", "d", "Decision date",
         "Ask when they will decide: your follow-up goes just after."),
    Move("offer-revise", "v", "Offer to revise",
         "Offer to change the quote to fit what they need, rather than the price."),
    Move("cut-price", "p", "Cut the price",
         "Lower the price. Before you have asked for the order, it gives money away."),
    Move("ask-order", "a", "Ask for order",
         "Ask for the order. It lands once they are warm."),
    Move("ask-referral", "r", "Who they know",
         "Ask who else they know who could use the same."),
    Move("thank-close", "t", "Thank & close",
         "Thank them and close; a good close leaves a day to call back."),
)

BY_NAME = {move.name: move for move in MOVES}
NAMES = tuple(BY_NAME)


def in_order(names) -> tuple[str, ...]:
    """The given move names in the vocabulary's order (how they are listed everywhere)."""
    wanted = set(names)
    return tuple(name for name in NAMES if name in wanted)
