"""Plain-terminal tables for the commands that print instead of opening the app.

Every cell is a `rich.text.Text`, so contact text prints literally: a name like
`[bold]x[/]` shows as typed, and escape sequences are stripped first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import REASON_LABELS


def _cell(value: object, limit: int | None = None) -> Text:
    return Text(one_line(value, limit=limit))


@dataclass(frozen=True)
class Column:
    """A column of a printed table, and how it gives way when the terminal is narrow."""

    title: str
    justify: str = "left"
    whole: bool = False  # a value cut or split is a wrong value (a phone, an email, a number): never shrunk
    drop: int = 0  # when the table cannot fit, the highest goes first; 0: never dropped
    least: int = 8  # a shrinking column is cut (with "…") down to this, no further
    wraps: bool = False  # free text, wrapped at spaces (a word longer than the column is cut)


SEPARATOR = 3  # " │ " between two columns


def _widths(columns: list[Column], rows: list[list[Text]], width: int) -> dict[int, int]:
    """Each kept column's width: whole ones at their widest value, the others sharing what is
    left, the widest cut first; dropping the least important while the rest cannot fit."""
    natural = [max([len(column.title), *(row[at].cell_len for row in rows)]) for at, column in enumerate(columns)]
    kept = list(range(len(columns)))
    while True:
        whole = [at for at in kept if columns[at].whole]
        shrinking = sorted((at for at in kept if not columns[at].whole), key=lambda at: natural[at])
        room = width - sum(natural[at] for at in whole) - SEPARATOR * (len(kept) - 1)
        widths = {at: natural[at] for at in whole}
        for done, at in enumerate(shrinking):  # the narrow ones whole, the wide ones share the rest
            widths[at] = min(natural[at], max(room, 0) // (len(shrinking) - done))
            room -= widths[at]
        fits = room >= 0 and all(widths[at] >= min(columns[at].least, natural[at]) for at in shrinking)
        droppable = [at for at in kept if columns[at].drop]
        if fits:
            return widths
        if droppable:
            kept.remove(max(droppable, key=lambda at: columns[at].drop))
            continue
        # Still too wide with nothing left to drop: the widest value kept whole goes (never the
        # first column, the row's number), rather than be cut into a wrong value.
        whole_after_first = [at for at in kept[1:] if columns[at].whole]
        if not whole_after_first:
            return widths
        kept.remove(max(whole_after_first, key=lambda at: natural[at]))


def _fitted(console: Console, columns: list[Column], rows: list[list[Text]]) -> Table:
    """A table within the console's width that never splits a value inside a word."""
    widths = _widths(columns, rows, console.width)
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for at, column in enumerate(columns):
        if at in widths:
            table.add_column(column.title, justify=column.justify, width=widths[at], no_wrap=not column.wraps,
                             overflow="ellipsis")
    for row in rows:
        table.add_row(*(cell for at, cell in enumerate(row) if at in widths))
    return table


def _console() -> Console:
    """A terminal's own width; a pipe gets lines wide enough not to fold rows."""
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=False, width=max(console.width, 160))
    return console


def print_plan(plan, session_minutes: int | None = None, console: Console | None = None) -> None:
    console = console or _console()
    if not plan.items:
        console.print(Text(f"Nothing due on {plan.today.isoformat()}: a good day to find new clients."))
        return
    counts = ", ".join(f"{REASON_LABELS[reason].lower()} {n}" for reason, n in plan.counts.items())
    console.print(Text(f"Today, {plan.today:%a %d %b %Y}: {plan.total} to reach ({counts})"))
    columns = [Column("#", "right", whole=True), Column("Name", least=12), Column("Why", drop=2, least=10),
               Column("Score", "right", whole=True, drop=1), Column("Detail", least=20, wraps=True)]
    rows = [[Text(str(number)), _cell(item.name, 40), Text(", ".join(item.reasons)), Text(f"{item.score:.1f}"),
             _cell(item.detail)] for number, item in enumerate(plan.items, 1)]
    console.print(_fitted(console, columns, rows))
    from outreach_tui.core.plan_order import too_many_moments

    crowded = too_many_moments(plan.dated, session_minutes) if session_minutes else None
    if crowded:
        console.print(Text(f"{crowded}: lengthen the session to reach them all."))
    if plan.total > len(plan.items):
        console.print(Text(f"… and {plan.total - len(plan.items)} more (use --limit 0 to see all)."))


def print_contacts(rows: list[dict], console: Console | None = None) -> None:
    console = console or _console()
    if not rows:
        console.print(Text("No contacts match."))
        return
    columns = [Column("ID", whole=True), Column("Name", least=12), Column("Company", drop=2),
               Column("Relationship", whole=True, drop=3), Column("Phone", whole=True, drop=1),
               Column("Email", whole=True)]
    cells = [[Text(str(row["id"])), _cell(row["name"], 40), _cell(row["company"], 40), Text(row["relationship"]),
              _cell(row["phone"]), _cell(row["email"])] for row in rows]
    console.print(_fitted(console, columns, cells))
    console.print(Text(f"{len(rows)} contact{'s' if len(rows) != 1 else ''}."))


def print_quotes(rows, console: Console | None = None) -> None:
    """`outreach quotes`: one row per quote (`store.quotes.QuoteRow`), oldest sent first."""
    from outreach_tui.core.money import format_money

    console = console or _console()
    if not rows:
        console.print(Text("No quotes."))
        return
    columns = [Column("ID", "right", whole=True), Column("Contact", least=12), Column("What", least=12, wraps=True),
               Column("Amount", "right", whole=True), Column("Sent", whole=True, drop=1),
               Column("Status", whole=True), Column("Decided", whole=True, drop=2)]
    cells = [[Text(str(row.id)), _cell(row.contact_name, 40), _cell(row.description, 60),
              Text(format_money(row.amount_cents)), Text(row.sent_on.isoformat()), Text(row.status),
              Text(row.decided_on.isoformat() if row.decided_on else "")] for row in rows]
    console.print(_fitted(console, columns, cells))
    console.print(Text(f"{len(rows)} quote{'s' if len(rows) != 1 else ''}."))
