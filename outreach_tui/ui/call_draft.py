"""The call on screen kept in the store as a draft, so a crash or a closed terminal loses
nothing typed: each snapshot is written in a worker, and only a newer one overwrites the last.

Mixed into `SessionScreen`, which schedules the write (`keep_draft_soon`, on every edit of
the form) and owns the draft's counters; the app calls `keep_draft_now` as it closes on a
signal. Its own module because keeping a draft is apart from saving the call: nothing here
records an interaction.
"""

from __future__ import annotations

import logging

from textual import work
from textual.message import Message

from outreach_tui.core.text import one_line
from outreach_tui.ui.resume import snapshot, to_json

log = logging.getLogger(__name__)


class DraftFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class DraftKeeping:
    """Snapshot the call, write it on a worker (or now, on this thread), warn once when it fails."""

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

    def _on_draft_failed(self, message: DraftFailed) -> None:
        if not self._draft_warned:  # once: the next change tries again anyway
            self._draft_warned = True
            self.notify(f"Could not keep a draft of this call: {message.error}", severity="warning",
                        markup=False)
