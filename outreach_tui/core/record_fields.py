"""What the rep types to record something outside a call: a new contact, a touch, a quote's answer.

Each check turns {field: typed text} into (values, {field: problem}), like the checks
of `core.contact_checks`, so a form shows each problem under its field and saves
nothing while there is any.
"""

from __future__ import annotations

from datetime import date

from outreach_tui.core.contact_checks import Checked, check_contact_edit
from outreach_tui.core.dates import parse_next_touch, parse_past_day
from outreach_tui.core.money import parse_money
from outreach_tui.core.text import one_line
from outreach_tui.core.vocab import CHANNELS, OUTCOMES, REASONS

NEW_CONTACT_FIELDS = ("name", "company", "title", "phone", "email", "relationship", "notes")


def check_new_contact(texts: dict[str, str], today: date) -> Checked:
    """A new contact's fields, by the same checks as an edit; the name is needed."""
    typed = {name: text for name, text in texts.items() if text.strip() or name == "name"}
    values, problems = check_contact_edit(typed, today)
    if not values.get("name") and "name" not in problems:
        problems["name"] = "a contact needs a name"
    return values, problems


def pick_word(text: str, words: tuple[str, ...], what: str) -> str:
    """One word of a vocabulary as typed ('No answer' → 'no_answer'); ValueError listing them."""
    key = "_".join(text.strip().casefold().replace("-", " ").split())
    if key not in words:
        raise ValueError(f"{what}: pick one of {', '.join(words)}")
    return key


def check_touch(texts: dict[str, str], today: date) -> Checked:
    """outcome, channel, reason, notes, their view, next (a date phrase; out of office: the day back)."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name, words, default in (("outcome", OUTCOMES, ""), ("channel", CHANNELS, "call"),
                                 ("reason", REASONS, "check_in")):
        try:
            values[name] = pick_word(texts.get(name, "") or default, words, name)
        except ValueError as exc:
            problems[name] = str(exc).partition(": ")[2]
    values["notes"] = texts.get("notes", "").strip()
    values["their_view"] = texts.get("their_view", "").strip()
    values["next_touch_on"] = None
    when = texts.get("next", "").strip()
    try:
        if when:
            values["next_touch_on"] = parse_next_touch(when, today)
        elif values.get("outcome") == "out_of_office":
            raise ValueError("out of office: the day they are back, e.g. +2w or 2026-12-01")
    except ValueError as exc:
        problems["next"] = str(exc)
    if values.get("outcome") == "out_of_office" and values["next_touch_on"] == today:
        problems["next"] = "out of office: the day they are back is after today"
    return values, problems


def check_quote_decision(texts: dict[str, str], today: date) -> Checked:
    """decision (won/lost, or w/l), on (a day up to today, today when empty), amount (won: empty keeps it)."""
    values: dict[str, object] = {"amount_cents": None}
    problems: dict[str, str] = {}
    decision = texts.get("decision", "").strip().casefold()
    decided = {"w": "won", "won": "won", "l": "lost", "lost": "lost"}.get(decision)
    if decided is None:
        problems["decision"] = f"{one_line(decision, 20)!r} is not won or lost (w or l)" if decision else "won or lost?"
    else:
        values["status"] = decided
    try:
        on = texts.get("on", "").strip()
        values["on"] = parse_past_day(on, today) if on else today
    except ValueError as exc:
        problems["on"] = str(exc)
    amount = texts.get("amount", "").strip()
    if amount and decided != "lost":
        try:
            values["amount_cents"] = parse_money(amount)
            if values["amount_cents"] < 0:
                raise ValueError("an amount can't be negative")
        except ValueError as exc:
            problems["amount"] = str(exc)
    return values, problems
