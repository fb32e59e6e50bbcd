"""The `?` screen: every key, screen by screen, and where the rep's own files go."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

# Each row: the key as shown, what it does, then the ids of the bindings it names, one per
# " / "-separated key: a key the rep (settings.toml [keys]) or `outreach serve` moved is shown
# where it now is.
KEYS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("Everywhere", (
        ("ctrl+p", "command palette: every action and screen by name", "app.palette"),
        ("?", "this help"),
        ("F2 / F3 / F4", "contacts / cards / review (escape comes back, a call in progress kept)"),
        ("ctrl+q", "quit (asks first if a call has unsaved input; y confirms)", "app.quit"),
    )),
    ("Today's plan", (
        ("enter", "start the session", "plan.start"),
        ("↓ / ↑  j / k", "highlight an entry: its reasons in full beside the list"),
        ("+ / -", "session length, 5 minutes at a time", "plan.longer", "plan.shorter"),
        ("r", "reload the plan", "plan.reload"),
    )),
    ("In a call (outside a text field)", (
        ("1 … 7", "outcome: 1 connected, 2 voicemail, 3 no answer, 4 out of office, "
                  "5 wrong number, 6 do not contact, 7 skipped (4 opens where / why / back on)"),
        ("n", "write notes", "call.notes"),
        ("t", "how it went for them", "call.their_view"),
        ("d", "next touch date (+3w, 90d, next fri, 2026-12-01)", "call.next_touch"),
        ("r", "add a referral (name, then phone or email)", "call.referral"),
        ("c", "change the card to send", "call.card"),
        ("q", "a quote won or lost, when the call is about one", "call.decide_quote"),
        ("j / k  ↓ / ↑", "next / previous script step (a small screen shows the current one)"),
        ("m", "more: every reason and cue (a small screen shows the first two), the whole card", "call.more"),
        ("h", "history: the last calls with their whole notes and how it went for them", "call.history"),
        ("l", "later: a contact outside their calling hours, called when their window opens or tomorrow", "call.later"),
        ("s", "skip this contact (recorded)", "call.skip"),
        ("z", "snooze this contact to a date", "call.snooze"),
        ("e", "extend the session by 10 minutes", "call.extend"),
        ("w", "wrap up: this is the last call", "call.wrap_up"),
    )),
    ("In a call (anywhere)", (
        ("ctrl+s", "save the call and show the next contact", "call.save"),
        ("escape", "leave the text field (then 1…7 pick outcomes again)", "call.leave_field"),
        ("tab", "next field"),
    )),
    ("Summary", (
        ("ctrl+s", "save the reflection", "summary.save"),
        ("x", "export the session log to the file named (.csv .json .jsonl .md .ics)", "summary.export"),
        ("p", "back to today's plan", "summary.plan"),
    )),
    ("Contacts (F2)", (
        ("type", "search name, company, email, phone and notes; ↓ to the results"),
        ("enter", "on a call in the history: the call in full, notes and how it went for them"),
        ("e / c", "edit the contact / its cadence", "contacts.edit", "contacts.cadence"),
        ("l / b / q", "add a life event / an absence / a quote", "contacts.life_event", "contacts.absence", "contacts.quote"),
        ("w", "a quote won or lost: the day, and the amount agreed", "contacts.decide_quote"),
        ("t", "log a touch made outside a session (email, visit, text, card, call)", "contacts.log_touch"),
        ("n", "a new contact", "contacts.new_contact"),
        ("d / a", "do not contact / archive (again to undo)", "contacts.do_not_contact", "contacts.archive"),
        ("v", "show archived contacts too", "contacts.show_archived"),
        ("/", "back to the search"),
        ("escape", "back to where you were"),
    )),
    ("Cards (F3)", (
        ("1 / 2 / 3", "cards to write, written, mailed", "cards.to_write", "cards.show_written", "cards.show_mailed"),
        ("w / m", "mark the highlighted card written / mailed", "cards.written", "cards.mailed"),
        ("b", "what it brought back (1…4) and on which day", "cards.brought_back"),
        ("escape", "back to where you were"),
    )),
    ("Review (F4)", (
        ("← / →  [ / ]", "the week before / after"),
        (".", "this week", "review.this_week"),
        ("t", "the whole team or just you", "review.team"),
        ("escape", "back to where you were"),
    )),
)


KEY_WIDTH = 14


def shown_key(key: str, ids: tuple[str, ...], keymap: Mapping[str, str]) -> str:
    """The row's key as the app now answers to it: each binding the keymap moves, its keys instead."""
    if not any(binding in keymap for binding in ids):
        return key
    return " / ".join(", ".join(keymap[binding].split(",")) if binding in keymap else piece
                      for piece, binding in zip(key.split(" / "), ids))


def help_rows(keymap: Mapping[str, str] | None = None) -> list[tuple[Content, Content]]:
    """The help as (lead, text) rows: a key row's text wraps under itself, not under its key.
    `keymap`: binding ids → the keys they were moved to (shown in their place)."""
    rows: list[tuple[Content, Content]] = [(Content(""), Content.styled("Outreach — keys", "bold $accent")),
                                           (Content(""), Content(""))]
    for section, keys in KEYS:
        rows.append((Content(""), Content.styled(section, "bold")))
        for key, what, *ids in keys:
            key = shown_key(key, tuple(ids), keymap or {})
            rows.append((Content.assemble("  ", (f"{key:<{KEY_WIDTH}}", "bold $accent")), Content(what)))
        rows.append((Content(""), Content("")))
    rows.append((Content(""), Content.styled(
        "Your own call scripts go in <config>/outreach/scripts/<reason>.toml, cue wording in "
        "<config>/outreach/cues.toml; a broken file is reported and the built-in one used.",
        "$text-muted",
    )))
    return rows


class HangingText(Static):
    """Rows of a lead and a text; a text too long for the width wraps with its lines under its
    first, so a key stands alone in its column."""

    def __init__(self, rows: list[tuple[Content, Content]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows = rows

    def lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for lead, text in self.rows:
            indent = lead.cell_length
            wrapped = text.wrap(max(width - indent, 10)) or [Content("")]
            lines += [(lead if at == 0 else Content(" " * indent)) + line for at, line in enumerate(wrapped)]
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width or 80))


class ReadingScreen(ModalScreen[None]):
    """Text to read over the current screen (help, a contact's history); escape closes it.

    `keys` are extra keys that also close it: the key that opened it works as a toggle.
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", key_display="esc", id="reading.close"),
    ]

    def __init__(self, content: Content, keys: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.content = content
        if keys:
            self._bindings.bind(keys, "close", "Close", show=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield self.text()
        yield Footer()

    def text(self) -> Static:
        return Static(self.content, id="reading-text")

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ReadingScreen):
    def __init__(self) -> None:
        super().__init__(Content(""), keys="question_mark")

    def text(self) -> Static:
        return HangingText(help_rows(getattr(self.app, "moved_keys", None)), id="reading-text")
