"""The `outreach` command line: global options, then one subcommand per job.

Heavy modules (Textual, Faker, exporters) are imported inside the commands that
need them, so `outreach today` starts fast. User errors end in one line on stderr
and exit 1; click's own usage errors exit 2; never a traceback for bad input.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from outreach_tui.cli_bounds import (
    MAX_SEED_CONTACTS,
    STORE_INTEGER,
    count_bounds as _count,
    refuse_the_store as _refuse_the_store,
    seed_contacts as _seed_contacts,
    store_exposure as _store_exposure,
)
from outreach_tui.cli_context import Context, Failure, confirm_new_store, default_store_path, week_days
from outreach_tui.cli_globals import add_global_options_help, hoisted
from outreach_tui.cli_team import back_up_real_work, known_rep, refuse_if_open
from outreach_tui.core.clock import Clock, parse_iso_date, parse_time_of_day
from outreach_tui.practice_cli import practice
from outreach_tui.terminal import NO_TERMINAL, app_can_show, import_progress, progress_bar


def _read_with(parse):
    """An option callback reading its value with `parse` (empty, as an unset variable, is none);
    what `parse` refuses is a usage mistake (exit 2) naming the option."""
    def check(ctx: click.Context, param: click.Parameter, value: str | None):
        if value is None or value == "":
            return None
        try:
            return parse(value, "it")
        except ValueError as exc:
            raise click.BadParameter(str(exc).removeprefix("it "), ctx=ctx, param=param) from None

    return check


_day = _read_with(parse_iso_date)  # YYYY-MM-DD: --as-of, --from, --to
_at = _read_with(parse_time_of_day)  # HH:MM: --at


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
    otherwise the app opens it before it starts: created, upgraded, or refused in one
    line. The demo book is open already (`demo` built or reopened it), and a store is
    opened once in a process.
    """
    from outreach_tui.app import run_app
    from outreach_tui.store.demo_book import is_marked_demo

    _check_theme(obj)
    bind_later = not demo and aside is not None and aside.store_is_current()
    sys.exit(run_app(target, obj.clock, obj.rep, obj.settings, demo=demo or is_marked_demo(target),
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
        if state == DEMO:
            refuse_if_open(obj, path)
            click.echo(f"outreach: replacing the demo book in {path} with a fresh one.", err=True)
        remove_demo(path)
        db = obj.open(str(path))
        _seed(db, obj, count, seed, reset=True, quiet=True)
    _run_app(obj, str(path), _read_today_aside(obj, str(path)), demo=True)


@main.command()
@click.option("--contacts", "count", type=STORE_INTEGER, default=300, show_default=True, callback=_seed_contacts,
              help=f"How many contacts (at most {MAX_SEED_CONTACTS:,}, and what memory holds).")
@click.option("--seed", default=7, show_default=True, help="Same seed and --as-of, same book.")
@click.option("--reset", is_flag=True, help="Empty the demo book first (otherwise seeding adds).")
@click.option("--yes", is_flag=True, help="With --reset: empty even a store holding real work, backed up first.")
@click.pass_obj
def seed(obj: Context, count: int, seed: int, reset: bool, yes: bool) -> None:
    """Fill the store with a realistic Faker demo book for training.

    --reset empties only a demo book: a store holding anything seeding did not make
    (imported, added, logged or called) is refused unless --yes, which backs it up first.
    """
    obj.open(write=True)
    discard = reset and yes and back_up_real_work(obj)
    _seed(obj.open(write=True), obj, count, seed, reset=reset, quiet=False, discard=discard)  # opened again after a backup


def _seed(db, obj: Context, count: int, seed: int, reset: bool, quiet: bool, discard: bool = False) -> None:
    """Seed the store and mark it a demo book (which the app then says on screen)."""
    from outreach_tui.core.seed_data import SeedDataError
    from outreach_tui.store.connection import describe, is_sqlite
    from outreach_tui.store.demo_book import mark_demo
    from outreach_tui.store.seeding import RealWork, seed_book
    from outreach_tui.store.seeding.ownership import unseeded_counts
    from outreach_tui.store.seeding.writing import SEEDED_MODELS

    try:
        with progress_bar("Seeding", None if quiet else 2 * count) as at:  # making the book, then writing it
            report = seed_book(db, contacts=count, seed=seed, today=obj.clock.today(), reset=reset, discard=discard,
                               rep=obj.rep, progress=None if at is None else lambda done, total: at(done))
    except SeedDataError as error:  # a trainer's edit of seed_data/demo went wrong
        raise Failure(f"{error} — nothing was seeded") from None
    except RealWork as work:
        raise Failure(f"seed --reset: {describe(obj.target)} is not only a demo book: {work}; nothing removed"
                      " (--yes backs it up, then resets it)") from None
    demo_only = not unseeded_counts(SEEDED_MODELS)  # seeded into real work, it is no demo book
    if demo_only and is_sqlite(db):
        mark_demo(db)
    if not quiet:
        click.echo(f"Seeded {report.summary()} (seed {seed}, as of {obj.clock.today().isoformat()}).")
        if demo_only:
            click.echo("This is a demo book, for practice: the app says DEMO BOOK at the top.")


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
        from outreach_tui.core.planner import PLAN_ITEM_FIELDS
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


# The relationship vocabulary for `import --relationship` (a plain module, cheap to load).
from outreach_tui.core.vocab import RELATIONSHIPS as _RELATIONSHIPS  # noqa: E402


@main.command("import")
@click.argument("file", metavar="FILE|-")
@click.option("--format", "fmt", type=click.Choice(["csv", "vcard"]), default=None,
              help="File format (default: guessed from the file name and content; needed with -).")
@click.option("--dry-run", is_flag=True, help="Report what would happen and write nothing.")
@click.option("--strict", is_flag=True, help="All or nothing: any unreadable field or skipped record imports nothing.")
@click.option("--skip-invalid", is_flag=True, hidden=True, help="The default; kept for existing scripts.")
@click.option("--prefer-import", is_flag=True, help="Where a contact has another value, take the file's.")
@click.option("--report", "report_path", default=None, metavar="FILE",
              help="Also write the problems found as CSV, for a spreadsheet.")
@click.option("--relationship", type=click.Choice(_RELATIONSHIPS), default="prospect", show_default=True,
              help="Relationship of imported contacts whose record does not say.")
@click.option("--map", "mapping", default=None, metavar="'Column=field,...'",
              help="Columns the import does not recognise, e.g. 'Full Name=name,Org=company'.")
@click.pass_obj
def import_contacts(obj: Context, file: str, fmt: str | None, **options) -> None:
    """Bring contacts in from CSV (Google, Outlook, HubSpot-style) or vCard; duplicates are merged.

    A field that cannot be read is kept in the contact's notes and reported as FILE:LINE: field.
    FILE `-` reads standard input (paste a list from another tool), with --format.
    """
    if file != "-":
        _import(obj, file, None, fmt, **options)
        return
    if fmt is None:
        raise click.UsageError("import -: give --format csv or --format vcard (standard input has no name"
                               " to tell the format by)")
    import shutil
    import tempfile

    # Read in full first: the import reads its file twice (check, then write), and a pipe only once.
    with tempfile.TemporaryDirectory(prefix="outreach-import-") as folder:
        copy = Path(folder) / "stdin"
        with open(copy, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        _import(obj, str(copy), "standard input", fmt, **options)


def _import(obj: Context, file: str, label: str | None, fmt: str | None, dry_run: bool, strict: bool,
            skip_invalid: bool, prefer_import: bool, report_path: str | None, relationship: str,
            mapping: str | None) -> None:
    from outreach_tui.core.contact_fields import LayoutError, parse_map
    from outreach_tui.store.importing import ImportFailure, import_file, inspect_file

    if strict and skip_invalid:
        raise click.UsageError("--strict and --skip-invalid contradict each other")
    try:
        columns = parse_map(mapping)
    except LayoutError as exc:
        raise click.BadParameter(str(exc).removeprefix("--map: "), param_hint="'--map'") from None
    try:
        source = inspect_file(file, fmt, columns, label=label)
    except (LayoutError, ImportFailure) as exc:
        raise Failure(str(exc)) from None
    obj.open(write=True)
    from outreach_tui.core.contact_fields import use_phone_region

    use_phone_region(obj.settings.phone_region)  # numbers without +code are read there, for matching
    progress = import_progress(source.size) if sys.stderr.isatty() else None
    try:
        report = import_file(source, today=obj.clock.today(), relationship=relationship, mapping=columns,
                             dry_run=dry_run, strict=strict, prefer_import=prefer_import, progress=progress)
    except ImportFailure as exc:
        raise Failure(str(exc)) from None
    for line in report.problem_lines():
        click.echo(line, err=True)
    if report_path is not None:  # written as what the path is: a pipe nobody reads is refused, not waited on
        from outreach_tui.output import OutputError, output_file

        try:
            with output_file(report_path) as out:
                report.write_csv(out)
        except OutputError as exc:
            raise Failure(str(exc)) from None  # "cannot write FILE: why"
    if report.refused:
        count = len(report.problems)
        raise Failure(f"{source.label}: {count} {'problem' if count == 1 else 'problems'}, nothing imported (--strict)")
    click.echo(report.summary())


def _is_stdout(path) -> bool:
    try:
        return os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # no such path, or a stdout without a file (a test's)
        return False


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "md", "ics"]), default=None,
              help="csv, json, jsonl, md (a session report) or ics (scheduled follow-ups). "
                   "Default: the -o file's suffix, else csv.")
@click.option("--from", "start", callback=_day, metavar="YYYY-MM-DD",
              help="From this day on (ics: default today).")
@click.option("--to", "end", callback=_day, metavar="YYYY-MM-DD", help="Up to and including this day.")
@click.option("--week", default=None, metavar="YYYY-Www",
              help="An ISO week like 2026-W48: the touches `review --week` counts (not with --from/--to).")
@click.option("--session", "session_id", type=STORE_INTEGER, metavar="ID", help="Only this session.")
@click.option("--rep", "rep", default=None, metavar="NAME", help="Only this rep's calls (default: everyone's).")
@click.option("-o", "--output", "output", default=None, metavar="FILE",
              help="Write FILE in one piece (temp file, then rename); default: stdout.")
@click.pass_obj
def export_command(obj: Context, fmt: str | None, start: date | None, end: date | None, week: str | None,
                   session_id: int | None, rep: str | None, output: str | None) -> None:
    """Write the session logs (ics: the follow-up calendar) to stdout or a file."""
    if week is not None:
        if start is not None or end is not None:
            raise click.UsageError("--week is a week's days: give it or --from/--to, not both")
        start, end = week_days(week)
    from outreach_tui.store.export import SUFFIXES, ExportError, ExportFilter, export, export_to_path, export_total
    from outreach_tui.store.models import Session

    if start and end and start > end:
        raise click.BadParameter(f"{start.isoformat()} is after --to {end.isoformat()}", param_hint="'--from'")
    to_file = output not in (None, "-")
    if fmt is None:
        suffix = os.path.splitext(output)[1].lower() if to_file else ""
        if suffix and suffix not in SUFFIXES:
            raise Failure(f"-o {output}: {suffix} is not a format outreach writes;"
                          f" name it {', '.join(SUFFIXES)}, or give --format")
        fmt = SUFFIXES.get(suffix, "csv")
    if to_file:
        _refuse_the_store(obj, output)
    try:
        filters = ExportFilter(start, end, session_id, rep)
        obj.open(create=False)
        if session_id is not None and not Session.select().where(Session.id == session_id).exists():
            raise Failure(f"--session {session_id}: there is no such session")
        if to_file:
            with progress_bar("Exporting", lambda: export_total(fmt, filters)) as progress:
                path, count = export_to_path(fmt, output, filters, today=obj.clock.today(), now=obj.clock.now(),
                                             progress=progress)
            rows = "event" if fmt == "ics" else "interaction"
            if not _is_stdout(path):  # `-o /dev/stdout`: the export is what stdout gets, nothing more
                click.echo(f"Exported {count:,} {rows}{'s' * (count != 1)} ({fmt}) to {path}.")
        else:
            export(fmt, sys.stdout, filters, today=obj.clock.today(), now=obj.clock.now())
            sys.stdout.flush()
    except ExportError as exc:
        raise Failure(str(exc)) from None


@main.command()
@click.option("--week", default=None, metavar="YYYY-Www", help="An ISO week like 2026-W48 (default: this week).")
@click.option("--rep", "rep", default=None, metavar="NAME", help="One rep's week (default: the whole team's).")
@click.option("--by-rep", "by_rep", is_flag=True, help="The team's review with a row per rep (json always has by_rep).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def review(obj: Context, week: str | None, rep: str | None, by_rep: bool, fmt: str) -> None:
    """The weekly review: calls, cards and what they brought back, quotes, streak, attention balance."""
    from outreach_tui.core.review import render_text, week_start_of

    start = week_start_of(obj.clock.today()) if week is None else week_days(week)[0]
    from outreach_tui.store.review import weekly_review

    if by_rep and rep is not None:
        raise click.UsageError("--by-rep is the team's review: leave out --rep")
    obj.open(create=False)
    if rep is not None:
        rep = known_rep(rep)
    result = weekly_review(start, rep, obj.settings, today=obj.clock.today())
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(render_text(result), nl=False)
    if by_rep:
        from outreach_tui.core.team_review import render_by_rep

        click.echo("\n" + render_by_rep(result.by_rep), nl=False)


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
@click.argument("file", metavar="FILE")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_obj
def backup(obj: Context, file: str, force: bool) -> None:
    """An online, consistent copy of the store (SQLite), safe while the app is running."""
    from outreach_tui.store.backup import backup_store, store_pages

    with progress_bar("Backing up", lambda: store_pages(obj.target)) as at:
        written = backup_store(obj.target, file, force=force, progress=(lambda done, _total: at(done)) if at else None)
    click.echo(f"Backed up {obj.target} to {written}.")


@main.command()
@click.option("--limit", type=STORE_INTEGER, default=None, callback=_count("--limit"),
              help="How many contacts (default: the daily calls goal).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def claim(obj: Context, limit: int | None, fmt: str) -> None:
    """Team mode: take the next plan items for --rep so no other rep gets them (they lapse unless worked)."""
    from outreach_tui.core.planner import count_by_reason
    from outreach_tui.store.claims import DEFAULT_CLAIM_MINUTES, claim_next
    from outreach_tui.core.planner import Plan

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


@main.command()
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


def _register_record_commands() -> None:
    """`add`, `log`, `quotes` and `quote` live in `cli_record`, `claims` in `cli_team` (they need
    `main`'s Context first)."""
    from outreach_tui.cli_record import COMMANDS
    from outreach_tui.cli_team import COMMANDS as TEAM_COMMANDS

    for command in COMMANDS + TEAM_COMMANDS:
        main.add_command(command)


_register_record_commands()
main.add_command(practice)  # `outreach practice`, from practice_cli (imported at the top)
