"""`value_band` in SQL: which band of value a contact is in, for the routine read (schema 13).

Today's plan reads routine calls band by band of value (`core.routine_reach`), and
within a band only the contacts whose check-in and last purchase are old enough to
reach the list's last place. With the band as a column in front of those dates in an
index, the database seeks straight to them; with the value in front (schema 12) it
had to step through every due contact of each band to test their dates, which grew
with the book. Like `next_due_on`, a generated column (`store.generated`): the
database computes it from `value_cents` on every write, so no writer knows of it. The bands' bounds are
written into the column's definition; a test holds them to `VALUE_BANDS`.
"""

from __future__ import annotations

from peewee import IntegerField

from outreach_tui.core.routine_reach import VALUE_BANDS
from outreach_tui.store.generated import GeneratedColumn, add_column

# The two ways into a band: by how long since the last purchase, by how overdue the check-in
# (then the id, so a page of them starts where the last stopped; the other dates, tested on the index).
BAND_INDEXES = {
    "contact_band_purchase": ("value_band", "last_purchase_on", "id", "check_in_due_on", "next_due_on"),
    "contact_band_check_in": ("value_band", "check_in_due_on", "id", "last_purchase_on", "next_due_on"),
}


def value_band_sql() -> str:
    """The number of a contact's band in `VALUE_BANDS` (0: the most valuable), as SQL."""
    bounded = " ".join(f"WHEN value_cents >= {band.low} THEN {number}"
                       for number, band in enumerate(VALUE_BANDS) if band.low is not None)
    return f"CASE {bounded} ELSE {len(VALUE_BANDS) - 1} END"


class ValueBandField(GeneratedColumn, IntegerField):
    sql_type = "INTEGER"

    @classmethod
    def expression(cls, db) -> str:
        return value_band_sql()


def add_value_bands(db) -> None:
    """13: each contact's band of value, and the two indexes the routine read seeks by."""
    add_column(db, "value_band", ValueBandField)
    for name, columns in BAND_INDEXES.items():
        listed = ", ".join(f'"{column}"' for column in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "contact" ({listed})')
