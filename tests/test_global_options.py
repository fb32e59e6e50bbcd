"""Global options anywhere: `--db`, `--as-of`, `--at` and `--rep` mean the same before or
after any command, and every command's --help lists them."""

from __future__ import annotations

import warnings

import click
import pytest
from click.testing import CliRunner

from outreach_tui.cli import main

GLOBALS = ["--db", "x.db", "--as-of", "2026-11-23", "--at", "10:30", "--rep=ann"]
COMMANDS = main.list_commands(click.Context(main))  # every command, those kept in modules of their own too


def parsed(args: list[str]):
    """What the group makes of `args`: its options' values, and the command with its arguments."""
    ctx = main.make_context("outreach", list(args), resilient_parsing=True)
    with warnings.catch_warnings():  # click 8.2 to 9 keep the command apart from its arguments
        warnings.simplefilter("ignore", DeprecationWarning)
        rest = ctx.protected_args + ctx.args
    return {name: ctx.params[name] for name in ("db_target", "as_of", "at", "rep")}, rest


def owns(command: str, option: str) -> bool:
    return any(option in param.opts for param in main.get_command(click.Context(main), command).params)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["before", "after", "split"])
def test_a_global_option_means_the_same_before_or_after_the_command(command, where):
    given = [token for token in GLOBALS if not (owns(command, "--rep") and token.startswith("--rep"))]
    before = [*given, command, "--", "arg"]
    if where == "after":
        args = [command, *given, "--", "arg"]
    else:  # some before, some after
        args = [*given[:2], command, *given[2:], "--", "arg"]
    assert parsed(args) == parsed(before)
    assert parsed(before)[0]["db_target"] == "x.db" and parsed(before)[1] == [command, "--", "arg"]


@pytest.mark.parametrize("command", [name for name in COMMANDS if owns(name, "--rep")])
def test_a_commands_own_option_after_it_stays_the_commands(command):
    values, rest = parsed([command, "--rep", "bo", "--db", "x.db"])
    assert values["rep"] is None and values["db_target"] == "x.db"
    assert rest == [command, "--rep", "bo"]


def test_an_option_value_that_looks_like_a_global_option_is_left_to_the_command():
    assert parsed(["log", "--notes", "--db", "--db", "x.db"])[1][:3] == ["log", "--notes", "--db"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_lists_the_global_options(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    section = result.output.split("Global options (before or after the command):")[1]
    for option in ("--db PATH_OR_URL", "--as-of YYYY-MM-DD", "--at HH:MM", "--rep NAME"):
        assert option in section


def test_today_after_the_command_is_today_before_it(tmp_path):
    book = str(tmp_path / "book.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", book, "seed", "--contacts", "20", "--as-of", "2026-11-23"]).exit_code == 0
    before = runner.invoke(main, ["--db", book, "--as-of", "2026-11-23", "--at", "10:00", "today", "--format", "json"])
    after = runner.invoke(main, ["today", "--format", "json", "--at", "10:00", "--as-of=2026-11-23", "--db", book])
    later = runner.invoke(main, ["today", "--format", "json", "--at", "10:00", "--as-of=2027-03-01", "--db", book])
    assert before.exit_code == after.exit_code == later.exit_code == 0
    assert after.output == before.output and '"contact_id"' in after.output
    assert later.output != after.output  # the date after the command is the day the plan is for


@pytest.mark.parametrize(("args", "says"), [
    (["today", "--db"], "Option '--db' requires an argument."),
    (["today", "--as-of", "2026-13-01"], "Invalid value for '--as-of'"),
])
def test_a_bad_global_option_after_the_command_is_a_usage_error(args, says):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and says in result.output
