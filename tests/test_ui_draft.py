"""The pure parts of the session screen: the call draft, its record, the countdown."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from outreach_tui.core.plan_items import PlanItem, Signal
from outreach_tui.ui.draft import (
    CallDraft,
    DraftError,
    default_card,
    default_next_touch_hint,
    describe_date,
    next_card,
    split_contact,
    to_record,
)
from outreach_tui.ui.state import SessionRun, clock_text

TODAY = date(2026, 11, 23)  # a Monday
NINE = datetime(2026, 11, 23, 9, 0)


def item(*signals: Signal) -> PlanItem:
    return PlanItem(7, "Maria Lopez", 80.0, signals)


ABSENCE = Signal("back_from_absence", 70, "back today from Mexico", ref_id=3)
EVENT = Signal("life_event", 60, "funeral is today", ref_id=4, card_kind="sympathy")
NEGLECTED = Signal("neglected", 35, "no order since May", card_kind="thank_you")


def test_default_card_follows_the_reason():
    assert default_card(item(EVENT, NEGLECTED)) == "sympathy"
    assert default_card(item(NEGLECTED)) == "thank_you"
    assert default_card(item(ABSENCE)) is None


def test_card_cycle_goes_round():
    seen = [None]
    for _ in range(5):
        seen.append(next_card(seen[-1]))
    assert seen == [None, "thank_you", "congratulations", "sympathy", "encouragement", None]


def test_a_draft_becomes_a_record_acknowledging_every_signal():
    draft = CallDraft(outcome="connected", notes=" Great trip ", next_touch="+3w",
                      referrals=[("Bob Stone", "bob@stone.example"), ("", ""), ("Ann Lee", "555-0101")],
                      card_kind="thank_you")
    record = to_record(draft, item(ABSENCE, NEGLECTED), TODAY, NINE, 125)
    assert record.outcome == "connected" and record.reason == "back_from_absence"
    assert record.notes == "Great trip" and record.duration_s == 125 and record.started_at == NINE
    assert record.next_touch_on == date(2026, 12, 14)
    assert [(r.name, r.phone, r.email) for r in record.referrals] == [
        ("Bob Stone", "", "bob@stone.example"), ("Ann Lee", "555-0101", "")]
    assert record.acknowledges == (("back_from_absence", 3), ("neglected", None))
    assert record.card_kind == "thank_you"


@pytest.mark.parametrize("draft, field", [
    (CallDraft(), "outcomes"),
    (CallDraft(outcome="connected", next_touch="someday"), "next-touch"),
    (CallDraft(outcome="connected", next_touch="2020-01-01"), "next-touch"),
    (CallDraft(outcome="out_of_office"), "away-back"),
    (CallDraft(outcome="out_of_office", away_back="today"), "away-back"),
    (CallDraft(outcome="connected", referrals=[("Bob", "")]), "referral-how-1"),
    (CallDraft(outcome="connected", referrals=[("", "555")]), "referral-name-1"),
])
def test_what_cannot_be_saved_names_its_field(draft, field):
    with pytest.raises(DraftError) as error:
        to_record(draft, item(ABSENCE), TODAY, NINE, 0)
    assert error.value.field_id == field


def test_out_of_office_keeps_where_why_and_return():
    draft = CallDraft(outcome="out_of_office", away_place=" Lisbon ", away_why="trade fair", away_back="next mon")
    record = to_record(draft, item(ABSENCE), TODAY, NINE, 0)
    assert (record.absence_place, record.absence_why, record.absence_returns_on) == (
        "Lisbon", "trade fair", date(2026, 11, 30))


@pytest.mark.parametrize("outcome", ["wrong_number", "do_not_contact", "skipped", "connected"])
def test_the_chosen_card_survives_any_outcome(outcome):
    record = to_record(CallDraft(outcome=outcome, card_kind="thank_you"), item(NEGLECTED), TODAY, NINE, 0)
    assert record.card_kind == "thank_you"


def test_unsaved_input():
    assert not CallDraft(card_kind="thank_you").has_input("thank_you")
    assert CallDraft(card_kind=None).has_input("thank_you")
    assert CallDraft(outcome="voicemail").has_input(None)
    assert CallDraft(notes=" x").has_input(None)
    assert CallDraft(referrals=[("", "555")]).has_input(None)
    assert not CallDraft(notes="  ", referrals=[("", "")]).has_input(None)


def test_date_words():
    assert describe_date(date(2026, 12, 14), TODAY) == "Mon 14 Dec 2026 · in 3 weeks"
    assert describe_date(date(2026, 11, 24), TODAY) == "Tue 24 Nov 2026 · tomorrow"
    assert "Wed 25 Nov" in default_next_touch_hint("voicemail", TODAY, 90)
    assert split_contact(" a@b.c ") == ("", "a@b.c") and split_contact("555") == ("555", "")


def test_countdown_and_extension():
    run = SessionRun(session_id=1, items=[], planned_minutes=30, started_mono=100.0, started_at=NINE)
    assert run.remaining_s(100.0 + 29 * 60) == 60
    assert run.times_up(100.0 + 30 * 60)
    run.stop_after_current = True
    run.extend(100.0 + 32 * 60)  # two minutes over: ten more from now
    assert run.remaining_s(100.0 + 32 * 60) == 600
    assert not run.stop_after_current and not run.times_up_noticed
    assert clock_text(65) == "01:05" and clock_text(3725) == "1:02:05" and clock_text(-3) == "00:00"
