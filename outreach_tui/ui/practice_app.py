"""The full-screen practice: a small app of its own on a throw-away practice book.

It never opens the rep's store: `run_practice` builds the practice book in a temporary
folder, removed when the app ends. Each call adds a new customer (the next seed) to the
book, so a run of several calls ends with a practice hit ratio.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from outreach_tui.core.clock import Clock
from outreach_tui.core.cues import load_cue_templates
from outreach_tui.core.practice.call import start_call
from outreach_tui.core.scripts import load_scripts
from outreach_tui.store.models import database
from outreach_tui.store.practice_book import add_customer, open_practice_book, record_outcome
from outreach_tui.ui.prepare import prepare_call
from outreach_tui.ui.practice_debrief import DebriefScreen
from outreach_tui.ui.practice_screen import PracticeScreen


class PracticeApp(App[int]):
    CSS_PATH = ["styles/app.tcss", "styles/session.tcss", "styles/practice.tcss"]
    TITLE = "Outreach practice"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, scenario, seed: int, clock: Clock, rep: str, my_name: str) -> None:
        super().__init__()
        self.scenario = scenario
        self.first_seed = seed
        self.clock = clock
        self.rep = rep  # who the practice book's calls are saved under
        self.my_name = my_name  # the name the customer greets
        self.library = load_scripts(None)
        self.cue_templates = load_cue_templates(None)
        self.outcomes: list[str] = []
        self.call_number = 0
        self.call = self.customer = self.prepared = None
        self.recorded = ""

    def on_mount(self) -> None:
        self.next_call()

    def next_call(self) -> None:
        """A new customer (the next seed) in the practice book, and their call on screen."""
        seed = self.first_seed + self.call_number
        self.call_number += 1
        now = self.clock.now()
        self.call = start_call(self.scenario, seed, now.date(), self.my_name)
        self.customer = add_customer(self.scenario, self.call.persona, now.date())
        self.prepared = prepare_call(self.customer.item, now, self.rep, self.library, self.cue_templates,
                                     my_name=self.my_name)
        if self.call_number == 1:
            self.push_screen(PracticeScreen())
        else:
            self.switch_screen(PracticeScreen())

    def make_move(self, name: str) -> None:
        self.call = self.call.play(name)
        if self.call.outcome is None:
            self.screen.paint()
            return
        record_outcome(self.customer, self.call, self.clock.now(), self.rep)
        self.outcomes.append(self.call.outcome)
        decided = self.customer.quote_id is not None and self.call.outcome != "follow_up"
        self.recorded = ("quote marked " + self.call.outcome if decided else "call saved") + " in the practice book"
        self.switch_screen(DebriefScreen())


def run_practice(scenario, seed: int, clock: Clock, rep: str, my_name: str) -> int:
    """Run practice calls on a practice book of their own; the exit code (1 if the app crashed)."""
    with tempfile.TemporaryDirectory(prefix="outreach-practice-") as folder:
        open_practice_book(Path(folder) / "practice.db", seed, clock.today(), rep)
        try:
            app = PracticeApp(scenario, seed, clock, rep, my_name)
            app.run()
        finally:
            database.close()
    return app.return_code or 0
