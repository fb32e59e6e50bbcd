"""Commands for a team and a training room: `outreach claims`, who holds which contact,
`claim` and `release`, and the checks other commands make for them: a rep named as the book
spells it, a demo book not rebuilt under another window, real work backed up before a reset.

(The rule that a held contact is its holder's to log is in `cli_record.log`.)
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import click

from outreach_tui.cli_bounds import STORE_INTEGER, count_bounds
from outreach_tui.cli_context import Context, Failure


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


def back_up_real_work(obj: Context) -> bool:
    """Before a reset --yes of a store holding real work: back it up and name the copy."""
    from outreach_tui.store.backup import backup_store
    from outreach_tui.store.seed_ranges import unseeded_counts
    from outreach_tui.store.seeding.writing import SEEDED_MODELS

    if not unseeded_counts(SEEDED_MODELS):
        return False
    from outreach_tui.store.connection import sqlite_path

    # A PostgreSQL book is refused here, in one line saying to pg_dump it.
    copy = f"{sqlite_path(obj.target) or 'store'}.before-reset-{obj.clock.now():%Y%m%d-%H%M%S}.bak"
    written = backup_store(obj.target, copy)
    click.echo(f"Backed up {obj.target} to {written} before resetting it.", err=True)
    return True

def refuse_if_open(obj: Context, path: Path) -> None:
    """A fresh demo book must not pull the book from under a window working in it."""
    from outreach_tui.store.windows import other_open_session

    db = obj.open(str(path))
    try:
        open_now = other_open_session(None, obj.clock.now())
    finally:
        db.close()
    if open_now is not None:
        raise Failure(f"{path} is open in another window ({open_now.rep}'s session since"
                      f" {open_now.started_at:%H:%M}): close it first, or give --rep for a demo book of your own")

def known_rep(given: str) -> str:
    """--rep as the book spells it ("Ann" finds "ann"); one line naming the reps it knows otherwise."""
    from outreach_tui.core.team_review import match_rep
    from outreach_tui.store.review import known_reps

    known = known_reps()
    found = match_rep(given, known)
    if found is None:
        raise Failure(f"--rep {given}: no rep of that name in this book; it knows "
                      + (", ".join(known) if known else "no reps yet"))
    return found

@click.command()
@click.option("--limit", type=STORE_INTEGER, default=None, callback=count_bounds("--limit"),
              help="How many contacts (default: the daily calls goal).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def claim(obj: Context, limit: int | None, fmt: str) -> None:
    """Team mode: take the next plan items for --rep so no other rep gets them (they lapse unless worked)."""
    from outreach_tui.core.plan_items import Plan, count_by_reason
    from outreach_tui.store.claims import DEFAULT_CLAIM_MINUTES, claim_next

    obj.open(write=True)
    settings = obj.settings
    limit = settings.goals.calls if limit is None else limit
    minutes = getattr(settings, "claim_minutes", DEFAULT_CLAIM_MINUTES)
    now = obj.clock.now()
    items = claim_next(obj.rep, obj.clock.today(), now, limit, settings.rules, minutes)
    if fmt == "json":
        click.echo(json.dumps([item.as_json() for item in items], indent=2, ensure_ascii=False))
        return
    if not items:
        click.echo(f"Nothing left to claim for {obj.rep} on {obj.clock.today().isoformat()}.")
        return
    from datetime import timedelta

    from outreach_tui.tables import print_plan

    until = (now + timedelta(minutes=minutes)).strftime("%H:%M")
    click.echo(f"Claimed {len(items)} for {obj.rep} until {until} (outreach release gives them back).")
    print_plan(Plan(obj.clock.today(), items, count_by_reason(items), len(items)))


@click.command()
@click.option("--contact", "contact_id", type=STORE_INTEGER, default=None, metavar="ID", help="Only this contact.")
@click.option("--rep", "rep", default=None, metavar="NAME",
              help="Whose claims (default: yours); a manager frees a crashed rep's this way.")
@click.pass_obj
def release(obj: Context, contact_id: int | None, rep: str | None) -> None:
    """Team mode: give back the contacts a rep has claimed, so other reps can call them."""
    from outreach_tui.store.claims import release as release_claims

    obj.open(create=False, write=True)
    rep = rep or obj.rep
    count = release_claims(rep, contact_id)
    claims = "claim" if count == 1 else "claims"
    click.echo(f"Released {count} {claims} held by {rep}.")


COMMANDS = (claims, claim, release)
