"""Routine calls read against the score to beat: band by band of value, page by page.

Today's plan reads the contacts due a check-in or neglected best value first and stops
once no one further down could still enter its list (`planner.merge_routine`). In a
book where few valuable contacts score high (check-ins only a little overdue), that
stop comes late: a million-contact book read and scored 187,000 of them. So once the
list is full, each page asks only for the contacts that could reach its last score
(`core.routine_reach`): in a band of values, a check-in overdue so many days, a last
purchase so long ago. The due index holds those dates beside the value (schema 12),
so the database tests them on the index and fetches only rows that could enter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from peewee import SQL

from outreach_tui.core.planner import ContactFacts, PlanRules, ScoreToBeat
from outreach_tui.core.routine_reach import VALUE_BANDS, Step, ValueBand, reach_steps
from outreach_tui.store.connection import is_postgres
from outreach_tui.store.models import Contact, database

FIRST_PAGE = 64
LAST_PAGE = 4096  # pages grow fourfold while the list is not yet full
TABLE = '"t1"'  # Peewee's alias of the one table a query selects from


def read_by_reach(select, today: date, rules: PlanRules, to_beat: ScoreToBeat | None,
                  fetch: Callable[[object], Iterable[ContactFacts]]) -> Iterator[ContactFacts]:
    """The contacts `select` finds (routine candidates), best value first, leaving out those
    that cannot reach `to_beat` as it stands before each page; all of them with None.

    `select` is made into SQL once; each page adds its conditions as text (building a
    query in Peewee cost more than running it, with dozens of pages).
    """
    order = f" ORDER BY {TABLE}.\"value_cents\" DESC, {TABLE}.\"id\""
    if to_beat is None:
        yield from fetch(select.order_by(Contact.value_cents.desc(), Contact.id))
        return
    base, base_params = select.sql()
    page_of = _Page(database.obj.param, is_postgres(database.obj))
    for band in VALUE_BANDS:
        after: tuple[int, int] | None = None
        page = FIRST_PAGE
        while True:
            beat = to_beat.score
            steps = None
            if beat is not None:
                steps = reach_steps(beat, band.bonus, today, rules)
                if band.ceiling() < beat or not steps:
                    return  # no one here, nor in the bands below, can enter
            where, params = page_of.conditions(band, after, steps)
            read = 0
            for contact in fetch(SQL(f"{base} AND {where}{order} LIMIT {page}", [*base_params, *params])):
                read += 1
                after = (contact.value_cents, contact.id)
                yield contact
            if read < page:
                break
            page = min(page * 4, LAST_PAGE)


class _Page:
    """A page's conditions as SQL text and parameters, for one engine."""

    def __init__(self, param: str, postgres: bool):
        self.param, self.postgres = param, postgres

    def day(self, day: date):
        return day if self.postgres else day.isoformat()  # SQLite keeps days as ISO text

    def conditions(self, band: ValueBand, after: tuple[int, int] | None,
                   steps: tuple[Step, ...] | None) -> tuple[str, list]:
        """The band's values below the last contact read (value descending, then id), and one of
        the steps met, in columns the due index holds."""
        p, value = self.param, f'{TABLE}."value_cents"'
        parts, params = [], []
        if band.low is not None:
            parts.append(f"{value} >= {p}")
            params.append(band.low)
        if after is not None:
            parts.append(f'{value} <= {p} AND ({value} < {p} OR {TABLE}."id" > {p})')
            params += [after[0], after[0], after[1]]
        elif band.high is not None:
            parts.append(f"{value} <= {p}")
            params.append(band.high)
        if steps is not None and all(step.due_by or step.bought_by for step in steps):  # else: anyone may
            either = []
            for step in steps:
                both = [(column, day) for column, day in (("check_in_due_on", step.due_by),
                                                          ("last_purchase_on", step.bought_by)) if day is not None]
                either.append(" AND ".join(f'{TABLE}."{column}" <= {p}' for column, _ in both))
                params += [self.day(day) for _, day in both]
            parts.append("(" + " OR ".join(f"({one})" for one in either) + ")")
        return "(" + (" AND ".join(parts) or "1 = 1") + ")", params
