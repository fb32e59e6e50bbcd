"""Commands that put into the book what happened outside a session: a new contact (`add`),
a touch (`log`), and a quote's answer (`quotes`, `quote`).

They write through the same store functions as the app, so a touch logged here
follows the same rules as a call saved in a session. A bad option value is a usage
error (exit 2, naming the option); a contact or quote that is not there is a handled
failure (exit 1).
"""

from __future__ import annotations

import json
from datetime import date

import click

from outreach_tui.cli_bounds import STORE_INTEGER
from outreach_tui.cli_context import Context, Failure
from outreach_tui.core.vocab import CHANNELS, OUTCOMES, REASONS, RELATIONSHIPS


def _today(ctx: click.Context) -> date:
    return ctx.find_root().obj.clock.today()


def _date_phrase(parse):
    """An option read by a date-phrase parser of `core.dates`, against the --as-of day."""
    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
        if value is None:
            return None
        try:
            return parse(value, _today(ctx))
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None

    return check


def _next_touch(ctx, param, value):
    from outreach_tui.core.dates import parse_next_touch

    return _date_phrase(parse_next_touch)(ctx, param, value)


def _past_day(ctx, param, value):
    from outreach_tui.core.dates import parse_past_day

    return _date_phrase(parse_past_day)(ctx, param, value)


@click.command("add")
@click.argument("name")
@click.option("--company", default="")
@click.option("--title", default="")
@click.option("--phone", default="")
@click.option("--email", default="")
@click.option("--relationship", type=click.Choice(RELATIONSHIPS), default="prospect", show_default=True)
@click.option("--notes", default="")
@click.pass_context
def add(ctx: click.Context, name: str, **fields: str) -> None:
    """Add a contact (met at a trade show, say); prints the new contact's id."""
    from outreach_tui.core.record_fields import check_new_contact
    from outreach_tui.store.contact_edit import add_contact

    obj: Context = ctx.obj
    values, problems = check_new_contact({"name": name, **fields}, obj.clock.today())
    for field, problem in problems.items():
        hint = "NAME" if field == "name" else f"--{field}"
        raise click.BadParameter(problem, ctx=ctx, param_hint=hint)
    obj.open(write=True)
    click.echo(add_contact(values, obj.clock.today()))


@click.command("log")
@click.argument("contact_id", type=STORE_INTEGER)
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
@click.option("--channel", type=click.Choice(CHANNELS), default="call", show_default=True)
@click.option("--reason", type=click.Choice(REASONS), default="check_in", show_default=True)
@click.option("--notes", default="")
@click.option("--their-view", "their_view", default="", help="How it went for them.")
@click.option("--next", "next_touch_on", callback=_next_touch, metavar="WHEN",
              help="Next touch: 2026-12-01, +3w, 90d, next fri (out of office: the day they are back).")
@click.option("--force", is_flag=True, help="Log it even while another rep holds the contact.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def log(obj: Context, contact_id: int, outcome: str, channel: str, reason: str, notes: str, their_view: str,
        next_touch_on: date | None, force: bool, fmt: str) -> None:
    """Record a touch made outside a session (on the --as-of day); prints the interaction's id.

    Only a call or visit that connects restarts the check-in cadence; voicemail and
    no answer set the retry date unless --next says when.
    """
    from outreach_tui.store.logging_touches import log_touch
    from outreach_tui.store.recording import RecordError

    obj.open(create=False, write=True)
    if not force:
        _refuse_if_held(contact_id, obj)
    try:
        saved = log_touch(contact_id, outcome, rep=obj.rep, now=obj.clock.now(), channel=channel, reason=reason,
                          notes=notes, their_view=their_view, next_touch_on=next_touch_on)
    except RecordError as exc:
        raise Failure(str(exc).replace("back on:", "--next:")) from None
    if fmt == "json":
        from outreach_tui.store.export.rows import interaction_record

        click.echo(json.dumps(interaction_record(saved.interaction_id), indent=2, ensure_ascii=False))
    else:
        click.echo(saved.interaction_id)


def _refuse_if_held(contact_id: int, obj: Context) -> None:
    """A contact another rep holds (team mode) is theirs to call and log."""
    from outreach_tui.store.claims import holder

    taken = holder(contact_id, obj.clock.now())
    if taken is not None and taken != obj.rep:
        raise Failure(f"contact {contact_id} is held by {taken} (they are working on them);"
                      " --force logs it anyway")


@click.command("quotes")
@click.option("--open", "open_only", is_flag=True, help="Only quotes still waiting for an answer.")
@click.option("--contact", "contact_id", type=STORE_INTEGER, default=None, metavar="ID", help="Only this contact's quotes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def quotes(obj: Context, open_only: bool, contact_id: int | None, fmt: str) -> None:
    """List quotes, the oldest sent first."""
    from outreach_tui.store.quotes import list_quotes

    obj.open(create=False)
    rows = list_quotes(open_only, contact_id)
    if fmt == "json":
        click.echo(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
        return
    from outreach_tui.tables import print_quotes

    print_quotes(rows)


@click.command("quote")
@click.argument("quote_id", type=STORE_INTEGER)
@click.option("--won", "status", flag_value="won", help="The customer accepted.")
@click.option("--lost", "status", flag_value="lost", help="The customer declined.")
@click.option("--on", "on", callback=_past_day, metavar="WHEN",
              help="The day they answered: 2026-11-20, yesterday, 3d ago, last fri (default: today).")
@click.option("--amount", default=None, metavar="AMOUNT", help="Won: the amount agreed, if not the quoted one.")
@click.pass_context
def quote(ctx: click.Context, quote_id: int, status: str | None, on: date | None, amount: str | None) -> None:
    """Decide a quote: won or lost. It leaves the plan and counts in the review's hit ratio."""
    from outreach_tui.core.money import format_money, parse_money
    from outreach_tui.store.quotes import QuoteError, decide_quote

    obj: Context = ctx.obj
    if status is None:
        raise click.UsageError("say --won or --lost", ctx=ctx)
    amount_cents = None
    if amount is not None:
        try:
            amount_cents = parse_money(amount)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param_hint="--amount") from None
        if status == "lost" or amount_cents < 0:
            raise click.BadParameter("a won quote's amount, 0 or more", ctx=ctx, param_hint="--amount")
    today = obj.clock.today()
    obj.open(create=False, write=True)
    try:
        row = decide_quote(quote_id, status, on or today, today, amount_cents)
    except QuoteError as exc:
        raise Failure(str(exc)) from None
    from outreach_tui.core.text import one_line

    click.echo(f"Quote {row.id} ({one_line(row.contact_name, 60)}: {one_line(row.description, 60)},"
               f" {format_money(row.amount_cents)}) {row.status} on {row.decided_on.isoformat()}.")


COMMANDS = (add, log, quotes, quote)
