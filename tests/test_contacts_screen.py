"""The Contacts screen with Pilot: search as you type, the record, edits, inline problems, flags, escape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input, Static, TextArea

from book import add_contact
from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote
from outreach_tui.ui.contact_edit_actions import EDITABLE_TEXT
from ui_fixtures import HOSTILE_NAME, TODAY, add_hostile, app_settings, build_book, fixed_clock, settle, user_dir


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    ids = build_book()
    ids["hostile"] = add_hostile()
    db.close()
    return path, ids


@pytest.fixture
def app(book, tmp_path):
    path, _ = book
    return make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))


def stored(contact_id: int) -> Contact:
    return Contact.get_by_id(contact_id)


def results(app) -> list[str]:
    table = app.screen.query_one("#contacts-results", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def detail(app) -> str:
    return str(app.screen.query_one("#detail", Static).render())


async def open_contacts(pilot, query: str = "") -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    if query:
        await pilot.press(*query)
        await settle(pilot)


async def form(pilot, key: str, **values: str) -> None:
    """Open a form with `key` from the results and type values into its fields (not saved yet)."""
    await pilot.press("down", key)
    await settle(pilot)
    for name, value in values.items():
        widget = pilot.app.screen.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value
    await pilot.pause()


def error_of(app, name: str) -> str:
    widget = app.screen.query_one(f"#error-{name}", Static)
    return str(widget.render()) if widget.display else ""


async def test_typing_searches_and_the_best_match_shows_its_record(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"
        assert len(results(app)) == 8  # the whole book by name, nobody archived yet
        await pilot.press(*"lopez")
        await settle(pilot)
        assert results(app) == ["Maria Lopez · Lopez Hardware"]
        text = detail(app)
        assert "Maria Lopez" in text and "Owner at Lopez Hardware" in text and "Mexico — family vacation" in text
        history = app.screen.query_one("#detail-history", DataTable)
        assert history.row_count == 1 and "cedar planters" in str(history.get_row_at(0)[4])
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"55501")
        await settle(pilot)
        assert len(results(app)) == 7  # every 555-01xx phone; the hostile one has an escape code in it
        await pilot.press(*"99")
        await settle(pilot)
        assert results(app) == ["Tom Becker · Becker Builders"]


async def test_moving_through_the_results_shows_each_record(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "a")
        first = results(app)[0]
        await pilot.press("down")
        assert app.screen.focused is app.screen.query_one("#contacts-results")
        await pilot.press("down")
        await settle(pilot)
        second = results(app)[1].split(" · ")[0]
        assert second != first and second in detail(app)
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)


async def test_searches_share_one_thread_whose_connection_closes_with_the_screen(app, monkeypatch):
    import threading

    from outreach_tui.store import contacts_search
    from outreach_tui.ui import workers

    searched, closed = [], []
    search, close = contacts_search.search, workers.close_thread_connection

    def counted_search(*args, **kwargs):
        searched.append(threading.current_thread().name)
        return search(*args, **kwargs)

    def counted_close():
        closed.append(threading.current_thread().name)
        close()

    monkeypatch.setattr(contacts_search, "search", counted_search)
    monkeypatch.setattr(workers, "close_thread_connection", counted_close)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "tom")
        screen = app.screen
        assert results(app) == ["Tom Becker · Becker Builders"]
        assert len(searched) >= 2 and len(set(searched)) == 1  # every keystroke on the same thread
        thread = searched[0]
        assert thread not in closed  # its connection stays open while the screen is up
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ != "ContactsScreen"
        assert closed.count(thread) == 1 and screen.searches is None
        assert thread not in [alive.name for alive in threading.enumerate()]


async def test_a_list_equal_to_the_one_shown_is_left_alone(app, monkeypatch):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "tom")
        table = app.screen.query_one("#contacts-results", DataTable)
        cleared = []
        clear = table.clear
        monkeypatch.setattr(table, "clear", lambda *args, **kwargs: (cleared.append(1), clear(*args, **kwargs))[1])
        await pilot.press("space")  # "tom " finds the same people
        await settle(pilot)
        assert results(app) == ["Tom Becker · Becker Builders"] and cleared == []
        assert "Tom Becker" in detail(app)
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"maria")
        await settle(pilot)
        assert results(app) == ["Maria Lopez · Lopez Hardware"] and cleared  # a new list replaces the old
        assert "Maria Lopez" in detail(app) and "Tom Becker" not in detail(app)


async def test_the_record_waits_for_a_pause_in_typing_but_not_for_the_list(app, monkeypatch):
    from outreach_tui.ui import contacts_screen

    monkeypatch.setattr(contacts_screen, "RECORD_PAUSE", 2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot)
        screen = app.screen
        await pilot.press(*"lopez")
        while screen.shown_generation != screen.asked_generation:
            await pilot.pause()
        assert results(app) == ["Maria Lopez · Lopez Hardware"]
        assert "Lopez Hardware" not in detail(app) and screen.record_paused
        assert not screen.check_action("edit", ())  # no edit of a record that is not the one highlighted
        await pilot.press("down")  # to the list: the record loads now
        await settle(pilot)
        assert "Owner at Lopez Hardware" in detail(app) and not screen.record_paused
        assert screen.check_action("edit", ())


async def test_edit_saves_only_the_changed_fields_in_one_go(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "tom")
        await form(pilot, "e", company="Becker & Sons", cadence_days="30", notes="Prefers mornings")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"
        tom = stored(ids["Tom"])
        assert (tom.company, tom.cadence_days, tom.notes, tom.name) == ("Becker & Sons", 30, "Prefers mornings",
                                                                         "Tom Becker")
        assert tom.check_in_due_on == tom.last_touch_on + timedelta(days=30)  # the cadence moved the check-in
        assert "Becker & Sons" in detail(app) and "every 30 days" in detail(app)


async def test_bad_fields_say_so_next_to_the_field_and_nothing_is_saved(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "tom")
        await form(pilot, "e", company="Saved? No", cadence_days="abc", next_touch_on="2026-13-45",
                   email="not-an-email", name=" ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "FormScreen"
        assert "not a number of days" in error_of(app, "cadence_days")
        assert "not a real date" in error_of(app, "next_touch_on")
        assert "not an email address" in error_of(app, "email")
        assert "needs a name" in error_of(app, "name")
        assert error_of(app, "company") == ""
        assert stored(ids["Tom"]).company == "Becker Builders"
        app.screen.query_one("#field-cadence_days", Input).value = "45"
        app.screen.query_one("#field-next_touch_on", Input).value = "+3w"
        app.screen.query_one("#field-email", Input).value = "tom@becker.example"
        app.screen.query_one("#field-name", Input).value = "Tom Becker"
        await pilot.press("ctrl+s")
        await settle(pilot)
        tom = stored(ids["Tom"])
        assert (tom.company, tom.cadence_days, tom.email) == ("Saved? No", 45, "tom@becker.example")
        assert tom.next_touch_on == TODAY + timedelta(weeks=3)


async def test_cadence_on_its_own(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "priya")
        await form(pilot, "c", cadence_days="0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "from 1 to 3650" in error_of(app, "cadence_days")
        app.screen.query_one("#field-cadence_days", Input).value = "60"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(ids["Priya"]).cadence_days == 60


async def test_add_a_life_event_an_absence_and_a_quote(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "grace")
        await form(pilot, "l", kind="wedding", date="2027-02-30", note="[b]her[/b] wedding")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a real date" in error_of(app, "date")
        assert LifeEvent.select().where(LifeEvent.contact == ids["Grace"]).count() == 0
        app.screen.query_one("#field-date", Input).value = "2027-06-12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        event = LifeEvent.get(LifeEvent.contact == ids["Grace"])
        assert (event.kind, event.month, event.day, event.year, event.yearly, event.month_day, event.note) == (
            "wedding", 6, 12, 2027, False, 612, "[b]her[/b] wedding")
        assert "[b]her[/b] wedding" in detail(app)

        await form(pilot, "b", place="Lisbon", returns_on="yesterday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "returns_on")
        app.screen.query_one("#field-returns_on", Input).value = "+2w"
        await pilot.press("ctrl+s")
        await settle(pilot)
        away = Absence.get(Absence.contact == ids["Grace"])
        assert (away.place, away.returns_on) == ("Lisbon", TODAY + timedelta(weeks=2))

        await form(pilot, "q", description="office chairs", amount="twelve")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "amount must look like" in error_of(app, "amount")
        app.screen.query_one("#field-amount", Input).value = "$1,250.50"
        await pilot.press("ctrl+s")
        await settle(pilot)
        quote = Quote.get(Quote.contact == ids["Grace"])
        assert (quote.description, quote.amount_cents, quote.sent_on, quote.status) == (
            "office chairs", 125050, TODAY, "open")
        text = detail(app)
        assert "Lisbon" in text and "$1,250.50 office chairs" in text


async def test_do_not_contact_and_archive(app, book):
    from outreach_tui.store.queries import todays_plan

    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "ken")
        await pilot.press("down", "d")
        await settle(pilot)
        assert stored(ids["Ken"]).do_not_contact is True
        assert "Do not contact" in detail(app) and "DNC" in results(app)[0]
        await pilot.press("d")
        await settle(pilot)
        assert stored(ids["Ken"]).do_not_contact is False

        await pilot.press("a")
        await settle(pilot)
        assert stored(ids["Ken"]).archived is True
        assert results(app) == []  # archived contacts leave the search
        assert ids["Ken"] not in [item.contact_id for item in todays_plan(TODAY).items]  # and the plan
        await pilot.press("v")
        await settle(pilot)
        assert results(app) == ["Ken Ito archived · Ito Fasteners"]
        await pilot.press("down", "a")
        await settle(pilot)
        assert stored(ids["Ken"]).archived is False


async def test_hostile_text_shows_literally(app, book):
    path, ids = book
    long_name = "Zed " + "[bold]" * 1700
    async with app.run_test(size=(80, 24)) as pilot:
        contact = add_contact(long_name, TODAY, notes="[red]" + "n" * 1_000_000 + "\x1b[2J")
        await open_contacts(pilot, "[bold]x")
        assert results(app) == ["[bold]x[/] [@click=app.quit]Smith [Jr] · [red]Acme[/red] $accent"]
        text = detail(app)
        assert "[bold]x[/] [@click=app.quit]Smith [Jr]" in text and "[red]Acme[/red] $accent" in text
        assert "\x1b" not in text and "{first_name} [/]" in text
        await form(pilot, "e")
        assert app.screen.query_one("#field-name", Input).value.startswith("[bold]x[/]")
        await pilot.press("ctrl+s")  # nothing changed: nothing to check, nothing written
        await settle(pilot)
        assert stored(ids["hostile"]).name == HOSTILE_NAME
        await pilot.press("slash", *["backspace"] * 7, *"zed")
        await settle(pilot)
        assert results(app)[0].startswith("Zed [bold][bold]")
        assert "nnnn" in detail(app) and len(detail(app)) < 20_000
        await form(pilot, "e")
        # The form holds its first part, literally; unchanged, it is never written back.
        assert app.screen.query_one("#field-notes", TextArea).text == ("[red]" + "n" * 1_000_000)[:EDITABLE_TEXT]
        await pilot.press("escape")
        await settle(pilot)
        assert stored(contact.id).notes.endswith("\x1b[2J")


async def test_escape_goes_back_to_the_call_in_progress(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        session = app.screen
        await pilot.press("1")
        session.query_one("#notes", TextArea).text = "She wants the cedar planters."
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"tom")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is session
        assert session.query_one("#notes", TextArea).text == "She wants the cedar planters."
        assert session.has_unsaved_input()


async def test_a_past_call_reads_whole_with_how_it_went_for_them(book, tmp_path):
    from datetime import datetime

    from outreach_tui.store.models import Interaction
    from outreach_tui.ui.help_screen import ReadingScreen

    path, ids = book
    long_note = "Great trip, wants pricing on the spring line. " * 6 + "Call back after the trade show."
    db = open_store(path)
    Interaction.create(contact=ids["Tom"], rep="demo", channel="call", reason="check_in", outcome="connected",
                       started_at=datetime(2026, 11, 2, 10, 0), duration_s=300, notes=long_note,
                       their_view="Glad someone remembered the show")
    db.close()
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "becker")
        history = app.screen.query_one("#detail-history", DataTable)
        assert history.row_count == 1 and "enter on a call shows it whole" in detail(app)
        assert long_note not in str(history.get_row_at(0)[4])  # the table cuts it
        app.screen.set_focus(history)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        lines = ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]
        shown = " ".join(" ".join(lines).replace("│", " ").split())
        assert " ".join(long_note.split()) in shown
        assert "For them: Glad someone remembered the show" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"


async def test_megabytes_of_notes_are_edited_at_their_start_and_the_rest_is_kept(app, book):
    line = "Called about the spring order; ask about the warehouse move.\n"
    notes = line * (5 * 2**20 // len(line))  # 5 MB
    async with app.run_test(size=(120, 40)) as pilot:
        contact = add_contact("Yara Big", TODAY, notes=notes)
        await open_contacts(pilot, "yara")
        await form(pilot, "e")
        area = app.screen.query_one("#field-notes", TextArea)
        shown = area.text
        assert len(shown) <= EDITABLE_TEXT and shown.endswith(line) and notes.startswith(shown)
        hints = [str(widget.render()) for widget in app.screen.query(".form-hint")]
        assert f"the first {len(shown):,} of {len(notes):,} characters; the rest is kept as it is" in hints
        area.text = "Met at the trade show.\n" + shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"
        assert stored(contact.id).notes == ("Met at the trade show.\n" + notes).strip()  # trimmed, as every edit
