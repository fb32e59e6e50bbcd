"""Everything one call needs on screen, gathered off the UI thread.

Pure Python (no Textual): a worker calls `prepare_call` for the contact on screen
and the next one, so that after a save the next call shows without waiting on
the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from outreach_tui.core.calling import their_clock
from outreach_tui.core.cues import (
    YEARLY_KINDS,
    CueFacts,
    CueTemplates,
    compliment_cues,
    in_mourning,
    nearest_occurrence,
    relative_day,
)
from outreach_tui.core.money import format_money
from outreach_tui.core.plan_items import PlanItem
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
        when = event_day(row, today)
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


def event_day(row, today: date) -> date | None:
    """The day a life event falls on, for its cue and its script alike (the same day, the
    same words): a yearly one at its occurrence nearest today."""
    when = event_date(row, today)
    if when is None or not (row.yearly or row.kind in YEARLY_KINDS):
        return when
    return nearest_occurrence(when, today)


def script_values(item: PlanItem, card: ContactCard, my_name: str, today: date) -> dict[str, object]:
    """The placeholders a script may use, from the plan item's signals and the card."""
    values: dict[str, object] = {
        "first_name": card.first_name,
        "name": card.name,
        "company": card.company,
        "my_name": my_name,
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
        when = event_day(event, today)
        if when is not None:
            values["event_when"] = relative_day(when, today)
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


def script_for(item: PlanItem, card: ContactCard | None, library: ScriptLibrary, my_name: str, today: date,
               mourning: bool = False) -> Script:
    """The script for the item's reason, in the rep's words: `my_name` is what they call themselves.

    A loss near (`mourning`, as the cues see it) makes it the sympathy call whatever the
    reason: no script talks business while its cue says "no business today". A life
    event still to come gets the "ahead" variant, so nobody is congratulated early.
    """
    reason, variant = item.reason, None
    event_signal = item.signal("life_event")
    event = card.event(event_signal.ref_id) if event_signal is not None and card is not None else None
    if mourning:
        reason, variant = "life_event", "funeral"
    elif item.reason == "life_event" and event is not None:
        when = event_day(event, today)
        variant = "ahead" if event.kind != "funeral" and when is not None and when > today else event.kind
    script = library.get(reason, variant)
    values = script_values(item, card, my_name, today) if card is not None else {"name": item.name,
                                                                                   "my_name": my_name}
    return render(script, values)


def prepare_call(
    item: PlanItem,
    now: datetime,
    rep: str,
    library: ScriptLibrary,
    cue_templates: CueTemplates | None,
    session_id: int | None = None,
    my_name: str = "",
) -> PreparedCall:
    """Claim the contact for `rep` (team mode: no one else calls them meanwhile) and gather the call.

    `my_name` is the name the rep says on the phone ("" when none is known: never the login).

    A contact another rep holds, or one no longer callable today, comes back with
    no card and `taken` set, so the session moves past it.
    """
    today = now.date()
    if not claim_contact(item.contact_id, rep, now, session_id=session_id):
        if Contact.get_or_none(Contact.id == item.contact_id) is not None:
            taken = holder(item.contact_id, now) or ""
            if taken == rep:  # the rep's own claim, for the session of another window
                taken = f"{rep}, in another window,"
            return PreparedCall(item=item, card=None, script=script_for(item, None, library, my_name, today), cues=(),
                                taken=taken)
    card = load_contact_card(item.contact_id)
    if card is None:
        return PreparedCall(item=item, card=None, script=script_for(item, None, library, my_name, today), cues=())
    facts = cue_facts(card, today)
    cues = tuple(compliment_cues(facts, today, cue_templates))
    script = script_for(item, card, library, my_name, today, mourning=in_mourning(facts, today))
    return PreparedCall(item=item, card=card, script=script, cues=cues)


def local_time(timezone: str, now: datetime) -> str | None:
    """The contact's wall time ('14:05') when their timezone is known and valid.

    `now` is the app clock's naive local time, read as this machine's local zone.
    """
    clock = their_clock(timezone, now)
    return clock.strftime("%H:%M") if clock is not None else None
