"""The practice call: the customer's card, the script and cues, the conversation so far,
and the moves allowed now, one key each. Readable at 80x24.

The card and script are the call screen's own pieces (contact_card.py, ScriptPanel);
what the customer says comes from the pure engine (core/practice). When the call ends
the app records it in the practice book and shows the debrief.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from outreach_tui.core.practice.debrief import fact_label
from outreach_tui.core.practice.moves import BY_NAME, MOVES
from outreach_tui.core.text import printable
from outreach_tui.ui.contact_card import card_head, cues_content
from outreach_tui.ui.help_screen import ReadingScreen
from outreach_tui.ui.script_panel import ScriptPanel

SHORT_LINES = 30  # below this the script shows its current step only, as on the call screen
WARMTH_SHOWN = {-3: "cold", -2: "cool", -1: "wary", 0: "neutral", 1: "friendly", 2: "warm", 3: "keen"}


def practice_bar(scenario_name: str, seed: int, number: int, warmth: int | None = None) -> Content:
    """The line that says plainly this is a rehearsal, on every practice screen."""
    parts = [(" PRACTICE ", "bold reverse $warning"), f"  {scenario_name} · seed {seed} · call {number}"]
    if warmth is not None:
        parts.append((f"  · customer: {WARMTH_SHOWN[warmth]}", "$text-muted"))
    return Content.assemble(*parts)


def facts_content(call) -> Content:
    """What the trainee has uncovered of the hidden situation, as the card shows it."""
    facts = call.scenario.facts
    head = Content.styled(f"Uncovered {len(call.uncovered)} of {len(facts)}", "bold")
    lines = [head] + [Content.assemble(("• ", "$accent"), (f"{fact_label(fact)}: ", "bold"),
                                       printable(call.persona.fill(facts[fact]), limit=200))
                      for fact in call.uncovered]
    return Content("\n").join(lines)


def talk_content(call) -> Content:
    """The conversation so far: the customer's opening, then each move and its answer."""
    lines = [Content.assemble(("Customer: ", "bold $accent"), printable(call.opening, limit=400))]
    for turn in call.turns:
        lines.append(Content.assemble((f"{turn.number}. You: ", "bold"), BY_NAME[turn.move].label))
        lines.append(Content.assemble(("Customer: ", "bold $accent"), printable(turn.reply, limit=400)))
    if call.closing:
        lines.append(Content.assemble(("Customer: ", "bold $accent"), printable(call.closing, limit=400)))
    return Content("\n").join(lines)


def moves_help() -> Content:
    """Every move, its key and what it is for: the practice screen's `?`."""
    lines = [Content.styled("Practice: the moves", "bold $accent"), Content("")]
    for move in MOVES:
        lines.append(Content.assemble((f"{move.key}  ", "bold $accent"), (f"{move.label:<16}", "bold"), move.tip))
    lines += [Content(""), Content.styled("A move shows under Your move when it fits the moment. j / k: the script's "
                                          "steps. After the call: n the next call, t the call again.", "$text-muted")]
    return Content("\n").join(lines)


def moves_content(call) -> Content:
    """The moves allowed now, key first, two to a line."""
    allowed = [BY_NAME[name] for name in call.next_moves]
    cells = [Content.assemble((move.key, "bold $accent"), f" {move.label:<16}") for move in allowed]
    rows = [Content("").join(cells[i:i + 2]) for i in range(0, len(cells), 2)]
    return Content("\n").join(rows) if rows else Content.styled("The call has ended.", "$text-muted")


class PracticeScreen(Screen):
    """One practice call; the app (ui/practice_app.py) owns the call and the book."""

    BINDINGS = [
        *(Binding(move.key, f"move('{move.name}')", move.label, show=False) for move in MOVES),
        Binding("j", "step(1)", "Next step", key_display="j/k"),
        Binding("k", "step(-1)", "Prev step", show=False),
        Binding("question_mark", "help", "Moves", key_display="?"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="practice-bar")
        with Horizontal(id="practice-body"):
            with Vertical(id="practice-left"):
                yield Static(Content(""), id="practice-card")
                yield Static(Content(""), id="practice-facts")
                yield ScriptPanel(id="script-col")
            with Vertical(id="practice-right"):
                with VerticalScroll(id="practice-talk"):
                    yield Static(Content(""), id="practice-transcript")
                yield Static(Content(""), id="practice-moves")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#practice-talk").border_title = Content("The call")
        self.query_one("#practice-moves").border_title = Content("Your move")
        self.set_class(self.app.size.height < SHORT_LINES, "-short")
        prepared = self.app.prepared
        self.query_one("#practice-card", Static).update(card_head(prepared, self.app.clock.now()))
        self.query_one(ScriptPanel).show(prepared.script)
        self.paint()

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < SHORT_LINES, "-short")

    def paint(self) -> None:
        call = self.app.call
        self.query_one("#practice-bar", Static).update(
            practice_bar(call.scenario.name, call.seed, self.app.call_number, call.warmth))
        facts = facts_content(call)
        if not call.uncovered and self.app.prepared.cues:
            facts = Content("\n").join([facts, cues_content(self.app.prepared.cues[:1])])
        self.query_one("#practice-facts", Static).update(facts)
        self.query_one("#practice-transcript", Static).update(talk_content(call))
        self.query_one("#practice-moves", Static).update(moves_content(call))
        self.query_one("#practice-talk", VerticalScroll).scroll_end(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return parameters[0] in self.app.call.next_moves
        return True

    def action_move(self, name: str) -> None:
        self.app.make_move(name)

    def action_help(self) -> None:
        self.app.push_screen(ReadingScreen(moves_help(), keys="question_mark"))

    def action_step(self, delta: int) -> None:
        self.query_one(ScriptPanel).move(delta)
