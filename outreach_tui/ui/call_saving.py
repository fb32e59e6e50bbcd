"""Saving the call on screen, or skipping or snoozing it, and moving on to the next contact.

Mixed into `SessionScreen`. The form's draft becomes a `CallRecord` (`ui.draft.to_record`;
a problem puts the focus on its field), the write runs in a worker (`store.recording`),
and the answer comes back as a message: the next contact, or the summary after the last.
Its own module because the save flow is one job with its messages, apart from the brief.
"""

from __future__ import annotations

import time
from datetime import date

from textual import work
from textual.message import Message

from outreach_tui.core.text import one_line
from outreach_tui.store.recording import CallRecord, RecordError, save_call, snooze
from outreach_tui.ui.draft import DraftError, card_queued_text, card_waiting_text, to_record
from outreach_tui.ui.outcome_form import TEXT_FIELDS


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


class CallSaving:
    """ctrl+s, s and z of the call screen, their workers, and what their answers do."""

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

    def _on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        self.form.show_message(message.error[:1].upper() + message.error[1:], error=True)

    def _on_call_saved(self, message: CallSaved) -> None:
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
