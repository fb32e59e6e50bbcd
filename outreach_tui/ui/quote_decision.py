"""The answer to a quote, typed where the rep hears it: on the call about it, or on the contact's page.

One form for both (`quote_form`), one writer (`store.quotes.decide_quote`): won or
lost, the day they said so (any date phrase up to today), and for a win the amount
agreed when it differs from the quote.
"""

from __future__ import annotations

from datetime import date

from outreach_tui.core.money import format_money
from outreach_tui.core.record_fields import check_quote_decision
from outreach_tui.core.text import one_line
from outreach_tui.ui.form_screen import FormField, FormScreen


def _quote_label(number: int, quote) -> str:
    return f"{number} = {format_money(quote.amount_cents)} {one_line(quote.description, 40)}"


def quote_form(who: str, open_quotes: tuple, today: date, first: int = 0) -> FormScreen:
    """A form deciding one of `open_quotes` (`first` is offered); it answers
    {"quote_id", "status", "on", "amount_cents"}."""
    fields = []
    if len(open_quotes) > 1:
        fields.append(FormField("quote", "Which quote", str(first + 1),
                                " · ".join(_quote_label(n, q) for n, q in enumerate(open_quotes, 1))))
    fields += [
        FormField("decision", "Won or lost", "", "w = won, l = lost"),
        FormField("on", "On", "today", "today, yesterday, 3d ago, last fri, 2026-11-20"),
        FormField("amount", "Amount agreed (won)", "", f"empty keeps the quoted {format_money(open_quotes[first].amount_cents)}"
                  if len(open_quotes) == 1 else "empty keeps the quoted amount"),
    ]

    def check(texts: dict[str, str]):
        values, problems = check_quote_decision(texts, today)
        typed = texts.get("quote", "1").strip()
        if typed.isdigit() and 1 <= int(typed) <= len(open_quotes):
            values["quote_id"] = open_quotes[int(typed) - 1].id
        else:
            problems["quote"] = f"a number from 1 to {len(open_quotes)}"
        return values, problems

    return FormScreen(f"Quote answered by {who}", fields, check)


def decide(values: dict, today: date) -> str:
    """Write the decision; what to tell the rep."""
    from outreach_tui.store.quotes import decide_quote

    row = decide_quote(values["quote_id"], values["status"], values["on"], today, values["amount_cents"])
    return (f"Quote {row.status}: {format_money(row.amount_cents)} {one_line(row.description, 40)}"
            f" ({row.decided_on.isoformat()}); it leaves the plan.")


def ask_on_call(screen, prepared) -> None:
    """On the call screen: ask about the quote this call is for, and write the answer in a worker.

    Does nothing unless the call is about a quote (a quote follow-up with an open quote).
    """
    signal = prepared.item.signal("quote_follow_up") if prepared is not None else None
    open_quotes = prepared.card.open_quotes if signal is not None and prepared.card is not None else ()
    if not open_quotes:
        return
    app = screen.app
    today = app.clock.today()
    first = next((n for n, quote in enumerate(open_quotes) if quote.id == signal.ref_id), 0)

    def write(values: dict) -> None:
        from outreach_tui.ui.workers import close_thread_connection

        try:
            said, severity = decide(values, today), "information"
        except Exception as exc:
            said, severity = f"Nothing saved: {one_line(exc, 200)}", "error"
        finally:
            close_thread_connection()
        app.call_from_thread(screen.notify, said, severity=severity, timeout=4, markup=False)

    def answered(values: dict | None) -> None:
        if values is not None:
            screen.run_worker(lambda: write(values), thread=True, group="quote", exit_on_error=False)

    app.push_screen(quote_form(one_line(prepared.item.name, 40), open_quotes, today, first), answered)
