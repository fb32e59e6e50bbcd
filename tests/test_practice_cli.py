"""`outreach practice` without the screen: the contract a trainer's script relies on."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.core.practice.library import scenario_names

FIXTURES = Path(__file__).parent / "fixtures" / "practice"
MOVES = "open-personally,how-it-landed,listen,compliment,offer-revise,decision-date,ask-order"


def run(*args):
    return CliRunner().invoke(main, ["--as-of", "2026-12-07", "--rep", "Sam", *map(str, args)],
                              catch_exceptions=False)


def test_list_names_each_scenario_first_then_says_what_it_is():
    result = run("practice", "--list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == scenario_names()
    assert all(len(line.split(maxsplit=1)[1]) > 20 for line in lines)


def test_moves_as_json_give_turns_next_moves_outcome_and_debrief():
    result = run("practice", "--scenario", "competitor-price", "--seed", 7, "--moves", MOVES, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [turn["move"] for turn in data["turns"]] == MOVES.split(",")
    assert all(turn["reply"] for turn in data["turns"])
    assert (data["outcome"], data["next_moves"]) == ("won", [])
    assert data["debrief"]["facts_total"] == 5
    assert [point["point"] for point in data["debrief"]["points"]][:2] == ["facts", "opened_personally"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_same_seed_and_moves_print_the_same_bytes(fmt):
    args = ("practice", "--scenario", "waiting-on-boss", "--seed", 11, "--moves", MOVES.replace(",offer-revise", ""),
            "--format", fmt)
    first, again = run(*args), run(*args)
    assert first.exit_code == 0 and first.stdout_bytes == again.stdout_bytes
    other = run(*[("12" if arg == 11 else arg) for arg in args])
    assert other.stdout_bytes != first.stdout_bytes


def test_format_without_moves_prints_the_opening_and_the_first_moves():
    data = json.loads(run("practice", "--scenario", "unread-away", "--format", "json").output)
    assert data["turns"] == [] and data["outcome"] is None and data["debrief"]["facts_found"] == 0
    assert data["opening"] and "open-personally" in data["next_moves"]
    text = run("practice", "--scenario", "unread-away", "--format", "text").output
    assert data["opening"] in text and "Moves now: open-personally," in text


def test_a_move_walked_one_at_a_time_follows_next_moves():
    moves = []
    for _ in range(20):
        data = json.loads(run("practice", "--seed", 3, "--moves", ",".join(moves) or ",", "--format", "json").output)
        if data["outcome"]:
            break
        moves.append(data["next_moves"][-1])
    assert data["outcome"] in ("won", "lost", "follow_up")


def test_a_bad_move_is_a_usage_mistake_that_lists_the_moves_allowed():
    result = run("practice", "--moves", "open-personally,who-decides,haggle")
    assert result.exit_code == 2
    assert result.stderr.startswith("outreach: --moves: turn 3: 'haggle' is not a move; moves allowed: how-it-landed,")
    wrong_time = run("practice", "--moves", "who-decides")
    assert wrong_time.exit_code == 2 and "turn 1: 'who-decides' is not allowed now" in wrong_time.stderr


def test_check_passes_a_sound_file_and_lists_every_problem_of_a_broken_one():
    assert run("practice", "--check", FIXTURES / "minimal.toml").exit_code == 0
    result = run("practice", "--check", FIXTURES / "unknown_state.toml")
    assert result.exit_code == 1
    shown = FIXTURES / "unknown_state.toml"
    assert result.stderr.splitlines() == [
        f"outreach: {shown}:17: state talking: ask-order: leads to 'wonn', which is not a state",
        f"outreach: {shown}:20: state won: unreachable: no move from the start leads here",
    ]
    assert "Traceback" not in result.output


def test_the_app_refuses_a_broken_scenario_with_the_checks_message():
    check = run("practice", "--check", FIXTURES / "missing_reply.toml")
    refused = run("practice", "--scenario", FIXTURES / "missing_reply.toml")
    assert refused.exit_code == 1 and refused.stderr == check.stderr


def test_a_broken_shipped_scenario_is_listed_as_broken(tmp_path, monkeypatch):
    from outreach_tui.core import seed_data

    (tmp_path / "practice").mkdir()
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "practice" / "mine.toml").write_text((FIXTURES / "unreachable.toml").read_text())
    monkeypatch.setattr(seed_data, "folder", lambda: tmp_path)
    result = run("practice", "--list")
    assert result.exit_code == 0
    assert result.output == ("mine                 (broken: seed_data/practice/mine.toml:29: state orphan: "
                             "unreachable: no move from the start leads here)\n")


def test_an_unknown_scenario_names_the_ones_there_are():
    result = run("practice", "--scenario", "nope", "--format", "text")
    assert result.exit_code == 1 and "no such scenario (scenarios: back-from-absence," in result.stderr


def test_practice_without_the_screen_never_opens_the_store(tmp_path):
    store = tmp_path / "mine.db"
    result = CliRunner().invoke(main, ["--db", str(store), "practice", "--moves", MOVES, "--format", "text"])
    assert result.exit_code == 0 and not store.exists()


def test_two_processes_print_the_same_bytes_whatever_their_hash_seed():
    import os
    import subprocess
    import sys

    args = [sys.executable, "-m", "outreach_tui", "--as-of", "2026-12-07", "--rep", "Sam", "practice",
            "--scenario", "neglected", "--seed", "5", "--moves", "open-personally,listen,open-question",
            "--format", "json"]
    outputs = [subprocess.run(args, capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")]
    assert outputs[0] == outputs[1] and json.loads(outputs[0])["turns"]
