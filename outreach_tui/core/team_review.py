"""The team's week, a row per rep: what a manager reads at the weekly group talk.

Each row holds the very numbers of that rep's own review (`review --rep NAME`), so the
rows and the reps' reviews never disagree. Quotes carry no rep: a decided quote counts
for the rep who last reached its customer before the answer came.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach_tui.core.text import one_line


@dataclass(frozen=True)
class RepRow:
    rep: str
    calls: int
    connected: int
    notes_written: int
    cards_mailed: int
    quotes_won: int
    quotes_lost: int

    @property
    def hit_ratio(self) -> float | None:
        decided = self.quotes_won + self.quotes_lost
        return self.quotes_won / decided if decided else None

    def as_json(self) -> dict:
        ratio = self.hit_ratio
        return {"rep": self.rep, "calls": self.calls, "connected": self.connected,
                "notes_written": self.notes_written, "cards_mailed": self.cards_mailed,
                "quotes_won": self.quotes_won, "quotes_lost": self.quotes_lost,
                "hit_ratio": None if ratio is None else round(ratio, 4)}


HEADER = ("Rep", "Calls", "Connected", "Notes", "Mailed", "Won", "Lost", "Hit")


def rep_cells(row: RepRow) -> tuple[str, ...]:
    """A row's cells as shown (the printed review and the app's review screen)."""
    ratio = row.hit_ratio
    return (one_line(row.rep, 16), str(row.calls), str(row.connected), str(row.notes_written),
            str(row.cards_mailed), str(row.quotes_won), str(row.quotes_lost),
            "—" if ratio is None else f"{ratio:.0%}")


def table_lines(rows: list[RepRow]) -> list[str]:
    """The header and a line per rep, columns aligned (the printed review and the app's screen)."""
    table = [HEADER] + [rep_cells(row) for row in rows]
    widths = [max(len(cells[n]) for cells in table) for n in range(len(HEADER))]
    return ["  ".join(cell.ljust(widths[0]) if n == 0 else cell.rjust(widths[n]) for n, cell in enumerate(cells))
            for cells in table]


def render_by_rep(rows: list[RepRow]) -> str:
    """The rows as plain text, within 80 columns."""
    if not rows:
        return "By rep\n  no one worked this week\n"
    return "By rep\n" + "".join(f"  {line}\n" for line in table_lines(rows))


def match_rep(given: str, known: list[str]) -> str | None:
    """The known rep `given` names, case aside ("Ann" is "ann"); None if no rep is called that."""
    wanted = given.casefold()
    return next((rep for rep in known if rep.casefold() == wanted), None)
