"""`outreach review`: the weekly review, the rep's own or the team's, as text or JSON.

A module of its own so that `outreach` (the app) and `outreach today` do not load it
(`cli.ELSEWHERE`).
"""

from __future__ import annotations

import json

import click

from outreach_tui.cli_context import Context, week_days


@click.command()
@click.option("--week", default=None, metavar="YYYY-Www", help="An ISO week like 2026-W48 (default: this week).")
@click.option("--rep", "rep", default=None, metavar="NAME", help="One rep's week (default: the whole team's).")
@click.option("--by-rep", "by_rep", is_flag=True, help="The team's review with a row per rep (json always has by_rep).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def review(obj: Context, week: str | None, rep: str | None, by_rep: bool, fmt: str) -> None:
    """The weekly review: calls, cards and what they brought back, quotes, streak, attention balance."""
    from outreach_tui.core.iso_weeks import week_start_of
    from outreach_tui.core.review_text import render_text

    start = week_start_of(obj.clock.today()) if week is None else week_days(week)[0]
    from outreach_tui.store.review import weekly_review

    if by_rep and rep is not None:
        raise click.UsageError("--by-rep is the team's review: leave out --rep")
    obj.open(create=False)
    if rep is not None:
        from outreach_tui.cli_team import known_rep

        rep = known_rep(rep)
    result = weekly_review(start, rep, obj.settings, today=obj.clock.today())
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(render_text(result), nl=False)
    if by_rep:
        from outreach_tui.core.team_review import render_by_rep

        click.echo("\n" + render_by_rep(result.by_rep), nl=False)


COMMANDS = (review,)
