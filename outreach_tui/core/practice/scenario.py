"""A practice scenario: read from TOML, every mistake reported as file, line and state.

A scenario file (seed_data/practice/<name>.toml) holds the persona's lists, the hidden
facts, and the states of the call: in each state, the customer's reply to each move
allowed there, where the call goes next, and how the customer's warmth moves. A state
with `end = "won" | "lost" | "follow_up"` ends the call. Reading never raises on a
trainer's mistake: it gathers Problems, and a file with any is refused as a whole.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from outreach_tui.core.practice.checks import check_scenario
from outreach_tui.core.practice.moves import BY_NAME, NAMES

ENDS = ("won", "lost", "follow_up")
DEFAULT_MAX_TURNS = 12


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a scenario file, said in one line."""

    file: str
    line: int
    state: str | None
    message: str

    def __str__(self) -> str:
        where = f" state {self.state}:" if self.state else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class ScenarioError(Exception):
    """A scenario that cannot be played; str() is one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Reply:
    """What the customer says to a move, and what it does to the call."""

    lines: tuple[str, ...]  # one is picked by the seed
    to: str
    warmth: int = 0
    reveals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A move's answer in one state: `warm` once warmth reaches `needs_warmth`, else `cold`."""

    warm: Reply
    needs_warmth: int | None = None
    cold: Reply | None = None

    def replies(self) -> tuple[Reply, ...]:
        return (self.warm,) if self.cold is None else (self.warm, self.cold)


@dataclass(frozen=True)
class State:
    name: str
    end: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    reason: str  # the call script the screen shows (seed_data/scripts/<reason>.toml)
    has_quote: bool
    opening: str
    start: str
    max_turns: int
    out_of_time: str  # the end state when the turns run out
    out_of_time_line: str  # what the customer says then (may be empty: a plain goodbye)
    items: tuple[str, ...]
    amount: tuple[int, int]  # whole dollars, lowest and highest
    picks: dict[str, tuple[str, ...]]
    decision_days: int
    follow_up_days: int
    facts: dict[str, str]  # name -> the fact's text, in the file's order
    compliment_on: str | None  # the fact that makes a compliment true
    states: dict[str, State]
    source: str  # the file, as shown in messages


class _Reader:
    """Walks the parsed TOML, noting a Problem (with the line it is on) for each mistake."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source
        self.problems: list[Problem] = []

    def line_of(self, state: str | None = None, key: str | None = None) -> int:
        """The line of a state's table (or of one key in it); 1 when it cannot be found."""
        start = 0
        if state is not None:
            header = re.compile(rf"^\s*\[\s*states\.{re.escape(state)}\s*\]")
            start = next((i for i, line in enumerate(self.lines) if header.match(line)), None)
            if start is None:
                return 1
        if key is None:
            return start + 1
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for i in range(start, len(self.lines)):
            if i > start and state is not None and self.lines[i].lstrip().startswith("["):
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return start + 1

    def problem(self, message: str, state: str | None = None, key: str | None = None) -> None:
        self.problems.append(Problem(self.source, self.line_of(state, key), state, message))

    def text(self, table: dict, key: str, state: str | None = None, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{key}: missing", state)
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{key}: must be a non-empty text", state, key)
            return ""
        return value

    def number(self, table: dict, key: str, default: int, state: str | None = None) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(f"{key}: must be a whole number", state, key)
            return default
        return value

    def texts(self, table: dict, key: str, state: str | None = None) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.problem(f"{key}: must be a text or a list of texts", state, key)
            return ()
        return tuple(value)


def parse(text: str, source: str, name: str) -> tuple[Scenario | None, list[Problem]]:
    """The scenario in a file's text and the problems found; None when it cannot be read at all."""
    reader = _Reader(text, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_in_message(str(error))
        return None, [Problem(source, line, None, f"not valid TOML ({str(error).split(' (at line')[0]})")]
    persona = data.get("persona") if isinstance(data.get("persona"), dict) else {}
    dates = data.get("dates") if isinstance(data.get("dates"), dict) else {}
    raw_facts = data.get("facts") if isinstance(data.get("facts"), dict) else {}
    picks_table = persona.get("pick") if isinstance(persona.get("pick"), dict) else {}
    picks = {key: reader.texts(picks_table, key) for key in picks_table}
    for key in [key for key, values in picks.items() if not values]:
        reader.problem(f"pick {key}: needs at least one text", key=key)
    amount = persona.get("amount", [1000, 10000])
    if not (isinstance(amount, list) and len(amount) == 2 and all(isinstance(n, int) for n in amount)
            and 0 < amount[0] <= amount[1]):
        reader.problem("amount: must be [lowest, highest] in whole dollars", key="amount")
        amount = [1000, 10000]
    facts = {}
    for key, value in raw_facts.items():
        if isinstance(value, str) and value.strip():
            facts[key] = value
        else:
            reader.problem(f"fact {key}: must be a non-empty text", key=key)
    raw_states = data.get("states") if isinstance(data.get("states"), dict) else {}
    if not raw_states:
        reader.problem("no [states.…] tables: a call needs at least one state and an end")
    states = {state: _state(reader, state, table) for state, table in raw_states.items()}
    scenario = Scenario(
        name=name,
        description=reader.text(data, "description"),
        reason=data.get("reason", "quote_follow_up") if isinstance(data.get("reason"), str) else "quote_follow_up",
        has_quote=bool(data.get("quote", True)),
        opening=reader.text(data, "opening"),
        start=reader.text(data, "start"),
        max_turns=reader.number(data, "max_turns", DEFAULT_MAX_TURNS),
        out_of_time=reader.text(data, "out_of_time"),
        out_of_time_line=reader.text(data, "out_of_time_line", required=False),
        items=reader.texts(persona, "items") or ("the quoted work",),
        amount=(amount[0], amount[1]),
        picks=picks,
        decision_days=reader.number(dates, "decision", 10),
        follow_up_days=reader.number(dates, "follow_up", 7),
        facts=facts,
        compliment_on=data.get("compliment_on") if isinstance(data.get("compliment_on"), str) else None,
        states=states,
        source=source,
    )
    check_scenario(scenario, reader)
    return scenario, sorted(reader.problems, key=lambda problem: problem.line)


def _state(reader: _Reader, state: str, table) -> State:
    if not isinstance(table, dict):
        reader.problem("must be a table of moves", state)
        return State(state)
    end = table.get("end")
    if end is not None and end not in ENDS:
        # Kept as an end all the same: one problem, not a second one for a state without moves.
        reader.problem(f"end: {end!r} is not one of {', '.join(ENDS)}", state, "end")
    answers = {}
    for move, entry in table.items():
        if move == "end":
            continue
        if move not in BY_NAME:
            reader.problem(f"unknown move {move!r} (moves: {', '.join(NAMES)})", state, move)
            continue
        if not isinstance(entry, dict):
            reader.problem(f"{move}: must be a table such as {{ reply = \"…\", to = \"…\" }}", state, move)
            continue
        answers[move] = _answer(reader, state, move, entry)
    return State(state, end, answers)


def _answer(reader: _Reader, state: str, move: str, entry: dict) -> Answer:
    warm = _reply(reader, state, move, entry, "")
    needs = entry.get("needs_warmth")
    if needs is None:
        return Answer(warm)
    if not isinstance(needs, int) or isinstance(needs, bool):
        reader.problem(f"{move}: needs_warmth must be a whole number", state, move)
        return Answer(warm)
    return Answer(warm, needs, _reply(reader, state, move, entry, "else_"))


def _reply(reader: _Reader, state: str, move: str, entry: dict, prefix: str) -> Reply:
    lines = entry.get(prefix + "reply")
    if isinstance(lines, str):
        lines = [lines]
    if not lines or not isinstance(lines, list) or not all(isinstance(x, str) and x.strip() for x in lines):
        reader.problem(f"{move}: missing {prefix}reply (what the customer says)", state, move)
        lines = ["…"]
    to = entry.get(prefix + "to", state)
    if not isinstance(to, str):
        reader.problem(f"{move}: {prefix}to must name a state", state, move)
        to = state
    warmth = entry.get(prefix + "warmth", 0)
    if not isinstance(warmth, int) or isinstance(warmth, bool):
        reader.problem(f"{move}: {prefix}warmth must be a whole number", state, move)
        warmth = 0
    reveals = entry.get(prefix + "reveals", [])
    if isinstance(reveals, str):
        reveals = [reveals]
    if not isinstance(reveals, list) or not all(isinstance(x, str) for x in reveals):
        reader.problem(f"{move}: {prefix}reveals must list fact names", state, move)
        reveals = []
    return Reply(tuple(lines), to, warmth, tuple(reveals))


def _line_in_message(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


def read_file(path: Path, shown: str | None = None) -> Scenario:
    """The scenario in a file; ScenarioError (one line per problem) when it is broken."""
    source = shown or str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(source, 1, None, "no such file")]) from None
    except UnicodeDecodeError:
        raise ScenarioError([Problem(source, 1, None, "not UTF-8 text")]) from None
    except OSError as error:
        raise ScenarioError([Problem(source, 1, None, f"cannot be read ({error.strerror or error})")]) from None
    scenario, problems = parse(text, source, path.stem)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario
