"""`value_band` in SQL: which band of value a contact is in, for the routine read (schema 13).

Today's plan reads routine calls band by band of value (`core.routine_reach`), and
within a band only the contacts whose check-in and last purchase are old enough to
reach the list's last place. With the band as a column in front of those dates in an
index, the database seeks straight to them; with the value in front (schema 12) it
had to step through every due contact of each band to test their dates, which grew
with the book. Like `next_due_on`, a generated column: the database computes it
from `value_cents` on every write, so no writer knows of it. The bands' bounds are
written into the column's definition; a test holds them to `VALUE_BANDS`.
"""

from __future__ import annotations

from peewee import SQL, Entity, IntegerField, NodeList, PostgresqlDatabase

from outreach_tui.core.routine_reach import VALUE_BANDS

# The two ways into a band: by how long since the last purchase, by how overdue the check-in
# (then the id, so a page of them starts where the last stopped; the other dates, tested on the index).
BAND_INDEXES = {
    "contact_band_purchase": ("value_band", "last_purchase_on", "id", "check_in_due_on", "next_due_on"),
    "contact_band_check_in": ("value_band", "check_in_due_on", "id", "last_purchase_on", "next_due_on"),
}


def _is_postgres(db) -> bool:
    return isinstance(getattr(db, "obj", db), PostgresqlDatabase)


def value_band_sql() -> str:
    """The number of a contact's band in `VALUE_BANDS` (0: the most valuable), as SQL."""
    bounded = " ".join(f"WHEN value_cents >= {band.low} THEN {number}"
                       for number, band in enumerate(VALUE_BANDS) if band.low is not None)
    return f"CASE {bounded} ELSE {len(VALUE_BANDS) - 1} END"


def generated_clause(db) -> str:
    kind = "STORED" if _is_postgres(db) else "VIRTUAL"  # SQLite adds only virtual ones to a full table
    return f"GENERATED ALWAYS AS ({value_band_sql()}) {kind}"


class ValueBandField(IntegerField):
    """The model's view of the generated column: read and indexed, never written (see `Contact.save`)."""

    def ddl(self, ctx):
        return NodeList([Entity(self.column_name), SQL("INTEGER"), SQL(generated_clause(self.model._meta.database))])


def has_value_band(db) -> bool:
    """Whether the contact table has the column (SQLite's table_info leaves generated columns out)."""
    if _is_postgres(db):
        return "value_band" in {column.name for column in db.get_columns("contact")}
    return any(row[1] == "value_band" for row in db.execute_sql('PRAGMA table_xinfo("contact")').fetchall())


def add_value_bands(db) -> None:
    """13: each contact's band of value, and the two indexes the routine read seeks by."""
    if not has_value_band(db):  # a store made by a newer model has it
        db.execute_sql(f'ALTER TABLE "contact" ADD COLUMN "value_band" INTEGER {generated_clause(db)}')
    for name, columns in BAND_INDEXES.items():
        listed = ", ".join(f'"{column}"' for column in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "contact" ({listed})')
