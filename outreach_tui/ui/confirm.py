"""Small modal questions: yes/no, and a date phrase (for snoozing)."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from outreach_tui.core.dates import parse_next_touch
from outreach_tui.ui.draft import describe_date


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; `y` confirms, `n` or escape declines."""

    YES_KEY = "y"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "Go back") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-question")
            yield Static(
                Content.assemble((self.YES_KEY, "bold $accent"), f" {self.yes}    ", ("n", "bold $accent"), f" {self.no}"),
                classes="dialog-keys",
            )
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class OfferScreen(ConfirmScreen, inherit_bindings=False):
    """A question whose usual answer is yes: `enter` (or `y`) accepts, `n` or escape declines."""

    YES_KEY = "enter"
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", id="offer.yes"),
        Binding("n,escape", "answer(False)", "No", id="offer.no"),
    ]


class DateScreen(ModalScreen["date | None"]):
    """Ask for a date phrase, read it live; enter accepts a valid date, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="date.cancel")]

    def __init__(self, question: str, today: date, placeholder: str = "e.g. next mon, +2w, 2026-12-01") -> None:
        super().__init__()
        self.question = question
        self.today = today
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-question")
            yield Input(placeholder=self.placeholder, id="date-phrase")
            yield Static(Content("enter to confirm · escape to cancel"), id="date-reading", classes="hint")
        yield Footer()

    def _read(self, text: str) -> date | None:
        reading = self.query_one("#date-reading", Static)
        if not text.strip():
            reading.update(Content("enter to confirm · escape to cancel"))
            reading.set_class(False, "error")
            return None
        try:
            when = parse_next_touch(text, self.today)
        except ValueError as exc:
            reading.update(Content(str(exc)))
            reading.set_class(True, "error")
            return None
        if when <= self.today:
            reading.update(Content("pick a day after today"))
            reading.set_class(True, "error")
            return None
        reading.update(Content("→ " + describe_date(when, self.today)))
        reading.set_class(False, "error")
        return when

    @on(Input.Changed, "#date-phrase")
    def _changed(self, event: Input.Changed) -> None:
        self._read(event.value)

    @on(Input.Submitted, "#date-phrase")
    def _submitted(self, event: Input.Submitted) -> None:
        when = self._read(event.value)
        if when is not None:
            self.dismiss(when)

    def action_cancel(self) -> None:
        self.dismiss(None)
