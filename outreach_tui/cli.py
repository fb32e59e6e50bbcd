"""The `outreach` command line: global options, then one subcommand per job.

Heavy modules (Textual, Faker, exporters) are imported inside the commands that
need them, so `outreach today` starts fast. User errors end in one line on stderr
and exit 1; click's own usage errors exit 2; never a traceback for bad input.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import click

from outreach_tui.core.clock import Clock, parse_iso_date

if TYPE_CHECKING:
    from outreach_tui.core.settings import Settings


class Failure(click.ClickException):
    """A handled failure: one line on stderr, exit 1."""

    def show(self, file=None) -> None:
        click.echo(f"outreach: {self.format_message()}", err=True)


@dataclass
class Context:
    db_target: str | None
    clock: Clock
    rep: str
    settings_warnings: list[str] = field(default_factory=list)
    _settings: "Settings | None" = None

    @property
    def settings(self) -> "Settings":
        if self._settings is None:
            from outreach_tui.core.settings import load_settings

            self._settings, self.settings_warnings = load_settings()
            for warning in self.settings_warnings:
                click.echo(f"outreach: {warning}", err=True)
        return self._settings

    @property
    def target(self) -> str:
        if self.db_target:
            return self.db_target
        from outreach_tui.store.connection import default_store_path

        path = default_store_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    def open(self, target: str | None = None, create: bool = True):
        """Open (and create or upgrade) the store, or fail with one line."""
        from outreach_tui.store.connection import StoreError, open_store

        try:
            return open_store(target or self.target, create=create)
        except StoreError as exc:
            raise Failure(str(exc)) from None


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return parse_iso_date(value, "--as-of")
    except ValueError as exc:
        raise Failure(str(exc)) from None


def _count(name: str, minimum: int = 1):
    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < minimum:
            raise Failure(f"{name} must be {minimum} or more, got {value}")
        return value

    return check


def default_rep() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "rep"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_target", envvar="OUTREACH_DB", metavar="PATH_OR_URL",
              help="Store: a file path, sqlite:///path or postgresql://… (env OUTREACH_DB).")
@click.option("--as-of", "as_of", envvar="OUTREACH_TODAY", callback=_as_of, metavar="YYYY-MM-DD",
              help="Treat this date as today (env OUTREACH_TODAY).")
@click.option("--rep", default=None, metavar="NAME", help="Who is working (default: your user name).")
@click.version_option(package_name="outreach-tui", prog_name="outreach")
@click.pass_context
def main(ctx: click.Context, db_target: str | None, as_of: date | None, rep: str | None) -> None:
    """Outreach: care more, keep in touch. With no command, opens today's session."""
    ctx.obj = Context(db_target, Clock(as_of=as_of), rep or default_rep())
    if ctx.invoked_subcommand is None:
        ctx.invoke(session)


@main.command()
@click.pass_obj
def session(obj: Context) -> None:
    """Open the full-screen app on today's plan."""
    from outreach_tui.app import run_app

    obj.open()
    sys.exit(run_app(obj.target, obj.clock, obj.rep, obj.settings))


@main.command()
@click.option("--contacts", "count", default=300, show_default=True, callback=_count("--contacts"),
              help="How many contacts the demo book has.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same book.")
@click.pass_obj
def demo(obj: Context, count: int, seed: int) -> None:
    """Build a fresh demo book (its own file, never your store) and open the app on it."""
    from outreach_tui.app import run_app
    from outreach_tui.store.connection import default_store_path

    demo_path = default_store_path().with_name("demo.db")
    demo_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (demo_path, demo_path.with_name("demo.db-wal"), demo_path.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    db = obj.open(str(demo_path))
    _seed(db, obj, count, seed, reset=True, quiet=True)
    sys.exit(run_app(str(demo_path), obj.clock, obj.rep, obj.settings, demo=True))


@main.command()
@click.option("--contacts", "count", default=300, show_default=True, callback=_count("--contacts"))
@click.option("--seed", default=7, show_default=True, help="Same seed and --as-of, same book.")
@click.option("--reset", is_flag=True, help="Empty the store first (otherwise seeding adds).")
@click.pass_obj
def seed(obj: Context, count: int, seed: int, reset: bool) -> None:
    """Fill the store with a realistic Faker demo book for training."""
    db = obj.open()
    _seed(db, obj, count, seed, reset=reset, quiet=False)


def _seed(db, obj: Context, count: int, seed: int, reset: bool, quiet: bool) -> None:
    from outreach_tui.store.seeding import seed_book

    report = seed_book(db, contacts=count, seed=seed, today=obj.clock.today(), reset=reset, rep=obj.rep)
    if not quiet:
        click.echo(f"Seeded {report.summary()} (seed {seed}, as of {obj.clock.today().isoformat()}).")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, callback=_count("--limit", 0),
              help="How many items (default: the plan_limit setting; 0 for all).")
@click.pass_obj
def today(obj: Context, fmt: str, limit: int | None) -> None:
    """Print today's plan: who to reach and why, best first."""
    from outreach_tui.store.queries import todays_plan

    obj.open()
    settings = obj.settings
    limit = settings.plan_limit if limit is None else (limit or None)
    plan = todays_plan(obj.clock.today(), settings.rules, limit)
    if fmt == "json":
        click.echo(json.dumps([item.as_json() for item in plan.items], indent=2, ensure_ascii=False))
        return
    from outreach_tui.tables import print_plan

    print_plan(plan)


@main.command()
@click.option("--search", "query", default="", help="Words to find in name, company, email, phone or notes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, callback=_count("--limit", 0), help="At most this many (0 for all).")
@click.pass_obj
def contacts(obj: Context, query: str, fmt: str, limit: int | None) -> None:
    """List and search the book."""
    from outreach_tui.store.queries import search_contacts

    obj.open()
    found = search_contacts(query, limit=limit or None)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False, default=str))
        return
    from outreach_tui.tables import print_contacts

    print_contacts(found)


def run() -> None:
    """Entry point that also turns a broken pipe (`outreach today | head`) into a quiet exit."""
    try:
        main(standalone_mode=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
