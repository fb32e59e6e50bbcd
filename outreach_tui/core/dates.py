"""Date phrases: reading what a rep types for the next touch, and saying dates back.

`parse_next_touch` accepts `2026-12-01`, `+3w`, `90d`, `next fri`, `tomorrow`,
`in 2 months` and their neighbours, and absolute dates the way people write them
(`dec 1`, `1 dec`, `12/1`, `jan 5 2027`, read by python-dateutil, imported only
when such a date is typed); anything else is a ValueError whose message says what
is accepted.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from datetime import date, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    "monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "thursday": 3, "thur": 3,
    "thurs": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "mon": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}
_RELATIVE = re.compile(r"^(?:\+|in\s+)?(\d{1,4})\s*([a-z]+)$")
_HELP = "use a date like 2026-12-01 or dec 1, or +3w, 90d, in 2 months, tomorrow, next fri"
# Two defaults for the fields a typed date leaves out: a field that comes out the same
# under both was typed. Both are leap years, so "feb 29" reads.
_DEFAULTS = ((4, 1, 1), (8, 2, 2))

# Far enough for any sensible follow-up, near enough to catch a typo like 9000d.
MAX_YEARS_AHEAD = 10


def parse_next_touch(text: str, today: date) -> date:
    """The date a phrase means, counted from today; never a date before today."""
    phrase = " ".join(text.strip().lower().split())
    if not phrase:
        raise ValueError(f"next touch is empty: {_HELP}")
    result = _parse(phrase, today)
    if result is None:
        raise ValueError(f"can't read {text.strip()!r} as a date: {_HELP}")
    if result < today:
        raise ValueError(f"{result.isoformat()} is in the past: pick today or later")
    if result > add_months(today, 12 * MAX_YEARS_AHEAD):
        raise ValueError(f"{result.isoformat()} is more than {MAX_YEARS_AHEAD} years away")
    return result


def _parse(phrase: str, today: date) -> date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            return date.fromisoformat(phrase)
        except ValueError:
            raise ValueError(f"{phrase} is not a real date") from None
    if phrase == "today":
        return today
    if phrase in ("tomorrow", "tmr", "tmrw"):
        return today + timedelta(days=1)
    if phrase in ("next week", "in a week"):
        return today + timedelta(weeks=1)
    if phrase in ("next month", "in a month"):
        return add_months(today, 1)
    match = _RELATIVE.match(phrase)
    if match and match.group(2) in _UNITS:
        amount, unit = int(match.group(1)), _UNITS[match.group(2)]
        if unit in ("days", "weeks"):
            return today + timedelta(**{unit: amount})
        return add_months(today, amount * (12 if unit == "years" else 1))
    words = phrase.split()
    if len(words) in (1, 2) and words[-1] in _WEEKDAY_NAMES:
        if len(words) == 2 and words[0] not in ("next", "on", "this"):
            return None
        return next_weekday(today, _WEEKDAY_NAMES[words[-1]])
    return _parse_absolute(phrase, today)


def _parse_absolute(phrase: str, today: date) -> date | None:
    """A calendar date as written ("dec 1", "1 dec", "12/1", "jan 5 2027"); without a
    year, the next time that day comes round (today included). Month and day must be typed."""
    if not re.search(r"\d", phrase):  # dateutil would read a lone month name as a date
        return None
    from datetime import datetime

    from dateutil.parser import ParserError, parse  # lazily: 50 ms the first screen does not need

    for dayfirst in (False, True):  # 12/1 is the first of December; 31/12 can only be day first
        try:
            first, second = (parse(phrase, default=datetime(*day), dayfirst=dayfirst) for day in _DEFAULTS)
            break
        except (ParserError, ValueError, OverflowError):
            continue
    else:
        return None
    if (first.month, first.day) != (second.month, second.day):
        return None  # a month or day left out ("dec", "5"): not a date
    if first.year == second.year:
        return first.date()
    for year in range(today.year, today.year + 9):  # a 29 Feb may be up to 8 years on
        try:
            candidate = date(year, first.month, first.day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


_AGO = re.compile(r"^-?(\d{1,4})\s*([a-z]+)(?:\s+ago)?$")
_PAST_HELP = "use a date like 2026-11-20, or today, yesterday, 3d ago, last fri"


def parse_past_day(text: str, today: date) -> date:
    """The day a phrase for something that has happened means: a date, 'yesterday', '3d ago',
    '-2w', 'last fri' (a weekday alone is its latest one before today); never after today."""
    phrase = " ".join(text.strip().lower().split())
    if not phrase:
        raise ValueError(f"the date is empty: {_PAST_HELP}")
    result: date | None = None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase) or phrase == "today":
        result = _parse(phrase, today)
    elif phrase in ("yesterday", "yday"):
        result = today - timedelta(days=1)
    elif (match := _AGO.match(phrase)) and match.group(2) in _UNITS and (phrase.startswith("-") or "ago" in phrase):
        amount, unit = int(match.group(1)), _UNITS[match.group(2)]
        if unit in ("days", "weeks"):
            result = today - timedelta(**{unit: amount})
        else:
            result = add_months(today, -amount * (12 if unit == "years" else 1))
    elif (words := phrase.split()) and len(words) <= 2 and words[-1] in _WEEKDAY_NAMES and (
            len(words) == 1 or words[0] in ("last", "on")):
        result = today - timedelta(days=(today.weekday() - _WEEKDAY_NAMES[words[-1]] - 1) % 7 + 1)
    else:
        result = _parse(phrase, today)  # a day ahead ('tomorrow', '+3d') is refused as one below
    if result is None:
        raise ValueError(f"can't read {text.strip()!r} as a day: {_PAST_HELP}")
    if result > today:
        raise ValueError(f"{result.isoformat()} is still to come: pick today or before")
    return result


def next_weekday(today: date, weekday: int) -> date:
    """The first such weekday after today ("next fri" on a Friday is a week on)."""
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead)


def add_working_days(start: date, days: int) -> date:
    """Start plus that many Monday-to-Friday days."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


@lru_cache(maxsize=64)  # the planner asks for the same cut-off once per contact
def months_before(today: date, months: int) -> date:
    """The latest date that is at least `months` calendar months before today.

    Counting forward with month-end clamping, 31 Aug + 6 months is 28 Feb, so on
    a month's last day the cut-off stretches to the end of the earlier month.
    """
    cut = add_months(today, -months)
    if (today + timedelta(days=1)).day == 1:
        cut = cut.replace(day=calendar.monthrange(cut.year, cut.month)[1])
    return cut


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months on (back, if negative), clamped to the month's end.

    Plain arithmetic rather than dateutil, which costs the first screen 50 ms to import.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def whole_months_between(earlier: date, later: date) -> int:
    """Calendar months from earlier to later, counted forward (31 Aug to 28 Feb is 6).

    Plain arithmetic rather than relativedelta: the planner calls this per contact.
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    landing_day = min(earlier.day, calendar.monthrange(later.year, later.month)[1])
    return months - 1 if landing_day > later.day else months


def yearly_occurrence(month: int, day: int, year: int) -> date:
    """The date of a yearly event in a given year; 29 Feb falls on 28 Feb in other years."""
    try:
        return date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            return date(year, 2, 28)
        raise


def short_date(value: date, today: date | None = None) -> str:
    """'12 May' this year, '12 May 2025' otherwise."""
    if today is not None and value.year == today.year:
        return f"{value.day} {value:%b}"
    return f"{value.day} {value:%b %Y}"


def day_phrase(value: date, today: date) -> str:
    """How a rep would say a nearby date: 'today', 'tomorrow', 'Fri 28 Nov', '12 May 2025'."""
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if -6 <= delta <= 6:
        return f"{value:%a} {value.day} {value:%b}"
    return short_date(value, today)


def ago_phrase(value: date | None, today: date) -> str:
    """'never', 'today', '3 days ago', '5 weeks ago', '7 months ago', '2 years ago'."""
    if value is None:
        return "never"
    days = (today - value).days
    if days <= 0:
        return "today" if days == 0 else day_phrase(value, today)
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{plural(days // 7, 'week')} ago"
    months = whole_months_between(value, today)
    if months < 24:
        return f"{plural(months, 'month')} ago"
    return f"{plural(months // 12, 'year')} ago"


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural_word or word + 's')}"
