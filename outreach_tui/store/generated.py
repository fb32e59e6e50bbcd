"""Generated columns: the database computes them from a contact's own columns on every write.

So every write path — a session's save, `log`, import, an edit, seeding, a bulk UPDATE —
keeps them right without knowing about them, and adding one to a full book is one ALTER
TABLE and one index build, no Python loop. Virtual on SQLite (the only kind it adds to a
full table), stored on PostgreSQL. `next_due_on` (schema 9) and `value_band` (schema 13).
"""

from __future__ import annotations

from peewee import SQL, Entity, NodeList

from outreach_tui.store.engines import is_postgres


def generated_clause(db, expression: str) -> str:
    return f"GENERATED ALWAYS AS ({expression}) {'STORED' if is_postgres(db) else 'VIRTUAL'}"


class GeneratedColumn:
    """A model field the database generates: read and indexed, never written (see `Contact.save`).
    Mixed into a Peewee field with `sql_type` and `expression(db)`, the column's SQL."""

    sql_type: str

    @classmethod
    def expression(cls, db) -> str:
        raise NotImplementedError

    def ddl(self, ctx):
        db = self.model._meta.database
        return NodeList([Entity(self.column_name), SQL(self.sql_type), SQL(generated_clause(db, self.expression(db)))])


def has_column(db, column: str) -> bool:
    """Whether the contact table has the column (SQLite's table_info leaves generated columns out)."""
    if is_postgres(db):
        return column in {found.name for found in db.get_columns("contact")}
    return any(row[1] == column for row in db.execute_sql('PRAGMA table_xinfo("contact")').fetchall())


def add_column(db, column: str, field: type[GeneratedColumn]) -> None:
    """Add the generated column `field` makes to the contact table, unless a newer model made it already."""
    if not has_column(db, column):
        clause = generated_clause(db, field.expression(db))
        db.execute_sql(f'ALTER TABLE "contact" ADD COLUMN "{column}" {field.sql_type} {clause}')
