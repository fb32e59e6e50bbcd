"""On the plan screen's first load: a session cut short, offered back, and the rep's session
open in another window, said.

Mixed into `PlanScreen`, whose load worker calls `_find_other_window` and
`_find_interrupted_session` once; the answers come back as messages. It uses the screen's
`load`, `starting` and `post_failure`. Its own module because resuming is one job with its
messages and workers, apart from showing the day.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from outreach_tui.core.dates import plural
from outreach_tui.core.text import one_line

if TYPE_CHECKING:
    from outreach_tui.store.drafts import KeptDraft
    from outreach_tui.ui.resume import ResumePoint

log = logging.getLogger(__name__)


class ResumeOffered(Message):
    """A session cut short (a crash, a closed terminal) that can go on where it stopped."""

    def __init__(self, kept: KeptDraft, point: ResumePoint) -> None:
        super().__init__()
        self.kept = kept
        self.point = point


class OtherWindow(Message):
    """The rep has another session open in another window: its contacts are not this one's."""

    def __init__(self, notice: str) -> None:
        super().__init__()
        self.notice = notice


class ResumeTaken(Message):
    """Another window resumed the offered session first."""


class ResumeOffer:
    """The offer of a kept session, its answer (adopt and resume, or decline and end it), and the notice
    of another window."""

    def _find_other_window(self) -> None:
        """Say so when the rep has a session open in another window (in the load worker)."""
        from outreach_tui.store.windows import other_open_session

        other = other_open_session(self.app.rep, self.app.clock.now())
        if other is not None:
            self.post_message(OtherWindow(other.notice()))

    def _on_other_window(self, message: OtherWindow) -> None:
        self.notify(message.notice, severity="warning", timeout=12, markup=False)

    def _find_interrupted_session(self) -> None:
        """Offer the rep's session in progress, if one was kept (in the load worker, before the plan shows)."""
        from outreach_tui.store.drafts import resumable_draft
        from outreach_tui.ui.resume import from_json

        kept = resumable_draft(self.app.rep, self.app.clock.now())
        log.debug("draft to offer: session %s", kept.session_id if kept else None)  # not its text: contact notes
        if kept is None:
            return
        try:
            point = from_json(kept.state)
        except ValueError:  # not a draft this program can read: leave it, start afresh
            log.warning("draft of session %d not offered", kept.session_id, exc_info=True)
            return
        self.post_message(ResumeOffered(kept, point))

    def _on_resume_offered(self, message: ResumeOffered) -> None:
        from outreach_tui.ui.confirm import OfferScreen
        from outreach_tui.ui.draft import default_card
        from outreach_tui.ui.resume import past_saved_calls

        kept = message.kept
        point = past_saved_calls(message.point, {contact_id for contact_id, _ in kept.saved})
        item = point.current
        at = f"call {point.index + 1} of {len(point.items)}, {one_line(item.name, 60)}" if item else "its end"
        typed = ""
        if item is not None and point.call is not None and point.call.has_input(default_card(item)):
            typed = " What you typed for that call is kept."
        started = f", started {kept.started_at:%a %d %b %H:%M}," if kept.started_at else ""
        question = (
            f"Session {kept.session_id}{started} was interrupted at {at}"
            f" ({plural(len(kept.saved), 'call')} saved).{typed} Resume it? Declining ends it."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._adopt(kept, point)
            else:
                self._decline(kept.session_id)

        self.app.push_screen(OfferScreen(question, yes="Resume", no="Start afresh"), answered)

    @work(thread=True, group="resume", exit_on_error=False)
    def _adopt(self, kept: KeptDraft, point: ResumePoint) -> None:
        """Make the interrupted session this window's, then resume it; unless another window
        of the rep resumed it a moment ago (two windows were offered it at once)."""
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.windows import adopt

        try:
            if adopt(kept.session_id, self.app.clock.now(), kept.seen_at):
                saved = [interaction for _, interaction in kept.saved]
                self.app.call_from_thread(self._resume, kept.session_id, point, saved)
            else:
                self.post_message(ResumeTaken())
        except Exception as exc:
            self.post_failure(f"Could not resume the session: {one_line(exc, 200)}")
        finally:
            close_thread_connection()

    def _on_resume_taken(self, message: ResumeTaken) -> None:
        self.notify("Another window of yours resumed that session first; start a new one here.",
                    severity="warning", timeout=8)

    def _resume(self, session_id: int, point: ResumePoint, saved_ids: list[int]) -> None:
        from outreach_tui.ui.resume import resume_run
        from outreach_tui.ui.session_screen import SessionScreen

        app = self.app
        self.starting = True
        app.session_run = resume_run(session_id, point, saved_ids, app.clock.monotonic())
        app.push_screen(SessionScreen(resume=point))

    @work(thread=True, group="resume", exit_on_error=False)
    def _decline(self, session_id: int) -> None:
        """End the interrupted session (its saved calls stay), then read the plan afresh."""
        from outreach_tui.ui.workers import close_thread_connection
        from outreach_tui.store.recording import end_session

        try:
            end_session(session_id, self.app.clock.now())
        except Exception as exc:
            self.post_failure(f"Could not end the interrupted session: {one_line(exc, 200)}")
            return
        finally:
            close_thread_connection()
        self.app.call_from_thread(self.load)
