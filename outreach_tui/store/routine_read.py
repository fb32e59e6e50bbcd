"""Routine calls read against the score to beat: band by band of value, page by page.

Today's plan reads the contacts due a check-in or neglected best value first and stops
once no one further down could still enter its list (`planner.merge_routine`). In a
book where few valuable contacts score high (check-ins only a little overdue), that
stop comes late: a million-contact book read and scored 187,000 of them. So once the
list is full, each page asks only for the contacts that could reach its last score
(`core.routine_reach`): in a band of values, a check-in overdue so many days, a last
purchase so long ago, and a name before the last place's when the score would only tie.
The band indexes (schema 13) lead with the band and a date, so the database seeks to
those contacts; the due index (schema 12) holds the dates beside the value, for the
pages read in value order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from peewee import SQL

from outreach_tui.core.planner import ContactFacts, PlanRules, ScoreToBeat
from outreach_tui.core.routine_reach import VALUE_BANDS, Step, ValueBand, reach_steps
from outreach_tui.store.connection import is_postgres
from outreach_tui.store.models import Contact, database

FIRST_PAGE = 64
LAST_PAGE = 4096  # pages grow fourfold while the list's last place stays where it was
TABLE = '"t1"'  # Peewee's alias of the one table a query selects from


def read_by_reach(select, today: date, rules: PlanRules, to_beat: ScoreToBeat | None,
                  fetch: Callable[[object], Iterable[ContactFacts]]) -> Iterator[ContactFacts]:
    """The contacts `select` finds (routine candidates) band by band of value from the top,
    leaving out those that cannot reach `to_beat` as it stands before each page; with None,
    all of them, best value first.

    Within a band the order is the page's way in (`_Page.way_in`): best value first while
    the list fills, then most neglected or most overdue first, so the last place rises
    fast. `merge_routine` keeps the best whatever the order. A band whose way in changes is
    read again from its start in the new order, leaving out whom it has already given.

    `select` is made into SQL once; each page adds its conditions as text (building a
    query in Peewee cost more than running it, with dozens of pages).
    """
    if to_beat is None:
        yield from fetch(select.order_by(Contact.value_cents.desc(), Contact.id))
        return
    base, base_params = select.sql()
    page_of = _Page(database.obj.param, is_postgres(database.obj))
    for number, band in enumerate(VALUE_BANDS):
        way, after, given = VALUE_ORDER, None, set()
        page = FIRST_PAGE
        while True:
            beat, reach, last_place = to_beat.score, None, (to_beat.score, to_beat.name)
            if beat is not None:
                steps = reach_steps(beat, band.bonus, today, rules)
                if band.ceiling() < beat or not steps:
                    return  # no one here, nor in the bands below, can enter
                reach = Reach(steps, reach_steps(round(beat + 0.1, 1), band.bonus, today, rules), to_beat.name)
            if (new_way := page_of.way_in(reach)) != way:
                way, after = new_way, None
            where, params = page_of.conditions(number, band, way, after, reach)
            read = 0
            for contact in fetch(SQL(f"{base} AND {where}{way.order} LIMIT {page}", [*base_params, *params])):
                read += 1
                after = way.key(contact)
                if contact.id not in given:
                    given.add(contact.id)
                    yield contact
            if read < page:
                break
            # A page's bounds are those of its start: once the last place moves, read a little
            # under the new ones rather than much under the old.
            moved = (to_beat.score, to_beat.name) != last_place
            page = FIRST_PAGE if moved else min(page * 4, LAST_PAGE)


@dataclass(frozen=True)
class WayIn:
    """An order to read a band in: by `column` (descending for the value), then id, which an
    index holds in that order, so a page starts where the last one stopped."""

    column: str
    descending: bool = False

    @property
    def order(self) -> str:
        return f' ORDER BY {TABLE}."{self.column}"{" DESC" if self.descending else ""}, {TABLE}."id"'

    def key(self, contact: ContactFacts) -> tuple:
        return getattr(contact, self.column), contact.id


VALUE_ORDER = WayIn("value_cents", descending=True)  # the due index (schema 12)
BY_PURCHASE = WayIn("last_purchase_on")  # the band indexes (schema 13)
BY_CHECK_IN = WayIn("check_in_due_on")


@dataclass(frozen=True)
class Reach:
    """Who could still enter: a contact who meets one of `beat` (reaches the score to beat)
    and comes before the last place by name (`name`, folded), or who meets one of `above`
    (beats the score outright: scores go in steps of 0.1). Most of those who reach the score
    only tie it, thousands of them in a big book; the name leaves them in the database."""

    beat: tuple[Step, ...]
    above: tuple[Step, ...]
    name: str | None


class _Page:
    """A page's conditions as SQL text and parameters, for one engine."""

    def __init__(self, param: str, postgres: bool):
        self.param, self.postgres = param, postgres
        # Names in code-point order, as Python compares them (PostgreSQL: the "C" collation).
        self.name = f'{TABLE}."search_name"' + (' COLLATE "C"' if postgres else "")

    def day(self, day: date):
        return day if self.postgres else day.isoformat()  # SQLite keeps days as ISO text

    def conditions(self, number: int, band: ValueBand, way: WayIn, after: tuple | None,
                   reach: Reach | None) -> tuple[str, list]:
        """Band `number`, after the last contact read in `way`'s order, and who could still enter
        (`reach`), tested where the index holds the columns (the name: on the row)."""
        p = self.param
        parts, params = [], []
        if way is VALUE_ORDER:
            value = f'{TABLE}."value_cents"'
            if band.low is not None:
                parts.append(f"{value} >= {p}")
                params.append(band.low)
            if band.high is not None:
                parts.append(f"{value} <= {p}")
                params.append(band.high)
        else:
            parts.append(f'{TABLE}."value_band" = {p}')
            params.append(number)
            bound = max(getattr(step, "bought_by" if way is BY_PURCHASE else "due_by") for step in reach.beat)
            parts.append(f'{TABLE}."{way.column}" <= {p}')
            params.append(self.day(bound))
        if after is not None:
            column, beyond = f'{TABLE}."{way.column}"', "<" if way.descending else ">"
            parts.append(f'{column} {beyond}= {p} AND ({column} {beyond} {p} OR {TABLE}."id" > {p})')
            last = self.day(after[0]) if isinstance(after[0], date) else after[0]
            params += [last, last, after[1]]
        for condition, values in self.entering(reach) if reach is not None else ():
            parts.append(condition)
            params += values
        return "(" + (" AND ".join(parts) or "1 = 1") + ")", params

    @staticmethod
    def way_in(reach: Reach | None) -> WayIn:
        """By a date when every step bounds it, so an index seeks to the few old enough: the last
        purchase's first (few are unbought that long), else the check-in's; by value otherwise
        (the list still filling, or its last place so low that most of the band comes in).
        One date only: the app never runs ANALYZE, so SQLite cannot tell which is narrower."""
        if reach is not None and reach.beat:
            for way, field in ((BY_PURCHASE, "bought_by"), (BY_CHECK_IN, "due_by")):
                if all(getattr(step, field) for step in reach.beat):
                    return way
        return VALUE_ORDER

    def entering(self, reach: Reach) -> list[tuple[str, list]]:
        """`reach` as conditions that must all hold (none: anyone in the band may enter). The
        steps stand alone, so the database tests them on the index before it reads a row."""
        beat = self.one_of(reach.beat)
        if beat is None or reach.name is None:
            return [beat] if beat is not None else []
        tie = (f"{self.name} <= {self.param}", [reach.name])
        if not reach.above:
            return [beat, tie]
        above = self.one_of(reach.above)
        if above is None:
            return [beat]
        return [beat, (f"({above[0]} OR {tie[0]})", [*above[1], *tie[1]])]

    def one_of(self, steps: tuple[Step, ...]) -> tuple[str, list] | None:
        """One of the steps met, None when one of them holds anyone."""
        if not all(step.due_by or step.bought_by for step in steps):
            return None
        either, params = [], []
        for step in steps:
            both = [(column, day) for column, day in (("check_in_due_on", step.due_by),
                                                      ("last_purchase_on", step.bought_by)) if day is not None]
            either.append(" AND ".join(f'{TABLE}."{column}" <= {self.param}' for column, _ in both))
            params += [self.day(day) for _, day in both]
        return "(" + " OR ".join(f"({one})" for one in either) + ")", params
