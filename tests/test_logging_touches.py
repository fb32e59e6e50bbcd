"""A touch logged outside a session (`outreach log`, the Contacts screen) follows the session's rules."""

from datetime import date, datetime, timedelta

import pytest

from book import add_contact
from outreach_tui.core.dates import add_working_days, parse_next_touch
from outreach_tui.store.logging_touches import log_touch
from outreach_tui.store.models import Absence, Contact, Interaction, Quote
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.recording import RecordError

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 16, 5)
LAST_CALL = TODAY - timedelta(days=120)


@pytest.fixture
def store(any_store):
    """These rules hold on SQLite and on PostgreSQL."""
    return any_store


def due_client():
    return add_contact("Dana Fox", TODAY, last_touch_on=LAST_CALL)


def log(contact, outcome, **fields):
    return log_touch(contact.id, outcome, rep="sam", now=NOW, **fields)


@pytest.mark.parametrize("channel", ["call", "visit"])
def test_a_connected_call_or_visit_restarts_the_cadence(store, channel):
    contact = due_client()
    log(contact, "connected", channel=channel)
    fresh = Contact.get_by_id(contact.id)
    assert fresh.last_touch_on == TODAY
    assert fresh.check_in_due_on == TODAY + timedelta(days=90)


@pytest.mark.parametrize("channel", ["email", "text", "card"])
def test_email_text_and_card_never_restart_it(store, channel):
    contact = due_client()
    log(contact, "connected", channel=channel, their_view="glad to hear from us")
    fresh = Contact.get_by_id(contact.id)
    assert fresh.last_touch_on == LAST_CALL
    assert fresh.check_in_due_on == LAST_CALL + timedelta(days=90)
    assert fresh.last_contact_on == TODAY  # off today's plan all the same
    assert Interaction.get().their_view == "glad to hear from us"
    assert [item.reason for item in todays_plan(TODAY + timedelta(days=1)).items] == ["check_in"]


@pytest.mark.parametrize("outcome", ["voicemail", "no_answer"])
@pytest.mark.parametrize("channel", ["call", "visit", "email"])
def test_voicemail_and_no_answer_set_the_retry_date(store, outcome, channel):
    contact = due_client()
    saved = log(contact, outcome, channel=channel)
    retry = add_working_days(TODAY, 2)
    assert saved.next_touch_on == retry
    fresh = Contact.get_by_id(contact.id)
    assert (fresh.next_touch_on, fresh.last_touch_on) == (retry, LAST_CALL)
    assert Interaction.get_by_id(saved.interaction_id).follow_up_on == retry


@pytest.mark.parametrize("phrase", ["next fri", "+3w", "90d", "2026-12-01", "tomorrow"])
def test_next_takes_the_apps_date_phrases_over_the_retry_date(store, phrase):
    contact = due_client()
    when = parse_next_touch(phrase, TODAY)
    saved = log(contact, "voicemail", next_touch_on=when)
    assert saved.next_touch_on == when == Contact.get_by_id(contact.id).next_touch_on


def test_it_is_logged_on_the_day_of_now(store):
    contact = due_client()
    saved = log(contact, "connected")
    row = Interaction.get_by_id(saved.interaction_id)
    assert row.started_at == NOW and row.session is None and row.rep == "sam"


def test_out_of_office_takes_next_as_the_day_they_are_back(store):
    contact = due_client()
    log(contact, "out_of_office", channel="email", next_touch_on=TODAY + timedelta(days=9))
    assert Absence.get(Absence.contact == contact.id).returns_on == TODAY + timedelta(days=9)
    with pytest.raises(RecordError, match="back on"):
        log(contact, "out_of_office", channel="email")


def test_a_quote_follow_up_deals_with_the_waiting_quote(store):
    contact = due_client()
    quote = Quote.create(contact=contact.id, description="racking", amount_cents=100, sent_on=TODAY - timedelta(days=30))
    assert "quote_follow_up" in todays_plan(TODAY).items[0].reasons
    log(contact, "connected", channel="email", reason="quote_follow_up")
    assert Quote.get_by_id(quote.id).last_followed_up_on == TODAY


def test_bad_records_name_their_field_and_write_nothing(store):
    contact = due_client()
    with pytest.raises(RecordError, match="outcome"):
        log(contact, "waved")
    with pytest.raises(RecordError, match="channel"):
        log(contact, "connected", channel="pigeon")
    with pytest.raises(RecordError, match="no such contact"):
        log_touch(contact.id + 1, "connected", rep="sam", now=NOW)
    assert Interaction.select().count() == 0


def test_deciding_a_quote_takes_it_off_the_plan(store):
    from outreach_tui.store.quotes import decide_quote, list_quotes

    contact = due_client()
    quote = Quote.create(contact=contact.id, description="racking", amount_cents=100, sent_on=TODAY - timedelta(days=30))
    assert "quote_follow_up" in todays_plan(TODAY).items[0].reasons
    row = decide_quote(quote.id, "lost", TODAY, TODAY)
    assert (row.status, row.decided_on, row.contact_name) == ("lost", TODAY, "Dana Fox")
    assert all("quote_follow_up" not in item.reasons for item in todays_plan(TODAY).items)
    assert list_quotes(open_only=True) == [] and list_quotes(contact_id=contact.id) == [row]

