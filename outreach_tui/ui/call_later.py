"""Calling hours on the call screen: whether the contact may be called now, and `l`, which
puts off one who may not (to when their window opens this session, or to tomorrow).

Mixed into `SessionScreen`. Its own module because the rule (`core.calling`) and the
reshuffle of the prepared calls that follows it are one job apart from saving a call.
"""

from __future__ import annotations

from outreach_tui.core.text import one_line


class CallingHours:
    """`_calling_time` for the card and the bindings, and the action behind `l`."""

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
