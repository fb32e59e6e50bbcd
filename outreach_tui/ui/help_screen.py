"""The `?` screen: every key, screen by screen, and where the rep's own files go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("ctrl+p", "command palette: every action and screen by name"),
        ("?", "this help"),
        ("F2 / F3 / F4", "contacts / cards / review (escape comes back, a call in progress kept)"),
        ("ctrl+q", "quit (asks first if a call has unsaved input; y confirms)"),
    )),
    ("Today's plan", (
        ("enter", "start the session"),
        ("+ / -", "session length, 5 minutes at a time"),
        ("r", "reload the plan"),
    )),
    ("In a call (outside a text field)", (
        ("1 … 7", "outcome: 1 connected, 2 voicemail, 3 no answer, 4 out of office, "
                  "5 wrong number, 6 do not contact, 7 skipped (4 opens where / why / back on)"),
        ("n", "write notes"),
        ("t", "how it went for them"),
        ("d", "next touch date (+3w, 90d, next fri, 2026-12-01)"),
        ("r", "add a referral (name, then phone or email)"),
        ("c", "change the card to send"),
        ("q", "a quote won or lost, when the call is about one"),
        ("j / k  ↓ / ↑", "next / previous script step (a small screen shows the current one)"),
        ("m", "more: every reason and cue (a small screen shows the first two), the whole card"),
        ("h", "history: the last calls with their whole notes and how it went for them"),
        ("l", "later: a contact outside their calling hours, called when their window opens or tomorrow"),
        ("s", "skip this contact (recorded)"),
        ("z", "snooze this contact to a date"),
        ("e", "extend the session by 10 minutes"),
        ("w", "wrap up: this is the last call"),
    )),
    ("In a call (anywhere)", (
        ("ctrl+s", "save the call and show the next contact"),
        ("escape", "leave the text field (then 1…7 pick outcomes again)"),
        ("tab", "next field"),
    )),
    ("Summary", (
        ("ctrl+s", "save the reflection"),
        ("x", "export the session log to the file named (.csv .json .jsonl .md .ics)"),
        ("p", "back to today's plan"),
    )),
    ("Contacts (F2)", (
        ("type", "search name, company, email, phone and notes; ↓ to the results"),
        ("enter", "on a call in the history: the call in full, notes and how it went for them"),
        ("e / c", "edit the contact / its cadence"),
        ("l / b / q", "add a life event / an absence / a quote"),
        ("w", "a quote won or lost: the day, and the amount agreed"),
        ("t", "log a touch made outside a session (email, visit, text, card, call)"),
        ("n", "a new contact"),
        ("d / a", "do not contact / archive (again to undo)"),
        ("v", "show archived contacts too"),
        ("/", "back to the search"),
        ("escape", "back to where you were"),
    )),
    ("Cards (F3)", (
        ("1 / 2 / 3", "cards to write, written, mailed"),
        ("w / m", "mark the highlighted card written / mailed"),
        ("b", "what it brought back (1…4) and on which day"),
        ("escape", "back to where you were"),
    )),
    ("Review (F4)", (
        ("← / →  [ / ]", "the week before / after"),
        (".", "this week"),
        ("t", "the whole team or just you"),
        ("escape", "back to where you were"),
    )),
)


def help_content() -> Content:
    parts: list[Content] = [Content.styled("Outreach — keys", "bold $accent"), Content("")]
    for section, rows in KEYS:
        parts.append(Content.styled(section, "bold"))
        for key, what in rows:
            parts.append(Content.assemble("  ", (f"{key:<14}", "bold $accent"), what))
        parts.append(Content(""))
    parts.append(Content.styled(
        "Your own call scripts go in <config>/outreach/scripts/<reason>.toml, cue wording in "
        "<config>/outreach/cues.toml; a broken file is reported and the built-in one used.",
        "$text-muted",
    ))
    return Content("\n").join(parts)


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
            yield Static(self.content, id="reading-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ReadingScreen):
    def __init__(self) -> None:
        super().__init__(help_content(), keys="question_mark")
