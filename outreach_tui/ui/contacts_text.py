"""The Contacts screen's text: a search result's line, everything known about a contact, and
a row of their call history. Each piece of their text reaches the screen literally, as
Content/Text after `one_line`/`printable`, never as markup.

Its own module because turning a record into text is apart from searching and editing,
and the same text serves the first-hour tour's tests.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.content import Content

from outreach_tui.core.dates import day_phrase, short_date
from outreach_tui.core.money import format_money
from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import EVENT_LABELS, OUTCOME_LABELS, REASON_LABELS
from outreach_tui.ui.contact_card import _dated, _event_when, _line, identity_lines, last_connected_line

NOTES_SHOWN = 2000  # characters of family details and notes the record shows (the form holds more)


def result_cell(row) -> Text:
    """A search result: the name, its marks and the company on one line."""
    cell = Text(one_line(row.name, 60))
    if row.do_not_contact:
        cell.append(" DNC", style="bold red")
    if row.archived:
        cell.append(" archived", style="dim")
    if row.company:
        cell.append(f" · {one_line(row.company, 40)}", style="dim")
    return cell


def _section(title: str, rows: list[Content], empty: str) -> list[Content]:
    return [Content(""), Content.styled(title, "bold"), *(rows or [Content.styled(f"  {empty}", "$text-muted")])]


def record_content(record, today: date) -> Content:
    """Everything known about the contact, each piece of their text shown literally."""
    card = record.card
    lines = identity_lines(card, 120)
    if card.do_not_contact:
        lines.append(Content.styled("Do not contact: never on the plan", "bold $text-error"))
    if card.archived:
        lines.append(Content.styled("Archived: off the plan and out of search", "bold $text-warning"))
    lines.append(Content(""))
    lines.append(_line("Phone", one_line(card.phone, 60) or "—"))
    lines.append(_line("Email", one_line(card.email, 80) or "—"))
    lines.append(_line("Time zone", one_line(card.timezone, 40) or "—"))
    lines.append(_line("Cadence", f"every {card.cadence_days} days"))
    if card.check_in_due_on:
        lines.append(_line("Check-in", f"due {day_phrase(card.check_in_due_on, today)}"))
    lines.append(_line("Next touch", day_phrase(card.next_touch_on, today) if card.next_touch_on else "—"))
    lines.append(last_connected_line(card, today))
    lines.append(_line("Last order", _dated(card.last_purchase_on, today)))
    if card.referred_by:
        lines.append(_line("Referred", "by ", one_line(card.referred_by, 60)))
    for label, text in (("Family", card.family), ("Notes", card.notes)):
        if text:
            more = f" … ({len(text):,} characters; e edits them)" if len(text) > NOTES_SHOWN else ""
            lines.append(_line(label, printable(text[:NOTES_SHOWN], keep_newlines=True), (more, "$text-muted")))
    lines += _section("Life events", [
        Content.assemble("  ", (EVENT_LABELS.get(e.kind, one_line(e.kind, 20)), "bold"), f"  {_event_when(e)}",
                         ("  every year" if e.yearly else "", "$text-muted"),
                         (f"  {one_line(e.note, 80)}" if e.note else ""))
        for e in card.life_events], "none yet (l adds one)")
    lines += _section("Away", [
        Content.assemble("  ", " — ".join(p for p in (one_line(a.place, 50), one_line(a.why, 60)) if p) or "away",
                         (f"  {short_date(a.starts_on, today)} – " if a.starts_on else "  back ", "$text-muted"),
                         (short_date(a.returns_on, today), "$text-muted"))
        for a in card.absences], "no absences (b adds one)")
    lines += _section("Quotes", [
        Content.assemble("  ", (format_money(q.amount_cents), "bold"), f" {one_line(q.description, 60)}",
                         (f"  {q.status}" + (f" {short_date(q.decided_on, today)}" if q.decided_on else "")
                          + f", sent {short_date(q.sent_on, today)}", "$text-muted"))
        for q in card.quotes], "no quotes (q adds one)")
    lines += _section("Cards", [
        Content.assemble("  ", one_line(c.kind, 20).replace("_", " "),
                         (f"  {c.status.replace('_', ' ')}", "$text-muted"),
                         f"  {short_date(c.mailed_on or c.written_on or c.created_on, today)}",
                         (f"  → {one_line(c.response, 30).replace('_', ' ')}" if c.response else "", "$success"))
        for c in record.cards], "no cards")
    lines += _section("Referrals", [
        Content.assemble("  ", ("referred " if r.given_by_them else "referred by ", "$text-muted"),
                         one_line(r.name, 60), (f"  {short_date(r.given_on, today)}", "$text-muted"),
                         ("  called" if r.called_on else "  not called yet", "$text-muted"))
        for r in record.referrals], "none")
    shown = len(record.history)
    total = f"{record.history_total} (the latest {shown} below)" if record.history_total > shown else str(shown)
    lines += [Content(""), Content.assemble(("History ", "bold"), (f"{total} interactions", "$text-muted"),
                                            ("  enter on a call shows it whole" if shown else "", "$text-muted"))]
    return Content("\n").join(lines)


def history_cells(past, today: date) -> list[Text]:
    when = past.started_at.date() if isinstance(past.started_at, datetime) else past.started_at
    return [
        Text(short_date(when, today) if isinstance(when, date) else one_line(when, 16)),
        Text(one_line(past.channel, 10)),
        Text(REASON_LABELS.get(past.reason, one_line(past.reason, 20))),
        Text(OUTCOME_LABELS.get(past.outcome, one_line(past.outcome, 20)).lower()),
        Text(one_line(past.notes, 80)),
        Text(one_line(past.their_view, 60)),
    ]

