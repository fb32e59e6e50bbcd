"""The rep's own name for the scripts: asked for, then kept as `name` in settings.toml.

Scripts greet with it ("Hi Ana, it's Dana."); without one they leave it out. The
file is rewritten with only that line changed, atomically, through a symlink to the
file it points at; a file that is not valid TOML is never touched.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from outreach_tui.core.settings import save_setting, settings_path
from outreach_tui.core.text import one_line

# A line of the call screen (not a toast: at 80x24 one would cover the notes), there until a name is set.
NAME_HINT = Content.assemble("Your scripts leave your name out. ", ("ctrl+p", "bold $accent"), " → ",
                             ("Your name in scripts", "bold"), " adds it.")


class NameScreen(ModalScreen["str | None"]):
    """Ask for the name the rep says on a call; enter keeps it, escape leaves things as they are."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name.cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Your name, as you say it on the phone (\"Hi Ana, it's …\")"),
                         classes="dialog-question")
            yield Input(self.current, placeholder="e.g. Dana", id="rep-name")
            yield Static(Content("enter keeps it in settings.toml · escape cancels"), id="name-reading",
                         classes="hint")
        yield Footer()

    @on(Input.Submitted, "#rep-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = one_line(event.value, 60).strip()
        if name:
            self.dismiss(name)
        else:
            reading = self.query_one("#name-reading", Static)
            reading.update(Content("type a name, or escape to leave the scripts without one"))
            reading.set_class(True, "error")

    def action_cancel(self) -> None:
        self.dismiss(None)


def save_name(user_dir: Path | None, name: str) -> Path:
    """Set `name` in the rep's settings.toml (made when missing); the path written, or OSError/ValueError."""
    path = Path(user_dir) / "settings.toml" if user_dir is not None else settings_path()
    save_setting(path, "name", name)
    return path.resolve()
