"""The contact card and the compliment cues, as Content built from plain data.

Every piece of contact text goes through `one_line`/`printable` and is inserted as
plain text (never markup), so `[bold]`, `[@click=…]` or escape sequences in the
data show exactly as typed.
"""

from __future__ import annotations

from datetime import date, datetime

from textual.content import Content
from textual.style import Style

from outreach_tui.core.contact_fields import tel_uri
from outreach_tui.core.dates import ago_phrase, day_phrase, short_date
from outreach_tui.core.money import format_money
from outreach_tui.core.text import one_line, printable
from outreach_tui.core.vocab import EVENT_LABELS, OUTCOME_LABELS, REASON_LABELS
from outreach_tui.ui.prepare import PreparedCall, local_time

NOTES_SHOWN = 2000  # characters of family details and notes the `m` view shows

RELATIONSHIP_LABELS = {
    "client": "client",
    "past_client": "past client",
    "prospect": "prospect",
    "supplier": "supplier",
    "colleague": "colleague",
}


def _line(label: str, *parts) -> Content:
    return Content.assemble((f"{label:<11}", "$text-muted"), *parts)


def _event_when(event) -> str:
    """'3 Feb', or '3 Feb 2027' for a one-off; whatever is stored, never an exception."""
    try:
        day = f"{int(event.day)} {date(2000, int(event.month), 1):%b}"
    except (TypeError, ValueError):
        return ""
    return day + (f" {event.year}" if event.year and not event.yearly else "")


def _dated(value: date | None, today: date) -> str:
    if value is None:
        return "never"
    return f"{ago_phrase(value, today)} ({short_date(value, today)})"


def last_connected_line(card, today: date) -> Content:
    """When a call or visit last reached them: the word the history below uses for such a call
    (an unanswered call or an out-of-office since is listed there, and does not count here)."""
    return _line(OUTCOME_LABELS["connected"], "last " if card.last_touch_on else "", _dated(card.last_touch_on, today))


def identity_lines(card, name_width: int) -> list[Content]:
    """Name; title at company; relationship, customer since, lifetime value."""
    lines: list[Content] = [Content.styled(one_line(card.name, name_width), "bold $accent")]
    who = " at ".join(p for p in (one_line(card.title, 60), one_line(card.company, 60)) if p)
    if who:
        lines.append(Content(who))
    facts = [RELATIONSHIP_LABELS.get(card.relationship, one_line(card.relationship, 20))]
    if card.customer_since:
        facts.append(f"since {card.customer_since.year}")
    if card.value_cents:
        facts.append(f"{format_money(card.value_cents)} lifetime")
    lines.append(Content.styled(" · ".join(facts), "$text-muted"))
    return lines


def card_head(prepared: PreparedCall, now: datetime, hours_notice: str = "") -> Content:
    """Who they are and how to reach them, in two lines (each cut to the width, never wrapped).

    Line one: name, title and company. Line two: phone and their local time first
    (what the rep needs before dialling), then relationship and standing. Outside their
    calling hours, `hours_notice` ("21:30 for them") stands in for the time, with the key
    that puts the call off: on this line rather than one of its own, which a small
    screen would take from the script.
    """
    card = prepared.card
    item = prepared.item
    if card is None:
        if prepared.taken:
            why = Content.assemble(
                (one_line(prepared.taken, 40), "bold"), " is working on this contact right now. Press s to move on."
            )
        elif prepared.taken is not None:
            why = Content("Reached, snoozed or marked do-not-contact since the plan was made. Press s to move on.")
        else:
            why = Content("This contact is no longer in the book. Press s to skip.")
        return Content.assemble((one_line(item.name, 80), "bold $accent"), "\n", why.stylize("$text-error"))
    name, *rest = identity_lines(card, 80)
    who = rest[0] if len(rest) > 1 else Content("")
    standing = rest[-1]
    lines = [Content.assemble(name, ("  " if who else ""), who)]
    reach: list[Content] = []
    if card.phone:
        link = tel_uri(card.phone)  # a terminal that knows tel: links dials it on a click
        reach.append(Content.assemble(("☎ ", "$text-muted"),
                                      (one_line(card.phone, 40), Style(bold=True, link=link) if link else "bold")))
    clock = local_time(card.timezone, now)
    if hours_notice:
        reach.append(Content.assemble((hours_notice, "bold $text-warning"),
                                      (" (outside their hours: l later)", "$text-warning")))
    elif clock:
        reach.append(Content.assemble((clock, "bold"), (" their time", "$text-muted")))
    lines.append(Content("  ·  ").join([*reach, standing]))
    if card.do_not_contact:
        lines.append(Content.styled("Marked do-not-contact", "bold $text-error"))
    return Content("\n").join(lines)


def card_content(prepared: PreparedCall, today: date) -> Content:
    """The rest of the card: touches, family and notes, events, absences, quotes."""
    card = prepared.card
    if card is None:
        return Content("")
    lines: list[Content] = []
    if card.email:
        lines.append(_line("Email", one_line(card.email, 60)))
    lines.append(last_connected_line(card, today))
    if card.last_purchase_on or card.relationship in ("client", "past_client"):
        lines.append(_line("Last order", _dated(card.last_purchase_on, today)))
    if card.referred_by:
        lines.append(_line("Referred", "by ", one_line(card.referred_by, 60)))
    for event in card.life_events[:3]:
        what = one_line(event.note, 60) or EVENT_LABELS.get(event.kind, event.kind)
        when = _event_when(event)
        lines.append(_line("Event", what, (f"  {when}", "$text-muted")))
    for label, text in (("Family", card.family), ("Notes", card.notes)):
        if text:
            lines.append(_line(label, printable(text, keep_newlines=True, limit=NOTES_SHOWN)))
    if card.absences:
        away = card.absences[0]
        where = " — ".join(p for p in (one_line(away.place, 50), one_line(away.why, 60)) if p) or "away"
        lines.append(_line("Away", where, (f"  back {day_phrase(away.returns_on, today)}", "$text-muted")))
    for quote in card.open_quotes[:2]:
        lines.append(_line("Quote", (format_money(quote.amount_cents), "bold"), " ",
                           one_line(quote.description, 60), (f"  sent {short_date(quote.sent_on, today)}", "$text-muted")))
    for quote in card.won_quotes[:1]:
        lines.append(_line("Won", format_money(quote.amount_cents), " ", one_line(quote.description, 60)))
    return Content("\n").join(lines)


def history_content(recent, today: date) -> Content:
    """Past calls, latest first, each with its whole notes and how it went for them."""
    if not recent:
        return Content.styled("no calls on record yet", "$text-muted")
    blocks: list[Content] = []
    for past in recent:
        when = past.started_at.date() if isinstance(past.started_at, datetime) else past.started_at
        parts = [Content.assemble(
            (f"{short_date(when, today)}  " if isinstance(when, date) else "", "bold"),
            (OUTCOME_LABELS.get(past.outcome, one_line(past.outcome, 20)).lower(), "bold $accent"),
            (f"  {one_line(past.channel, 10)} · {REASON_LABELS.get(past.reason, one_line(past.reason, 30))}",
             "$text-muted"),
        )]
        if past.notes and past.notes.strip():
            parts.append(Content(printable(past.notes, keep_newlines=True)))
        if past.their_view and past.their_view.strip():
            parts.append(Content.assemble(("For them: ", "italic $text-muted"),
                                          (printable(past.their_view, keep_newlines=True), "italic")))
        blocks.append(Content("\n").join(parts))
    return Content("\n\n").join(blocks)


def why_content(prepared: PreparedCall) -> Content:
    """Why this contact is on today's list: every reason, a line each (each detail says its reason)."""
    return Content("\n").join(
        Content.assemble(("• ", "$accent"), one_line(signal.detail, 200)) for signal in prepared.item.signals
    )


def cues_content(cues: tuple[str, ...]) -> Content:
    """The compliment cues, each in full."""
    if not cues:
        return Content.styled("Nothing on file yet — listen for something to compliment, and note it.", "$text-muted")
    return Content("\n").join(Content.assemble(("★ ", "$accent"), one_line(cue, 240)) for cue in cues)


def cues_label(cues: tuple[str, ...], shown: int | None = None) -> Content:
    """The label beside the cues; when only `shown` fit, it says how many more `m` shows."""
    hidden = len(cues) - shown if shown is not None else 0
    if hidden <= 0:
        return Content("Mention")
    return Content.assemble("Mention\n", ("m", "bold $accent"), (f" +{hidden} more", "$text-muted"))


def more_content(prepared: PreparedCall, today: date) -> Content:
    """What the `m` key shows: every reason and cue, then the rest of the card."""
    sections = [
        Content.styled("Why today", "bold"), why_content(prepared), Content(""),
        Content.styled("Worth mentioning", "bold"), cues_content(prepared.cues), Content(""),
        Content.styled("On file", "bold"), card_content(prepared, today),
    ]
    return Content("\n").join(sections)
