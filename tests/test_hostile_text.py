"""Property tests: any text in the book is shown literally and exported faithfully.

Hypothesis throws markup, stray `[/]`, `[@click=…]`, OSC 8 links, `\\x1b[2J`, bidi
controls, zero-width characters and long strings at every field a contact shows
(name, company, notes, a life event's note, an absence's place) through the Plan,
Session and Summary screens, then Contacts, Cards and Review, and at every export format.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual.widgets import Static, TextArea

from book import add_contact
from outreach_tui.app import make_app
from outreach_tui.core.text import one_line
from outreach_tui.store import export as ex
from outreach_tui.store.export.flat import csv_value
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence, Interaction, LifeEvent, Session
from outreach_tui.ui.cards_screen import CardsScreen
from outreach_tui.ui.contacts_screen import ContactsScreen
from outreach_tui.ui.review_screen import ReviewScreen
from outreach_tui.ui.session_screen import SessionScreen
from outreach_tui.ui.summary_screen import SummaryScreen
from ui_fixtures import NINE, TODAY, app_settings, fixed_clock, settle

FRAGMENTS = [
    "[bold]", "[/]", "[/bold]", "[b]x[/b]", "[@click=app.quit]", "[@click=app.bell]quit[/]",
    "[link=http://evil.example]", "[link='x']y[/link]", "$accent", "[red on $primary]", "{first_name}", "{name}",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x1b[2J", "\x1b[31m", "\x1b]0;pwned\x07", "\x1bc",
    "\x9b2J", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200b", "\u200d", "\ufeff", "\u2060",
    "\x00", "\x07", "\x7f", "\r", "\n", "\t", "\\", "[", "]", "|", "=1+1", "@SUM(A1)", "-2", "+3", "e\u0301",
    "李雷", "😀", "👩‍👩‍👧", "ﷺ", "𒐫",
]

hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=10).map("".join)
# Now and then a long one: a name of thousands of characters, notes of tens of thousands.
long_text = st.builds(lambda part, times: part * times, hostile, st.integers(min_value=200, max_value=2000))
any_text = st.one_of(hostile, hostile, hostile, long_text)

FIELDS = ("name", "company", "notes", "event_note", "place")
# Each example builds a store and runs the app (two or three seconds), so few examples, and
# no shrinking or "explain" phase for the app, which would re-run a failure hundreds of times.
QUICK = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
UI_SETTINGS = settings(max_examples=10, deadline=None, phases=QUICK[:-1], suppress_health_check=list(HealthCheck))

PLANTED_ACTIONS = ("app.quit", "app.bell", "evil.example")
INVISIBLE = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\u2060\ufeff")


def hostile_book(texts: dict[str, str]) -> int:
    """One contact whose every shown field is hostile: back from a trip today, a wedding this week."""
    contact = add_contact(texts["name"], TODAY, relationship="supplier", company=texts["company"],
                          notes=texts["notes"], phone="555-0100")
    Absence.create(contact=contact, place=texts["place"], why="trip", starts_on=TODAY - timedelta(days=9),
                   returns_on=TODAY)
    LifeEvent.create(contact=contact, kind="wedding", month=11, day=25, year=2026, yearly=False, month_day=1125,
                     note=texts["event_note"])
    return contact.id


def rendered(app) -> tuple[str, list]:
    """What the terminal gets for the active screen: its text, line by line, and every style."""
    lines, styles = [], []
    for strip in app.screen._compositor.render_strips():
        lines.append("".join(segment.text for segment in strip))
        styles.extend(segment.style for segment in strip if segment.style is not None)
    return "\n".join(lines), styles


def held(app) -> str:
    """The text of every Static on the active screen, scrolled into view or not."""
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static) if widget.display)


def assert_safe(app, expected: dict[str, str]) -> None:
    """Nothing reaches the terminal raw, no data became an action or a link, each text shows literally."""
    screen, styles = rendered(app)
    text = screen + "\n" + held(app)
    assert "\x1b" not in text and "\x9b" not in text
    assert not INVISIBLE & set(text)
    assert not [c for c in text if c != "\n" and (ord(c) < 32 or ord(c) == 127)]
    for style in styles:  # the app's own clickable keys are fine; nothing from the data may act or link
        planted = f"{style.link or ''} {style.meta.get('@click', '') if style.meta else ''}"
        assert not any(action in planted for action in PLANTED_ACTIONS), planted
    missing = {field: literal for field, literal in expected.items() if literal not in text}
    assert not missing, missing


def literal(value: str) -> str:
    """The start of how the app shows `value` as one printable line: a few characters of its first
    word, which neither wrapping nor a long text's '…' can split."""
    words = one_line(value).split()
    return words[0][:6] if words else ""


async def drive(root: Path, texts: dict[str, str]) -> None:
    db = open_store(root / "book.db")
    contact_id = hostile_book(texts)
    app = make_app(str(root / "book.db"), fixed_clock(), "ann", app_settings(), user_dir=root / "config")
    typed_notes = texts["notes"][:2000]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The plan's one-line detail starts with the return from the trip (a long place fills it).
        assert_safe(app, {f: literal(texts[f]) for f in ("name", "place") if literal(texts[f])})
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert_safe(app, {f: literal(texts[f]) for f in FIELDS if f != "notes" and literal(texts[f])})
        await pilot.press("m")  # the rest of the card, the contact's notes with it
        await settle(pilot)
        assert_safe(app, {f: literal(texts[f]) for f in ("name", "notes", "place") if literal(texts[f])})
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1", "n")
        assert isinstance(app.focused, TextArea)
        app.focused.text = typed_notes
        typed_notes = app.focused.text  # as the text area holds it (line ends normalised)
        await pilot.press("escape", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert_safe(app, {})
        # The side screens: the book listed on Contacts, the card queue, the week's review.
        for key, screen_type, shown in (("f2", ContactsScreen, ("name", "company")),
                                         ("f3", CardsScreen, ()), ("f4", ReviewScreen, ())):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            assert_safe(app, {f: literal(texts[f]) for f in shown if literal(texts[f])})
        assert app.is_running
    saved = Interaction.get(Interaction.contact == contact_id)
    assert saved.notes == typed_notes.strip()  # what the rep typed is kept, however odd
    db.close()


HUGE = {"name": "[b]W[/b]" * 1250, "company": "\u202e" + "x" * 9999, "notes": "[/] \x1b[2J\n" * 100_000,
        "event_note": "\u200b" * 10_000 + "end", "place": "[@click=app.quit]" * 600}


@UI_SETTINGS
@example(HUGE)  # a 10,000-character name and a 1 MB note
@given(st.fixed_dictionaries({field: any_text for field in FIELDS}))
def test_hostile_contact_text_through_every_screen(texts):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "config").mkdir()
        asyncio.run(drive(Path(folder), texts))


# --- exports ---------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_SETTINGS = settings(max_examples=40, deadline=None, phases=QUICK, suppress_health_check=list(HealthCheck))


def export_book(name: str, notes: str, place: str) -> None:
    contact = add_contact(name, TODAY, company=name, next_touch_on=TODAY + timedelta(days=3))
    session = Session.create(rep=name, started_at=NINE, reflection=notes)
    Interaction.create(session=session, contact=contact, rep=name, outcome="connected", started_at=NINE,
                       duration_s=61, notes=notes, follow_up_on=TODAY + timedelta(days=2))
    Absence.create(contact=contact, place=place, why=notes[:50], starts_on=TODAY, returns_on=TODAY + timedelta(days=5))


def exported(fmt: str) -> str:
    out = io.StringIO()
    ex.export(fmt, out, ex.ExportFilter(), today=TODAY, now=datetime(2026, 11, 23, 9, 0))
    return out.getvalue()


@EXPORT_SETTINGS
@given(any_text, any_text, any_text)
@example("[bold]", "---", "[bold]")  # a note of dashes: a row, not the table's separator
def test_every_export_format_keeps_hostile_text_and_stays_well_formed(name, notes, place):
    with tempfile.TemporaryDirectory() as folder:
        db = open_store(Path(folder) / "book.db")
        try:
            export_book(name, notes, place)
            [record] = json.loads(exported("json"))
            assert (record["contact_name"], record["rep"], record["notes"]) == (name, name, notes)
            assert [json.loads(line) for line in exported("jsonl").splitlines()] == [record]

            limit = csv.field_size_limit(10_000_000)  # Python's reader stops at 128 KB a cell by default
            try:
                [row] = list(csv.DictReader(io.StringIO(exported("csv"), newline="")))
            finally:
                csv.field_size_limit(limit)
            for column in ("contact_name", "rep", "notes"):
                assert not row[column].startswith(FORMULA_START), row[column]
                assert csv_value(row[column]) == record[column]

            md = exported("md")
            # Not the separator row ("| --- | --- |"); a note of dashes stays a row like any other.
            table_rows = [line for line in md.splitlines() if line.startswith("| ") and not set(line) <= set("|-: ")]
            assert len(table_rows) == 2  # the header and the one call: no newline or pipe broke a row
            cells = table_rows[1].count(" | ")
            assert cells == table_rows[0].count(" | ")
            assert "\x1b" not in md and not INVISIBLE & set(md)

            calendar = icalendar.Calendar.from_ical(exported("ics"))
            summaries = {str(event.get("SUMMARY")) for event in calendar.walk("VEVENT")}
            assert f"Call {one_line(name)} — follow-up" in summaries  # escaped and folded, read back whole
            assert not [c for c in exported("ics") if ord(c) < 32 and c not in "\r\n"]
        finally:
            db.close()
