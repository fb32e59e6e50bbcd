"""`outreach practice`: role-play a follow-up call, on the screen or as a script.

Kept out of cli.py (which only registers the command) and importing nothing that
imports it: its failures are click exceptions of its own that print as cli.py's do.
The rep's store is never opened: a screen run builds its own practice book.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


class _Refused(click.ClickException):
    """One line (or one per problem) on stderr, exit 1; exit 2 for a usage mistake."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        for line in self.format_message().splitlines():
            click.echo(f"outreach: {line}", err=True)


def _moves_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [move.strip() for move in value.split(",") if move.strip()]


@click.command("practice")
@click.option("--scenario", "name", default="competitor-price", show_default=True, metavar="NAME",
              help="Which scenario (see --list), or the path of a scenario file.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same customer and replies.")
@click.option("--list", "show_list", is_flag=True, help="List the scenarios: name, then what it is.")
@click.option("--moves", callback=_moves_list, default=None, metavar="MOVE,…",
              help="Play these moves without the screen and print the call.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None,
              help="Print the call (with --moves) or its opening, instead of opening the screen.")
@click.option("--check", "check", default=None, metavar="FILE", help="Check a scenario file and say what is wrong.")
@click.pass_context
def practice(ctx: click.Context, name: str, seed: int, show_list: bool, moves: list[str] | None,
             fmt: str | None, check: str | None) -> None:
    """Role-play a follow-up call against a customer who answers back (never your store).

    \b
    Moves: open-personally, how-it-landed, open-question, listen, compliment,
    who-decides, decision-date, offer-revise, cut-price, ask-order,
    ask-referral, thank-close.
    """
    from outreach_tui.core.practice.library import check_file, load, scenario_names
    from outreach_tui.core.practice.scenario import ScenarioError

    if show_list:
        for scenario_name in scenario_names():
            try:
                about = load(scenario_name).description
            except ScenarioError as error:  # a trainer's edit gone wrong: listed, not fatal
                about = f"(broken: {error.problems[0]})"
            click.echo(f"{scenario_name:<20} {about}")
        return
    if check is not None:
        problems = check_file(Path(check))
        if problems:
            raise _Refused("\n".join(str(problem) for problem in problems))
        click.echo(f"{check}: ok")
        return
    try:
        scenario = load(name)
    except ScenarioError as error:
        raise _Refused(str(error)) from None
    obj = ctx.find_root().obj  # the global options: the clock and the rep
    if moves is None and fmt is None:
        _run_screen(scenario, seed, obj)
        return
    click.echo(_played(scenario, seed, obj, moves or [], fmt or "text"))


def _trainee(obj) -> str:
    """The name the customer greets: the `name` setting, else --rep."""
    from outreach_tui.core.scripts import spoken_name

    return spoken_name(obj.settings.name, obj.rep, "") or obj.rep


def _played(scenario, seed: int, obj, moves: list[str], fmt: str) -> str:
    from outreach_tui.core.practice.call import BadMove, start_call
    from outreach_tui.core.practice.transcript import as_json, as_text

    call = start_call(scenario, seed, obj.clock.today(), _trainee(obj))
    for number, move in enumerate(moves, start=1):
        try:
            call = call.play(move)
        except BadMove as error:
            raise _Refused(f"--moves: turn {number}: {error}", exit_code=2) from None
    return as_json(call) if fmt == "json" else as_text(call)


def _run_screen(scenario, seed: int, obj) -> None:
    from outreach_tui.terminal import NO_TERMINAL, app_can_show

    if not app_can_show():  # piped or redirected: the scripted call is `--moves … --format text`
        raise _Refused(NO_TERMINAL.replace("outreach today", "outreach practice --format text"))
    from outreach_tui.ui.practice_app import run_practice

    sys.exit(run_practice(scenario, seed, obj.clock, obj.rep, _trainee(obj)))

COMMANDS = (practice,)  # what cli.py takes from here when `practice` is asked for
