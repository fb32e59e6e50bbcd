"""What a card brought back, asked over the Cards screen (`b`): one of the responses (1–4 or
enter) and the day it came, today unless changed (any past-day phrase).

Its own module because the dialog is one small job with its own keys, apart from the queue
of cards it is asked over; `CardsScreen` pushes it and writes the answer.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from outreach_tui.core.dates import parse_past_day
from outreach_tui.core.review import RESPONSE_LABELS
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import CARD_RESPONSES


class ResponseScreen(ModalScreen["tuple[str, date] | None"]):
    """Pick what a card brought back (1–4 or enter) and the day it came (today unless changed)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="response.cancel"),
        *[Binding(str(n), f"pick({n})", RESPONSE_LABELS[r], show=False, id=f"response.{r}")
          for n, r in enumerate(CARD_RESPONSES, 1)],
    ]

    def __init__(self, who: str, today: date, current: str = "") -> None:
        super().__init__()
        self.who = who
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="response-dialog"):
            yield Static(Content.assemble("What did the card to ", (self.who, "bold"), " bring back?"),
                         classes="dialog-question")
            yield OptionList(*[Option(Content.assemble((f"{n} ", "bold $accent"), RESPONSE_LABELS[r]), id=r)
                               for n, r in enumerate(CARD_RESPONSES, 1)], id="response-options")
            yield Static(Content("On (today, yesterday, 3d ago, last fri, 2026-11-20):"), classes="hint")
            yield Input(self.today.isoformat(), id="response-date", compact=True)
            yield Static(Content("1–4 or enter picks · tab to change the day · escape cancels"),
                         id="response-reading", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#response-options", OptionList)
        options.highlighted = CARD_RESPONSES.index(self.current) if self.current in CARD_RESPONSES else 0
        options.focus()

    def _day(self) -> date | None:
        text = self.query_one("#response-date", Input).value
        try:
            return parse_past_day(text, self.today) if text.strip() else self.today
        except ValueError as exc:
            reading = self.query_one("#response-reading", Static)
            reading.update(Content(f"On: {one_line(exc, 160)}"))
            reading.set_class(True, "error")
            return None

    def _answer(self, response: str) -> None:
        day = self._day()
        if day is not None:
            self.dismiss((response, day))

    def action_pick(self, number: int) -> None:
        self._answer(CARD_RESPONSES[number - 1])

    @on(OptionList.OptionSelected, "#response-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._answer(event.option.id or CARD_RESPONSES[0])

    @on(Input.Submitted, "#response-date")
    def _submitted(self) -> None:
        options = self.query_one("#response-options", OptionList)
        option = options.highlighted_option
        self._answer(option.id if option is not None and option.id else CARD_RESPONSES[0])

    def action_cancel(self) -> None:
        self.dismiss(None)
