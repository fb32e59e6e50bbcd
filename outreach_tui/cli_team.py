"""Commands for a team sharing one book: `outreach claims`, who holds which contact.

(`claim` and `release` are in cli.py; the rule that a held contact is its holder's to
log is in `cli_record.log`.)
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import click

from outreach_tui.cli_context import Context


def _local(utc: datetime) -> str:
    """A claim time (naive UTC) as this machine's wall time."""
    return utc.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


@click.command("claims")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="json: since and until in UTC.")
@click.pass_obj
def claims(obj: Context, fmt: str) -> None:
    """Team mode: every live claim — rep, contact, since, until (a manager's view; `release --rep` frees them)."""
    from outreach_tui.store.claims import live_claims

    obj.open(create=False)
    rows = live_claims(obj.clock.now())
    if fmt == "json":
        click.echo(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
        return
    from rich.table import Table
    from rich.text import Text

    from outreach_tui.tables import _cell, _console

    console = _console()
    if not rows:
        console.print(Text("No one holds a claim."))
        return
    table = Table(show_edge=False, pad_edge=False)
    for column, justify in (("Rep", "left"), ("ID", "right"), ("Contact", "left"), ("Since", "left"),
                            ("Until", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(_cell(row.rep, 30), Text(str(row.contact_id)), _cell(row.contact, 40),
                      Text(_local(row.since)), Text(_local(row.until)))
    console.print(table)
    reps = len({row.rep for row in rows})
    console.print(Text(f"{len(rows)} claim{'s' * (len(rows) != 1)} held by {reps} rep{'s' * (reps != 1)}."))


COMMANDS = (claims,)
