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

from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from peewee import SQL

from outreach_tui.core.plan_facts import ContactFacts
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.planner import ScoreToBeat
from outreach_tui.core.routine_reach import VALUE_BANDS, Step, ValueBand, reach_steps
from outreach_tui.store.engines import is_postgres
from outreach_tui.store.models import Contact, database

FIRST_PAGE = 64
LAST_PAGE = 4096  # pages grow fourfold while the list's last place stays where it was
TABLE = '"t1"'  # Peewee's alias of the one table a query selects from


def read_by_reach(select, today: date, rules: PlanRules, to_beat: ScoreToBeat | None,
                  fetch: Callable[[object], Iterable[ContactFacts]]) -> Iterator[ContactFacts]:
    """The contacts `select` finds (routine candidates) who could still reach `to_beat` as it
    stands before each page, each once; with None, all of them, best value first.

    While the list fills there is no score to beat: best value first, over every band. Then
    band by band from the top, each read by the ways in its staircase allows (`_Page.ways_in`):
    most neglected or most overdue first, so the last place rises fast. `merge_routine` keeps
    the best whatever the order.

    `select` is made into SQL once; each page adds its conditions as text (building a
    query in Peewee cost more than running it, with dozens of pages).
    """
    if to_beat is None:
        yield from fetch(select.order_by(Contact.value_cents.desc(), Contact.id))
        return
    reader = _Reader(select, fetch, to_beat)
    after, size = None, FIRST_PAGE
    while to_beat.score is None:
        read, after = yield from reader.page(VALUE_ORDER, None, None, after, None, size)
        if read < size:
            return  # every candidate is read
        size = min(size * 4, LAST_PAGE)
    for number, band in enumerate(VALUE_BANDS):
        if not (yield from reader.band(number, band, today, rules)):
            return


@contextmanager
def pages_in_index_order() -> Iterator[None]:
    """While a plan's routine calls are read: pages read down their index, not gathered whole
    and sorted (PostgreSQL; on SQLite, nothing to do).

    PostgreSQL guesses that a band page's many conditions leave a few dozen contacts in the
    band when thousands remain, so it would gather them all and sort them for the first 64
    (20 ms a page at 1M); with sorting forbidden it walks the index in the page's order and
    stops at the page's end. Every page, of a band or in value order, has an index in its
    order. Set once around the whole reading (`queries.ranked_items`), not around each page:
    two round trips a page cost ~0.5 ms each time.
    """
    if not is_postgres(database.obj):
        yield
        return
    database.execute_sql("SET enable_sort = off")
    try:
        yield
    finally:
        database.execute_sql("RESET enable_sort")


class _Reader:
    """One plan's reading: the query, the score to beat, and whom it has given already."""

    def __init__(self, select, fetch: Callable[[object], Iterable[ContactFacts]], to_beat: ScoreToBeat):
        self.base, self.base_params = select.sql()
        self.fetch, self.to_beat = fetch, to_beat
        self.conditions = _Page(database.obj.param, is_postgres(database.obj)).conditions
        self.given: set[int] = set()

    def page(self, way: WayIn, number: int | None, band: ValueBand | None, after: tuple | None,
             reach: Reach | None, size: int) -> Generator[ContactFacts, None, tuple[int, tuple | None]]:
        """Up to `size` rows in `way`'s order after `after`, giving those not given before;
        returns how many rows it read and where the next page starts."""
        where, params = self.conditions(number, band, way, after, reach)
        query = SQL(f"{self.base} AND {where}{way.order} LIMIT {size}", [*self.base_params, *params])
        read, last = 0, None
        for contact in self.fetch(query):
            read, last = read + 1, way.key(contact)
            if contact.id not in self.given:
                self.given.add(contact.id)
                yield contact
        return read, last

    def band(self, number: int, band: ValueBand, today: date, rules: PlanRules) -> Generator[ContactFacts, None, bool]:
        """Everyone in the band who could still enter; returns whether anyone below could."""
        after: dict[WayIn, tuple | None] = {}
        sizes: dict[WayIn, int] = {}
        done: set[WayIn] = set()
        while True:
            beat = self.to_beat.score
            steps = reach_steps(beat, band.bonus, today, rules)
            if band.ceiling() < beat or not steps:
                return False  # no one here, nor in the bands below, can enter
            reach = Reach(steps, reach_steps(round(beat + 0.1, 1), band.bonus, today, rules), self.to_beat.name)
            ways = [way for way in _Page.ways_in(reach) if way not in done]
            if not ways:
                return True
            way, last_place, size = ways[0], (beat, self.to_beat.name), sizes.get(ways[0], FIRST_PAGE)
            read, after[way] = yield from self.page(way, number, band, after.get(way), reach, size)
            if read < size:
                done.add(way)  # tighter bounds later find no more than these did
            # A page's bounds are those of its start: once the last place moves, read a little
            # under the new ones rather than much under the old.
            moved = (self.to_beat.score, self.to_beat.name) != last_place
            sizes[way] = FIRST_PAGE if moved else min(size * 4, LAST_PAGE)


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

    def conditions(self, number: int | None, band: ValueBand | None, way: WayIn, after: tuple | None,
                   reach: Reach | None) -> tuple[str, list]:
        """Band `number` (None: every band), after the last contact read in `way`'s order, and who
        could still enter (`reach`), tested where the index holds the columns (the name: on the row)."""
        p = self.param
        parts, params = [], []
        if way is VALUE_ORDER:
            for bound, sign in ((band and band.low, ">="), (band and band.high, "<=")):
                if bound is not None:
                    parts.append(f'{TABLE}."value_cents" {sign} {p}')
                    params.append(bound)
        else:
            purchase = way is BY_PURCHASE
            parts.append(f'{TABLE}."value_band" = {p} AND {TABLE}."{way.column}" <= {p}')
            params += [number, self.day(max(step.bought_by if purchase else step.due_by for step in reach.beat
                                            if bool(step.bought_by) == purchase))]
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
    def ways_in(reach: Reach) -> list[WayIn]:
        """How to read a band so that an index seeks to the few old enough: by the last purchase
        for the steps that bound it, by the check-in for the steps that bound only that; by
        value, within the band, when a step holds anyone (its last place is that low)."""
        if any(step.holds_anyone for step in reach.beat):
            return [VALUE_ORDER]
        return [way for way, wanted in ((BY_PURCHASE, True), (BY_CHECK_IN, False))
                if any(bool(step.bought_by) == wanted for step in reach.beat)]

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
        if any(step.holds_anyone for step in steps):
            return None
        either, params = [], []
        for step in steps:
            both = [(column, day) for column, day in (("check_in_due_on", step.due_by),
                                                      ("last_purchase_on", step.bought_by)) if day is not None]
            either.append(" AND ".join(f'{TABLE}."{column}" <= {self.param}' for column, _ in both))
            params += [self.day(day) for _, day in both]
        return "(" + " OR ".join(f"({one})" for one in either) + ")", params
