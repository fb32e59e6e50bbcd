"""Today's plan: who to reach and why, grouped by reason; the day's goals; enter starts."""

from __future__ import annotations

from concurrent.futures import TimeoutError as NotYet
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from outreach_tui.core.dates import plural
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import REASON_LABELS
from outreach_tui.ui.plan_listing import PlanListing
from outreach_tui.ui.plan_resume import ResumeOffer
from outreach_tui.ui.widgets import TopBar, progress_bar

if TYPE_CHECKING:
    from outreach_tui.core.calling import CallingTime
    from outreach_tui.core.plan_items import Plan
    from outreach_tui.core.today import DayProgress, Today

MIN_MINUTES, MAX_MINUTES, STEP_MINUTES = 5, 180, 5


# How long the first frame waits for a plan already being read: long enough to
# show the plan at once on a big book, short enough that a slow store shows
# "Loading…" (and the rest of the screen) instead of nothing.
FIRST_FRAME_WAIT_S = 0.5


class PlanLoaded(Message):
    def __init__(self, data: Today) -> None:
        super().__init__()
        self.data = data


class FilesChecked(Message):
    """The rep's own scripts and cues were read; what was wrong with them, if anything."""

    def __init__(self, warnings: tuple[str, ...]) -> None:
        super().__init__()
        self.warnings = warnings


class PlanFailed(Message):
    def __init__(self, error: str, retry: bool = True) -> None:
        super().__init__()
        self.error = error
        self.retry = retry  # whether trying again may help (not for a damaged store)


class SessionStarted(Message):
    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id


def goals_content(progress: DayProgress, goals) -> Content:
    rows = (
        ("Calls", progress.calls, goals.calls),
        ("Thank-you note", progress.notes, goals.notes),
        ("Thoughtful act", progress.thoughtfulness, goals.thoughtfulness),
    )
    lines = [Content.styled("Today's goals", "bold")]
    for label, done, goal in rows:
        style = "$success" if goal and done >= goal else ""
        lines.append(Content.assemble(
            f"{label:<15}", (f"{done}/{goal}".rjust(6), style or "bold"), " ", (progress_bar(done, goal, 8), "$accent"),
        ))
    return Content("\n").join(lines)


class PlanScreen(ResumeOffer, Screen):
    """The first screen: the day at a glance."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("enter", "start", "Start", id="plan.start"),
        Binding("plus,equals_sign", "longer", "Longer", key_display="+", id="plan.longer"),
        Binding("minus", "shorter", "Shorter", key_display="-", id="plan.shorter"),
        Binding("r", "reload", "Reload", id="plan.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: Today | None = None
        self.starting = False
        self.resume_checked = False  # the first load looks for an interrupted session
        self.left = False  # another screen went over this one since it was shown

    def compose(self) -> ComposeResult:
        yield TopBar(id="plan-top")
        with Horizontal(id="plan-body"):
            with VerticalScroll(id="plan-list"):
                yield Static(Content("Loading today's plan…"), id="plan-message")
            with Vertical(id="plan-side"):
                yield Static(Content(""), id="plan-goals")
                yield Static(Content(""), id="plan-length")
                yield Static(Content(""), id="plan-why")
                yield Static(Content(""), id="plan-start")
                yield Static(Content(""), id="plan-warnings")
        yield Footer()

    def on_mount(self) -> None:
        # The screen is mounted, not yet drawn: the start-up reader's plan, waited for now,
        # is on the first frame, and the rest of the screen was made while it came. The store
        # is bound after that frame (`load`).
        self.query_one("#plan-top", TopBar).show(self.app, "Today's plan")
        self._show_length()
        self.data = self._take_first_today(FIRST_FRAME_WAIT_S)
        if self.data is not None:
            self._show(self.data)
            self.call_after_refresh(self.load, read=False)  # the rep's files and a kept session
        else:  # once the first frame is on screen, so the query never delays it
            self.call_after_refresh(self.load)

    def _take_first_today(self, timeout: float | None) -> Today | None:
        """The day read during start-up, taken once it is there.

        None when there is none or its reader failed (the screen reads the plan itself),
        or when it is not there within `timeout` (it stays, for the worker to wait on).
        """
        first = self.app.first_today
        if first is None:
            return None
        try:
            ready = first.result(timeout=timeout)
        except NotYet:
            return None
        except Exception:  # the reader could not answer
            ready = None
        self.app.first_today = None
        return ready

    def on_screen_suspend(self) -> None:
        self.left = True

    def on_screen_resume(self) -> None:
        if self.left:  # back from a session or a side screen: reload who is still due
            self.left = False
            self.starting = False
            self.query_one("#plan-top", TopBar).show(self.app, "Today's plan")  # a demo book's calls made
            self.load()

    # --- loading -----------------------------------------------------------------

    def load(self, read: bool = True) -> None:
        """Read today's plan (unless the first frame had it), then the rep's files and any kept session;
        the store bound first, when the command line left it to the app (not before the first frame)."""
        if self._store_bound():
            self._read_day(read)

    def _store_bound(self) -> bool:
        """Bind the store the command line left to the app, unless it is bound; False if it cannot be."""
        if self.app.store_bound:
            return True
        if not self.app.bind_store():
            return False
        self.query_one("#plan-top", TopBar).show(self.app, "Today's plan")  # a demo book's facts, readable now
        return True

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _read_day(self, read: bool) -> None:
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.today import count_today, read_today

        app = self.app
        try:
            today = self.data
            if read:
                today = self._take_first_today(None)  # still being read since start-up?
                if today is None:
                    # With the rep named, contacts another rep has claimed (team mode) stay off this plan.
                    today = read_today(app.clock.today(), app.settings.rules, app.settings.plan_limit or None,
                                       rep=app.rep, now=app.clock.now(), counts=False)
                self.post_message(PlanLoaded(today))
            if today is not None and not today.plan.counted:  # everything due, counted once the plan shows
                self.post_message(PlanLoaded(count_today(today, app.settings.rules, app.settings.plan_limit or None,
                                                         rep=app.rep, now=app.clock.now())))
            app.ensure_library()
            self.post_message(FilesChecked(tuple(app.load_warnings)))
            if not self.resume_checked:
                self.resume_checked = True
                self._find_other_window()
                self._find_interrupted_session()
        except Exception as exc:  # shown on screen; the rep can retry with r, or is told what to do
            from outreach_tui.store.connection import is_damage, store_failure

            damaged = is_damage(exc)  # as the command line says it: which .bak to restore
            reason = store_failure(app.target, exc) if damaged else exc
            self.post_failure(f"Could not load today's plan: {one_line(reason, 300)}", retry=not damaged)
        finally:
            close_thread_connection()

    @on(PlanLoaded)
    def _loaded(self, message: PlanLoaded) -> None:
        self._show(message.data)

    def _show(self, data: Today) -> None:
        """The day: its listing (in place of any before) and everything about it."""
        listing = self.query_one("#plan-list", VerticalScroll)
        if not listing.is_attached:  # the count arriving as the app closes: nothing left to show it on
            return
        self.data = data
        plan = data.plan
        items = self.query_one("#plan-message", Static)
        listing.remove_children(PlanListing)
        items.display = not plan.items
        self.query_one("#plan-why", Static).display = False  # until an entry is highlighted
        if plan.items:
            entries = PlanListing(plan, self._outside_hours(plan))
            listing.mount(entries)
            entries.focus()
            title = Content.assemble(
                (f"{plural(len(plan.items), 'contact')} to reach today", "bold"),
                (f" (of {plan.total} due)" if plan.total > len(plan.items) else "", "$text-muted"),
            )
            listing.border_title = title
        elif data.book_size == 0:
            listing.border_title = Content("Today's plan")
            items.update(Content.assemble(
                ("Your book is empty.", "bold"), "\n\n",
                "Bring contacts in with `outreach import FILE`, or practise on a demo book with `outreach demo`.",
            ))
        else:
            listing.border_title = Content("Today's plan")
            items.update(Content.assemble(
                ("Nobody is due today.", "bold"), "\n\n",
                "Everyone has been looked after. Enjoy the quiet — or call someone just to see how they are.",
            ))
        self.query_one("#plan-goals", Static).update(goals_content(data.progress, self.app.settings.goals))
        self._show_length()
        self._show_start()

    def _outside_hours(self, plan: Plan) -> dict[int, CallingTime]:
        """Their time, for each contact it is not a good time to call now (the session says so too)."""
        from outreach_tui.core.calling import calling_time

        now, hours = self.app.clock.now(), self.app.settings.calling_hours
        times = {item.contact_id: calling_time(item.timezone, now, hours) for item in plan.items}
        return {contact_id: time for contact_id, time in times.items() if not time.callable_now}

    @on(PlanListing.Highlighted)
    def _why(self, message: PlanListing.Highlighted) -> None:
        """The highlighted entry's reasons in full, each on its own line."""
        item = message.item
        why = self.query_one("#plan-why", Static)
        why.border_title = Content(f"{message.number}. {one_line(item.name, 60)}")
        hours = self.query_one(PlanListing).outside.get(item.contact_id)
        why.update(Content("\n").join([
            *([Content.styled(hours.notice, "$warning")] if hours is not None else []),
            *(Content.assemble((REASON_LABELS[signal.reason], "bold $accent"), ": ", one_line(signal.detail, 300))
              for signal in item.signals),
        ]))
        why.display = True

    @on(FilesChecked)
    def _files_checked(self, message: FilesChecked) -> None:
        warnings = self.query_one("#plan-warnings", Static)
        if message.warnings:
            warnings.update(Content.assemble(
                ("Your files", "bold $warning"), "\n",
                *[part for w in message.warnings for part in ("• ", one_line(w, 300), "\n")],
            ))
            warnings.display = True
        else:
            warnings.display = False

    def post_failure(self, error: str, retry: bool = True) -> None:
        """Say on the screen what went wrong (from any thread); `retry`: whether r may help."""
        self.post_message(PlanFailed(error, retry))

    @on(PlanFailed)
    def _failed(self, message: PlanFailed) -> None:
        items = self.query_one("#plan-message", Static)
        items.display = True
        retry = "\n\nPress r to try again." if message.retry else ""
        items.update(Content.assemble((message.error, "$text-error"), retry))

    # --- session length and start -----------------------------------------------------

    def _show_length(self) -> None:
        from outreach_tui.core.plan_order import too_many_moments

        minutes = self.app.session_minutes
        crowded = too_many_moments(self.data.plan.dated, minutes) if self.data is not None else None
        self.query_one("#plan-length", Static).update(Content.assemble(
            ("Session length", "bold"), "\n",
            (f"{minutes} min", "bold $accent"), ("   - / + to change", "$text-muted"),
            ("\n" + crowded if crowded else "", "bold $warning"),
        ))

    def _show_start(self) -> None:
        start = self.query_one("#plan-start", Static)
        if self.data is not None and self.data.plan.items:
            start.update(Content.assemble(
                ("enter", "bold reverse $accent"), " start at call 1", "\n",
                ("↑↓ see why; numbers: call order", "$text-muted"),
            ))
        else:
            start.update(Content(""))

    def action_longer(self) -> None:
        self.app.session_minutes = min(self.app.session_minutes + STEP_MINUTES, MAX_MINUTES)
        self._show_length()

    def action_shorter(self) -> None:
        self.app.session_minutes = max(self.app.session_minutes - STEP_MINUTES, MIN_MINUTES)
        self._show_length()

    def action_reload(self) -> None:
        self.load()

    def action_start(self) -> None:
        if self.starting or self.data is None or not self.data.plan.items:
            if self.data is not None and not self.data.plan.items:
                self.notify("Nothing to start: nobody is due today.", timeout=4)
            return
        if not self._store_bound():  # a key typed ahead, before the first frame's `load` bound it
            return
        self.starting = True
        self._start_session(self.app.session_minutes)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _start_session(self, minutes: int) -> None:
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.recording import start_session

        try:
            session_id = start_session(self.app.rep, self.app.clock.now(), minutes)
            self.post_message(SessionStarted(session_id))
        except Exception as exc:
            self.post_failure(f"Could not start a session: {one_line(exc, 200)}")
            self.starting = False
        finally:
            close_thread_connection()

    @on(SessionStarted)
    def _started(self, message: SessionStarted) -> None:
        from outreach_tui.ui.session_screen import SessionScreen
        from outreach_tui.ui.state import SessionRun

        app = self.app
        assert self.data is not None
        app.session_run = SessionRun(
            session_id=message.session_id,
            items=list(self.data.plan.items),
            planned_minutes=app.session_minutes,
            started_mono=app.clock.monotonic(),
            started_at=app.clock.now(),
        )
        app.push_screen(SessionScreen())

    def palette_commands(self):
        return [
            ("Session: start calling", "One contact at a time, in plan order (enter)", self.action_start),
            ("Session length: 5 minutes longer", "Plus key", self.action_longer),
            ("Session length: 5 minutes shorter", "Minus key", self.action_shorter),
            ("Reload today's plan", "Read the plan again from the store (r)", self.action_reload),
        ]
