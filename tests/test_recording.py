"""Saving a call: one transaction that updates everything the call changed."""

from datetime import date, datetime, timedelta

import pytest

from book import add_contact
from outreach_tui.core.money import CardCosts
from outreach_tui.store.models import Absence, Card, Contact, Interaction, LifeEvent, Quote, Referral
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.recording import (
    CallRecord,
    NewReferral,
    RecordError,
    save_call,
    snooze,
    start_session,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def store(any_store):
    """These tests run on SQLite and on PostgreSQL."""
    return any_store


def due_client(name="Dana Fox", **fields):
    return add_contact(name, TODAY, last_touch_on=TODAY - timedelta(days=120), **fields)


def save(contact, outcome, **fields):
    record = CallRecord(contact_id=contact.id, outcome=outcome, **fields)
    return save_call(record, session_id=None, rep="sam", now=NOW)


def test_connected_call_resets_the_cadence(store):
    contact = due_client()
    saved = save(contact, "connected", notes="Talked racking", duration_s=300)
    fresh = Contact.get_by_id(contact.id)
    assert fresh.last_touch_on == TODAY
    assert fresh.last_contact_on == TODAY
    assert fresh.check_in_due_on == TODAY + timedelta(days=90)
    assert fresh.next_touch_on is None and saved.next_touch_on is None
    row = Interaction.get_by_id(saved.interaction_id)
    assert (row.outcome, row.notes, row.duration_s, row.rep) == ("connected", "Talked racking", 300, "sam")
    assert todays_plan(TODAY).items == []


def test_email_does_not_reset_the_ninety_days(store):
    contact = due_client()
    save(contact, "connected", channel="email")
    fresh = Contact.get_by_id(contact.id)
    assert fresh.last_touch_on == TODAY - timedelta(days=120)
    assert [i.reason for i in todays_plan(TODAY + timedelta(days=1)).items] == ["check_in"]


@pytest.mark.parametrize("outcome", ["voicemail", "no_answer"])
def test_no_conversation_tries_again_in_two_working_days(store, outcome):
    friday_now = datetime(2026, 11, 27, 10, 0)
    contact = due_client()
    saved = save_call(CallRecord(contact.id, outcome), session_id=None, rep="sam", now=friday_now)
    assert saved.next_touch_on == date(2026, 12, 1)
    fresh = Contact.get_by_id(contact.id)
    assert fresh.last_touch_on == TODAY - timedelta(days=120)
    assert fresh.next_touch_on == date(2026, 12, 1)


def test_rep_set_date_wins(store):
    contact = due_client()
    save(contact, "voicemail", next_touch_on=date(2026, 12, 14))
    assert Contact.get_by_id(contact.id).next_touch_on == date(2026, 12, 14)


def test_out_of_office_schedules_the_welcome_back(store):
    contact = due_client()
    saved = save(contact, "out_of_office", absence_place="Mexico", absence_why="family vacation",
                 absence_returns_on=date(2026, 12, 2))
    absence = Absence.get_by_id(saved.absence_id)
    assert (absence.place, absence.why, absence.returns_on) == ("Mexico", "family vacation", date(2026, 12, 2))
    assert todays_plan(date(2026, 11, 30)).items == []  # away: not on the plan
    item = todays_plan(date(2026, 12, 2)).items[0]
    assert item.reason == "back_from_absence"
    assert item.detail.startswith("back today from Mexico — family vacation")


def test_referrals_become_contacts_and_plan_items(store):
    contact = due_client()
    saved = save(contact, "connected", referrals=(NewReferral("Lee Park", phone="555-0100"),))
    new = Contact.get_by_id(saved.referral_contact_ids[0])
    assert (new.name, new.phone, new.relationship) == ("Lee Park", "555-0100", "prospect")
    referral = Referral.get(Referral.contact == new.id)
    assert referral.referred_by_id == contact.id
    item = todays_plan(TODAY + timedelta(days=1)).items[0]
    assert (item.name, item.reason, item.detail) == ("Lee Park", "referral", "referred by Dana Fox on 23 Nov")


def test_card_is_queued_at_the_method_cost(store):
    contact = due_client(last_purchase_on=date(2025, 1, 1))
    saved = save(contact, "connected", card_kind="thank_you", reason="neglected")
    card = Card.get_by_id(saved.card_id)
    assert (card.kind, card.status, card.cost_cents) == ("thank_you", "to_write", 6750)
    assert CardCosts().total_cents == 6750


def test_acknowledged_reasons_stop_showing(store):
    contact = add_contact("Eve Stone", TODAY, relationship="supplier")
    event = LifeEvent.create(contact=contact, kind="wedding", month=11, day=25, year=2026, month_day=1125)
    quote = Quote.create(contact=contact, sent_on=TODAY - timedelta(days=10), amount_cents=100_00)
    item = todays_plan(TODAY).items[0]
    assert set(item.reasons) == {"life_event", "quote_follow_up"}
    acks = tuple((s.reason, s.ref_id) for s in item.signals)
    save(contact, "connected", acknowledges=acks)
    assert LifeEvent.get_by_id(event.id).acknowledged_on == TODAY
    assert Quote.get_by_id(quote.id).last_followed_up_on == TODAY
    assert todays_plan(TODAY + timedelta(days=1)).items == []


def test_skip_keeps_reasons_for_tomorrow(store):
    contact = due_client()
    save(contact, "skipped")
    assert todays_plan(TODAY).items == []
    assert todays_plan(TODAY + timedelta(days=1)).items[0].reason == "check_in"


def test_do_not_contact_sticks(store):
    contact = due_client()
    save(contact, "do_not_contact")
    assert Contact.get_by_id(contact.id).do_not_contact
    assert todays_plan(TODAY + timedelta(days=200)).items == []


def test_snooze_hides_until_the_date(store):
    contact = due_client()
    snooze(contact.id, date(2026, 12, 1), session_id=None, rep="sam", now=NOW)
    assert todays_plan(date(2026, 11, 30)).items == []
    assert todays_plan(date(2026, 12, 1)).items[0].reasons == ("follow_up", "check_in")
    with pytest.raises(RecordError, match="after today"):
        snooze(contact.id, TODAY, session_id=None, rep="sam", now=NOW)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "connected", "channel": "fax"}, "channel"),
        ({"outcome": "connected", "next_touch_on": date(2026, 11, 1)}, "next touch"),
        ({"outcome": "out_of_office"}, "back on"),
        ({"outcome": "out_of_office", "absence_returns_on": TODAY}, "back on"),
        ({"outcome": "connected", "referrals": (NewReferral("No Way"),)}, "referral 1"),
        ({"outcome": "connected", "card_kind": "postcard"}, "card"),
    ],
)
def test_bad_records_save_nothing(store, fields, message):
    contact = due_client()
    with pytest.raises(RecordError, match=message):
        save_call(CallRecord(contact_id=contact.id, **fields), session_id=None, rep="sam", now=NOW)
    assert Interaction.select().count() == 0
    assert Contact.get_by_id(contact.id).last_contact_on is None


def test_failure_inside_the_transaction_rolls_everything_back(store, monkeypatch):
    contact = due_client()
    import outreach_tui.store.recording as recording

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(recording, "_add_referral", explode)
    with pytest.raises(RuntimeError):
        save(contact, "connected", referrals=(NewReferral("Lee Park", phone="1"),))
    assert Interaction.select().count() == 0
    assert Contact.get_by_id(contact.id).last_touch_on == TODAY - timedelta(days=120)


def test_sessions_record_the_rep(store):
    session_id = start_session("sam", NOW, 30)
    contact = due_client()
    saved = save_call(CallRecord(contact.id, "connected"), session_id=session_id, rep="sam", now=NOW)
    assert Interaction.get_by_id(saved.interaction_id).session_id == session_id


@pytest.mark.parametrize("outcome", ["connected", "wrong_number", "do_not_contact", "skipped"])
def test_the_card_asked_for_is_queued_whatever_the_outcome(store, outcome):
    contact = due_client()
    saved = save(contact, outcome, card_kind="thank_you")
    assert Card.get_by_id(saved.card_id).kind == "thank_you" and saved.card_waiting_since is None


def test_a_second_card_of_a_kind_still_to_write_or_mail_is_not_queued(store):
    contact = due_client()
    first = save(contact, "connected", card_kind="thank_you")
    again = save(contact, "voicemail", card_kind="thank_you")
    assert (again.card_id, again.card_waiting_since) == (first.card_id, TODAY)
    Card.update(status="written").execute()
    assert save(contact, "connected", card_kind="thank_you").card_waiting_since == TODAY
    other = save(contact, "connected", card_kind="congratulations")
    assert other.card_waiting_since is None and other.card_id != first.card_id
    Card.update(status="mailed").where(Card.id == first.card_id).execute()
    assert save(contact, "connected", card_kind="thank_you").card_waiting_since is None  # the first one is out
    assert Card.select().where(Card.kind == "thank_you").count() == 2
