"""A modal form of a few labelled fields, used wherever the rep types a record's details
(the Contacts screen's edits, a new contact, a touch, a quote's answer on the call screen).

The typed text is checked by a function of `core` (`core.contact_fields`,
`core.record_fields`); each problem shows under its field and nothing is answered
until all are right. Its look is in app.tcss, so any screen can ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static, TextArea

from outreach_tui.core.text import one_line

WRAP_LIMIT = 20_000  # characters a form's text area still wraps


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    value: str = ""
    hint: str = ""
    multiline: bool = False
    kept: str = ""  # stored text after `value` that the form does not hold (a huge note's rest), kept as it is


class FormScreen(ModalScreen["dict | None"]):
    """A few labelled fields; ctrl+s checks them and either answers the values or says what is wrong.

    `check` turns {field: typed text} into (values, {field: problem}); each problem shows
    under its field and the form stays open, so nothing is saved until all are right.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, title: str, fields: list[FormField], check: Callable[[dict[str, str]], tuple]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog contact-form"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-question")
            with VerticalScroll(classes="form-fields"):
                for field in self.fields:
                    yield Static(Content(field.label), classes="form-label")
                    if field.multiline:
                        # Wrapping a huge note would stall the form; such a note scrolls sideways instead.
                        yield TextArea(field.value, id=f"field-{field.name}", compact=True, classes="form-text",
                                       soft_wrap=len(field.value) <= WRAP_LIMIT)
                    else:
                        yield Input(field.value, id=f"field-{field.name}", compact=True)
                    error = Static(Content(""), id=f"error-{field.name}", classes="form-error error")
                    error.display = False
                    yield error
                    if field.hint:
                        yield Static(Content(field.hint), classes="hint form-hint")
            yield Static(Content("ctrl+s saves · escape cancels"), classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].name}").focus()

    def texts(self) -> dict[str, str]:
        typed = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            typed[field.name] = widget.text if isinstance(widget, TextArea) else widget.value
        return typed

    def action_save(self) -> None:
        values, problems = self.check(self.texts())
        for field in self.fields:
            error = self.query_one(f"#error-{field.name}", Static)
            problem = problems.get(field.name, "")
            error.update(Content(f"{field.label.rstrip(':')}: {one_line(problem, 200)}" if problem else ""))
            error.display = bool(problem)
        if problems:
            first = next(field for field in self.fields if field.name in problems)
            self.query_one(f"#field-{first.name}").focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
