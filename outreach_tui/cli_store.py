"""Commands that fill or copy a whole store: `seed` (a Faker demo book written into the store;
`demo` builds its book with `seed_store` too) and `backup` (an online copy).

Its own module, below `cli.py`, because these are the commands that write a store in bulk;
Faker, the seeding and the backup are imported only inside them, so other commands start fast.
"""

from __future__ import annotations

import click

from outreach_tui.cli_bounds import MAX_SEED_CONTACTS, STORE_INTEGER, seed_contacts
from outreach_tui.cli_context import Context, Failure
from outreach_tui.cli_team import back_up_real_work
from outreach_tui.terminal import progress_bar


@click.command()
@click.option("--contacts", "count", type=STORE_INTEGER, default=300, show_default=True, callback=seed_contacts,
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
    # Opened again after a backup.
    seed_store(obj.open(write=True), obj, count, seed, reset=reset, quiet=False, discard=discard)


def seed_store(db, obj: Context, count: int, seed: int, reset: bool, quiet: bool, discard: bool = False) -> None:
    """Seed the store and mark it a demo book (which the app then says on screen)."""
    from outreach_tui.core.seed_data import SeedDataError
    from outreach_tui.store.connection import is_sqlite
    from outreach_tui.store.engines import describe
    from outreach_tui.store.demo_book import mark_demo
    from outreach_tui.store.seeding import RealWork, seed_book
    from outreach_tui.store.seed_ranges import unseeded_counts
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


@click.command()
@click.argument("file", metavar="FILE")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_obj
def backup(obj: Context, file: str, force: bool) -> None:
    """An online, consistent copy of the store (SQLite), safe while the app is running."""
    from outreach_tui.store.backup import backup_store, store_pages

    with progress_bar("Backing up", lambda: store_pages(obj.target)) as at:
        written = backup_store(obj.target, file, force=force, progress=(lambda done, _total: at(done)) if at else None)
    click.echo(f"Backed up {obj.target} to {written}.")


COMMANDS = (seed, backup)
