"""The call screen's keys: the footer's bindings and the palette's commands, side by side.

Its own module so a key and its palette entry are changed in one place, and so the
screen (`session_screen`) holds what the call does rather than the list of ways to ask.
"""

from __future__ import annotations

from textual.binding import Binding

from outreach_tui.core.vocab import OUTCOME_LABELS, OUTCOMES
from outreach_tui.ui.state import EXTEND_MINUTES

OUTCOME_GROUP = Binding.Group("outcome", compact=True)
STEP_GROUP = Binding.Group("step", compact=True)


def _outcome_bindings() -> list[Binding]:
    return [
        Binding(str(number), f"outcome({number})", OUTCOME_LABELS[outcome], group=OUTCOME_GROUP,
                id=f"call.outcome.{outcome}", priority=True)
        for number, outcome in enumerate(OUTCOMES, 1)
    ]


CALL_BINDINGS = [
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


def call_commands(screen):
    """The palette's (title, help, callback) for the call on `screen` (a `SessionScreen`)."""
    commands = [
        (f"Outcome: {OUTCOME_LABELS[o]}", f"Key {n} (outside a text field)", lambda n=n: screen.action_outcome(n))
        for n, o in enumerate(OUTCOMES, 1)
    ]
    commands += [
        ("Save call and go to the next contact", "ctrl+s", screen.action_save),
        ("Notes", "Write notes for this call (n)", lambda: screen.action_field("notes")),
        ("How did it go for them", "t", lambda: screen.action_field("their-view")),
        ("Next touch date", "d: +3w, 90d, next fri, 2026-12-01", lambda: screen.action_field("next-touch")),
        ("Add a referral", "r: name, then phone or email", screen.action_referral),
        ("Change the card to send", "c cycles none → thank-you → …", screen.action_card),
        ("Quote won or lost", "q: when this call is about a quote", screen.action_decide_quote),
        ("More about this contact", "m: every reason and cue, and the rest of the card", screen.action_more),
        ("History: the last calls in full", "h: whole notes and how it went for them", screen.action_history),
        ("Script: next step", "j or ↓", lambda: screen.action_step(1)),
        ("Script: previous step", "k or ↑", lambda: screen.action_step(-1)),
        ("Your name in scripts", "What you say after 'it's …'; kept in settings.toml", screen.action_rep_name),
        ("Skip this contact", "s: recorded as skipped", screen.action_skip),
        ("Snooze this contact", "z: hide until a date", screen.action_snooze),
        (f"Extend session by {EXTEND_MINUTES} minutes", "e when time is up", screen.action_extend),
        ("Wrap up: this is the last call", "w: saving it ends the session", screen.action_wrap_up),
        ("Later: call outside their hours", "l: when their window opens, or tomorrow", screen.action_later),
        ("Summary: end the session now", "Go to the session summary", screen.action_end_now),
        ("Plan: end the session and see today's plan", "Ends the session; its summary is skipped",
         screen.action_back_to_plan),
    ]
    return commands
