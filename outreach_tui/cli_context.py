"""What every command of the command line shares: the one-line failure, the context
the global options make, and the defaults of those options.

Its own module, below `cli.py` and the modules that add commands to it (`cli_record`),
so those never import `cli.py` back.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from outreach_tui.core.clock import Clock

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
    rep_given: str | None  # --rep, else OUTREACH_REP (click reads both)
    settings_warnings: list[str] = field(default_factory=list)
    _settings: "Settings | None" = None

    @property
    def rep(self) -> str:
        """Who is working, by the one rule: --rep, else OUTREACH_REP, else `rep` in
        settings.toml, else the login name."""
        return self.rep_given or self.settings.rep or default_rep()

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
        from outreach_tui.output import make_private_folder

        path = default_store_path()
        make_private_folder(path.parent)
        return str(path)

    def open(self, target: str | None = None, create: bool = True, write: bool = False):
        """Open (and create or upgrade) the store; what is wrong with it is one line (`Commands`).
        `write=True` for a command that writes: a damaged store is refused until restored.

        Only commands that write create a store (`create=False` for those that read), so a
        mistyped --db is one line saying so, not a new, empty book."""
        from outreach_tui.store.connection import open_store, sqlite_path

        target = target or self.target
        path = sqlite_path(target)
        if not create and path is not None and _missing(path):
            raise Failure(f"no store at {path}: make one with `outreach --db {path} seed` (a demo book),"
                          " `import FILE` or `add NAME`")
        return open_store(target, create=create, write=write)


def _missing(path: Path) -> bool:
    try:
        return not path.exists()
    except OSError:  # a path the system cannot look at (too long, say): opening it says why
        return False


def confirm_new_store(target: str) -> None:
    """The app's first run on a store that is not there asks before making it (a mistyped
    --db is not a new book by accident); no is one line, and nothing made."""
    if os.path.exists(target):  # the everyday start: a store that is there, nothing imported to tell
        return
    from outreach_tui.store.connection import sqlite_path

    path = sqlite_path(target)
    if path is None or path.exists():
        return
    if not click.confirm(f"There is no store at {path}. Start a new, empty book there?", default=True, err=True):
        raise Failure(f"no store at {path}: nothing made")


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


def week_days(week: str) -> tuple[date, date]:
    """--week YYYY-Www: its Monday and Sunday; a usage error naming the option otherwise."""
    from outreach_tui.core.iso_weeks import parse_week

    try:
        start = parse_week(week)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("--week: ").removeprefix("--week "),
                                 param_hint="'--week'") from None
    return start, start + timedelta(days=6)
