"""The call script, step by step, with the current step highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from outreach_tui.core.scripts import Script
from outreach_tui.core.text import one_line, printable


def step_content(number: int, total: int, label: str, say: str, listen: str, current: bool) -> Content:
    """One step: its name, what to say, what to listen for; dimmed unless it is the current one."""
    dim = "" if current else "$text-muted"
    head = Content.assemble(
        ("▶ " if current else "  ", "bold $accent"),
        (f"{number}/{total} ", "$text-muted"),
        (one_line(label, 60) or "Step", "bold" if current else "bold $text-muted"),
    )
    parts = [head, Content.assemble("  ", (f"“{printable(say, limit=600)}”", "bold" if current else dim))]
    if listen:
        parts.append(Content.assemble(
            ("  Listen: ", "italic $text-muted"), (printable(listen, limit=400), "italic $text-muted")))
    return Content("\n").join(parts)


class ScriptPanel(VerticalScroll):
    """A pool of step widgets reused from call to call; `j`/`k` move the highlight."""

    can_focus = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.script: Script | None = None
        self.current = 0
        self._steps: list[Static] = []

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="script-tip", classes="hint")

    def show(self, script: Script) -> None:
        self.script = script
        self.current = 0
        self.border_title = Content(one_line(script.title, 60) or "Script")
        source = "" if script.source == "built-in" else "your script"
        self.border_subtitle = Content(source)
        tip = self.query_one("#script-tip", Static)
        tip.update(Content(printable(script.tip, limit=300)))
        tip.set_class(not script.tip, "-empty")
        missing = len(script.steps) - len(self._steps)
        if missing > 0:
            new = [Static(Content(""), classes="script-step") for _ in range(missing)]
            self._steps.extend(new)
            self.mount_all(new)
        for index, widget in enumerate(self._steps):  # a class, not `display`: a small screen shows one step
            widget.set_class(index >= len(script.steps), "-unused")
        self._paint()
        self.scroll_home(animate=False)

    def _paint(self) -> None:
        if self.script is None:
            return
        total = len(self.script.steps)
        for index, step in enumerate(self.script.steps):
            widget = self._steps[index]
            current = index == self.current
            widget.update(step_content(index + 1, total, step.label, step.say, step.listen, current))
            widget.set_class(current, "-current")

    def move(self, delta: int) -> None:
        if self.script is None or not self.script.steps:
            return
        target = max(0, min(self.current + delta, len(self.script.steps) - 1))
        if target == self.current:
            return
        self.current = target
        self._paint()
        self.scroll_to_widget(self._steps[target], animate=False, top=False)
