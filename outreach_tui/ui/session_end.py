"""Ending the session: now (from the palette), back to the plan, or after the last call; the
end is written in a worker, then the summary (or the plan) takes the screen.

Mixed into `SessionScreen`. Its own module so the one way a session ends is in one place,
whichever action asks for it.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from outreach_tui.store.recording import end_session


class SessionEnded(Message):
    pass


class SessionEnding:
    """End the session, asking first when the call on screen is not saved."""

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

    def _on_session_ended(self) -> None:
        from outreach_tui.ui.summary_screen import SummaryScreen

        run = self.session_run
        run.ended = True
        if self.to_plan:
            self.app.session_run = None
            self.app.pop_screen()
            return
        self.app.switch_screen(SummaryScreen(run.session_id))
