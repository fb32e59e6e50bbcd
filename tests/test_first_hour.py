"""What a new user meets in the first hour: a label says what it counts (the call screen
and the contact page say when a call last reached the person, in the word the history below
uses; an out-of-office since does not move it), and every confirmation is in view at 80x24."""

from __future__ import annotations

from datetime import datetime, timedelta

from outreach_tui.store.connection import open_store
from outreach_tui.store.contact_card import load_contact_record
from outreach_tui.store.models import Interaction
from outreach_tui.ui.contact_card import card_content, history_content
from outreach_tui.ui.contacts_text import record_content
from outreach_tui.ui.prepare import PreparedCall
from ui_fixtures import TODAY, build_book


def test_the_call_screen_and_the_contact_page_say_connected_as_the_history_does(tmp_path):
    open_store(tmp_path / "book.db")
    maria = build_book()["Maria"]
    Interaction.create(contact=maria, rep="demo", channel="call", reason="check_in", outcome="out_of_office",
                       started_at=datetime.combine(TODAY - timedelta(days=3), datetime.min.time()), duration_s=5)
    record = load_contact_record(maria)
    page = record_content(record, TODAY).plain
    call = card_content(PreparedCall(item=None, card=record.card, script=None, cues=()), TODAY).plain
    last = [line for line in page.splitlines() if line.startswith("Connected ")]
    assert last == [line for line in call.splitlines() if line.startswith("Connected ")]
    assert last == ["Connected  last 1 month ago (24 Sep)"], page  # 60 days back: the call, not the out-of-office
    assert "Last call" not in page + call
    history = history_content(record.recent if hasattr(record, "recent") else record.card.recent, TODAY).plain
    assert "out of office" in history.lower() and "connected" in history.lower()


async def test_at_80x24_saving_a_call_that_queues_a_card_says_so_in_view(tmp_path):
    """The confirmation is a notification, on screen whatever the terminal's height."""
    from test_call_screen import rendered_lines
    from ui_fixtures import app_settings, fixed_clock, settle, user_dir

    from outreach_tui.app import make_app

    open_store(tmp_path / "book.db")
    build_book()
    app = make_app(str(tmp_path / "book.db"), fixed_clock(), "demo", app_settings(name="Dana"),
                   user_dir=user_dir(tmp_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        name = app.session_run.current.name
        await pilot.press("1", "c")  # connected, with a card
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        toast = [line.rsplit("▌", 1)[1] for line in rendered_lines(app) if "▌" in line]  # its left edge
        shown = " ".join(" ".join(" ".join(toast).replace("│", " ").split()).split())
        from outreach_tui.store.models import Card
        assert Card.select().count() == 1
        assert f"card for {name} queued" in shown, shown


async def test_at_80x24_the_summarys_export_says_where_it_wrote_in_view(tmp_path):
    from test_call_screen import rendered_lines
    from ui_fixtures import app_settings, fixed_clock, settle, user_dir

    from outreach_tui.app import make_app
    from outreach_tui.ui.summary_screen import SummaryScreen

    open_store(tmp_path / "book.db")
    build_book()
    app = make_app(str(tmp_path / "book.db"), fixed_clock(), "demo", app_settings(name="Dana"),
                   user_dir=user_dir(tmp_path))
    target = tmp_path / "log.csv"
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("w", "1", "ctrl+s")  # wrap up: this call is the last
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("x")
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        toast = [line.rsplit("▌", 1)[1] for line in rendered_lines(app) if "▌" in line]
        shown = " ".join(" ".join(toast).replace("│", " ").split())
        assert "Wrote 1 interaction to" in shown and target.exists()


async def test_help_keeps_the_indent_of_wrapped_lines(tmp_path):
    from test_call_screen import rendered_lines
    from ui_fixtures import app_settings, fixed_clock, settle, user_dir

    from outreach_tui.app import make_app

    open_store(tmp_path / "book.db")
    build_book()
    app = make_app(str(tmp_path / "book.db"), fixed_clock(), "demo", app_settings(name="Dana"),
                   user_dir=user_dir(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        lines = rendered_lines(app)
        key_line = next(at for at, line in enumerate(lines) if "F2 / F3 / F4" in line)
        first, second = lines[key_line], lines[key_line + 1]
        assert first.index("contacts / cards") == len(second) - len(second[second.index("│") + 1:].lstrip()), second
        assert "F2" not in second and second.split("│")[1].strip().startswith("progress kept")
