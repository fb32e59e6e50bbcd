"""Small shared widgets and text helpers for the screens."""

from __future__ import annotations

from textual import work
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
    """One line across the top: the app, the screen, the day, the rep, and for a demo book its banner
    ("DEMO BOOK · built Mon 23 Nov · 3 calls made"). On a narrow terminal the app's name and the rep
    give way before the banner does."""

    def show(self, app, screen_name: str) -> None:
        self._app_shown, self._screen_name = app, screen_name
        self._fit()
        if app.demo and app.store_bound:  # the count of calls made, read again on every screen shown
            self._read_demo_facts()

    @work(thread=True, exclusive=True, group="demo-facts", exit_on_error=False)
    def _read_demo_facts(self) -> None:
        from outreach_tui.store.seed_ranges import demo_facts
        from outreach_tui.ui.workers import close_thread_connection

        try:
            facts = demo_facts()
        finally:
            close_thread_connection()
        self.app.call_from_thread(self._facts_read, facts)

    def _facts_read(self, facts) -> None:
        self._app_shown.demo_facts = facts
        if self.is_attached:
            self._fit()

    def on_resize(self) -> None:
        if hasattr(self, "_app_shown"):
            self._fit()

    def _fit(self) -> None:
        width = self.size.width or self._app_shown.size.width
        variants = self._variants(width)
        self.update(next((line for line in variants if line.cell_length <= width), variants[-1]))

    def _variants(self, width: int) -> list[Content]:
        """The line, fullest first."""
        app, today = self._app_shown, self._app_shown.clock.today()
        day = f"{today:%a} {today.day} {today:%b %Y}"
        rep = [" · ", ("rep ", "$text-muted"), one_line(app.rep, 30)] if app.rep else []
        full = [("Outreach", "bold"), " · ", self._screen_name, " · ", day, *rep]
        if not app.demo:
            return [Content.assemble(*full)]
        from outreach_tui.core.demo_tag import demo_tags

        from outreach_tui.core.demo_tag import DemoFacts

        # The head is chosen for the longest banner the book may come to, so it does not jump
        # when the facts arrive or a call is made.
        longest = demo_tags(DemoFacts(today, 999), today)[0]
        head = full if Content.assemble(*full).cell_length + len(longest) + 4 <= width else [
            self._screen_name, " · ", f"{today:%a} {today.day} {today:%b}"]
        return [Content.assemble(*head, "  ", (f" {tag} ", "bold reverse $warning"))
                for tag in demo_tags(app.demo_facts, today)]
