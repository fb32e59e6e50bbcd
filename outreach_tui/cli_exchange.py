"""The book's way in and out of files: `import` (CSV or vCard, a file or standard input) and
`export` (session logs as csv/json/jsonl/md, follow-ups as ics, to stdout or a file).

Its own module, below `cli.py`, because both commands are about files and formats; the
importers and exporters are imported only inside them.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from outreach_tui.cli_bounds import STORE_INTEGER, iso_day, refuse_the_store
from outreach_tui.cli_context import Context, Failure, week_days
from outreach_tui.core.vocab import RELATIONSHIPS as _RELATIONSHIPS  # for `import --relationship`
from outreach_tui.terminal import import_progress, progress_bar


@click.command("import")
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


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "md", "ics"]), default=None,
              help="csv, json, jsonl, md (a session report) or ics (scheduled follow-ups). "
                   "Default: the -o file's suffix, else csv.")
@click.option("--from", "start", callback=iso_day, metavar="YYYY-MM-DD",
              help="From this day on (ics: default today).")
@click.option("--to", "end", callback=iso_day, metavar="YYYY-MM-DD", help="Up to and including this day.")
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
        refuse_the_store(obj, output)
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


COMMANDS = (import_contacts, export_command)
