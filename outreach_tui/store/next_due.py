"""`next_due_on` in SQL: the column today's plan reads due contacts by (schema 9).

A generated column (`store.generated`): the database computes it from the contact's
own columns on every insert and update. The rule is `core.due_date`'s, with its
default numbers; the tests hold the two together.
"""

from __future__ import annotations

from peewee import DateField

from outreach_tui.core.due_date import STORED_RULES
from outreach_tui.core.vocab import CUSTOMER_RELATIONSHIPS
from outreach_tui.store.engines import is_postgres
from outreach_tui.store.generated import GeneratedColumn, add_column

NEXT_DUE_INDEX = "contact_value_due"  # schema 9 to 11: (value_cents, next_due_on)
# Schema 12: the dates a routine contact's score grows with too, so the plan tests from the
# index whether a due contact could reach its list (`store.routine_read`).
REACH_INDEX = "contact_value_reach"
REACH_INDEX_COLUMNS = ("value_cents", "next_due_on", "check_in_due_on", "last_purchase_on")


def next_due_sql(db) -> str:
    """`core.due_date.next_due_on` as a SQL expression over the contact row, for `db`'s engine."""
    months, recall = STORED_RULES.neglect_months, STORED_RULES.neglect_recall_days
    customers = ", ".join(f"'{relationship}'" for relationship in CUSTOMER_RELATIONSHIPS)
    if is_postgres(db):
        never, long_ago, least, greatest, false = "DATE '9999-12-31'", "DATE '1900-01-01'", "LEAST", "GREATEST", "false"
        neglect = f"(last_purchase_on + INTERVAL '{months} months')::date"  # clamped to the month's end
        recalled, day_after = f"last_touch_on + {recall}", "last_contact_on + 1"
    else:  # ISO text; SQLite's '+N months' runs past a short month's end, so clamp it by hand
        never, long_ago, least, greatest, false = "'9999-12-31'", "'1900-01-01'", "min", "max", "0"
        neglect = (f"min(date(last_purchase_on, '+{months} months'),"
                   f" date(last_purchase_on, 'start of month', '+{months + 1} months', '-1 day'))")
        recalled, day_after = f"date(last_touch_on, '+{recall} days')", "date(last_contact_on, '+1 day')"
    neglected = (f"CASE WHEN last_purchase_on IS NULL THEN {never}"
                 f" ELSE {greatest}({neglect}, COALESCE({recalled}, {long_ago})) END")
    base = (f"CASE WHEN next_touch_on IS NOT NULL THEN next_touch_on"
            f" WHEN COALESCE(relationship, '') IN ({customers})"
            f" THEN {least}(COALESCE(check_in_due_on, {never}), {neglected}) ELSE {never} END")
    reachable = (f"{greatest}({base}, COALESCE(snoozed_until, {long_ago}),"
                 f" COALESCE({day_after}, {long_ago}))")
    return (f"CASE WHEN COALESCE(do_not_contact, {false}) OR COALESCE(archived, {false}) THEN NULL"
            f" ELSE NULLIF({reachable}, {never}) END")


class NextDueField(GeneratedColumn, DateField):
    sql_type = "DATE"

    @classmethod
    def expression(cls, db) -> str:
        return next_due_sql(db)


def add_next_due(db) -> None:
    """9: the day each contact next falls due, and the index the plan reads due contacts by."""
    add_column(db, "next_due_on", NextDueField)
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{NEXT_DUE_INDEX}" ON "contact" ("value_cents", "next_due_on")')


def widen_due_index(db) -> None:
    """12: the due index also holds the check-in and purchase dates; the schema 9 index it
    covers goes (one index to keep up on every write, not two)."""
    columns = ", ".join(f'"{column}"' for column in REACH_INDEX_COLUMNS)
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{REACH_INDEX}" ON "contact" ({columns})')
    db.execute_sql(f'DROP INDEX IF EXISTS "{NEXT_DUE_INDEX}"')
