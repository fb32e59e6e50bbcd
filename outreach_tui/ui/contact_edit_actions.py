"""The Contacts screen's edits of the contact shown: every field (e), the cadence (c), a life
event (l), an absence (b), a quote (q), and the do-not-contact (d) and archive (a) marks.

Mixed into `ContactsScreen`, whose `_ask` shows each form and whose `store_change` writes
the checked values in a worker (`store.contact_edit`). Its own module because the forms and
their checks are one job, apart from searching the book and showing a record.
"""

from __future__ import annotations

from datetime import date

from outreach_tui.core.contact_checks import (
    MAX_CADENCE_DAYS,
    check_absence,
    check_contact_edit,
    check_life_event,
    check_quote,
)
from outreach_tui.core.contact_fields import DATE_HELP
from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import LIFE_EVENT_KINDS, RELATIONSHIPS
from outreach_tui.ui.form_screen import WRAP_LIMIT, FormField

EDITABLE_TEXT = WRAP_LIMIT  # characters of family details or notes the edit form holds (and wraps); the rest is kept

CONTACT_FIELDS = (
    ("name", "Name", ""),
    ("first_name", "First name (what you call them)", ""),
    ("company", "Company", ""),
    ("title", "Title", ""),
    ("relationship", "Relationship", ", ".join(RELATIONSHIPS)),
    ("phone", "Phone", ""),
    ("email", "Email", ""),
    ("timezone", "Time zone", "e.g. America/New_York; empty if unknown"),
    ("cadence_days", "Cadence (days between check-in calls)", f"1 to {MAX_CADENCE_DAYS}; 90 is the method's default"),
    ("next_touch_on", "Next touch", "2026-12-01, +3w, 90d, next fri; empty for none"),
    ("family", "Family and personal details", ""),
    ("notes", "Notes", ""),
)


def contact_form_fields(card, only: tuple[str, ...] = ()) -> list[FormField]:
    """The contact's fields as the form shows them (text made printable, dates as ISO)."""
    fields = []
    for name, label, hint in CONTACT_FIELDS:
        if only and name not in only:
            continue
        value = getattr(card, name)
        multiline = name in ("family", "notes")
        kept = ""
        if isinstance(value, date):
            text = value.isoformat()
        elif value is None:
            text = ""
        elif multiline:
            value, kept = _editable_part(value)
            text = printable(value, keep_newlines=True)
            if kept:
                hint = f"the first {len(value):,} of {len(value) + len(kept):,} characters; the rest is kept as it is"
        else:
            text = one_line(value)
        fields.append(FormField(name, label, text, hint, multiline, kept))
    return fields


def _editable_part(text: str) -> tuple[str, str]:
    """A long text as (what the form holds, the rest): megabytes in a text area would freeze the app."""
    if len(text) <= EDITABLE_TEXT:
        return text, ""
    cut = text.rfind("\n", 0, EDITABLE_TEXT) + 1 or EDITABLE_TEXT
    return text[:cut], text[cut:]


class EditActions:
    """Actions e, c, l, b, q, d and a of the Contacts screen, on the contact shown."""

    def _edit(self, only: tuple[str, ...] = ()) -> None:
        from outreach_tui.store.contact_edit import save_contact

        if not self._record_ready():
            return
        fields = contact_form_fields(self.record.card, only)
        shown = {field.name: field.value for field in fields}
        kept = {field.name: field.kept for field in fields}
        today = self.app.clock.today()

        def check(texts: dict[str, str]):
            # Only what was changed is checked and saved: untouched text stays exactly as stored,
            # and so does the rest of a text too long for the form.
            return check_contact_edit({k: v + kept[k] for k, v in texts.items() if v != shown[k]}, today)

        title = "Cadence of " if only else "Edit "
        self._ask(title + self._who(), fields, check, save_contact, f"Saved {self._who()}.")

    def action_edit(self) -> None:
        self._edit()

    def action_cadence(self) -> None:
        self._edit(("cadence_days",))

    def action_life_event(self) -> None:
        from outreach_tui.store.contact_edit import add_life_event

        fields = [
            FormField("kind", "Kind", "", ", ".join(LIFE_EVENT_KINDS)),
            FormField("date", "Date", "", DATE_HELP),
            FormField("note", "Note", "", "e.g. daughter Emma's wedding"),
        ]
        self._ask(f"Life event for {self._who()}", fields, check_life_event, add_life_event,
                  f"Life event added for {self._who()}.")

    def action_absence(self) -> None:
        from outreach_tui.store.contact_edit import add_absence

        today = self.app.clock.today()
        fields = [
            FormField("place", "Where", "", "e.g. Mexico"),
            FormField("why", "Why", "", "e.g. family vacation"),
            FormField("starts_on", "Leaves", "", "2026-12-01; empty if unknown"),
            FormField("returns_on", "Back on", "", "2026-12-01, +2w, next mon: the welcome-back call is that day"),
        ]
        self._ask(f"{self._who()} is away", fields, lambda texts: check_absence(texts, today), add_absence,
                  f"Absence noted: {self._who()} gets a welcome-back call on the day.")

    def action_quote(self) -> None:
        from outreach_tui.store.contact_edit import add_quote

        today = self.app.clock.today()
        fields = [
            FormField("description", "What was quoted"),
            FormField("amount", "Amount", "", "e.g. 1250.00"),
            FormField("sent_on", "Sent on", today.isoformat(), "a date, today or before"),
        ]
        self._ask(f"Quote for {self._who()}", fields, lambda texts: check_quote(texts, today), add_quote,
                  f"Quote added for {self._who()}: a follow-up call will come up.")

    def action_do_not_contact(self) -> None:
        self._flip("do_not_contact", "is marked do-not-contact: never on the plan.", "may be contacted again.")

    def action_archive(self) -> None:
        self._flip("archived", "archived: off the plan and out of search (v shows archived).", "is back in the book.")

    def _flip(self, flag: str, when_set: str, when_cleared: str) -> None:
        """Set the contact's mark (do_not_contact, archived) when clear, clear it when set."""
        from outreach_tui.store.contact_edit import set_flags

        if not self._record_ready():
            return
        now = not getattr(self.record.card, flag)
        done = f"{self._who()} {when_set if now else when_cleared}"
        self.store_change(self.record.card.id, lambda cid, value: set_flags(cid, **{flag: value}), now, done)
