"""The debrief, by the method: what the trainee found out and did, each point naming the
move and the turn it rests on, so a trainer can point at the very moment.

It reads only the call's turns: a point is credited only when a move made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach_tui.core.dates import plural


@dataclass(frozen=True)
class Point:
    key: str
    done: bool
    text: str
    move: str | None = None
    turn: int | None = None

    def as_json(self) -> dict:
        return {"point": self.key, "done": self.done, "move": self.move, "turn": self.turn, "text": self.text}


@dataclass(frozen=True)
class Debrief:
    outcome: str | None
    facts_found: int
    facts_total: int
    points: tuple[Point, ...]

    def as_json(self) -> dict:
        return {"outcome": self.outcome, "facts_found": self.facts_found, "facts_total": self.facts_total,
                "points": [point.as_json() for point in self.points]}


def fact_label(name: str) -> str:
    return name.replace("_", " ")


def _at(turn) -> str:
    return f"{turn.move}, turn {turn.number}"


def debrief(call) -> Debrief:
    turns = call.turns
    felt = "the quote landed" if call.scenario.has_quote else "things have been"
    first = {}
    for turn in turns:
        first.setdefault(turn.move, turn)
    points = (
        _facts(call),
        _opened(turns),
        _asked(first, "how-it-landed", "felt", f"Asked how {felt} for them", f"Never asked how {felt} for them"),
        _compliment(call),
        _next_step(call),
        _asked(first, "ask-referral", "referrals", "Asked who else they know", "Never asked who else they know"),
        _price(turns),
    )
    return Debrief(call.outcome, len(call.uncovered), len(call.scenario.facts), points)


def _facts(call) -> Point:
    found_at = {fact: turn for turn in call.turns for fact in turn.revealed}
    found = [f"{fact_label(fact)} ({_at(turn)})" for fact, turn in found_at.items()]
    missed = [fact_label(fact) for fact in call.scenario.facts if fact not in found_at]
    text = f"Uncovered {len(found_at)} of {len(call.scenario.facts)} facts"
    text += (": " + "; ".join(found)) if found else ""
    text += (f". Missed: {', '.join(missed)}") if missed else ""
    return Point("facts", not missed, text)


def _opened(turns) -> Point:
    if turns and turns[0].move == "open-personally":
        return Point("opened_personally", True, f"Opened personally ({_at(turns[0])})", turns[0].move, 1)
    late = next((turn for turn in turns if turn.move == "open-personally"), None)
    if late is not None:
        return Point("opened_personally", False, f"Opened personally only late ({_at(late)}); open with it",
                     late.move, late.number)
    if turns:
        return Point("opened_personally", False, f"Did not open personally: began with {_at(turns[0])}",
                     turns[0].move, 1)
    return Point("opened_personally", False, "Did not open personally")


def _asked(first: dict, move: str, key: str, yes: str, no: str) -> Point:
    turn = first.get(move)
    if turn is None:
        return Point(key, False, f"{no} ({move})", move)
    return Point(key, True, f"{yes} ({_at(turn)})", move, turn.number)


def _compliment(call) -> Point:
    """A compliment counts once the fact worth one is known: praise before it rings hollow."""
    truth = call.scenario.compliment_on
    known_at = next((turn.number for turn in call.turns if truth in turn.revealed), None) if truth else 0
    compliments = [turn for turn in call.turns if turn.move == "compliment"]
    for turn in compliments:
        if known_at is not None and known_at < turn.number or truth is None:
            return Point("compliment", True, f"Found something true to compliment ({_at(turn)})",
                         turn.move, turn.number)
    if compliments:
        turn = compliments[0]
        return Point("compliment", False, f"Complimented before finding anything true to praise ({_at(turn)})",
                     turn.move, turn.number)
    return Point("compliment", False, "Found nothing true to compliment (compliment)", "compliment")


def _next_step(call) -> Point:
    last = call.turns[-1] if call.turns else None
    at = f" ({_at(last)})" if last else ""
    number = last.number if last else None
    move = last.move if last else None
    if call.outcome == "follow_up":
        day = call.persona.fields["follow_up_date"]
        return Point("next_step", True, f"Set a dated next step: follow up on {day}{at}", move, number)
    if call.outcome == "won":
        return Point("next_step", True, f"Closed with the order{at}", move, number)
    if call.outcome == "lost":
        return Point("next_step", False, f"No next step: the quote was lost{at}", move, number)
    return Point("next_step", False, "No dated next step yet: the call is still going")


def _price(turns) -> Point:
    asked = next((turn.number for turn in turns if turn.move == "ask-order"), None)
    cuts = [turn for turn in turns if turn.move == "cut-price"]
    early = [turn for turn in cuts if asked is None or turn.number < asked]
    if early:
        turn = early[0]
        return Point("price", False, f"Gave price away before asking for the order ({_at(turn)})",
                     turn.move, turn.number)
    if cuts:
        return Point("price", True, f"Cut the price only after asking for the order ({_at(cuts[0])})",
                     cuts[0].move, cuts[0].number)
    return Point("price", True, "Held the price: no cut offered (cut-price)", "cut-price")


def hit_ratio(outcomes) -> str:
    """The practice hit ratio over several calls: won of those played, follow-ups still open."""
    outcomes = [outcome for outcome in outcomes if outcome is not None]
    if not outcomes:
        return "Practice hit ratio: no call finished yet"
    won = outcomes.count("won")
    text = f"Practice hit ratio: {won} won of {plural(len(outcomes), 'call')} ({round(100 * won / len(outcomes))}%)"
    open_ones = outcomes.count("follow_up")
    if open_ones:
        text += f"; {plural(open_ones, 'follow-up')} still open"
    return text
