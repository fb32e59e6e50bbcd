from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach_tui.core.dates import (
    add_working_days,
    ago_phrase,
    day_phrase,
    months_before,
    parse_next_touch,
    whole_months_between,
)

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("+3w", date(2026, 12, 14)),
        ("90d", date(2027, 2, 21)),
        ("+10d", date(2026, 12, 3)),
        ("next fri", date(2026, 11, 27)),
        ("Next Friday", date(2026, 11, 27)),
        ("mon", date(2026, 11, 30)),
        ("tomorrow", date(2026, 11, 24)),
        ("today", MONDAY),
        ("in 2 months", date(2027, 1, 23)),
        ("in 3 weeks", date(2026, 12, 14)),
        ("2m", date(2027, 1, 23)),
        ("1y", date(2027, 11, 23)),
        ("  next   week ", date(2026, 11, 30)),
        # Absolute dates as people write them (python-dateutil); no year: the next such day.
        ("dec 1", date(2026, 12, 1)),
        ("1 dec", date(2026, 12, 1)),
        ("12/1", date(2026, 12, 1)),
        ("jan 5 2027", date(2027, 1, 5)),
        ("5 January 2027", date(2027, 1, 5)),
        ("nov 23", MONDAY),
        ("nov 22", date(2027, 11, 22)),
        ("31/12", date(2026, 12, 31)),
        ("feb 29", date(2028, 2, 29)),
    ],
)
def test_phrases(phrase, expected):
    assert parse_next_touch(phrase, MONDAY) == expected


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "empty"),
        ("soonish", "can't read 'soonish'"),
        ("2026-02-30", "not a real date"),
        ("2026-11-01", "in the past"),
        ("9000d", "more than 10 years"),
        ("last fri", "can't read"),
        ("3 parsecs", "can't read"),
        ("dec", "can't read"),
        ("5", "can't read"),
        ("feb 30", "can't read"),
        ("jan 5 2026", "in the past"),
        ("jan 5 2099", "more than 10 years"),
    ],
)
def test_bad_phrases_say_why(phrase, message):
    with pytest.raises(ValueError, match=message):
        parse_next_touch(phrase, MONDAY)


def test_next_weekday_on_that_weekday_is_a_week_on():
    friday = date(2026, 11, 27)
    assert parse_next_touch("next fri", friday) == date(2026, 12, 4)


def test_month_end_clamps():
    assert parse_next_touch("in 1 month", date(2027, 1, 31)) == date(2027, 2, 28)
    assert months_before(date(2027, 2, 28), 6) == date(2026, 8, 31)
    assert months_before(date(2027, 2, 27), 6) == date(2026, 8, 27)
    assert months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert whole_months_between(date(2026, 8, 31), date(2027, 2, 28)) == 6
    assert whole_months_between(date(2026, 8, 31), date(2027, 2, 27)) == 5


def test_working_days_skip_weekends():
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 2) == date(2026, 12, 1)
    assert add_working_days(MONDAY, 2) == date(2026, 11, 25)


def test_phrases_for_people():
    assert day_phrase(MONDAY, MONDAY) == "today"
    assert day_phrase(date(2026, 11, 27), MONDAY) == "Fri 27 Nov"
    assert day_phrase(date(2025, 5, 12), MONDAY) == "12 May 2025"
    assert ago_phrase(None, MONDAY) == "never"
    assert ago_phrase(date(2026, 11, 20), MONDAY) == "3 days ago"
    assert ago_phrase(date(2026, 5, 12), MONDAY) == "6 months ago"
    assert ago_phrase(date(2026, 9, 20), MONDAY) == "2 months ago"
    assert ago_phrase(date(2026, 9, 24), MONDAY) == "1 month ago"
    assert whole_months_between(date(2026, 5, 23), MONDAY) == 6
    assert whole_months_between(date(2026, 5, 24), MONDAY) == 5


@given(st.integers(min_value=0, max_value=500), st.sampled_from(["d", "w", "days", "weeks"]))
def test_relative_days_and_weeks_add_up(amount, unit):
    days = amount * (7 if unit.startswith("w") else 1)
    phrase = f"+{amount}{unit}"
    assert parse_next_touch(phrase, MONDAY) == MONDAY + timedelta(days=days)


@given(st.dates(min_value=MONDAY, max_value=date(2027, 11, 22)),
       st.sampled_from(["%b %d", "%d %b", "%B %d", "%m/%d", "%b %d %Y", "%d %B %Y", "%m/%d/%Y"]))
def test_a_written_date_within_the_year_is_that_date(day, layout):
    assert parse_next_touch(day.strftime(layout), MONDAY) == day


@given(st.text(max_size=40))
def test_any_text_parses_or_says_why(text):
    try:
        result = parse_next_touch(text, MONDAY)
    except ValueError as exc:
        assert str(exc)
    else:
        assert result >= MONDAY


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
       st.integers(min_value=1, max_value=24))
def test_month_cut_off_matches_counting_forward(bought, today, months):
    from dateutil.relativedelta import relativedelta

    assert (bought <= months_before(today, months)) == (bought + relativedelta(months=months) <= today)
    if bought <= today:
        assert (whole_months_between(bought, today) >= months) == (bought + relativedelta(months=months) <= today)
