"""Contact text is shown literally, and a broken script file of the rep's never stops a call."""

from __future__ import annotations

from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact, Interaction
from outreach_tui.ui.plan_listing import PlanListing
from outreach_tui.ui.session_screen import SessionScreen
from outreach_tui.ui.summary_screen import SummaryScreen
from ui_fixtures import HOSTILE_NAME, add_hostile, app_settings, build_book, fixed_clock, screen_text, settle, user_dir

SHOWN_NAME = "[bold]x[/] [@click=app.quit]Smith [Jr]"  # the escape sequence is stripped, the rest kept


async def test_markup_and_escapes_in_contact_data_show_literally(tmp_path):
    path = tmp_path / "book.db"
    open_store(path)
    hostile_id = add_hostile()
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan = screen_text(app)
        # The plan cuts a long name to its column: the rows hold it whole, the screen shows it as typed.
        listing = app.screen.query_one(PlanListing)
        assert any(SHOWN_NAME in item.name for item in listing.items)
        assert "1. [bold]x[/]" in plan
        assert "\x1b" not in plan
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        call = screen_text(app)
        assert SHOWN_NAME in call
        assert "[red]Acme[/red] $accent" in call
        assert "[@click=app.quit]boss" in call
        assert "[link=http://x]kids[/link]" in call
        assert "Hi [b]Evil[/b]" in call  # the script's first name, inserted as typed
        assert "555" in call and "pwned" not in call  # an OSC title sequence never reaches the terminal
        assert "\x1b" not in call
        await pilot.press("m")  # the rest of the card, over the call
        await settle(pilot)
        more = screen_text(app)
        assert "{first_name} [/] red" in more  # notes: braces kept, colour escape stripped
        assert "[link=http://x]kids[/link]" in more and "\x1b" not in more
        await pilot.press("escape")
        await settle(pilot)
        # Clicking around the card must not run an action hidden in the data.
        await pilot.click("#card-head")
        await settle(pilot)
        assert app.is_running
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
    assert Contact.get_by_id(hostile_id).name == HOSTILE_NAME
    assert Interaction.get().outcome == "connected"


async def test_a_broken_user_script_is_reported_and_the_built_in_used(tmp_path):
    path = tmp_path / "book.db"
    open_store(path)
    build_book()
    folder = user_dir(tmp_path)
    (folder / "scripts").mkdir()
    (folder / "scripts" / "back_from_absence.toml").write_text(
        'title = "Mine"\n\n[[steps]\nsay = "Hello"\n', encoding="utf-8")
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan = screen_text(app)
        assert "back_from_absence.toml line 3" in plan
        assert "using the built-in back_from_absence script" in plan
        await pilot.press("enter")
        await settle(pilot)
        call = screen_text(app)
        assert "Welcome back" in call and "I hope your time in Mexico was wonderful" in call
        assert "Mine" not in call


async def test_a_users_own_script_replaces_the_built_in(tmp_path):
    path = tmp_path / "book.db"
    open_store(path)
    build_book()
    folder = user_dir(tmp_path)
    (folder / "scripts").mkdir()
    (folder / "scripts" / "back_from_absence.toml").write_text(
        'title = "My welcome"\n\n[[steps]]\nlabel = "Hello"\nsay = "Hey {first_name}, how was {place}?"\n',
        encoding="utf-8")
    app = make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        call = screen_text(app)
        assert "Hey Maria, how was Mexico?" in call
        assert app.screen.query_one("#script-col").border_title == "My welcome"
