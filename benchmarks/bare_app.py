"""The baseline for the first-screen budget: a bare Textual app with a Header, a Label and a Footer.

    python benchmarks/bare_app.py [TEXT]

The benchmark starts it in tmux beside `outreach session` and polls the pane until
TEXT (default "Bare app ready") appears. ctrl+q quits, as in any Textual app.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label

READY = "Bare app ready"


class BareApp(App[None]):
    TITLE = "Bare"

    def __init__(self, text: str = READY) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(self.text)
        yield Footer()


if __name__ == "__main__":
    BareApp(sys.argv[1] if len(sys.argv) > 1 else READY).run()
