"""The outcome area: one key per outcome, notes, their view, next touch, away, referrals, card.

Picking an outcome never saves; the screen's ctrl+s does. The form only holds what
was typed (`draft()`), reads date phrases live and shows errors inline.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import AwaitMount
from textual.widgets import Input, Label, Static, TextArea

from outreach_tui.core.dates import parse_next_touch
from outreach_tui.core.vocab import OUTCOME_LABELS, OUTCOMES
from outreach_tui.ui.draft import (
    CARD_LABELS,
    CallDraft,
    default_next_touch_hint,
    describe_date,
    next_card,
)

TEXT_FIELDS = (Input, TextArea)


OUTCOME_CELL = 18  # columns one outcome takes: its key, its label and a gap


def outcomes_content(picked: str | None, columns: int = 2) -> Content:
    """The outcomes in `columns` columns, one key each, the picked one highlighted; each is clickable."""
    cells: list[Content] = []
    for number, outcome in enumerate(OUTCOMES, 1):
        label = f" {OUTCOME_LABELS[outcome]} "
        chosen = outcome == picked
        cells.append(Content.assemble(
            (f"{number}", "bold reverse $accent" if chosen else "bold $accent"),
            (label, "bold reverse $accent" if chosen else ""),
        ).stylize(f"@click=screen.outcome({number})").pad_right(max(0, OUTCOME_CELL - len(label) - 1)))
    rows = -(-len(cells) // max(columns, 1))
    return Content("\n").join(Content("").join(cells[row::rows]) for row in range(rows))


class ReferralRow(Horizontal):
    def __init__(self, number: int, name: str = "", how: str = "") -> None:
        super().__init__(classes="referral-row")
        self.number = number
        self.initial = (name, how)

    def compose(self) -> ComposeResult:
        name, how = self.initial
        yield Input(name, placeholder="name", id=f"referral-name-{self.number}", compact=True,
                    select_on_focus=False, classes="referral-name")
        yield Input(how, placeholder="phone or email", id=f"referral-how-{self.number}", compact=True,
                    select_on_focus=False,
                    classes="referral-how")

    def values(self) -> tuple[str, str]:
        return (
            self.query_one(f"#referral-name-{self.number}", Input).value,
            self.query_one(f"#referral-how-{self.number}", Input).value,
        )


class OutcomeForm(VerticalScroll):
    can_focus = False

    class Edited(Message):
        """Something in the form changed: the session keeps the call as a draft."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.outcome: str | None = None
        self.card_kind: str | None = None
        self.today: date | None = None
        self.cadence_days = 90
        self._referrals = 0
        self._columns = 2  # of outcomes: as many as the form's width holds (two rows on a wide form)

    def compose(self) -> ComposeResult:
        yield Static(outcomes_content(None), id="outcomes")
        yield Static(Content(""), id="form-message")
        yield Label(Content.assemble("Notes ", ("n", "bold $accent")), classes="field-label")
        yield TextArea(id="notes", compact=True, soft_wrap=True, tab_behavior="focus",
                       placeholder="what they said, what you promised")
        yield Label(Content.assemble("How did it go for them? ", ("t", "bold $accent")), classes="field-label")
        yield Input(id="their-view", compact=True, select_on_focus=False, placeholder="their mood, what they valued")
        yield Label(Content.assemble("Next touch ", ("d", "bold $accent")), classes="field-label")
        yield Input(id="next-touch", compact=True, select_on_focus=False, placeholder="+3w, 90d, next fri, 2026-12-01")
        yield Static(Content(""), id="next-touch-reading", classes="reading")
        with Vertical(id="away"):
            yield Label("Out of office — where are they?", classes="field-label")
            yield Input(id="away-place", compact=True, select_on_focus=False, placeholder="e.g. Mexico")
            yield Label("Why?", classes="field-label")
            yield Input(id="away-why", compact=True, select_on_focus=False, placeholder="e.g. family vacation")
            yield Label("Back on", classes="field-label")
            yield Input(id="away-back", compact=True, select_on_focus=False, placeholder="e.g. next mon, +2w, 2026-12-07")
            yield Static(Content(""), id="away-back-reading", classes="reading")
        yield Label(Content.assemble("Referrals ", ("r", "bold $accent"), (" adds one", "$text-muted")),
                    classes="field-label")
        yield Vertical(id="referrals")
        yield Static(Content(""), id="card-choice")

    # --- per call -------------------------------------------------------------------

    def reset(self, today: date, default_card: str | None, cadence_days: int) -> None:
        self.today = today
        self.outcome = None
        self.card_kind = default_card
        self.cadence_days = cadence_days
        self.query_one("#notes", TextArea).text = ""
        for field_id in ("their-view", "next-touch", "away-place", "away-why", "away-back"):
            self.query_one(f"#{field_id}", Input).value = ""
        self.query_one("#referrals", Vertical).remove_children()
        self.query_one("#away").display = False
        self.show_message("")
        self._paint_outcomes()
        self._paint_card()
        self._read_next_touch("")
        self._read_away_back("")
        self.scroll_home(animate=False)

    def pick(self, outcome: str) -> None:
        self.outcome = outcome  # the card chosen stays whatever the outcome: only c changes it
        away = self.query_one("#away")
        away.display = outcome == "out_of_office"
        if away.display:
            # Where, why and back-on are what the rep types next: go straight there.
            self.screen.set_focus(self.query_one("#away-place", Input))  # at once: before the keys typed next
            self.call_after_refresh(self.scroll_to_widget, away, animate=False, top=True)
        self.show_message("")
        self._paint_outcomes()
        self._paint_card()
        self._read_next_touch(self.query_one("#next-touch", Input).value)
        self.post_message(self.Edited())

    def restore(self, draft: CallDraft) -> None:
        """Put back a call kept as a draft (after a crash), every field as it was typed."""
        if draft.outcome is not None:
            self.pick(draft.outcome)
        self.card_kind = draft.card_kind
        self._paint_card()
        notes = self.query_one("#notes", TextArea)
        notes.text = draft.notes
        notes.move_cursor(notes.document.end)
        for field_id, value in (("their-view", draft.their_view), ("next-touch", draft.next_touch),
                                ("away-place", draft.away_place), ("away-why", draft.away_why),
                                ("away-back", draft.away_back)):
            self.query_one(f"#{field_id}", Input).value = value
        for name, how in draft.referrals:
            self.add_referral(name, how)

    def set_cadence(self, days: int) -> None:
        """The contact's cadence, once their card is loaded: it words the empty next-touch hint."""
        self.cadence_days = days
        self._read_next_touch(self.query_one("#next-touch", Input).value)

    def cycle_card(self) -> None:
        self.card_kind = next_card(self.card_kind)
        self._paint_card()
        self.scroll_to_widget(self.query_one("#card-choice"), animate=False)
        self.post_message(self.Edited())

    def add_referral(self, name: str = "", how: str = "") -> AwaitMount:
        """A new referral row (ids never reused, so a row being removed can't clash);
        awaiting what this returns waits until the row is there."""
        self._referrals += 1
        mounted = self.query_one("#referrals", Vertical).mount(ReferralRow(self._referrals, name, how))
        self.post_message(self.Edited())
        return mounted

    def draft(self) -> CallDraft:
        return CallDraft(
            outcome=self.outcome,
            notes=self.query_one("#notes", TextArea).text,
            their_view=self.query_one("#their-view", Input).value,
            next_touch=self.query_one("#next-touch", Input).value,
            away_place=self.query_one("#away-place", Input).value,
            away_why=self.query_one("#away-why", Input).value,
            away_back=self.query_one("#away-back", Input).value,
            referrals=[row.values() for row in self.query(ReferralRow)],
            card_kind=self.card_kind,
        )

    # --- showing ----------------------------------------------------------------------

    def show_message(self, text: str, error: bool = False, reveal: bool = True) -> None:
        message = self.query_one("#form-message", Static)
        message.update(Content(text))
        message.set_class(error, "error")
        message.display = bool(text)
        if text and reveal:
            self.call_after_refresh(self.scroll_to_widget, message, animate=False)

    def _paint_outcomes(self) -> None:
        self.query_one("#outcomes", Static).update(outcomes_content(self.outcome, self._columns))

    def on_resize(self) -> None:
        columns = max(1, min(4, self.scrollable_content_region.width // OUTCOME_CELL))
        if columns != self._columns:
            self._columns = columns
            self._paint_outcomes()

    def _paint_card(self) -> None:
        label = CARD_LABELS.get(self.card_kind, self.card_kind or "none")
        self.query_one("#card-choice", Static).update(Content.assemble(
            "Card to send ", ("c", "bold $accent"), "  ", (label, "bold"),
        ))

    def _reading(self, widget_id: str, text: str, empty_hint: str, after_today: bool = False) -> None:
        reading = self.query_one(widget_id, Static)
        if self.today is None:
            return
        if not text.strip():
            reading.update(Content(empty_hint))
            reading.set_class(False, "error")
            return
        try:
            when = parse_next_touch(text, self.today)
            if after_today and when <= self.today:
                raise ValueError("the return date must be after today")
        except ValueError as exc:
            reading.update(Content(str(exc)))
            reading.set_class(True, "error")
            return
        reading.update(Content("→ " + describe_date(when, self.today)))
        reading.set_class(False, "error")

    def _read_next_touch(self, text: str) -> None:
        if self.today is not None:
            hint = default_next_touch_hint(self.outcome, self.today, self.cadence_days)
            self._reading("#next-touch-reading", text, hint)

    def _read_away_back(self, text: str) -> None:
        self._reading("#away-back-reading", text, "the day they return: their welcome-back call goes on the plan",
                      after_today=True)


    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self) -> None:
        self.post_message(self.Edited())

    @on(Input.Changed, "#next-touch")
    def _next_touch_changed(self, event: Input.Changed) -> None:
        self._read_next_touch(event.value)

    @on(Input.Changed, "#away-back")
    def _away_back_changed(self, event: Input.Changed) -> None:
        self._read_away_back(event.value)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
