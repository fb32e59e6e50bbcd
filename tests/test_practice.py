"""Practice calls: every shipped scenario is sound, every call ends, the same seed and
moves give the same call, and the debrief credits only what the moves did."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_tui.core.practice.call import BadMove, play_moves, start_call
from outreach_tui.core.practice.debrief import debrief, hit_ratio
from outreach_tui.core.practice.library import check_file, load, scenario_names
from outreach_tui.core.practice.moves import MOVES, NAMES
from outreach_tui.core.practice.scenario import ScenarioError
from outreach_tui.core.practice.transcript import as_json, as_text

TODAY = date(2026, 12, 7)
SHIPPED = scenario_names()
FIXTURES = Path(__file__).parent / "fixtures" / "practice"


def walk(scenario, seed, picks):
    """Play a call choosing each move by index into the moves allowed: always a legal call."""
    call = start_call(scenario, seed, TODAY, "Sam")
    for pick in picks:
        if call.outcome is not None:
            break
        call = call.play(call.next_moves[pick % len(call.next_moves)])
    return call


def test_five_scenarios_ship_three_of_them_quote_follow_ups():
    assert len(SHIPPED) >= 5
    scenarios = [load(name) for name in SHIPPED]
    assert sum(s.has_quote for s in scenarios) >= 3
    assert {s.reason for s in scenarios} >= {"quote_follow_up", "neglected", "back_from_absence"}


def test_every_move_has_its_own_key():
    assert len({move.key for move in MOVES}) == len(MOVES)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_passes_the_check(name):
    assert check_file(Path(load(name).source)) == []


@given(name=st.sampled_from(SHIPPED), seed=st.integers(0, 10_000),
       picks=st.lists(st.integers(0, 50), min_size=60, max_size=60))
@settings(max_examples=150, deadline=None)
def test_every_call_ends_within_its_turns(name, seed, picks):
    scenario = load(name)
    call = walk(scenario, seed, picks)
    assert call.outcome in ("won", "lost", "follow_up")
    assert len(call.turns) <= scenario.max_turns
    assert call.next_moves == ()
    assert (call.follow_up_on is not None) == (call.outcome == "follow_up")
    if call.follow_up_on is not None:
        assert call.persona.fields["follow_up_date"] in (call.turns[-1].reply + (call.closing or ""))


@given(name=st.sampled_from(SHIPPED), seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 50), max_size=14))
@settings(max_examples=60, deadline=None)
def test_same_seed_and_moves_give_the_same_call(name, seed, picks):
    scenario = load(name)
    moves = [turn.move for turn in walk(scenario, seed, picks).turns]
    first = play_moves(scenario, seed, TODAY, moves, "Sam")
    again = play_moves(load(name), seed, TODAY, moves, "Sam")
    assert as_json(first) == as_json(again)
    assert as_text(first) == as_text(again)


@given(name=st.sampled_from(SHIPPED), seed=st.integers(0, 10_000),
       picks=st.lists(st.integers(0, 50), min_size=60, max_size=60))
@settings(max_examples=100, deadline=None)
def test_the_debrief_counts_only_what_the_moves_did(name, seed, picks):
    call = walk(load(name), seed, picks)
    moves = [turn.move for turn in call.turns]
    points = {point.key: point for point in debrief(call).points}
    assert debrief(call).facts_found == len({fact for turn in call.turns for fact in turn.revealed})
    assert points["opened_personally"].done == (moves[0] == "open-personally")
    assert points["felt"].done == ("how-it-landed" in moves)
    assert points["referrals"].done == ("ask-referral" in moves)
    if points["compliment"].done:
        assert "compliment" in moves
    cut_early = any(m == "cut-price" and "ask-order" not in moves[:i] for i, m in enumerate(moves))
    assert points["price"].done == (not cut_early)
    assert points["next_step"].done == (call.outcome in ("won", "follow_up"))
    for point in points.values():  # a point resting on a turn names that turn's move
        if point.turn is not None:
            assert call.turns[point.turn - 1].move == point.move
            assert f"turn {point.turn}" in point.text


def test_a_compliment_counts_only_after_something_true_is_known():
    scenario = load("competitor-price")
    early = debrief(play_moves(scenario, 7, TODAY, ["open-question", "compliment", "thank-close"]))
    found = debrief(play_moves(scenario, 7, TODAY, ["open-personally", "compliment", "thank-close"]))
    assert [p.done for p in early.points if p.key == "compliment"] == [False]
    assert [p.text for p in found.points if p.key == "compliment"] == [
        "Found something true to compliment (compliment, turn 2)"]


def test_warmth_decides_whether_asking_for_the_order_wins():
    scenario = load("competitor-price")
    cold = play_moves(scenario, 3, TODAY, ["how-it-landed", "ask-order"])
    warm = play_moves(scenario, 3, TODAY, ["open-personally", "how-it-landed", "listen", "ask-order"])
    assert (cold.outcome, warm.outcome) == ("lost", "won")


def test_price_given_away_before_asking_is_named_with_its_turn():
    call = play_moves(load("competitor-price"), 7, TODAY, ["open-personally", "cut-price", "ask-order"])
    assert call.outcome == "won"
    price = next(p for p in debrief(call).points if p.key == "price")
    assert (price.done, price.text) == (False, "Gave price away before asking for the order (cut-price, turn 2)")


def test_a_move_not_allowed_names_the_moves_that_are():
    call = start_call(load("competitor-price"), 7, TODAY)
    with pytest.raises(BadMove) as caught:
        call.play("who-decides")
    assert caught.value.allowed == call.next_moves
    assert "who-decides" not in call.next_moves and set(call.next_moves) <= set(NAMES)


def test_the_hit_ratio_over_several_calls():
    assert hit_ratio(["won", "lost", "follow_up", "won"]) == \
        "Practice hit ratio: 2 won of 4 calls (50%); 1 follow-up still open"
    assert hit_ratio([]) == "Practice hit ratio: no call finished yet"


BROKEN = {
    "unknown_move.toml": "16: state talking: unknown move 'haggle'",
    "unreachable.toml": "29: state orphan: unreachable: no move from the start leads here",
    "no_way_out.toml": "29: state stuck: no way out: no move from here leads to an end",
    "missing_reply.toml": "16: state talking: compliment: missing reply",
    "bad_toml.toml": "17: not valid TOML",
    "unknown_state.toml": "17: state talking: ask-order: leads to 'wonn', which is not a state",
    "unknown_fact.toml": "12: state opening: open-personally: reveals 'budget', which is not a fact",
    "unknown_field.toml": "16: state talking: compliment: unknown field {nickname}",
    "follow_up_without_date.toml": "13: state opening: thank-close: leads to a follow-up but the reply never names",
    "bad_end.toml": "24: state lost: end: 'maybe' is not one of won, lost, follow_up",
    "start_at_an_end.toml": "3: start: state 'won' ends the call before it begins",
    "follow_up_today.toml": "30: follow_up: a day still to come",
}


def test_the_minimal_fixture_is_sound():
    assert check_file(FIXTURES / "minimal.toml") == []


@pytest.mark.parametrize("name, expected", sorted(BROKEN.items()))
def test_each_broken_scenario_fails_with_its_own_message(name, expected):
    problems = [str(problem) for problem in check_file(FIXTURES / name)]
    assert problems, name
    assert problems[0].startswith(f"{FIXTURES / name}:{expected}")
    with pytest.raises(ScenarioError) as refused:
        load(str(FIXTURES / name))
    assert str(refused.value) == "\n".join(problems)


@given(name=st.sampled_from(SHIPPED), data=st.data())
@settings(max_examples=200, deadline=None)
def test_a_mangled_scenario_is_refused_in_lines_or_plays_never_a_traceback(name, data):
    """A trainer's edit gone wrong: a line dropped or changed anywhere in a shipped file."""
    from outreach_tui.core.practice.scenario import parse

    lines = (Path(load(name).source)).read_text(encoding="utf-8").splitlines()
    at = data.draw(st.integers(0, len(lines) - 1))
    lines[at] = data.draw(st.sampled_from(["", "end = 5", "x = [", "listen = { reply = 3 }", "to = 'nowhere'",
                                           "max_turns = 0", "[states.extra]", "reply = '{'", lines[at][::-1]]))
    scenario, problems = parse("\n".join(lines), "edited.toml", name)
    for problem in problems:
        assert str(problem).startswith("edited.toml:") and "\n" not in str(problem)
    if not problems:
        call = walk(scenario, 1, data.draw(st.lists(st.integers(0, 50), min_size=60, max_size=60)))
        assert call.outcome in ("won", "lost", "follow_up")
