"""Plain-terminal tables for the commands that print instead of opening the app.

Every cell is a `rich.text.Text`, so contact text prints literally: a name like
`[bold]x[/]` shows as typed, and escape sequences are stripped first.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import REASON_LABELS


def _cell(value: object, limit: int | None = None) -> Text:
    return Text(one_line(value, limit=limit))


def _console() -> Console:
    """A terminal's own width; a pipe gets lines wide enough not to fold rows."""
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=False, width=max(console.width, 160))
    return console


def print_plan(plan, session_minutes: int | None = None) -> None:
    console = _console()
    if not plan.items:
        console.print(Text(f"Nothing due on {plan.today.isoformat()}: a good day to find new clients."))
        return
    counts = ", ".join(f"{REASON_LABELS[reason].lower()} {n}" for reason, n in plan.counts.items())
    console.print(Text(f"Today, {plan.today:%a %d %b %Y}: {plan.total} to reach ({counts})"))
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for column, justify in (("#", "right"), ("Name", "left"), ("Why", "left"), ("Score", "right"), ("Detail", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for number, item in enumerate(plan.items, 1):
        table.add_row(
            Text(str(number)),
            _cell(item.name, 40),
            Text(", ".join(item.reasons)),
            Text(f"{item.score:.1f}"),
            _cell(item.detail),
        )
    console.print(table)
    from outreach_tui.core.plan_order import too_many_moments

    crowded = too_many_moments(plan.dated, session_minutes) if session_minutes else None
    if crowded:
        console.print(Text(f"{crowded}: lengthen the session to reach them all."))
    if plan.total > len(plan.items):
        console.print(Text(f"… and {plan.total - len(plan.items)} more (use --limit 0 to see all)."))


def print_contacts(rows: list[dict]) -> None:
    console = _console()
    if not rows:
        console.print(Text("No contacts match."))
        return
    table = Table(show_edge=False, pad_edge=False)
    for column in ("ID", "Name", "Company", "Relationship", "Phone", "Email"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            Text(str(row["id"])),
            _cell(row["name"], 40),
            _cell(row["company"], 40),
            Text(row["relationship"]),
            _cell(row["phone"]),
            _cell(row["email"]),
        )
    console.print(table)
    console.print(Text(f"{len(rows)} contact{'s' if len(rows) != 1 else ''}."))


def print_quotes(rows) -> None:
    """`outreach quotes`: one row per quote (`store.quotes.QuoteRow`), oldest sent first."""
    from outreach_tui.core.money import format_money

    console = _console()
    if not rows:
        console.print(Text("No quotes."))
        return
    table = Table(show_edge=False, pad_edge=False)
    for column, justify in (("ID", "right"), ("Contact", "left"), ("What", "left"), ("Amount", "right"),
                            ("Sent", "left"), ("Status", "left"), ("Decided", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(
            Text(str(row.id)),
            _cell(row.contact_name, 40),
            _cell(row.description, 60),
            Text(format_money(row.amount_cents)),
            Text(row.sent_on.isoformat()),
            Text(row.status),
            Text(row.decided_on.isoformat() if row.decided_on else ""),
        )
    console.print(table)
    console.print(Text(f"{len(rows)} quote{'s' if len(rows) != 1 else ''}."))
