"""Notes and cards: the queue to write, written, mailed, and what each brought back.

For the Cards screen. Each change is one transaction. A card moves
to_write → written → mailed; mailing a card not yet marked written marks it
written the same day. A response (one of `vocab.CARD_RESPONSES`) can be recorded
once a card is written, and replaced later if the rep picked the wrong one.
With `rep`, the lists and counts are that rep's cards and the ones queued by no
one in particular (the same cards the day's note goal counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import JOIN, fn

from outreach_tui.core.money import CardCosts
from outreach_tui.core.vocab import CARD_RESPONSES, CARD_STATUSES
from outreach_tui.store.models import Card, Contact, LifeEvent, database


class CardError(ValueError):
    """A card change that cannot be made; the message names the card or the value."""


@dataclass(frozen=True)
class CardRow:
    id: int
    contact_id: int
    contact_name: str
    kind: str
    reason: str
    status: str
    note: str
    created_on: date
    written_on: date | None
    mailed_on: date | None
    response: str
    responded_on: date | None
    cost_cents: int
    minutes: int
    company: str = ""
    event_kind: str | None = None  # the life event the card marks, if any
    event_note: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id, "contact_id": self.contact_id, "contact_name": self.contact_name, "kind": self.kind,
            "reason": self.reason, "status": self.status, "note": self.note,
            "created_on": _iso(self.created_on), "written_on": _iso(self.written_on),
            "mailed_on": _iso(self.mailed_on), "response": self.response or None,
            "responded_on": _iso(self.responded_on), "cost_cents": self.cost_cents, "minutes": self.minutes,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


_ORDER = {
    # oldest request first: the longest-waiting card is the next to write
    "to_write": (Card.created_on, Card.id),
    # most recent first: the ones whose response may still come
    "written": (Card.written_on.desc(), Card.id.desc()),
    "mailed": (Card.mailed_on.desc(), Card.id.desc()),
}


def _whose(rep: str | None):
    """Every card, or (with `rep`) the rep's own and those queued by no one."""
    return True if rep is None else Card.rep.in_((rep, ""))


def _rows():
    """Cards with their contact's name and company and the life event behind them."""
    return (Card.select(Card, Contact.name.alias("contact_name"), Contact.company.alias("contact_company"),
                        LifeEvent.kind.alias("event_kind"), LifeEvent.note.alias("event_note"))
            .join(Contact, on=(Card.contact == Contact.id))
            .switch(Card)
            .join(LifeEvent, join_type=JOIN.LEFT_OUTER, on=(Card.life_event == LifeEvent.id))
            .objects())


def cards_by_status(limit: int | None = None, costs: CardCosts | None = None,
                    rep: str | None = None) -> dict[str, list[CardRow]]:
    """Cards grouped by status (every key of `CARD_STATUSES`, in that order), `limit` per status.

    `cost_cents` is the card's stored cost, or `costs.total_cents` (the settings'
    cost) for a card stored without one.
    """
    fallback = (costs or CardCosts()).total_cents
    grouped: dict[str, list[CardRow]] = {}
    for status in CARD_STATUSES:
        query = _rows().where((Card.status == status) & _whose(rep)).order_by(*_ORDER[status])
        if limit is not None:
            query = query.limit(limit)
        grouped[status] = [_row(card, fallback) for card in query]
    return grouped


def card_counts(rep: str | None = None) -> dict[str, int]:
    """How many cards in each status, plus `responded` (cards that brought something back)."""
    counts = {status: 0 for status in CARD_STATUSES}
    query = Card.select(Card.status, fn.COUNT(Card.id)).where(_whose(rep)).group_by(Card.status)
    for status, count in query.tuples():
        counts[status] = count
    counts["responded"] = Card.select().where((Card.response != "") & _whose(rep)).count()
    return counts


def written_on(day: date, rep: str | None = None) -> int:
    """How many cards were marked written on `day`: the daily thank-you note goal's count."""
    return Card.select().where((Card.written_on == day) & _whose(rep)).count()


def _row(card: Card, fallback_cents: int) -> CardRow:
    return CardRow(
        id=card.id, contact_id=card.contact, contact_name=card.contact_name, kind=card.kind,
        reason=card.reason, status=card.status, note=card.note, created_on=card.created_on,
        written_on=card.written_on, mailed_on=card.mailed_on, response=card.response,
        responded_on=card.responded_on, cost_cents=card.cost_cents or fallback_cents, minutes=card.minutes,
        company=card.contact_company or "", event_kind=card.event_kind, event_note=card.event_note or "",
    )


def get_card(card_id: int) -> CardRow:
    card = _rows().where(Card.id == card_id).first()
    if card is None:
        raise CardError(f"card {card_id} does not exist")
    return _row(card, CardCosts().total_cents)


def _locked(card_id: int) -> Card:
    card = Card.get_or_none(Card.id == card_id)
    if card is None:
        raise CardError(f"card {card_id} does not exist")
    return card


def mark_written(card_id: int, today: date) -> CardRow:
    """to_write → written on `today`. A card already written or mailed is left as it is."""
    with database.atomic():
        card = _locked(card_id)
        if card.status == "to_write":
            Card.update(status="written", written_on=today).where(Card.id == card_id).execute()
    return get_card(card_id)


def mark_mailed(card_id: int, today: date) -> CardRow:
    """→ mailed on `today` (and written today too if it was not marked written). Mailed stays mailed."""
    with database.atomic():
        card = _locked(card_id)
        if card.status != "mailed":
            Card.update(status="mailed", mailed_on=today, written_on=card.written_on or today) \
                .where(Card.id == card_id).execute()
    return get_card(card_id)


def record_response(card_id: int, response: str, today: date) -> CardRow:
    """What the card brought back (called_back, order_increased, new_items_quoted, referral), on `today`."""
    if response not in CARD_RESPONSES:
        raise CardError(f"response: {response!r} is not one of {', '.join(CARD_RESPONSES)}")
    with database.atomic():
        card = _locked(card_id)
        if card.status == "to_write":
            raise CardError(f"card {card_id} is not written yet: mark it written or mailed first")
        Card.update(response=response, responded_on=today).where(Card.id == card_id).execute()
    return get_card(card_id)
