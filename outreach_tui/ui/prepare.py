"""Everything one call needs on screen, gathered off the UI thread.

Pure Python (no Textual): a worker calls `prepare_call` for the contact on screen
and the next one, so that after a save the next call shows without waiting on
the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from outreach_tui.core.calling import their_clock
from outreach_tui.core.cues import CueFacts, CueTemplates, compliment_cues
from outreach_tui.core.money import format_money
from outreach_tui.core.planner import PlanItem
from outreach_tui.core.scripts import Script, ScriptLibrary, render
from outreach_tui.core.vocab import EVENT_LABELS
from outreach_tui.store.claims import claim_contact, holder
from outreach_tui.store.contact_card import ContactCard, load_contact_card
from outreach_tui.store.models import Contact


@dataclass(frozen=True)
class PreparedCall:
    item: PlanItem
    card: ContactCard | None  # None: not to be called now (deleted, or see `taken`)
    script: Script
    cues: tuple[str, ...]
    # Set when the contact could not be claimed: the other rep's name, or "" when
    # they were reached, snoozed or marked do-not-contact since the plan was made.
    taken: str | None = None


def event_date(row, today: date) -> date | None:
    """A life event's date for the cues: its stored year, or this year when unknown."""
    year = row.year or today.year
    try:
        return date(year, row.month, row.day)
    except ValueError:
        return date(year, 2, 28) if (row.month, row.day) == (2, 29) else None


def cue_facts(card: ContactCard, today: date) -> CueFacts:
    events = []
    for row in card.life_events:
        when = event_date(row, today)
        if when is not None:
            if not row.yearly and row.year is None:
                continue
            events.append((row.kind, when, row.note))
    return CueFacts(
        first_name=card.first_name,
        customer_since=card.customer_since,
        last_purchase_on=card.last_purchase_on,
        life_events=tuple(events),
        last_notes=card.last_connected_notes,
        won_quotes=tuple((q.description, q.decided_on) for q in card.won_quotes),
        family=card.family,
    )


def script_values(item: PlanItem, card: ContactCard, rep: str) -> dict[str, object]:
    """The placeholders a script may use, from the plan item's signals and the card."""
    values: dict[str, object] = {
        "first_name": card.first_name,
        "name": card.name,
        "company": card.company,
        "my_name": rep,
        "referred_by": card.referred_by,
    }
    absence_signal = item.signal("back_from_absence")
    absence = card.absence(absence_signal.ref_id) if absence_signal else None
    if absence is None and card.absences:
        absence = card.absences[0]
    if absence is not None:
        values["place"] = absence.place
        values["why"] = absence.why
    event_signal = item.signal("life_event")
    event = card.event(event_signal.ref_id) if event_signal else None
    if event is not None:
        values["event"] = EVENT_LABELS.get(event.kind, event.kind)
        values["event_note"] = event.note
    quote_signal = item.signal("quote_follow_up")
    quote = card.quote(quote_signal.ref_id) if quote_signal else None
    if quote is None and card.open_quotes:
        quote = card.open_quotes[0]
    if quote is not None:
        values["product"] = quote.description
        values["quote_amount"] = format_money(quote.amount_cents)
        values["last_topic"] = quote.description
    elif card.won_quotes:
        values["product"] = card.won_quotes[0].description
    return values


def script_for(item: PlanItem, card: ContactCard | None, library: ScriptLibrary, rep: str) -> Script:
    variant = None
    event_signal = item.signal("life_event")
    if item.reason == "life_event" and event_signal is not None and card is not None:
        event = card.event(event_signal.ref_id)
        variant = event.kind if event is not None else None
    script = library.get(item.reason, variant)
    values = script_values(item, card, rep) if card is not None else {"name": item.name, "my_name": rep}
    return render(script, values)


def prepare_call(
    item: PlanItem,
    now: datetime,
    rep: str,
    library: ScriptLibrary,
    cue_templates: CueTemplates | None,
    session_id: int | None = None,
) -> PreparedCall:
    """Claim the contact for `rep` (team mode: no one else calls them meanwhile) and gather the call.

    A contact another rep holds, or one no longer callable today, comes back with
    no card and `taken` set, so the session moves past it.
    """
    today = now.date()
    if not claim_contact(item.contact_id, rep, now, session_id=session_id):
        if Contact.get_or_none(Contact.id == item.contact_id) is not None:
            taken = holder(item.contact_id, now) or ""
            return PreparedCall(item=item, card=None, script=script_for(item, None, library, rep), cues=(),
                                taken=taken)
    card = load_contact_card(item.contact_id)
    cues = tuple(compliment_cues(cue_facts(card, today), today, cue_templates)) if card is not None else ()
    return PreparedCall(item=item, card=card, script=script_for(item, card, library, rep), cues=cues)


def local_time(timezone: str, now: datetime) -> str | None:
    """The contact's wall time ('14:05') when their timezone is known and valid.

    `now` is the app clock's naive local time, read as this machine's local zone.
    """
    clock = their_clock(timezone, now)
    return clock.strftime("%H:%M") if clock is not None else None
