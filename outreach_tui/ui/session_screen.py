"""The session: one contact at a time, in plan order, with a countdown and a call timer.

Keys (outside a text field): 1…7 outcomes, n notes, t their view, d next touch,
r referral, c card, j/k script steps, m more (every cue, the whole card), h the last
calls in full, s skip, z snooze, e extend (when time is up), w wrap up, l later (a contact outside
their calling hours). Anywhere: ctrl+s saves and moves on, escape leaves a text field.

The next contact is prepared in a worker while the current call runs, so saving
shows it without waiting on the database.

This module lays the call out and paints its brief; the rest is mixed in, each part in its
own module: the keys (`call_keys`), saving, skipping and snoozing (`call_saving`), calling
hours and `l` (`call_later`), the header's timers, `e` and `w` (`session_clock`), the crash
draft (`call_draft`) and the end (`session_end`).
Their messages are handled by name (`_on_call_saved`…): `@on` works only in a Textual class.
"""

from __future__ import annotations

import logging
import threading

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import OUTCOMES
from outreach_tui.store.windows import HEARTBEAT_S
from outreach_tui.ui.call_draft import DraftKeeping
from outreach_tui.ui.call_keys import CALL_BINDINGS, call_commands
from outreach_tui.ui.call_later import CallingHours
from outreach_tui.ui.call_saving import CallSaving
from outreach_tui.ui.contact_card import card_head, cues_content, cues_label, history_content, more_content, why_content
from outreach_tui.ui.draft import default_card
from outreach_tui.ui.help_screen import ReadingScreen
from outreach_tui.ui.outcome_form import TEXT_FIELDS, OutcomeForm
from outreach_tui.ui.prepare import PreparedCall, prepare_call
from outreach_tui.ui.rep_name import NAME_HINT, NameScreen, save_name
from outreach_tui.ui.resume import ResumePoint
from outreach_tui.ui.script_panel import ScriptPanel
from outreach_tui.ui.session_clock import SessionClock
from outreach_tui.ui.session_end import SessionEnding

log = logging.getLogger(__name__)

# Cues a small screen shows in full before `m` (the promise for 80x24: at least two).
SHORT_CUES = 2


class CallPrepared(Message):
    def __init__(self, index: int, item, prepared: PreparedCall | None, error: str = "") -> None:
        super().__init__()
        self.index = index
        self.item = item  # the plan item it was prepared for (a put-off contact moves in the list)
        self.prepared = prepared
        self.error = error


# A change to the call is in the store this long after it is typed (the promise is 2 s).
DRAFT_DELAY_S = 1.0


class SessionScreen(CallSaving, SessionEnding, SessionClock, CallingHours, DraftKeeping, Screen):
    CSS_PATH = "styles/session.tcss"
    # Narrow or short: one column, the brief over the form, the script at its current step
    # and only the first cues. Wide and tall: the last calls are on screen too.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall"), (36, "-tallest")]
    AUTO_FOCUS = ""
    BINDINGS = CALL_BINDINGS

    def __init__(self, resume: ResumePoint | None = None) -> None:
        super().__init__()
        self.resume = resume  # a session kept as a draft: its call goes back on screen
        self._draft_timer = None
        self._draft_seq = 0  # snapshots taken; only a newer one overwrites the stored draft
        self._draft_written = 0
        self._draft_lock = threading.Lock()
        self._draft_warned = False
        self.prepared: dict[int, PreparedCall] = {}
        self._loading_ids: set[int] = set()
        self.shown_index: int | None = None
        self.saving = False
        self.finishing = False
        self.to_plan = False
        self.call_started_mono = 0.0
        self.call_started_at = None
        self.save_clicks: list[float] = []  # ctrl+s → next contact painted, seconds (for the budget)

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-header"):
            yield Static(Content(""), id="hdr-call")
            yield Static(Content(""), id="hdr-who")
            yield Static(Content(""), id="hdr-timers")
        yield Static(Content(""), id="times-up")
        with Horizontal(id="call-body"):
            with Vertical(id="call-left"):
                # The brief: who, why today and what to mention, read with a phone at the ear.
                with VerticalScroll(id="card-col"):
                    yield Static(Content(""), id="card-head")
                    # A small screen shows the first cues (#cues-short), its label saying `m` shows more.
                    for row in ("why", "cues", "cues-short"):
                        with Horizontal(id=f"{row}-row", classes="brief-row"):
                            yield Static(Content("Why today" if row == "why" else "Mention"), id=f"{row}-label",
                                         classes="brief-label")
                            yield Static(Content(""), id=row)
                yield ScriptPanel(id="script-col")
            with Vertical(id="call-right"):
                yield OutcomeForm(id="outcome-col")
                with VerticalScroll(id="history-col"):  # on screen when there is room: wide and tall
                    yield Static(Content(""), id="history")
        yield Static(NAME_HINT, id="name-hint")
        yield Footer()

    def on_mount(self) -> None:
        from outreach_tui.core.contact_fields import use_phone_region

        use_phone_region(self.app.settings.phone_region)  # how the card reads a number for its tel: link
        self.query_one("#history-col").border_title = Content("Last calls")
        self.query_one("#outcome-col").border_title = Content("What happened")
        self.query_one("#times-up").display = False
        self.set_interval(1.0, self.tick)
        self.set_interval(HEARTBEAT_S, self._beat)
        self.show_call()
        self.query_one("#name-hint").display = not self.app.my_name

    # --- the call on screen ------------------------------------------------------------

    @property
    def session_run(self):
        return self.app.session_run

    @property
    def form(self) -> OutcomeForm:
        return self.query_one(OutcomeForm)

    def show_call(self) -> None:
        run = self.session_run
        item = run.current
        if item is None:
            self.finish_session()
            return
        prepared = self.prepared.get(run.index)
        self.call_started_mono = self.app.clock.monotonic()
        self.call_started_at = self.app.clock.now()
        self.form.reset(self.app.clock.today(), default_card(item), 90)
        self.set_focus(None)
        resume, self.resume = self.resume, None
        if resume is not None and resume.index == run.index and resume.call is not None:
            self.call_started_mono -= resume.call_elapsed_s
            self.call_started_at = resume.call_started_at
            self.form.restore(resume.call)
        self.keep_draft_soon()
        if prepared is not None:
            self._paint(prepared)
        else:
            self.shown_index = None
            self.query_one("#card-head", Static).update(Content.assemble(
                (one_line(item.name, 80), "bold $accent"), "\n", ("Loading…", "$text-muted")))
            for blank in ("#why", "#cues", "#cues-short", "#history"):
                self.query_one(blank, Static).update(Content(""))
            self._prepare(run.index)
        self._prepare(run.index + 1)
        self.tick()

    def _paint(self, prepared: PreparedCall) -> None:
        run = self.session_run
        self.shown_index = run.index
        today = self.app.clock.today()
        card = prepared.card
        current = run.current
        notice = self._calling_time(current).notice if current is not None else ""
        self.query_one("#card-head", Static).update(card_head(prepared, self.app.clock.now(), notice))
        self.query_one("#why", Static).update(why_content(prepared))
        blank = card is None  # a contact not to be called now has nothing to mention
        self.query_one("#cues", Static).update(Content("") if blank else cues_content(prepared.cues))
        self.query_one("#cues-label", Static).update(cues_label(prepared.cues))
        self.query_one("#cues-short", Static).update(Content("") if blank else cues_content(prepared.cues[:SHORT_CUES]))
        self.query_one("#cues-short-label", Static).update(cues_label(prepared.cues, shown=SHORT_CUES))
        self.query_one("#history", Static).update(history_content(card.recent if card else (), today))
        for scroll in ("#card-col", "#history-col"):
            self.query_one(scroll, VerticalScroll).scroll_home(animate=False)
        self.query_one(ScriptPanel).show(prepared.script)
        if card is not None:
            self.form.set_cadence(card.cadence_days)

    def _prepare(self, index: int) -> None:
        run = self.session_run
        if index >= run.total or index in self.prepared or index in self._loading_ids:
            return
        self._loading_ids.add(index)
        self._prepare_worker(index, run.items[index])

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare_worker(self, index: int, item) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        app = self.app
        try:
            app.ensure_library()
            prepared = prepare_call(item, app.clock.now(), app.rep, app.library, app.cue_templates,
                                    app.session_run.session_id, my_name=app.my_name)
            self.post_message(CallPrepared(index, item, prepared))
        except Exception as exc:
            self.post_message(CallPrepared(index, item, None, one_line(exc, 200)))
        finally:
            close_thread_connection()

    @on(CallPrepared)
    def _prepared(self, message: CallPrepared) -> None:
        self._loading_ids.discard(message.index)
        run = self.session_run
        if message.index >= run.total or run.items[message.index] is not message.item:
            return  # the list changed meanwhile (a contact was put off)
        if message.prepared is None:
            if message.index == self.session_run.index:
                self.form.show_message(f"Could not load this contact: {message.error}", error=True)
            return
        self.prepared[message.index] = message.prepared
        if message.index == self.session_run.index and self.shown_index != message.index:
            self._paint(message.prepared)

    # --- actions ------------------------------------------------------------------------------

    def _in_text_field(self) -> bool:
        return isinstance(self.focused, TEXT_FIELDS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return self._in_text_field()
        if action == "extend":
            return self.session_run is not None and self.session_run.times_up(self.app.clock.monotonic())
        if action == "later":
            item = self.session_run.current if self.session_run is not None else None
            return item is not None and not self._calling_time(item).callable_now
        return True

    def action_outcome(self, number: int) -> None:
        if 1 <= number <= len(OUTCOMES) and not self._refused_as_held():
            self.form.pick(OUTCOMES[number - 1])

    def _refused_as_held(self) -> bool:
        """A contact another rep (or window) holds is theirs to call: nothing is recorded here."""
        run = self.session_run
        prepared = self.prepared.get(run.index) if run is not None else None
        if prepared is None or not prepared.taken:
            return False
        self.notify(f"{one_line(prepared.taken, 40)} is working on this contact: nothing is saved here."
                    " Press s to move on.", severity="warning", markup=False)
        return True

    def action_field(self, field_id: str) -> None:
        # At once, not through focus()'s call_later, which runs after the keys typed next.
        self.set_focus(self.query_one(f"#{field_id}"))

    def action_leave_field(self) -> None:
        self.set_focus(None)

    async def action_referral(self) -> None:
        # Awaited: the app runs the next keys (r is a priority key) only once the new row is
        # there and its name has focus, so a name typed straight after r lands in it.
        await self.form.add_referral()
        self.set_focus(self.form.query(".referral-name").last())

    def action_card(self) -> None:
        self.form.cycle_card()

    def action_decide_quote(self) -> None:
        from outreach_tui.ui.quote_decision import ask_on_call

        if self.session_run is not None and not self.saving:
            ask_on_call(self, self.prepared.get(self.session_run.index))

    def action_step(self, delta: int) -> None:
        self.query_one(ScriptPanel).move(delta)

    def _shown(self) -> PreparedCall | None:
        """The call on screen, once its card is painted."""
        return self.prepared.get(self.shown_index) if self.shown_index is not None else None

    def action_more(self) -> None:
        """Every reason and cue, then the rest of the card, over the call."""
        prepared = self._shown()
        if prepared is not None:
            title = Content.styled(one_line(prepared.item.name, 80), "bold $accent")
            self.app.push_screen(ReadingScreen(title + "\n\n" + more_content(prepared, self.app.clock.today()),
                                               keys="m"))

    def action_history(self) -> None:
        """The last calls with their whole notes and how each went for them."""
        prepared = self._shown()
        if prepared is not None and prepared.card is not None:
            title = Content.assemble((one_line(prepared.item.name, 80), "bold $accent"), ("  last calls", "bold"))
            self.app.push_screen(ReadingScreen(
                title + "\n\n" + history_content(prepared.card.recent, self.app.clock.today()), keys="h"))

    def action_rep_name(self) -> None:
        """Ask for the rep's name, keep it in settings.toml, and say it in this call's script on."""

        def keep(name: str | None) -> None:
            if not name:
                return
            try:
                where = save_name(self.app.user_dir, name)
            except (OSError, ValueError) as exc:
                self.notify(f"Using “{name}” for this session; settings.toml not changed: {one_line(exc, 120)}",
                            severity="warning", timeout=8)
            else:
                self.notify(f"Scripts now say “{name}” (kept in {where.name}).", timeout=4)
            self.app.my_name = name
            self.query_one("#name-hint").display = False
            self.prepared = {index: call for index, call in self.prepared.items() if index < self.session_run.index}
            self.shown_index = None  # the current call is painted again when its new script is ready
            self._prepare(self.session_run.index)
            self._prepare(self.session_run.index + 1)

        self.app.push_screen(NameScreen(self.app.my_name), keep)

    def has_unsaved_input(self) -> bool:
        run = self.session_run
        item = run.current if run is not None and not run.ended else None
        return item is not None and self.form.draft().has_input(default_card(item))

    # --- the draft: what is on screen, kept in the store against a crash -------------------

    @on(OutcomeForm.Edited)
    def keep_draft_soon(self) -> None:
        """Keep the call as a draft within DRAFT_DELAY_S; changes meanwhile go in the same write."""
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_DELAY_S, self._keep_draft)

    @work(thread=True, group="heartbeat", exit_on_error=False)
    def _beat(self) -> None:
        """Say this window still works its session (`store.windows`): no other window takes it."""
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.windows import beat

        run = self.session_run
        if run is None or run.ended:
            return
        try:
            if not beat(run.session_id, self.app.clock.now()):
                log.warning("session %d is worked by another window now", run.session_id)
        except Exception:
            log.warning("no heartbeat for session %d", run.session_id, exc_info=True)
        finally:
            close_thread_connection()

    def palette_commands(self):
        return call_commands(self)
