"""The session's clock on the call screen: the header (which call, whom, both timers), the
time's-up banner, and `e` and `w`, which extend the session or make this call its last.

Mixed into `SessionScreen`. Its own module because the countdown runs on its own, every
second, apart from the brief painted once per call.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import REASON_LABELS
from outreach_tui.ui.state import EXTEND_MINUTES, clock_text


class SessionClock:
    """`tick` (every second) and the actions behind `e` and `w`."""

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
