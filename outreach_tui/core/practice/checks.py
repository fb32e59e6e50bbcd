"""The checks a scenario must pass before it is played: every state reachable, every
state with a way out, every reply present, every name it uses defined.

Kept apart from the reading (scenario.py) so that each rule is one short function; the
reader passed in places each problem on its line.
"""

from __future__ import annotations

from outreach_tui.core.practice.moves import NAMES
from outreach_tui.core.vocab import REASONS

MAX_TURNS_RANGE = (2, 40)


def check_scenario(scenario, reader) -> None:
    """Notes each problem with the reader, which knows the lines."""
    _names(scenario, reader)
    _reachable(scenario, reader)
    _ways_out(scenario, reader)
    _fields(scenario, reader)


def _names(scenario, reader) -> None:
    states = scenario.states
    if scenario.reason not in REASONS:
        reader.problem(f"reason: {scenario.reason!r} is not one of {', '.join(REASONS)}", key="reason")
    if scenario.start and scenario.start not in states:
        reader.problem(f"start: there is no state {scenario.start!r}", key="start")
    elif scenario.start and states[scenario.start].end is not None:
        reader.problem(f"start: state {scenario.start!r} ends the call before it begins", key="start")
    for key, days in (("decision", scenario.decision_days), ("follow_up", scenario.follow_up_days)):
        if days < 1:
            reader.problem(f"{key}: a day still to come, 1 or more days from today", key=key)
    if scenario.out_of_time:
        if scenario.out_of_time not in states:
            reader.problem(f"out_of_time: there is no state {scenario.out_of_time!r}", key="out_of_time")
        elif states[scenario.out_of_time].end is None:
            reader.problem(f"out_of_time: state {scenario.out_of_time!r} does not end the call", key="out_of_time")
        elif states[scenario.out_of_time].end == "follow_up" and not _names_day([scenario.out_of_time_line]):
            reader.problem("out_of_time_line: the call ends in a follow-up, so the line must name the day"
                           " ({follow_up_date})", key="out_of_time_line")
    low, high = MAX_TURNS_RANGE
    if not low <= scenario.max_turns <= high:
        reader.problem(f"max_turns: must be between {low} and {high}", key="max_turns")
    if scenario.compliment_on is not None and scenario.compliment_on not in scenario.facts:
        reader.problem(f"compliment_on: there is no fact {scenario.compliment_on!r}", key="compliment_on")
    for state in states.values():
        for move, answer in state.answers.items():
            for reply in answer.replies():
                if reply.to not in states:
                    reader.problem(f"{move}: leads to {reply.to!r}, which is not a state", state.name, move)
                if reply.to in states and states[reply.to].end == "follow_up" and not _names_day(reply.lines):
                    reader.problem(f"{move}: leads to a follow-up but the reply never names the day"
                                   " ({follow_up_date})", state.name, move)
                for fact in reply.reveals:
                    if fact not in scenario.facts:
                        reader.problem(f"{move}: reveals {fact!r}, which is not a fact in [facts]", state.name, move)


def _names_day(lines) -> bool:
    return any("{follow_up_date}" in line for line in lines)


def _reachable(scenario, reader) -> None:
    seen = _reached(scenario, [scenario.start, scenario.out_of_time])
    for name in scenario.states:
        if name not in seen:
            reader.problem("unreachable: no move from the start leads here", name)


def _ways_out(scenario, reader) -> None:
    ends = [name for name, state in scenario.states.items() if state.end is not None]
    if not ends:
        reader.problem("no state ends the call (end = \"won\", \"lost\" or \"follow_up\")")
    leads_out = _reached(scenario, ends, backwards=True)
    for name, state in scenario.states.items():
        if state.end is not None:
            if state.answers:
                reader.problem("an end state takes no moves", name)
        elif not state.answers:
            reader.problem(f"no way out: no moves (give it some of: {', '.join(NAMES)})", name)
        elif name not in leads_out:
            reader.problem("no way out: no move from here leads to an end", name)


def _reached(scenario, starts, backwards: bool = False) -> set[str]:
    """The states reached from `starts` by moves (or, backwards, the states that reach them)."""
    edges: dict[str, set[str]] = {name: set() for name in scenario.states}
    for state in scenario.states.values():
        for answer in state.answers.values():
            for reply in answer.replies():
                if reply.to in edges:
                    if backwards:
                        edges[reply.to].add(state.name)
                    else:
                        edges[state.name].add(reply.to)
    seen, todo = set(), [name for name in starts if name in edges]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(edges[name] - seen)
    return seen


def _fields(scenario, reader) -> None:
    from outreach_tui.core.practice.persona import field_names

    known = set(field_names(scenario))
    texts = [(None, "opening", scenario.opening), (None, "out_of_time_line", scenario.out_of_time_line)]
    texts += [(None, name, text) for name, text in scenario.facts.items()]
    for state in scenario.states.values():
        for move, answer in state.answers.items():
            texts += [(state.name, move, line) for reply in answer.replies() for line in reply.lines]
    for state, key, text in texts:
        for name in _fields_in(text):
            if name not in known:
                reader.problem(f"{key}: unknown field {{{name}}} (fields: {', '.join(sorted(known))})", state, key)


def _fields_in(text: str) -> list[str]:
    from string import Formatter

    try:
        return [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError:
        return ["{"]
