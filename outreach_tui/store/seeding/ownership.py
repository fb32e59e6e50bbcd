"""Which rows seeding made, so `seed --reset` empties a demo book and never real work.

Each seeding records the id range it wrote in every table (`SeedRange`, schema 10). A
row outside every range was made by someone: imported, added, logged, called. A reset
over such rows is refused (`RealWork`) unless the caller says to discard them.
"""

from __future__ import annotations

from peewee import fn

from outreach_tui.store.models import SeedRange


class RealWork(Exception):
    """The store holds rows seeding did not make; `counts` says how many, per table."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        listed = ", ".join(f"{count:,} {table.replace('_', ' ')}" for table, count in counts.items())
        super().__init__(f"it holds work seeding did not make ({listed})")


def first_ids(models) -> dict:
    """The id each table's next seeded row gets."""
    return {model: (model.select(fn.MAX(model.id)).scalar() or 0) + 1 for model in models}


def note_seeded(firsts: dict) -> None:
    """Record the rows written since `firsts` (from `first_ids`) as seeding's."""
    rows = []
    for model, first in firsts.items():
        last = model.select(fn.MAX(model.id)).scalar() or 0
        if last >= first:
            rows.append({"table": model._meta.table_name, "first_id": first, "last_id": last})
    if rows:
        SeedRange.insert_many(rows).execute()


def unseeded_counts(models) -> dict[str, int]:
    """Rows per table that no seeding made (tables with none left out)."""
    counts = {}
    for model in models:
        table = model._meta.table_name
        covered = (SeedRange.select(SeedRange.id)
                   .where((SeedRange.table == table) & (SeedRange.first_id <= model.id)
                          & (SeedRange.last_id >= model.id)))
        count = model.select().where(~fn.EXISTS(covered)).count()
        if count:
            counts[table] = count
    return counts


def is_seeded() -> bool:
    """True for a demo book: a store seeding has written to."""
    return SeedRange.select().exists()
