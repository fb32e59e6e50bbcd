"""Reading what the rep types for a past day, a touch and a quote's answer."""

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from outreach_tui.core.dates import parse_past_day
from outreach_tui.core.record_fields import check_new_contact, check_quote_decision, check_touch

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize("phrase, day", [
    ("today", TODAY), ("yesterday", TODAY - timedelta(days=1)), ("3d ago", TODAY - timedelta(days=3)),
    ("-2w", TODAY - timedelta(weeks=2)), ("2 weeks ago", TODAY - timedelta(weeks=2)),
    ("last fri", date(2026, 11, 20)), ("mon", date(2026, 11, 16)), ("1 month ago", date(2026, 10, 23)),
    ("2026-11-01", date(2026, 11, 1)),
])
def test_past_day_phrases(phrase, day):
    assert parse_past_day(phrase, TODAY) == day


@pytest.mark.parametrize("phrase", ["tomorrow", "+3d", "2026-12-01", "next fri"])
def test_a_day_ahead_is_still_to_come(phrase):
    with pytest.raises(ValueError, match="still to come"):
        parse_past_day(phrase, TODAY)


@pytest.mark.parametrize("phrase", ["", "soon", "2026-13-01", "3 parsecs ago"])
def test_unreadable_days_say_what_is_accepted(phrase):
    with pytest.raises(ValueError):
        parse_past_day(phrase, TODAY)


@given(st.integers(min_value=0, max_value=3000))
def test_days_ago_is_never_after_today(days):
    assert parse_past_day(f"{days}d ago", TODAY) == TODAY - timedelta(days=days) <= TODAY


def test_quote_decision():
    values, problems = check_quote_decision({"decision": "W", "on": "", "amount": "1,200"}, TODAY)
    assert problems == {} and values == {"status": "won", "on": TODAY, "amount_cents": 120000}
    values, problems = check_quote_decision({"decision": "maybe", "on": "tomorrow", "amount": "-5"}, TODAY)
    assert set(problems) == {"decision", "on", "amount"}
    _, problems = check_quote_decision({"decision": "l", "amount": "-5"}, TODAY)
    assert problems == {}  # a lost quote keeps its amount
    _, problems = check_quote_decision({"decision": "won", "amount": "-5"}, TODAY)
    assert "negative" in problems["amount"]


def test_touch_defaults_and_problems():
    values, problems = check_touch({"outcome": "No answer", "channel": "", "reason": ""}, TODAY)
    assert problems == {} and (values["outcome"], values["channel"], values["reason"]) == ("no_answer", "call", "check_in")
    _, problems = check_touch({"outcome": "out of office", "next": "today"}, TODAY)
    assert "after today" in problems["next"]
    _, problems = check_touch({"outcome": "out_of_office"}, TODAY)
    assert "day they are back" in problems["next"]


def test_new_contact_needs_a_name_and_checks_like_an_edit():
    _, problems = check_new_contact({"name": " ", "email": "x"}, TODAY)
    assert set(problems) == {"name", "email"}
    values, problems = check_new_contact({"name": "Kim Lee", "company": "", "relationship": "Client"}, TODAY)
    assert problems == {} and values == {"name": "Kim Lee", "relationship": "client"}
