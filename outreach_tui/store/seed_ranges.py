"""Which rows seeding made, so `seed --reset` empties a demo book and never real work.

Each seeding records the id range it wrote in every table (`SeedRange`, schema 10). A
row outside every range was made by someone: imported, added, logged, called. A reset
over such rows is refused (`RealWork`) unless the caller says to discard them. The
same ranges tell the demo banner how many calls the trainee has made (`demo_facts`).
"""

from __future__ import annotations

from datetime import date

from peewee import fn

from outreach_tui.core.demo_tag import DemoFacts
from outreach_tui.core.goals import CALL_CHANNELS, NOT_PLACED
from outreach_tui.store.models import Interaction, SeedRange


class RealWork(Exception):
    """The store holds rows seeding did not make; `counts` says how many, per table."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        listed = ", ".join(f"{count:,} {table.replace('_', ' ')}" for table, count in counts.items())
        super().__init__(f"it holds work seeding did not make ({listed})")


def first_ids(models) -> dict:
    """The id each table's next seeded row gets."""
    return {model: (model.select(fn.MAX(model.id)).scalar() or 0) + 1 for model in models}


def note_seeded(firsts: dict, seeded_on: date) -> None:
    """Record the rows written since `firsts` (from `first_ids`) as seeding's, on `seeded_on`."""
    rows = []
    for model, first in firsts.items():
        last = model.select(fn.MAX(model.id)).scalar() or 0
        if last >= first:
            rows.append({"table": model._meta.table_name, "first_id": first, "last_id": last,
                         "seeded_on": seeded_on})
    if rows:
        SeedRange.insert_many(rows).execute()


def unseeded(model):
    """The rows of `model` that no seeding made."""
    covered = (SeedRange.select(SeedRange.id)
               .where((SeedRange.table == model._meta.table_name) & (SeedRange.first_id <= model.id)
                      & (SeedRange.last_id >= model.id)))
    return model.select().where(~fn.EXISTS(covered))


def unseeded_counts(models) -> dict[str, int]:
    """Rows per table that no seeding made (tables with none left out)."""
    counts = {}
    for model in models:
        count = unseeded(model).count()
        if count:
            counts[model._meta.table_name] = count
    return counts


def demo_facts() -> DemoFacts:
    """When the demo book was built and how many calls the trainee has made in it (calls as the
    day's goal counts them: placed, by phone or in person)."""
    first = (SeedRange.select(SeedRange.seeded_on).where(SeedRange.seeded_on.is_null(False))
             .order_by(SeedRange.seeded_on).first())
    made = unseeded(Interaction).where(Interaction.channel.in_(CALL_CHANNELS)
                                       & Interaction.outcome.not_in(NOT_PLACED)).count()
    return DemoFacts(first.seeded_on if first is not None else None, made)


def is_seeded() -> bool:
    """True for a demo book: a store seeding has written to."""
    return SeedRange.select().exists()
