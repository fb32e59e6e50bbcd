"""The bounds the command line holds before a command runs: ids and counts within the 64 bits a
store holds, dates and times of day read as the options say, a demo book no bigger than memory,
an output that is not the store itself, and a store other users can read (said by `settings --check`).

Its own module, below `cli.py`, so the checks are one piece whatever command asks.
"""

from __future__ import annotations

import click

from outreach_tui.cli_context import Context, Failure, default_store_path
from outreach_tui.core.clock import parse_iso_date, parse_time_of_day


def read_with(parse):
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


iso_day = read_with(parse_iso_date)  # YYYY-MM-DD: --as-of, --from, --to
time_of_day = read_with(parse_time_of_day)  # HH:MM: --at


# The largest integer a store holds (SQLite's and PostgreSQL's bigint): ids and counts past it
# are a usage mistake on the option, not an OverflowError from the driver.
LARGEST_INTEGER = 2**63 - 1


class StoreInteger(click.ParamType):
    """A whole number an id or a count of the store can be: beyond 64 bits is exit 2, naming the option."""

    name = "integer"

    def convert(self, value, param, ctx):
        number = click.INT.convert(value, param, ctx)
        if abs(number) > LARGEST_INTEGER:
            self.fail(f"{value} is beyond the largest number a store holds ({LARGEST_INTEGER})", param, ctx)
        return number


STORE_INTEGER = StoreInteger()

# `seed --contacts` at most: a book is built in memory before it is written (measured about
# 8 KB a contact, 1M contacts about 8 GB), so a bigger one is refused before starting.
MAX_SEED_CONTACTS = 1_000_000
SEED_BYTES_PER_CONTACT = 8 * 1024
SEED_BASE_BYTES = 64 * 1024 * 1024


def seed_memory_problem(contacts: int) -> str | None:
    """Why seeding `contacts` would not fit in the memory free now, or None when it fits (or none can tell)."""
    free = available_memory()
    needed = SEED_BASE_BYTES + contacts * SEED_BYTES_PER_CONTACT
    if free is None or needed <= free:
        return None
    return (f"--contacts {contacts:,} needs about {needed / 2**30:.1f} GB of memory and"
            f" {free / 2**30:.1f} GB is free: seed fewer contacts")


def available_memory() -> int | None:
    """Bytes of memory available to a new process (Linux's MemAvailable), None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def count_bounds(name: str, minimum: int = 1, maximum: int = LARGEST_INTEGER):
    """An option callback holding a count between `minimum` and `maximum`: outside, a usage mistake."""

    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < minimum:
            raise click.BadParameter(f"must be {minimum} or more, got {value}", ctx=ctx, param=param)
        if value is not None and value > maximum:
            raise click.BadParameter(f"must be {maximum:,} or fewer, got {value:,}", ctx=ctx, param=param)
        return value

    return check


def seed_contacts(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """A demo book's size: 1 to MAX_SEED_CONTACTS (exit 2), and one memory holds (checked before starting, exit 1)."""
    value = count_bounds("--contacts", 1, MAX_SEED_CONTACTS)(ctx, param, value)
    problem = seed_memory_problem(value)
    if problem:
        raise Failure(problem)
    return value


def refuse_the_store(obj: Context, output: str) -> None:
    """`-o` naming the store or a file SQLite keeps beside it, by any name, is refused (it would be lost)."""
    from outreach_tui.store.connection import is_store_file, sqlite_path

    store = sqlite_path(obj.target)
    if store is not None and is_store_file(output, store):
        raise Failure(f"-o {output}: that is the store itself or one of its files; name another file")


def store_exposure(obj: Context) -> str | None:
    """The line saying other users of this machine can read the store (customers' notes, families)."""
    from outreach_tui.store.connection import sqlite_path

    path = sqlite_path(obj.db_target) if obj.db_target else default_store_path()
    try:
        mode = path.stat().st_mode if path is not None else 0
    except OSError:  # no store yet: nothing to expose
        return None
    if mode & 0o077 == 0:
        return None
    return f"{path} can be read by other users of this machine (mode {mode & 0o777:o}): chmod 600 {path}"
