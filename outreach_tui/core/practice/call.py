"""Playing a practice call: a move in, the customer's reply out, until the call ends.

A Call is a value: `play` returns the next one, so the same scenario, seed and moves
always give the same transcript. Warmth stays within WARMTH_RANGE; a move that needs
warmth gets its colder answer below it. A call that reaches the scenario's max_turns
ends in its out_of_time state, so every call ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from outreach_tui.core.practice.moves import NAMES, in_order
from outreach_tui.core.practice.persona import Persona, make_persona, seeded

WARMTH_RANGE = (-3, 3)
OUT_OF_TIME_LINE = "Sorry, I really have to go now."


class BadMove(ValueError):
    """A move the call does not take now; `allowed` is what it would take."""

    def __init__(self, move: str, allowed: tuple[str, ...]) -> None:
        self.move = move
        self.allowed = allowed
        now = ", ".join(allowed) if allowed else "none: the call has ended"
        what = "is not allowed now" if move in NAMES else "is not a move"
        super().__init__(f"{move!r} {what}; moves allowed: {now}")


@dataclass(frozen=True)
class Turn:
    number: int  # from 1
    move: str
    state: str  # the state the move was made in
    reply: str
    warmth: int  # after the move
    revealed: tuple[str, ...]  # facts first uncovered by this move


@dataclass(frozen=True)
class Call:
    scenario: object
    persona: Persona
    seed: int
    turns: tuple[Turn, ...] = ()
    state: str = ""
    warmth: int = 0
    uncovered: tuple[str, ...] = ()
    outcome: str | None = None
    closing: str | None = None  # the customer's last line when time ran out

    @property
    def opening(self) -> str:
        return self.persona.fill(self.scenario.opening)

    @property
    def next_moves(self) -> tuple[str, ...]:
        if self.outcome is not None:
            return ()
        return in_order(self.scenario.states[self.state].answers)

    @property
    def follow_up_on(self) -> date | None:
        return self.persona.follow_up_on if self.outcome == "follow_up" else None

    def play(self, move: str) -> "Call":
        allowed = self.next_moves
        if move not in allowed:
            raise BadMove(move, allowed)
        answer = self.scenario.states[self.state].answers[move]
        warm = answer.needs_warmth is None or self.warmth >= answer.needs_warmth
        reply = answer.warm if warm else answer.cold
        number = len(self.turns) + 1
        line = seeded(self.scenario, self.seed, "reply", number, self.state, move).choice(reply.lines)
        low, high = WARMTH_RANGE
        warmth = max(low, min(high, self.warmth + reply.warmth))
        revealed = tuple(fact for fact in dict.fromkeys(reply.reveals) if fact not in self.uncovered)
        turn = Turn(number, move, self.state, self.persona.fill(line), warmth, revealed)
        after = replace(self, turns=(*self.turns, turn), state=reply.to, warmth=warmth,
                        uncovered=(*self.uncovered, *revealed), outcome=self.scenario.states[reply.to].end)
        if after.outcome is None and number >= self.scenario.max_turns:
            out = self.scenario.out_of_time
            after = replace(after, state=out, outcome=self.scenario.states[out].end,
                            closing=self.persona.fill(self.scenario.out_of_time_line or OUT_OF_TIME_LINE))
        return after


def start_call(scenario, seed: int, today: date, rep: str = "me") -> Call:
    return Call(scenario, make_persona(scenario, seed, today, rep), seed, state=scenario.start)


def play_moves(scenario, seed: int, today: date, moves, rep: str = "me") -> Call:
    """The call after these moves; BadMove names the first one not allowed and what was."""
    call = start_call(scenario, seed, today, rep)
    for move in moves:
        call = call.play(move)
    return call
