"""The `outreach` command line: global options, then one subcommand per job.

Heavy modules (Textual, Faker, exporters) are imported inside the commands that
need them, so `outreach today` starts fast. User errors end in one line on stderr
and exit 1; click's own usage errors exit 2; never a traceback for bad input.

This module is the `main` group, its guard (`Commands`), the commands that open the app
(`session`, `demo`, `serve`: only the top may import it) and those that read the book or the
settings (`today`, `contacts`, `settings`). The others are grouped in modules of
their own (`ELSEWHERE` lists them), imported only when one of their commands is run or help
lists them; the option checks are in `cli_bounds`.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
from contextlib import contextmanager
from datetime import date

import click

from outreach_tui.cli_bounds import (
    STORE_INTEGER,
    count_bounds as _count,
    seed_contacts as _seed_contacts,
    iso_day as _day,
    store_exposure as _store_exposure,
    time_of_day as _at,
)
from outreach_tui.cli_context import Context, Failure, confirm_new_store, default_store_path
from outreach_tui.cli_globals import add_global_options_help, hoisted
from outreach_tui.core.clock import Clock
from outreach_tui.terminal import NO_TERMINAL, app_can_show

# The commands kept in modules of their own (each lists them in its COMMANDS), by name. Their
# modules are imported when one of them is asked for, so that `outreach` (the app) and
# `outreach today` do not wait for the others' modules.
ELSEWHERE = {
    **dict.fromkeys(("seed", "backup"), "outreach_tui.cli_store"),
    **dict.fromkeys(("import", "export"), "outreach_tui.cli_exchange"),
    **dict.fromkeys(("add", "log", "quotes", "quote"), "outreach_tui.cli_record"),
    **dict.fromkeys(("claims", "claim", "release"), "outreach_tui.cli_team"),
    "practice": "outreach_tui.practice_cli",
    "review": "outreach_tui.cli_review",
}


class Commands(click.Group):
    """The one guard of every command. Its output goes through `guarded_stdout`: an error
    writing it, or an output file, is one line (a reader gone from a pipe, none) and exit 1.
    A date past what `datetime` holds is one line. So is a store's error that escapes: a
    store that cannot be opened or used (StoreError), or a database error met mid-query.
    Global options work after the command too, and every command's help lists them (`cli_globals`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoisted(self, ctx, args))

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        add_global_options_help(self, cmd)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported first if it is kept `ELSEWHERE`. A name of no command
        imports them all: click's "Did you mean …?" draws on the commands the group holds."""
        if cmd_name not in self.commands:
            modules = [ELSEWHERE[cmd_name]] if cmd_name in ELSEWHERE else sorted(set(ELSEWHERE.values()))
            for module in modules:
                for command in importlib.import_module(module).COMMANDS:
                    if command.name not in self.commands:
                        self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *ELSEWHERE})

    def invoke(self, ctx: click.Context):
        from outreach_tui.output import ClosedPipe, OutputError, guarded_stdout

        try:
            with guarded_stdout():
                return super().invoke(ctx)
        except ClosedPipe:
            ctx.exit(0)
        except OutputError as exc:
            raise Failure(str(exc)) from None
        except OverflowError as exc:
            raise Failure(f"a date is out of the range outreach can work with ({exc})") from None
        except Exception as exc:
            line = _store_failure_line(ctx, exc)
            if line is None:
                raise
            raise Failure(line) from None


def _store_failure_line(ctx: click.Context, exc: Exception) -> str | None:
    """The one line for an error of the store's, None for any other error.

    Neither Peewee nor the store is imported to tell (their import is the session's
    start-up): an error of theirs means they are loaded already.
    """
    from sqlite3 import DatabaseError as SqliteError

    connection = sys.modules.get("outreach_tui.store.connection")
    if connection is not None and isinstance(exc, connection.StoreError):
        return str(exc)
    peewee = sys.modules.get("peewee")
    if isinstance(exc, SqliteError) or (peewee is not None and isinstance(exc, peewee.DatabaseError)):
        from outreach_tui.store.connection import store_failure

        return str(store_failure(ctx.obj.target, exc))
    return None


@click.group(cls=Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_target", envvar="OUTREACH_DB", metavar="PATH_OR_URL",
              help="Store: a file path, sqlite:///path or postgresql://… (env OUTREACH_DB).")
@click.option("--as-of", "as_of", envvar="OUTREACH_TODAY", callback=_day, metavar="YYYY-MM-DD",
              help="Treat this date as today (env OUTREACH_TODAY).")
@click.option("--at", "at", envvar="OUTREACH_NOW", callback=_at, metavar="HH:MM",
              help="Treat this as the time of day, for calling hours (env OUTREACH_NOW).")
@click.option("--rep", envvar="OUTREACH_REP", default=None, metavar="NAME",
              help="Who is working (env OUTREACH_REP; default: rep in settings.toml, else your user name).")
@click.version_option(package_name="outreach-tui", prog_name="outreach")
@click.pass_context
def main(ctx: click.Context, db_target: str | None, as_of: date | None, at, rep: str | None) -> None:
    """Outreach: care more, keep in touch. With no command, opens today's session.

    --db, --as-of, --at and --rep work before or after the command: `outreach today --db my.db`.
    """
    ctx.obj = Context(db_target, Clock(as_of=as_of, at=at), rep or None)
    if ctx.invoked_subcommand is None:
        ctx.invoke(session)


@main.command()
@click.pass_obj
def session(obj: Context) -> None:
    """Open the full-screen app on today's plan."""
    if not app_can_show():
        raise Failure(NO_TERMINAL)
    target = obj.target
    confirm_new_store(target)
    with _collector_held():
        aside = _read_today_aside(obj, target)  # before the store, or even Textual, is imported
        _run_app(obj, target, aside)


@contextmanager
def _collector_held():
    """No garbage collection while the app starts: `run_app` sets aside what the start-up made
    (`gc.freeze`) and the app lets the collector go on once its first frame is drawn. Nearly all
    of it (the store's modules, Textual's, the screens') lasts as long as the app: the passes
    over it found next to nothing and took ~15 ms before the first frame. The collector is
    back, too, if the start fails."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_today_aside(obj: Context, target: str):
    """Start reading the first screen in a child process (see `outreach_tui.prefetch`)."""
    from outreach_tui.prefetch import read_today_aside

    return read_today_aside(target, obj.clock.today(), rep=obj.rep, now=obj.clock.now())


def _run_app(obj: Context, target: str, aside, demo: bool = False) -> None:
    """Run the app on the store at `target`; `aside` is its first screen, on its way.

    While Textual is imported, the reader aside opens the store. If it finds the store
    current, the app binds it later, once its first screen is drawn (and the reader says
    whether it is a demo book: nothing of the store is imported here); otherwise the app
    opens it before it starts: created, upgraded, or refused in one line. The demo book
    is open already (`demo` built or reopened it), and a store is opened once in a process.
    """
    from outreach_tui.app import run_app

    _check_theme(obj)
    bind_later = not demo and aside is not None and aside.store_is_current()
    if bind_later:
        marked = aside.is_demo_book()
    else:
        from outreach_tui.store.demo_book import is_marked_demo

        marked = demo or is_marked_demo(target)
    sys.exit(run_app(target, obj.clock, obj.rep, obj.settings, demo=marked,
                     first_today=aside.today if aside is not None else None, bind_later=bind_later,
                     bound=demo))


def _theme_problem(obj: Context) -> str | None:
    """The line saying settings.toml names a theme Textual does not have (Textual loaded only if one is named)."""
    if not obj.settings.theme:
        return None
    from outreach_tui.core.settings import check_theme, settings_path
    from outreach_tui.ui.preferences import theme_names

    return check_theme(obj.settings, theme_names(), str(settings_path()))


def _check_theme(obj: Context) -> None:
    problem = _theme_problem(obj)
    if problem:
        raise Failure(problem)


@main.command()
@click.option("--contacts", "count", type=STORE_INTEGER, default=300, show_default=True, callback=_seed_contacts,
              help="How many contacts a new demo book has.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same book.")
@click.option("--fresh", is_flag=True, help="Build a new demo book in place of the one there.")
@click.pass_context
def demo(ctx: click.Context, count: int, seed: int, fresh: bool) -> None:
    """Open the demo book (its own file, never your store): built on first use, reopened after.

    With --rep, the demo book is that trainee's own (demo-NAME.db). With --db (on the command
    line) the demo book is that file: built there when it is missing, empty or a demo book; a
    real store is refused. --fresh refuses a demo book open in another window.
    """
    from outreach_tui.output import make_private_folder
    from outreach_tui.store.demo_book import DEMO, demo_file, demo_state, remove_demo, trainee_demo_file

    obj: Context = ctx.obj
    if not app_can_show():
        raise Failure(NO_TERMINAL)
    _check_theme(obj)
    given = ctx.parent.get_parameter_source("db_target") == click.core.ParameterSource.COMMANDLINE
    path = demo_file(obj.db_target) if given else trainee_demo_file(default_store_path().parent, obj.rep_given)
    make_private_folder(path.parent)
    state = demo_state(path)
    if state == DEMO and not fresh:
        obj.open(str(path))
    else:
        from outreach_tui.cli_store import seed_store
        from outreach_tui.cli_team import refuse_if_open

        if state == DEMO:
            refuse_if_open(obj, path)
            click.echo(f"outreach: replacing the demo book in {path} with a fresh one.", err=True)
        remove_demo(path)
        db = obj.open(str(path))
        seed_store(db, obj, count, seed, reset=True, quiet=True)
    with _collector_held():
        _run_app(obj, str(path), _read_today_aside(obj, str(path)), demo=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="csv: a header and one row per item, for scripts and spreadsheets.")
@click.option("--limit", type=STORE_INTEGER, default=None, callback=_count("--limit", 0),
              help="How many items (default: the plan_limit setting; 0 for all).")
@click.pass_obj
def today(obj: Context, fmt: str, limit: int | None) -> None:
    """Print today's plan: who to reach and why, best first."""
    from outreach_tui.store.queries import todays_plan

    obj.open(create=False)
    settings = obj.settings
    limit = settings.plan_limit if limit is None else (limit or None)
    # Team mode: contacts another rep has claimed are theirs (no effect on a one-person book).
    now = obj.clock.now()
    plan = todays_plan(obj.clock.today(), settings.rules, limit, rep=obj.rep, now=now)
    if fmt == "json":
        from outreach_tui.core.calling import calling_time

        items = []
        for item in plan.items:
            hours = calling_time(item.timezone, now, settings.calling_hours)
            items.append({**item.as_json(), "local_time": hours.local_text, "callable_now": hours.callable_now})
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        from outreach_tui.core.plan_items import PLAN_ITEM_FIELDS
        from outreach_tui.store.export.flat import write_csv

        write_csv((item.as_json() for item in plan.items), sys.stdout, PLAN_ITEM_FIELDS)
        return
    from outreach_tui.tables import print_plan

    print_plan(plan, settings.session_minutes)


@main.command()
@click.option("--search", "query", default="", help="Words to find in name, company, email, phone or notes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "vcard"]), default="table",
              show_default=True, help="csv: one row per contact; vcard: vCard 4.0 that `outreach import` reads back.")
@click.option("--limit", type=STORE_INTEGER, default=None, callback=_count("--limit", 0), help="At most this many (0 for all).")
@click.option("--archived", "include_archived", is_flag=True, help="Include archived contacts.")
@click.pass_obj
def contacts(obj: Context, query: str, fmt: str, limit: int | None, include_archived: bool) -> None:
    """List and search the book (best match first, the same search as the app's Contacts screen)."""
    from dataclasses import asdict

    from outreach_tui.store.contacts_search import search

    obj.open(create=False)
    found = [asdict(row) for row in search(query, limit=limit or None, include_archived=include_archived)]
    for row in found:
        del row["rank"]
    if fmt in ("json", "vcard"):
        from outreach_tui.store.importing import add_contact_details

        detailed = add_contact_details(found)
        if fmt == "vcard":
            from outreach_tui.core.vcard import write_vcards

            write_vcards(detailed, sys.stdout)
            return
        click.echo(json.dumps(detailed, indent=2, ensure_ascii=False, default=str))
        return
    if fmt == "csv":
        from dataclasses import fields

        from outreach_tui.store.contacts_search import Found
        from outreach_tui.store.export.flat import write_csv

        write_csv(found, sys.stdout, tuple(column.name for column in fields(Found) if column.name != "rank"))
        return
    from outreach_tui.tables import print_contacts

    print_contacts(found)


@main.command("settings")
@click.option("--path", "show_path", is_flag=True, help="Print where the settings file is (or would be).")
@click.option("--show", is_flag=True, help="Print the effective settings as TOML (the default).")
@click.option("--check", is_flag=True, help="Report problems in the file; exit 1 if there are any.")
@click.pass_obj
def settings_command(obj: Context, show_path: bool, show: bool, check: bool) -> None:
    """The settings file: where it is, what is in effect, and whether it is valid (docs/settings.md)."""
    from outreach_tui.core.settings import settings_path, settings_toml

    path = settings_path()
    if show_path:
        click.echo(str(path))
        return
    settings = obj.settings  # reports each problem on stderr
    problems = [line for line in (_theme_problem(obj), _store_exposure(obj)) if line]
    if settings.keys:  # ids checked against every binding: each screen is loaded to list them
        import outreach_tui.app  # noqa: F401  (its own bindings count)
        from outreach_tui.core.settings import check_keys
        from outreach_tui.ui.preferences import binding_ids

        problems += check_keys(settings, binding_ids(), str(path))
    for line in problems:
        click.echo(f"outreach: {line}", err=True)
    if check:
        if obj.settings_warnings or problems:
            count = len(obj.settings_warnings) + len(problems)
            raise Failure(f"{path}: {count} setting{'s' * (count != 1)} to fix (defaults used for them)")
        click.echo(f"{path}: ok" if path.exists() else f"{path}: not there, so every setting is its default")
        return
    origin = str(path) if path.exists() else f"{path} (not there yet: every value is the default)"
    click.echo(f"# {origin}\n" + settings_toml(settings), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--token", envvar="OUTREACH_SERVE_TOKEN", default=None, metavar="TOKEN",
              help="Every browser must bring it: ?token=… in the address (env OUTREACH_SERVE_TOKEN).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None) -> None:
    """The app on a web page: each browser tab is its own session on --db (needs the web extra)."""
    from outreach_tui.serve import Served, ServeError, serve_book

    obj: Context = ctx.obj
    served = Served(obj.target, obj.clock.as_of, ctx.find_root().params.get("rep"))
    try:
        serve_book(served, host, port, token or None, open_store=obj.open)  # an empty token is none
    except ServeError as exc:
        raise Failure(str(exc)) from None


def run() -> None:
    """Entry point; a pipe closed while click itself prints (`outreach -h | head -1`) ends quietly
    too, as it does for every command (see `Commands`)."""
    try:
        main(standalone_mode=True)
    except BrokenPipeError:
        from outreach_tui.output import silence

        silence(sys.stdout)
        sys.exit(0)
