"""The session: one contact at a time, in plan order, with a countdown and a call timer.

Keys (outside a text field): 1…7 outcomes, n notes, t their view, d next touch,
r referral, c card, j/k script steps, m more (every cue, the whole card), h the last
calls in full, s skip, z snooze, e extend (when time is up), w wrap up, l later (a contact outside
their calling hours). Anywhere: ctrl+s saves and moves on, escape leaves a text field.

The next contact is prepared in a worker while the current call runs, so saving
shows it without waiting on the database.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import OUTCOME_LABELS, OUTCOMES, REASON_LABELS
from outreach_tui.store.recording import CallRecord, RecordError, end_session, save_call, snooze
from outreach_tui.store.windows import HEARTBEAT_S
from outreach_tui.ui.contact_card import card_head, cues_content, cues_label, history_content, more_content, why_content
from outreach_tui.ui.draft import DraftError, card_queued_text, card_waiting_text, default_card, to_record
from outreach_tui.ui.help_screen import ReadingScreen
from outreach_tui.ui.outcome_form import TEXT_FIELDS, OutcomeForm
from outreach_tui.ui.prepare import PreparedCall, prepare_call
from outreach_tui.ui.rep_name import NAME_HINT, NameScreen, save_name
from outreach_tui.ui.resume import ResumePoint, snapshot, to_json
from outreach_tui.ui.script_panel import ScriptPanel
from outreach_tui.ui.state import EXTEND_MINUTES, clock_text

log = logging.getLogger(__name__)

# Cues a small screen shows in full before `m` (the promise for 80x24: at least two).
SHORT_CUES = 2

OUTCOME_GROUP = Binding.Group("outcome", compact=True)
STEP_GROUP = Binding.Group("step", compact=True)


class CallPrepared(Message):
    def __init__(self, index: int, item, prepared: PreparedCall | None, error: str = "") -> None:
        super().__init__()
        self.index = index
        self.item = item  # the plan item it was prepared for (a put-off contact moves in the list)
        self.prepared = prepared
        self.error = error


class CallSaved(Message):
    def __init__(self, index: int, interaction_id: int, started: float) -> None:
        super().__init__()
        self.index = index
        self.interaction_id = interaction_id
        self.started = started


class SaveFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SessionEnded(Message):
    pass


class DraftFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


# A change to the call is in the store this long after it is typed (the promise is 2 s).
DRAFT_DELAY_S = 1.0


def _outcome_bindings() -> list[Binding]:
    return [
        Binding(str(number), f"outcome({number})", OUTCOME_LABELS[outcome], group=OUTCOME_GROUP,
                id=f"call.outcome.{outcome}", priority=True)
        for number, outcome in enumerate(OUTCOMES, 1)
    ]


class SessionScreen(Screen):
    CSS_PATH = "styles/session.tcss"
    # Narrow or short: one column, the brief over the form, the script at its current step
    # and only the first cues. Wide and tall: the last calls are on screen too.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall"), (36, "-tallest")]
    AUTO_FOCUS = ""
    BINDINGS = [
        # Not a priority binding on purpose: a priority binding runs ahead of keys still
        # queued for the focused widget, so a quick "1 ctrl+s" (or the last letters of a
        # note) would be saved without the outcome (or the letters). No text widget binds
        # ctrl+s, so it still reaches this binding from anywhere in the form.
        Binding("ctrl+s", "save", "Save", id="call.save"),
        # Priority, on the other hand, for the keys that pick an outcome or move into a
        # field: they run as the app takes them, in the order typed, so letters typed
        # straight after "n" land in the notes (not as keys: "s" would skip the call)
        # and a "2" before it is not lost. A text field that has focus still takes them
        # as text (Textual leaves out bindings for keys a focused field consumes).
        *_outcome_bindings(),
        Binding("n", "field('notes')", "Notes", show=False, id="call.notes", priority=True),  # its label shows n
        Binding("t", "field('their-view')", "Their view", show=False, id="call.their_view", priority=True),
        Binding("d", "field('next-touch')", "Next touch", show=False, id="call.next_touch", priority=True),
        Binding("r", "referral", "Referral", show=False, id="call.referral", priority=True),
        Binding("c", "card", "Card", show=False, id="call.card"),
        Binding("q", "decide_quote", "Quote won/lost", show=False, id="call.decide_quote"),
        Binding("j,down", "step(1)", "Next step", group=STEP_GROUP, key_display="j", id="call.step_next"),
        Binding("k,up", "step(-1)", "Previous step", group=STEP_GROUP, key_display="k", id="call.step_back"),
        Binding("m", "more", "More", id="call.more"),
        Binding("h", "history", "History", show=False, id="call.history"),
        Binding("s", "skip", "Skip", id="call.skip"),
        Binding("z", "snooze", "Snooze", show=False, id="call.snooze"),
        Binding("e", "extend", f"+{EXTEND_MINUTES} min", id="call.extend"),
        Binding("w", "wrap_up", "Last call", show=False, id="call.wrap_up"),
        Binding("l", "later", "Later", id="call.later"),  # shown only outside their calling hours
        Binding("escape", "leave_field", "Leave field", id="call.leave_field"),
    ]

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
        if not self.app.my_name:
            self.notify(NAME_HINT, timeout=6)

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

    # --- timers -----------------------------------------------------------------------------

    def tick(self) -> None:
        run = self.session_run
        if run is None or run.ended:
            return
        mono = self.app.clock.monotonic()
        item = run.current
        number = min(run.index + 1, run.total)
        self.query_one("#hdr-call", Static).update(Content.assemble(
            ("Call ", "bold"), (f"{number} of {run.total}", "bold $accent")))
        if item is not None:
            last = "  · last call" if run.stop_after_current else ""
            self.query_one("#hdr-who", Static).update(Content.assemble(
                (one_line(item.name, 50), "bold"), ("  " + REASON_LABELS.get(item.reason, item.reason), "$text-muted"),
                (last, "bold $warning"),
            ))
        remaining = run.remaining_s(mono)
        session = (
            Content.assemble(("session ", "$text-muted"), (clock_text(remaining), "bold"), (" left", "$text-muted"))
            if remaining > 0 else
            Content.assemble(("time's up ", "bold $text-error"), (f"+{clock_text(-remaining)}", "$text-error"))
        )
        self.query_one("#hdr-timers", Static).update(Content.assemble(
            ("this call ", "$text-muted"), (clock_text(mono - self.call_started_mono), "bold"), "   ", session))
        if remaining <= 0 and not run.times_up_noticed:
            run.times_up_noticed = True
            banner = self.query_one("#times-up", Static)
            banner.update(Content.assemble(
                ("Time's up", "bold"), " — finish this call, then wrap up.   ",
                ("e", "bold reverse"), f" +{EXTEND_MINUTES} min   ", ("w", "bold reverse"), " stop after this call",
            ))
            banner.display = True
            self.refresh_bindings()

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
            self.prepared = {index: call for index, call in self.prepared.items() if index < self.session_run.index}
            self.shown_index = None  # the current call is painted again when its new script is ready
            self._prepare(self.session_run.index)
            self._prepare(self.session_run.index + 1)

        self.app.push_screen(NameScreen(self.app.my_name), keep)

    def action_extend(self) -> None:
        run = self.session_run
        run.extend(self.app.clock.monotonic())
        self.query_one("#times-up").display = False
        self.notify(f"Session extended: {EXTEND_MINUTES} more minutes.", timeout=3)
        self.tick()
        self.refresh_bindings()

    def action_wrap_up(self) -> None:
        run = self.session_run
        run.stop_after_current = not run.stop_after_current
        self.form.show_message(
            "Last call: saving it ends the session." if run.stop_after_current else "Carrying on after this call.")
        self.tick()

    # --- calling hours: said on screen, acted on with one key ----------------------------------

    def _calling_time(self, item):
        from outreach_tui.core.calling import calling_time

        return calling_time(item.timezone, self.app.clock.now(), self.app.settings.calling_hours)

    def action_later(self) -> None:
        """Put off a contact outside their calling hours: to when their window opens this session, or tomorrow."""
        from outreach_tui.core.calling import deferred_index
        from outreach_tui.core.plan_order import MINUTES_PER_CALL

        run = self.session_run
        item = run.current if run is not None else None
        if item is None or self.saving or self.finishing:
            return
        hours = self._calling_time(item)
        if hours.callable_now:
            return
        if self.has_unsaved_input():  # what was typed belongs to a call that happened: keep it
            self.notify("This call has notes or an outcome: save it (ctrl+s) rather than put them off.",
                        severity="warning", timeout=5)
            return
        place = deferred_index(run.index, run.total, hours.opens_in, run.remaining_s(self.app.clock.monotonic()),
                               MINUTES_PER_CALL)
        run.put_off(place)
        by_item = {id(prepared.item): prepared for prepared in self.prepared.values()}
        self.prepared = {n: by_item[id(i)] for n, i in enumerate(run.items) if id(i) in by_item}
        self._loading_ids.clear()
        name = one_line(item.name, 60)
        self.notify(f"{name}: {hours.notice}. " + (
            f"Back as call {place + 1}, once their calling hours open." if place is not None
            else "Not this session: tomorrow's plan has them."), timeout=5, markup=False)
        self.show_call()
        self.refresh_bindings()

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

    def _snapshot(self) -> tuple[int, int, str] | None:
        """(sequence, session id, state) of the session now; None when there is nothing to keep."""
        run = self.session_run
        if run is None or run.ended or self.finishing or run.current is None or self.call_started_at is None:
            return None
        point = snapshot(run, self.app.clock.monotonic(), self.call_started_mono, self.call_started_at,
                         self.form.draft())
        self._draft_seq += 1
        return self._draft_seq, run.session_id, to_json(point)

    def _keep_draft(self) -> None:
        self._draft_timer = None
        taken = self._snapshot()
        if taken is not None:
            self._draft_worker(*taken)

    def keep_draft_now(self) -> None:
        """Write the draft on this thread, now (the app is about to close on a signal)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        taken = self._snapshot()
        if taken is not None:
            self._write_draft(*taken)

    def _write_draft(self, seq: int, session_id: int, state: str) -> None:
        from outreach_tui.store.drafts import keep_draft

        with self._draft_lock:  # writes may finish out of order; an older snapshot never wins
            if seq > self._draft_written:
                keep_draft(self.app.rep, session_id, state, self.app.clock.now())
                self._draft_written = seq
                log.debug("draft %d kept for session %d", seq, session_id)
            else:
                log.debug("draft %d not kept: %d is newer", seq, self._draft_written)

    @work(thread=True, group="draft", exit_on_error=False)
    def _draft_worker(self, seq: int, session_id: int, state: str) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        try:
            self._write_draft(seq, session_id, state)
        except Exception as exc:
            log.warning("draft %d for session %d not kept", seq, session_id, exc_info=True)
            self.post_message(DraftFailed(one_line(exc, 200)))
        finally:
            close_thread_connection()

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

    @on(DraftFailed)
    def _draft_failed(self, message: DraftFailed) -> None:
        if not self._draft_warned:  # once: the next change tries again anyway
            self._draft_warned = True
            self.notify(f"Could not keep a draft of this call: {message.error}", severity="warning",
                        markup=False)

    # --- save, skip, snooze ----------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving or self.finishing or self.session_run is None or self.session_run.current is None:
            return
        if self._refused_as_held():
            return
        started = time.perf_counter()
        item = self.session_run.current
        duration = self.app.clock.monotonic() - self.call_started_mono
        try:
            record = to_record(self.form.draft(), item, self.app.clock.today(), self.call_started_at, int(duration))
        except DraftError as exc:
            found = self.query(f"#{exc.field_id}")
            field = found.first() if found and isinstance(found.first(), TEXT_FIELDS) else None
            # The field with the problem gets focus (its own line says what is wrong);
            # otherwise the message at the top of the form is scrolled into view.
            self.form.show_message(exc.message, error=True, reveal=field is None)
            if field is not None:
                field.focus()
            return
        self.saving = True
        self._save_worker(self.session_run.index, record, started)

    def action_skip(self) -> None:
        from outreach_tui.ui.confirm import ConfirmScreen

        run = self.session_run
        item = run.current if run is not None else None
        if item is None or self.saving:
            return
        prepared = self.prepared.get(run.index)
        if prepared is not None and prepared.card is None:
            # Deleted, or taken by another rep, since the plan was made: nothing to record, move on.
            self._advance(run.index)
            return
        if self.has_unsaved_input() and self.form.outcome != "skipped":
            # A stray "s" while meaning to type a note must not throw the call away.
            self.app.push_screen(
                ConfirmScreen(f"Skip {one_line(item.name, 60)}? What you entered is kept with the skip.",
                              yes="Skip"),
                lambda yes: self._skip() if yes else None,
            )
            return
        self._skip()

    def _skip(self) -> None:
        self.form.pick("skipped")
        self.action_save()

    @work(thread=True, group="save", exit_on_error=False)
    def _save_worker(self, index: int, record: CallRecord, started: float) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        app = self.app
        name = app.session_run.items[index].name  # read before the save: the run moves on after it
        try:
            saved = save_call(record, session_id=app.session_run.session_id, rep=app.rep, now=app.clock.now(),
                              card_costs=app.settings.card_costs, refuse_held=True)
            if saved.card_waiting_since is not None:
                app.call_from_thread(self.notify, card_waiting_text(record.card_kind, saved.card_waiting_since,
                                                                    app.clock.today()), timeout=5)
            elif saved.card_id is not None:
                app.call_from_thread(self.notify, card_queued_text(record.card_kind, name),
                                     timeout=4, markup=False)
            self.post_message(CallSaved(index, saved.interaction_id, started))
        except RecordError as exc:
            self.post_message(SaveFailed(f"{exc} — nothing saved."))
        except Exception as exc:
            from outreach_tui.store.connection import database_failure

            reason = database_failure(app.target, exc) or exc  # a full disk says so, not "cannot rollback"
            self.post_message(SaveFailed(f"Could not save: {one_line(reason, 200)} — nothing saved; try ctrl+s again."))
        finally:
            close_thread_connection()

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        self.form.show_message(message.error[:1].upper() + message.error[1:], error=True)

    @on(CallSaved)
    def _saved(self, message: CallSaved) -> None:
        self.saving = False
        run = self.session_run
        if message.index != run.index:
            return
        run.done.append(message.interaction_id)
        self._advance(message.index)
        started = message.started
        self.call_after_refresh(lambda: self.save_clicks.append(time.perf_counter() - started))

    def _advance(self, index: int) -> None:
        """On to the next contact, or to the summary when this was the last call."""
        run = self.session_run
        self.prepared.pop(index, None)
        if run.finished_after_save(self.app.clock.monotonic()):
            self.finish_session()
            return
        run.index += 1
        self.show_call()
        self.refresh_bindings()  # `l` shows only for a contact outside their calling hours

    def action_snooze(self) -> None:
        from outreach_tui.ui.confirm import DateScreen

        item = self.session_run.current if self.session_run else None
        if item is None or self.saving:
            return
        index = self.session_run.index

        def chosen(until: date | None) -> None:
            if until is not None and self.session_run.index == index and not self.saving:
                self.saving = True
                self._snooze_worker(index, item.contact_id, item.reason, until)

        self.app.push_screen(DateScreen(f"Snooze {one_line(item.name, 60)} until when?", self.app.clock.today()),
                             chosen)

    @work(thread=True, group="save", exit_on_error=False)
    def _snooze_worker(self, index: int, contact_id: int, reason: str, until: date) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        app = self.app
        try:
            interaction_id = snooze(contact_id, until, session_id=app.session_run.session_id, rep=app.rep,
                                    now=app.clock.now(), reason=reason)
            self.post_message(CallSaved(index, interaction_id, time.perf_counter()))
        except RecordError as exc:
            self.post_message(SaveFailed(str(exc)))
        except Exception as exc:
            self.post_message(SaveFailed(f"Could not snooze: {one_line(exc, 200)}"))
        finally:
            close_thread_connection()

    # --- the end ---------------------------------------------------------------------------------

    def action_end_now(self) -> None:
        from outreach_tui.ui.confirm import ConfirmScreen

        if self.has_unsaved_input():
            self.app.push_screen(
                ConfirmScreen("This call isn't saved. End the session anyway and lose it?", yes="End session"),
                lambda yes: self.finish_session() if yes else None,
            )
        else:
            self.finish_session()

    def action_back_to_plan(self) -> None:
        from outreach_tui.ui.confirm import ConfirmScreen

        def go(yes: bool | None = True) -> None:
            if yes:
                self.to_plan = True
                self.finish_session()

        if self.has_unsaved_input():
            self.app.push_screen(ConfirmScreen("This call isn't saved. End the session anyway and lose it?",
                                               yes="End session"), go)
        else:
            go()

    def finish_session(self) -> None:
        if self.finishing:
            return
        self.finishing = True
        self._end_worker(self.session_run.session_id)

    @work(thread=True, group="save", exit_on_error=False)
    def _end_worker(self, session_id: int) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        try:
            end_session(session_id, self.app.clock.now())
        except Exception:  # the summary still shows; ended_at stays empty
            pass
        finally:
            close_thread_connection()
            self.post_message(SessionEnded())

    @on(SessionEnded)
    def _ended(self) -> None:
        from outreach_tui.ui.summary_screen import SummaryScreen

        run = self.session_run
        run.ended = True
        if self.to_plan:
            self.app.session_run = None
            self.app.pop_screen()
            return
        self.app.switch_screen(SummaryScreen(run.session_id))

    def palette_commands(self):
        commands = [
            (f"Outcome: {OUTCOME_LABELS[o]}", f"Key {n} (outside a text field)", lambda n=n: self.action_outcome(n))
            for n, o in enumerate(OUTCOMES, 1)
        ]
        commands += [
            ("Save call and go to the next contact", "ctrl+s", self.action_save),
            ("Notes", "Write notes for this call (n)", lambda: self.action_field("notes")),
            ("How did it go for them", "t", lambda: self.action_field("their-view")),
            ("Next touch date", "d: +3w, 90d, next fri, 2026-12-01", lambda: self.action_field("next-touch")),
            ("Add a referral", "r: name, then phone or email", self.action_referral),
            ("Change the card to send", "c cycles none → thank-you → …", self.action_card),
            ("Quote won or lost", "q: when this call is about a quote", self.action_decide_quote),
            ("More about this contact", "m: every reason and cue, and the rest of the card", self.action_more),
            ("History: the last calls in full", "h: whole notes and how it went for them", self.action_history),
            ("Script: next step", "j or ↓", lambda: self.action_step(1)),
            ("Script: previous step", "k or ↑", lambda: self.action_step(-1)),
            ("Your name in scripts", "What you say after 'it's …'; kept in settings.toml", self.action_rep_name),
            ("Skip this contact", "s: recorded as skipped", self.action_skip),
            ("Snooze this contact", "z: hide until a date", self.action_snooze),
            (f"Extend session by {EXTEND_MINUTES} minutes", "e when time is up", self.action_extend),
            ("Wrap up: this is the last call", "w: saving it ends the session", self.action_wrap_up),
            ("Later: call outside their hours", "l: when their window opens, or tomorrow", self.action_later),
            ("Summary: end the session now", "Go to the session summary", self.action_end_now),
            ("Plan: end the session and see today's plan", "Ends the session; its summary is skipped",
             self.action_back_to_plan),
        ]
        return commands
