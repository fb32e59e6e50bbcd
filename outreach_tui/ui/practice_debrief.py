"""The debrief after a practice call: the outcome, each point of the method with the move
and turn it rests on, and the hit ratio over the calls practised so far."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from outreach_tui.core.practice.debrief import debrief, hit_ratio
from outreach_tui.core.text import printable
from outreach_tui.ui.practice_screen import practice_bar, talk_content


def outcome_line(call, recorded: str) -> Content:
    words = {"won": "Won", "lost": "Lost", "follow_up": "Follow-up"}
    text = words[call.outcome]
    if call.follow_up_on is not None:
        text += f" on {call.persona.fields['follow_up_date']}"
    return Content.assemble(("Outcome: ", "bold"), (text, "bold $accent"), ("  " + recorded, "$text-muted"))


def debrief_content(call, outcomes: list[str], recorded: str) -> Content:
    result = debrief(call)
    lines = [outcome_line(call, recorded), Content(""), Content.styled("By the method", "bold")]
    for point in result.points:
        mark = ("✓ ", "bold $success") if point.done else ("✗ ", "bold $error")
        lines.append(Content.assemble(mark, printable(point.text, limit=600)))
    lines += [Content(""), Content.styled(hit_ratio(outcomes), "bold")]
    return Content("\n").join(lines)


class DebriefScreen(Screen):
    BINDINGS = [
        Binding("n", "next_call", "Next call"),
        Binding("t", "show_talk", "The call", show=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="practice-bar")
        with VerticalScroll(id="debrief-col"):
            yield Static(Content(""), id="debrief")
            yield Static(Content(""), id="debrief-talk")
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        call = app.call
        self.query_one("#debrief-col").border_title = Content("Debrief")
        self.query_one("#practice-bar", Static).update(practice_bar(call.scenario.name, call.seed, app.call_number))
        self.query_one("#debrief", Static).update(debrief_content(call, app.outcomes, app.recorded))
        self.query_one("#debrief-talk", Static).update(talk_content(call))
        self.query_one("#debrief-talk").display = False

    def action_show_talk(self) -> None:
        talk = self.query_one("#debrief-talk")
        talk.display = not talk.display

    def action_next_call(self) -> None:
        self.app.next_call()
