"""The session summary: what the session did, a reflection, and an export of its log."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO, StringIO
from pathlib import Path, PurePath

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static, TextArea

from outreach_tui.core.text import file_word, one_line
from outreach_tui.core.vocab import outcome_tally
from outreach_tui.store.progress import SessionSummary, session_summary
from outreach_tui.store.recording import save_reflection
from outreach_tui.output import OutputError
from outreach_tui.store.export import ExportError, ExportFilter, export, export_session, format_for
from outreach_tui.ui.state import clock_text
from outreach_tui.ui.widgets import TopBar

REFLECTION_PROMPT = "How did it feel? How did it go for them?"


class SummaryLoaded(Message):
    def __init__(self, summary: SessionSummary | None, error: str = "") -> None:
        super().__init__()
        self.summary = summary
        self.error = error


class Done(Message):
    """A background write finished: `text` is shown under the form."""

    def __init__(self, text: str, error: bool = False, reflection: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.error = error
        self.reflection = reflection


def stats_content(summary: SessionSummary) -> Content:
    rows = (
        ("Calls", summary.calls),
        ("Connects", summary.connects),
        ("Voicemails", summary.voicemails),
        ("Referrals", summary.referrals),
        ("Follow-ups set", summary.follow_ups),
        ("Cards queued", summary.cards),
        ("Time per call", clock_text(summary.average_call_s) if summary.calls else "—"),
    )
    lines = []
    for label, value in rows:
        lines.append(Content.assemble((f"{label:<16}", "$text-muted"), (str(value), "bold $accent")))
    if summary.outcomes:
        rows_total = sum(summary.outcomes.values())
        lines.append(Content.styled(f"Of {rows_total}: {outcome_tally(summary.outcomes, ' · ')}", "$text-muted"))
    spent = f"Talk time {clock_text(summary.total_call_s)} of {summary.planned_minutes} min planned"
    started, ended = summary.started_at, summary.ended_at
    if isinstance(started, datetime) and isinstance(ended, datetime) and (ended - started).total_seconds() >= 60:
        spent += f" · {started:%H:%M}–{ended:%H:%M}"
    lines.append(Content.styled(spent, "$text-muted"))
    return Content("\n").join(lines)


def default_export_name(rep: str, now: datetime) -> str:
    """`session-ann-2026-12-09-0915.csv`: the rep and the minute, so two reps' exports, or two
    sessions of one, do not take one name."""
    return f"session-{file_word(rep)}-{now:%Y-%m-%d-%H%M}.csv"


class SummaryScreen(Screen):
    CSS_PATH = "styles/summary.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "save_reflection", "Save reflection", id="summary.save"),
        Binding("x", "export", "Export", id="summary.export"),
        Binding("f", "reflect", "Reflect", id="summary.reflect"),
        Binding("p", "plan", "Plan", id="summary.plan"),
        Binding("escape", "leave_field", "Leave field", id="summary.leave_field"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.saved_reflection = ""
        self.summary: SessionSummary | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="summary-top")
        with VerticalScroll(id="summary-body"):
            yield Static(Content("Counting…"), id="summary-stats")
            yield Label(Content.assemble(REFLECTION_PROMPT + " ", ("f", "bold $accent")), classes="field-label")
            yield TextArea(id="reflection", soft_wrap=True, tab_behavior="focus",
                           placeholder="a line or two for the weekly review")
            where = "enter downloads it in this browser" if self.app.is_web else "enter writes it"
            yield Label(Content.assemble("Export the session log ", ("x", "bold $accent"),
                                         (f" — .csv .json .jsonl .md or .ics; {where}", "$text-muted")),
                        classes="field-label")
            with Horizontal(id="export-row"):
                yield Input(id="export-path", compact=True)
            yield Static(Content(""), id="summary-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary-top", TopBar).show(self.app, "Session summary")
        self.query_one("#export-path", Input).value = default_export_name(self.app.rep, self.app.clock.now())
        self.query_one("#summary-message").display = False
        self.load()

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def load(self) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        try:
            self.post_message(SummaryLoaded(session_summary(self.session_id)))
        except Exception as exc:
            self.post_message(SummaryLoaded(None, one_line(exc, 200)))
        finally:
            close_thread_connection()

    @on(SummaryLoaded)
    def _loaded(self, message: SummaryLoaded) -> None:
        stats = self.query_one("#summary-stats", Static)
        if message.summary is None:
            stats.update(Content.styled(f"Could not count this session: {message.error or 'not found'}", "$text-error"))
            return
        self.summary = message.summary
        started = message.summary.started_at
        at = f" · {started:%H:%M}" if isinstance(started, datetime) else ""
        stats.border_title = Content(f"Session {self.session_id}{at}")
        stats.update(stats_content(message.summary))
        if message.summary.reflection and not self.query_one("#reflection", TextArea).text:
            self.query_one("#reflection", TextArea).text = message.summary.reflection
            self.saved_reflection = message.summary.reflection

    def _say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#summary-message", Static)
        message.update(Content(text))
        message.set_class(error, "error")
        message.display = bool(text)

    def unsaved_reflection(self) -> tuple[int, str] | None:
        text = self.query_one("#reflection", TextArea).text
        return (self.session_id, text) if text != self.saved_reflection else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return isinstance(self.focused, (Input, TextArea))
        return True

    def action_leave_field(self) -> None:
        self.set_focus(None)

    def action_reflect(self) -> None:
        self.query_one("#reflection", TextArea).focus()

    def action_save_reflection(self) -> None:
        text = self.query_one("#reflection", TextArea).text
        self._write(("reflection", text))

    def action_export(self) -> None:
        field = self.query_one("#export-path", Input)
        if self.focused is not field:
            field.focus()
            field.cursor_position = len(field.value)
            self._say("Name the file (.csv, .json, .jsonl, .md or .ics) and press enter.")
            return
        self._export(field.value)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self._export(event.value)

    def _export(self, path: str) -> None:
        if not path.strip():
            self._say("Export: name a file, like session.csv or session.json.", error=True)
            return
        self.set_focus(None)  # back to the keys (x, f, p) while the file is written
        path = path.strip()
        if not self.app.is_web and Path(path).expanduser().exists():
            from outreach_tui.ui.confirm import ConfirmScreen

            self.app.push_screen(ConfirmScreen(f"{path} is there already. Replace it?", yes="Replace"),
                                 lambda yes: self._write(("export", path)) if yes else self._say(
                                     "Not exported: give the file another name.", error=True))
            return
        self._write(("export", path))

    @work(thread=True, group="summary-write", exit_on_error=False)
    def _write(self, job: tuple[str, str]) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        kind, value = job
        try:
            if kind == "reflection":
                save_reflection(self.session_id, value)
                self.post_message(Done("Reflection saved with the session.", reflection=value))
            elif self.app.is_web:
                name, count = self._download(value)
                self.post_message(Done(f"Sent {count} interaction{'s' if count != 1 else ''} to this browser "
                                       f"as {name}."))
            else:
                target, count = export_session(self.session_id, value, today=self.app.clock.today())
                self.post_message(Done(f"Wrote {count} interaction{'s' if count != 1 else ''} to {target}."))
        except (ExportError, OutputError) as exc:
            self.post_message(Done(f"Export: {exc}", error=True))
        except Exception as exc:
            self.post_message(Done(f"Could not {'save' if kind == 'reflection' else 'export'}: {one_line(exc, 200)}",
                                   error=True))
        finally:
            close_thread_connection()

    def _download(self, value: str) -> tuple[str, int]:
        """Served (`outreach serve`): the log goes to the browser as a download, not to a file
        on the server. Only the file's name is kept; its suffix picks the format."""
        name = PurePath(value).name
        text = StringIO()
        count = export(format_for(name), text, ExportFilter(session_id=self.session_id), today=self.app.clock.today())
        self.app.call_from_thread(self.app.deliver_binary, BytesIO(text.getvalue().encode("utf-8")),
                                  save_filename=name)
        return name, count

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.reflection is not None:
            self.saved_reflection = message.reflection
        self._say(message.text, message.error)
        # Also as a notification: on a short terminal the line below the export field is off screen.
        self.notify(message.text, severity="error" if message.error else "information", timeout=8, markup=False)

    def action_plan(self) -> None:
        pending = self.unsaved_reflection()
        if pending is not None:
            # The app's worker, not this screen's: it outlives the screen being popped.
            self.app.write_in_background(save_reflection, *pending)
        self.app.session_run = None
        self.app.pop_screen()

    def palette_commands(self):
        return [
            ("Save reflection", "ctrl+s: kept with the session", self.action_save_reflection),
            ("Reflection: how did it feel?", "f", self.action_reflect),
            ("Export session log", "x: to the file named (.csv .json .jsonl .md .ics)", self.action_export),
            ("Plan: back to today's plan", "p", self.action_plan),
        ]
