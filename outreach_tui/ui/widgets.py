"""Small shared widgets and text helpers for the screens."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from outreach_tui.core.text import one_line


def progress_bar(done: int, goal: int, width: int = 10) -> str:
    """'▰▰▱▱▱' for done out of goal, at most `width` marks (nothing when there is no goal)."""
    if goal <= 0:
        return ""
    marks = min(goal, width)
    filled = min(marks, round(marks * done / goal)) if done < goal else marks
    return "▰" * filled + "▱" * (marks - filled)


class TopBar(Static):
    """One line across the top: the app, the screen, the day, the rep (and DEMO for a demo book)."""

    def show(self, app, screen_name: str) -> None:
        today = app.clock.today()
        parts: list = [("Outreach", "bold"), " · ", screen_name, " · ", f"{today:%a} {today.day} {today:%b %Y}"]
        if app.rep:
            parts += [" · ", ("rep ", "$text-muted"), one_line(app.rep, 30)]
        if app.demo:
            parts += ["  ", (" DEMO BOOK — practice data ", "bold reverse $warning")]
        self.update(Content.assemble(*parts))
