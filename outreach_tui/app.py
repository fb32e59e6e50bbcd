"""The full-screen session app: today's plan, one contact at a time, a summary at the end.

`make_app` builds the app for the command line and for the tests alike; `run_app`
runs it and returns its exit code. All database work happens in thread workers
(Peewee gives each thread its own connection), so the screen never freezes.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from outreach_tui.ui.plan_screen import PlanScreen
from outreach_tui.ui.workers import StoreWorkers, close_thread_connection

if TYPE_CHECKING:
    from concurrent.futures import Future

    from outreach_tui.core.clock import Clock
    from outreach_tui.core.cues import CueTemplates
    from outreach_tui.core.demo_tag import DemoFacts
    from outreach_tui.core.scripts import ScriptLibrary
    from outreach_tui.core.settings import Settings
    from outreach_tui.core.today import Today
    from outreach_tui.ui.state import SessionRun

log = logging.getLogger(__name__)

# Only what the first screen needs is imported up front (the first-screen budget);
# the store, scripts, cues, the session and summary screens load when first used.


def _screen_commands():
    from outreach_tui.ui.commands import ScreenCommands

    return ScreenCommands


def config_dir() -> Path:
    """The rep's own files: settings.toml, cues.toml and scripts/<reason>.toml."""
    from platformdirs import user_config_path

    return user_config_path("outreach", appauthor=False)


THEME_SETTLES = 0.5  # seconds: the palette previews each theme the rep moves over; the last one is kept


class OutreachApp(StoreWorkers, App[int]):
    """Outreach: care more, keep in touch."""

    TITLE = "Outreach"
    # Each later screen brings its own styles: the first frame parses and matches only these.
    CSS_PATH = ["ui/styles/app.tcss", "ui/styles/plan.tcss"]
    COMMANDS = App.COMMANDS | {_screen_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        # Textual's own palette key, with an id so that a browser can be given another (ui/browser.py).
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True, id="app.palette"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("f2", "contacts", "Contacts", show=False, id="app.contacts"),
        Binding("f3", "cards", "Cards", show=False, id="app.cards"),
        Binding("f4", "review", "Review", show=False, id="app.review"),
    ]

    def __init__(
        self,
        target: str,
        clock: Clock,
        rep: str,
        settings: Settings,
        demo: bool = False,
        user_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.target = target
        self.clock = clock
        self.rep = rep
        self._my_name: str | None = None  # see `my_name`
        self.settings = settings
        self.demo = demo
        self.demo_facts: DemoFacts | None = None  # a demo book's banner facts, read by the plan screen's worker
        self.user_dir = user_dir
        self.session_minutes = settings.session_minutes or 30
        self.session_run: SessionRun | None = None
        self.first_today: Future[Today] | None = None  # read while the app started; the plan screen takes it
        # The rep's look and keys (settings.toml): checked by the command line before the app starts.
        if settings.theme:
            self.theme = settings.theme
        self.moved_keys: dict[str, str] = dict(settings.keys or {})  # binding id → keys: Help shows them
        if settings.keys:
            self.set_keymap(settings.keys)
        self._saved_theme = self.theme
        self._theme_timer = None
        self.library: ScriptLibrary | None = None
        self.cue_templates: CueTemplates | None = None
        self.load_warnings: list[str] = []
        self.store_bound = False  # see `bind_store`
        self.store_failure: Exception | None = None
        self._quitting = False
        self._library_lock = threading.Lock()

    @property
    def my_name(self) -> str:
        """The rep's name as a script says it; "" when unknown: scripts go without. Worked out when a
        call first needs it, not before the first frame (the scripts module it takes is a session's)."""
        if self._my_name is None:
            from outreach_tui.cli_context import default_rep  # the login name: never said on a call
            from outreach_tui.core.scripts import spoken_name

            self._my_name = spoken_name(self.settings.name, self.rep, default_rep())
        return self._my_name

    @my_name.setter
    def my_name(self, name: str) -> None:
        self._my_name = name

    # --- start-up ----------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return PlanScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)  # the command line held it through the start (`run_app`)
        if self.store_bound:  # opened before the app ran (else `bind_store` starts the check)
            self.check_pages_after_first_frame()
        if self.is_web:  # served by `outreach serve`
            from outreach_tui.ui.browser import fit_keys_to_browser

            fit_keys_to_browser(self)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        if not self.is_headless:  # a real terminal; Pilot tests call close_on_signal directly
            import asyncio
            import signal

            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self.close_on_signal)

    def _theme_chosen(self, theme) -> None:
        """A theme was picked (or previewed, while the palette browses them): saved once it settles."""
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(THEME_SETTLES, self.save_theme)

    def save_theme(self) -> None:
        """Keep the theme in settings.toml (`theme = "…"`, the rest of the file as it was) for next time."""
        from outreach_tui.core.settings import save_setting

        self._theme_timer = None
        if self.theme == self._saved_theme or self.user_dir is None:
            return
        try:
            save_setting(self.user_dir / "settings.toml", "theme", self.theme)
        except (OSError, ValueError) as exc:
            self.notify(f"The theme could not be saved: {exc}", severity="warning")
            return
        self._saved_theme = self.theme

    def on_unmount(self) -> None:
        if self._theme_timer is not None:  # picked just before quitting
            self._theme_timer.stop()
            self.save_theme()

    def close_on_signal(self) -> None:
        """SIGTERM, or SIGHUP (the terminal closed): keep the call as a draft to resume, exit with 0.

        Textual handles neither signal; by default they kill the app mid-call. The
        session is left open, so the next start offers to resume it.
        """
        if self._quitting:
            return
        self._quitting = True
        self.keep_call_draft()
        if not self.is_headless and not os.isatty(sys.__stdout__.fileno()):
            # The terminal is gone (a closed window): Textual's goodbye to it would block
            # for ever on its dead writer thread. The draft is committed; leave now.
            close_thread_connection()
            os._exit(0)
        self.exit(0)

    def on_exit_app(self) -> None:
        """Served (`outreach serve`), a closed or reloaded tab ends the app: keep the call first,
        as a closed terminal does, so the page offers it back."""
        if self.is_web and not self._quitting:
            self._quitting = True
            self.keep_call_draft()

    def keep_call_draft(self) -> None:
        """Write the call's draft now, on this thread: the app is closing without the rep quitting."""
        screen = self.session_screen()
        try:
            if screen is not None:
                screen.keep_draft_now()
        except Exception:  # the draft written a second ago stays in the store
            log.warning("draft not kept on the way out", exc_info=True)

    # --- help, palette, quit ------------------------------------------------------

    def action_help(self) -> None:
        from outreach_tui.ui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_contacts(self) -> None:
        from outreach_tui.ui.contacts_screen import ContactsScreen

        self.open_screen(ContactsScreen)

    def action_cards(self) -> None:
        from outreach_tui.ui.cards_screen import CardsScreen

        self.open_screen(CardsScreen)

    def action_review(self) -> None:
        from outreach_tui.ui.review_screen import ReviewScreen

        self.open_screen(ReviewScreen)

    def open_screen(self, screen_type: type[Screen]) -> None:
        """Show a side screen over the current one; from another side screen, replace it.

        Side screens (contacts, cards, review) go back with escape to where the rep
        was, so a call in progress is never left behind.
        """
        if isinstance(self.screen, screen_type) or not self.bind_store():  # bound by now, unless typed ahead
            return
        if getattr(self.screen, "SIDE_SCREEN", False):
            self.switch_screen(screen_type())
        else:
            self.push_screen(screen_type())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Contacts", "Find anyone, see everything known, edit (F2)", self.action_contacts)
        yield SystemCommand("Cards", "Notes and cards to write, written, mailed, and what they brought back (F3)",
                            self.action_cards)
        yield SystemCommand("Review", "The week in numbers: calls, cards, quotes, attention balance (F4)",
                            self.action_review)
        yield SystemCommand("Help: keys", "Every key, screen by screen", self.action_help)
        yield SystemCommand("Theme", "Change the colours (kept for next time)", self.action_change_theme)
        yield SystemCommand("Quit", "Leave Outreach (asks first if a call is unsaved)", self.action_quit)
        # Textual's own (Keys, Maximize, Screenshot…) beside these, less those the app words itself.
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Quit"):
                yield command

    async def action_quit(self) -> None:
        from outreach_tui.ui.confirm import ConfirmScreen

        if self._quitting:
            return
        if isinstance(self.screen, ConfirmScreen):
            # ctrl+q twice: the rep means it (and the call is kept as a draft, as the question says).
            session_screen = self.session_screen()
            if session_screen is not None and session_screen.has_unsaved_input():
                self.quit_keeping_draft(session_screen)
            else:
                self.close_and_exit()
            return
        session_screen = self.session_screen()
        if session_screen is not None and session_screen.has_unsaved_input():
            def answered(yes: bool | None) -> None:
                if yes:
                    self.quit_keeping_draft(session_screen)

            self.push_screen(
                ConfirmScreen("This call isn't saved yet. Quit now? It is kept as a draft: the next start"
                              " offers it back.", yes="Quit, keep the draft"),
                answered,
            )
            return
        self.close_and_exit()

    def quit_keeping_draft(self, session_screen) -> None:
        """Write the call as a draft now and leave the session open, so the next start offers it back."""
        self._quitting = True
        try:
            session_screen.keep_draft_now()
        except Exception as exc:  # the draft written a second ago stays in the store
            self.notify(f"Could not keep the draft: {exc}", severity="error", markup=False)
        self.exit(0)

    def session_screen(self):
        from outreach_tui.ui.session_screen import SessionScreen

        return next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)

    def summary_screen(self):
        from outreach_tui.ui.summary_screen import SummaryScreen

        return next((s for s in self.screen_stack if isinstance(s, SummaryScreen)), None)

    def close_and_exit(self, return_code: int = 0) -> None:
        """End a running session and keep a typed reflection, then exit.

        Two one-row updates, done here rather than in a worker so that quitting is
        immediate and certain (an exiting app may never run a worker's callback).
        """
        from outreach_tui.store.recording import end_session, save_reflection

        self._quitting = True
        run = self.session_run if self.session_run is not None and not self.session_run.ended else None
        summary = self.summary_screen()
        reflection = summary.unsaved_reflection() if summary is not None else None
        try:
            if run is not None:
                end_session(run.session_id, self.clock.now())
                run.ended = True
            if reflection is not None:
                save_reflection(*reflection)
        except Exception:  # never block quitting; the calls themselves are already saved
            return_code = return_code or 0
        self.exit(return_code)

def make_app(
    target: str,
    clock: Clock,
    rep: str,
    settings: Settings,
    demo: bool = False,
    user_dir: Path | None = None,
    first_today: Future[Today] | None = None,
    bind_later: bool = False,
    bound: bool = False,
) -> OutreachApp:
    """The app on the store at `target`: opened, and created or upgraded, here.

    `first_today`, when given, is today's plan already being read (see
    `outreach_tui.prefetch`): the plan screen shows it instead of asking again.
    `bind_later`: that reader has found the store current, so it is bound once the
    first screen is drawn (`OutreachApp.bind_store`), not here.
    `bound`: the caller has the store open already (the demo book it just built).
    """
    app = OutreachApp(
        target, clock, rep, settings, demo=demo, user_dir=user_dir if user_dir is not None else config_dir()
    )
    if bound:
        app.store_bound = True
    elif not bind_later:
        from outreach_tui.store.connection import open_store

        open_store(target)
        app.store_bound = True
    app.first_today = first_today
    return app


def run_app(
    target: str, clock: Clock, rep: str, settings: Settings, demo: bool = False,
    first_today: Future[Today] | None = None, bind_later: bool = False, bound: bool = False,
) -> int:
    """Run the app until the rep quits; the exit code (1 if the app crashed).

    Raises StoreError if the store could not be bound (see `OutreachApp.bind_store`).
    """
    log_to_file(os.environ.get("OUTREACH_LOG"))
    # What the imports made (Textual, click, the store: most of the objects the app will ever have)
    # lives as long as the app does: set it aside from the collector, whose first full pass over it
    # otherwise fell on the first frame (15 to 30 ms; a bare Textual app has too few objects for one).
    # The command line holds the collector through the imports (`cli._collector_held`): it goes on
    # once the first frame is drawn (`on_mount`).
    gc.freeze()
    app = make_app(target, clock, rep, settings, demo=demo, first_today=first_today, bind_later=bind_later,
                   bound=bound)
    app.run()
    if app.store_failure is not None:
        raise app.store_failure  # a StoreError, for the command line's one line
    return app.return_code or 0


def log_to_file(path: str | None) -> None:
    """`OUTREACH_LOG=FILE`: what the app would otherwise swallow (a draft not kept, say) goes there.
    Only outreach's own lines: a library's (Peewee's SQL) would copy contact data into the file."""
    if path:
        handler = logging.FileHandler(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(threadName)s %(name)s %(message)s"))
        ours = logging.getLogger("outreach_tui")
        ours.addHandler(handler)
        ours.setLevel(logging.DEBUG)
