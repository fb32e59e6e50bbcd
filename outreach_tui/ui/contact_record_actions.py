"""What the Contacts screen (F2) records besides edits: a new contact, a touch made
outside a session, and a quote's answer. Mixed into `ContactsScreen`, whose
`_ask`/`store_change` run each checked form's write in a worker."""

from __future__ import annotations

from outreach_tui.core.record_fields import check_new_contact, check_touch
from outreach_tui.core.vocab import CHANNELS, OUTCOMES, REASONS, RELATIONSHIPS
from outreach_tui.ui.form_screen import FormField, FormScreen

NEW_CONTACT_FORM = (
    ("name", "Name", ""),
    ("company", "Company", ""),
    ("title", "Title", ""),
    ("phone", "Phone", ""),
    ("email", "Email", ""),
    ("relationship", "Relationship", ", ".join(RELATIONSHIPS) + "; empty for prospect"),
    ("notes", "Notes", "e.g. met at the trade show"),
)


class RecordActions:
    """Actions n (new contact), t (log a touch) and w (quote won or lost) of the Contacts screen."""

    def action_new_contact(self) -> None:
        from outreach_tui.store.contact_edit import add_contact

        today = self.app.clock.today()
        fields = [FormField(name, label, "", hint, multiline=name == "notes") for name, label, hint in NEW_CONTACT_FORM]

        def answered(values: dict | None) -> None:
            if values is None:
                return
            name = str(values["name"])
            self.query_one("#contacts-search").value = name  # the new contact comes up as the best match
            self.store_change(None, lambda _none, checked: add_contact(checked, today), values, f"Added {name}.")

        self.app.push_screen(FormScreen("New contact", fields, lambda texts: check_new_contact(texts, today)),
                             answered)

    def action_log_touch(self) -> None:
        from outreach_tui.store.logging_touches import log_touch

        app = self.app
        fields = [
            FormField("outcome", "Outcome", "", ", ".join(OUTCOMES)),
            FormField("channel", "Channel", "call", ", ".join(CHANNELS)),
            FormField("reason", "Why", "check_in", ", ".join(REASONS)),
            FormField("notes", "Notes", "", multiline=True),
            FormField("their_view", "How it went for them"),
            FormField("next", "Next touch", "", "+3w, 90d, next fri, 2026-12-01; out of office: the day they are back"),
        ]

        def write(contact_id: int, values: dict) -> None:
            log_touch(contact_id, values.pop("outcome"), rep=app.rep, now=app.clock.now(), **values)

        today = app.clock.today()
        self._ask(f"Log a touch with {self._who()}", fields, lambda texts: check_touch(texts, today), write,
                  f"Logged for {self._who()}.")

    def action_decide_quote(self) -> None:
        from outreach_tui.ui.quote_decision import decide, quote_form

        if not self._record_ready():
            return
        open_quotes = self.record.card.open_quotes
        if not open_quotes:
            self.notify(f"{self._who()} has no open quote (q adds one).", timeout=3, markup=False)
            return
        today = self.app.clock.today()

        def answered(values: dict | None) -> None:
            if values is not None:
                self.store_change(None, lambda _none, checked: decide(checked, today), values,
                                  f"Quote {values['status']} for {self._who()}: it leaves the plan.")

        self.app.push_screen(quote_form(self._who(), open_quotes, today), answered)
