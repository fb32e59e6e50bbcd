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
from pathlib import Path
from typing import TYPE_CHECKING

import click

from outreach_tui.core.clock import Clock, parse_iso_date, parse_time_of_day

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
        path = default_store_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    def open(self, target: str | None = None, create: bool = True):
        """Open (and create or upgrade) the store; what is wrong with it is one line (`Commands`)."""
        from outreach_tui.store.connection import open_store

        return open_store(target or self.target, create=create)


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return parse_iso_date(value, "--as-of")
    except ValueError as exc:
        raise Failure(str(exc)) from None


def _at(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None or value == "":
        return None
    try:
        return parse_time_of_day(value, "--at")
    except ValueError as exc:
        raise Failure(str(exc)) from None


def _count(name: str, minimum: int = 1):
    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < minimum:
            raise Failure(f"{name} must be {minimum} or more, got {value}")
        return value

    return check


def default_store_path() -> Path:
    """The rep's own store, in the user data folder (here, not in the store package, so the
    first screen's reader can start before Peewee is imported)."""
    from platformdirs import user_data_path

    return user_data_path("outreach", appauthor=False) / "outreach.db"


def default_rep() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "rep"


class Commands(click.Group):
    """Turns a store's error that escapes a command into one line: a store that cannot be
    opened or used (StoreError), or a database error met mid-query (a damaged page)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
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
@click.option("--as-of", "as_of", envvar="OUTREACH_TODAY", callback=_as_of, metavar="YYYY-MM-DD",
              help="Treat this date as today (env OUTREACH_TODAY).")
@click.option("--at", "at", envvar="OUTREACH_NOW", callback=_at, metavar="HH:MM",
              help="Treat this as the time of day, for calling hours (env OUTREACH_NOW).")
@click.option("--rep", default=None, metavar="NAME", help="Who is working (default: your user name).")
@click.version_option(package_name="outreach-tui", prog_name="outreach")
@click.pass_context
def main(ctx: click.Context, db_target: str | None, as_of: date | None, at, rep: str | None) -> None:
    """Outreach: care more, keep in touch. With no command, opens today's session."""
    ctx.obj = Context(db_target, Clock(as_of=as_of, at=at), rep or default_rep())
    if ctx.invoked_subcommand is None:
        ctx.invoke(session)


@main.command()
@click.pass_obj
def session(obj: Context) -> None:
    """Open the full-screen app on today's plan."""
    target = obj.target
    aside = _read_today_aside(obj, target)  # before the store, or even Textual, is imported
    _run_app(obj, target, aside)


def _read_today_aside(obj: Context, target: str):
    """Start reading the first screen in a child process (see `outreach_tui.prefetch`)."""
    from outreach_tui.prefetch import read_today_aside

    return read_today_aside(target, obj.clock.today(), rep=obj.rep, now=obj.clock.now())


def _run_app(obj: Context, target: str, aside, demo: bool = False) -> None:
    """Run the app on the store at `target`; `aside` is its first screen, on its way.

    While Textual is imported, the reader aside opens the store. If it finds the store
    current, the app binds it later, while its first screen waits for the plan;
    otherwise it is opened here: created, upgraded, or refused in one line. (The demo
    book is open already: it was just seeded.)
    """
    from outreach_tui.app import run_app

    bind_later = not demo and aside is not None and aside.store_is_current()
    if not (demo or bind_later):
        obj.open(target)
    sys.exit(run_app(target, obj.clock, obj.rep, obj.settings, demo=demo,
                     first_today=aside.today if aside is not None else None, bind_later=bind_later))


@main.command()
@click.option("--contacts", "count", default=300, show_default=True, callback=_count("--contacts"),
              help="How many contacts the demo book has.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same book.")
@click.pass_obj
def demo(obj: Context, count: int, seed: int) -> None:
    """Build a fresh demo book (its own file, never your store) and open the app on it."""
    demo_path = default_store_path().with_name("demo.db")
    demo_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (demo_path, demo_path.with_name("demo.db-wal"), demo_path.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    db = obj.open(str(demo_path))
    _seed(db, obj, count, seed, reset=True, quiet=True)
    _run_app(obj, str(demo_path), _read_today_aside(obj, str(demo_path)), demo=True)


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
    from outreach_tui.tables import print_plan

    print_plan(plan, settings.session_minutes)


@main.command()
@click.option("--search", "query", default="", help="Words to find in name, company, email, phone or notes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, callback=_count("--limit", 0), help="At most this many (0 for all).")
@click.option("--archived", "include_archived", is_flag=True, help="Include archived contacts.")
@click.pass_obj
def contacts(obj: Context, query: str, fmt: str, limit: int | None, include_archived: bool) -> None:
    """List and search the book (best match first, the same search as the app's Contacts screen)."""
    from dataclasses import asdict

    from outreach_tui.store.contacts_search import search

    obj.open()
    found = [asdict(row) for row in search(query, limit=limit or None, include_archived=include_archived)]
    for row in found:
        del row["rank"]
    if fmt == "json":
        from outreach_tui.store.importing import add_contact_details

        click.echo(json.dumps(add_contact_details(found), indent=2, ensure_ascii=False, default=str))
        return
    from outreach_tui.tables import print_contacts

    print_contacts(found)


# The relationship vocabulary for `import --relationship` (a plain module, cheap to load).
from outreach_tui.core.vocab import RELATIONSHIPS as _RELATIONSHIPS  # noqa: E402


@main.command("import")
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["csv", "vcard"]), default=None,
              help="File format (default: guessed from the file name and content).")
@click.option("--dry-run", is_flag=True, help="Report what would happen and write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid records and list the invalid ones.")
@click.option("--relationship", type=click.Choice(_RELATIONSHIPS), default="prospect", show_default=True,
              help="Relationship of imported contacts whose record does not say.")
@click.option("--map", "mapping", default=None, metavar="'Column=field,...'",
              help="Columns the import does not recognise, e.g. 'Full Name=name,Org=company'.")
@click.pass_obj
def import_contacts(obj: Context, file: str, fmt: str | None, dry_run: bool, skip_invalid: bool,
                    relationship: str, mapping: str | None) -> None:
    """Bring contacts in from CSV (Google, Outlook, HubSpot-style) or vCard; duplicates are merged."""
    from outreach_tui.core.contact_fields import LayoutError, parse_map
    from outreach_tui.store.importing import ImportFailure, import_file, inspect_file

    try:
        columns = parse_map(mapping)
        source = inspect_file(file, fmt, columns)
    except (LayoutError, ImportFailure) as exc:
        raise Failure(str(exc)) from None
    obj.open()
    progress = _import_progress(source.size) if sys.stderr.isatty() else None
    try:
        report = import_file(source, today=obj.clock.today(), relationship=relationship, mapping=columns,
                             dry_run=dry_run, skip_invalid=skip_invalid, progress=progress)
    except ImportFailure as exc:
        raise Failure(str(exc)) from None
    for line in report.problem_lines():
        click.echo(line, err=True)
    if report.refused:
        rows = "record is" if report.invalid == 1 else "records are"
        raise Failure(f"{source.label}: {report.invalid} {rows} invalid, nothing imported"
                      " (fix them, or use --skip-invalid to import the rest)")
    click.echo(report.summary())


def _import_progress(size: int):
    """A progress bar on stderr per pass over the file, driven by the byte position read."""
    from contextlib import contextmanager

    @contextmanager
    def stage(label: str):
        with click.progressbar(length=size, label=label, file=sys.stderr) as bar:
            done = 0

            def at(position: int) -> None:
                nonlocal done
                if position > done:
                    bar.update(position - done)
                    done = position

            yield at
            at(size)

    return stage


def _day(name: str):
    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
        if value is None:
            return None
        try:
            return parse_iso_date(value, name)
        except ValueError as exc:
            raise Failure(str(exc)) from None

    return check


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "md", "ics"]), default=None,
              help="csv, json, jsonl, md (a session report) or ics (scheduled follow-ups). "
                   "Default: the -o file's suffix, else csv.")
@click.option("--from", "start", callback=_day("--from"), metavar="YYYY-MM-DD",
              help="From this day on (ics: default today).")
@click.option("--to", "end", callback=_day("--to"), metavar="YYYY-MM-DD", help="Up to and including this day.")
@click.option("--session", "session_id", type=int, metavar="ID", help="Only this session.")
@click.option("--rep", "rep", default=None, metavar="NAME", help="Only this rep's calls (default: everyone's).")
@click.option("-o", "--output", "output", default=None, metavar="FILE",
              help="Write FILE in one piece (temp file, then rename); default: stdout.")
@click.pass_obj
def export_command(obj: Context, fmt: str | None, start: date | None, end: date | None, session_id: int | None,
                   rep: str | None, output: str | None) -> None:
    """Write the session logs (ics: the follow-up calendar) to stdout or a file."""
    from outreach_tui.store.export import SUFFIXES, ExportError, ExportFilter, export, export_to_path
    from outreach_tui.store.models import Session

    to_file = output not in (None, "-")
    if fmt is None:
        suffix = os.path.splitext(output)[1].lower() if to_file else ""
        if suffix and suffix not in SUFFIXES:
            raise Failure(f"-o {output}: {suffix} is not a format outreach writes;"
                          f" name it {', '.join(SUFFIXES)}, or give --format")
        fmt = SUFFIXES.get(suffix, "csv")
    try:
        filters = ExportFilter(start, end, session_id, rep)
        obj.open(create=False)
        if session_id is not None and not Session.select().where(Session.id == session_id).exists():
            raise Failure(f"--session {session_id}: there is no such session")
        if to_file:
            export_to_path(fmt, output, filters, today=obj.clock.today(), now=obj.clock.now())
        else:
            export(fmt, sys.stdout, filters, today=obj.clock.today(), now=obj.clock.now())
            sys.stdout.flush()
    except ExportError as exc:
        raise Failure(str(exc)) from None


@main.command()
@click.option("--week", default=None, metavar="YYYY-Www", help="An ISO week like 2026-W48 (default: this week).")
@click.option("--rep", "rep", default=None, metavar="NAME", help="One rep's week (default: the whole team's).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def review(obj: Context, week: str | None, rep: str | None, fmt: str) -> None:
    """The weekly review: calls, cards and what they brought back, quotes, streak, attention balance."""
    from outreach_tui.core.review import parse_week, render_text, week_start_of

    if week is None:
        start = week_start_of(obj.clock.today())
    else:
        try:
            start = parse_week(week)
        except ValueError as exc:
            raise Failure(str(exc)) from None
    from outreach_tui.store.review import weekly_review

    obj.open(create=False)
    result = weekly_review(start, rep, obj.settings, today=obj.clock.today())
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(result), nl=False)


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
    if check:
        if obj.settings_warnings:
            count = len(obj.settings_warnings)
            raise Failure(f"{path}: {count} setting{'s' * (count != 1)} to fix (defaults used for them)")
        click.echo(f"{path}: ok" if path.exists() else f"{path}: not there, so every setting is its default")
        return
    origin = str(path) if path.exists() else f"{path} (not there yet: every value is the default)"
    click.echo(f"# {origin}\n" + settings_toml(settings), nl=False)


@main.command()
@click.argument("file", metavar="FILE")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_obj
def backup(obj: Context, file: str, force: bool) -> None:
    """An online, consistent copy of the store (SQLite), safe while the app is running."""
    from outreach_tui.store.backup import backup_store

    written = backup_store(obj.target, file, force=force)
    click.echo(f"Backed up {obj.target} to {written}.")


@main.command()
@click.option("--limit", type=int, default=None, callback=_count("--limit"),
              help="How many contacts (default: the daily calls goal).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def claim(obj: Context, limit: int | None, fmt: str) -> None:
    """Team mode: take the next plan items for --rep so no other rep gets them (they lapse unless worked)."""
    from outreach_tui.core.planner import count_by_reason
    from outreach_tui.store.claims import DEFAULT_CLAIM_MINUTES, claim_next
    from outreach_tui.core.planner import Plan

    obj.open()
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


@main.command()
@click.option("--contact", "contact_id", type=int, default=None, metavar="ID", help="Only this contact.")
@click.pass_obj
def release(obj: Context, contact_id: int | None) -> None:
    """Team mode: give back the contacts --rep has claimed, so other reps can call them."""
    from outreach_tui.store.claims import release as release_claims

    obj.open()
    count = release_claims(obj.rep, contact_id)
    claims = "claim" if count == 1 else "claims"
    click.echo(f"Released {count} {claims} held by {obj.rep}.")


def run() -> None:
    """Entry point that also turns a broken pipe (`outreach today | head`) into a quiet exit."""
    try:
        main(standalone_mode=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
