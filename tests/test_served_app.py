"""The app as `outreach serve` runs it in a browser tab, here under Pilot told it is on the web.

Browsers keep some keys for themselves, so the footer offers function keys instead,
and those keys do the job; an export goes to the browser, not into a file on the server.
"""

from __future__ import annotations

import json

import pytest

from outreach_tui.app import OutreachApp
from outreach_tui.store.models import Interaction
from outreach_tui.ui.summary_screen import SummaryScreen
from textual.widgets import Input
from ui_fixtures import book, new_app, settle, static_text  # noqa: F401  (book is a fixture)


def footer_line(app) -> str:
    """The bottom line of the screen as rendered (the footer)."""
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[-1])


@pytest.fixture
def served(monkeypatch):
    """The app believes it runs under textual-serve's web driver."""
    monkeypatch.setattr(OutreachApp, "is_web", property(lambda app: True))


async def test_in_a_terminal_the_footer_shows_the_ctrl_keys(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "^q Quit" in footer_line(app) and "^p palette" in footer_line(app)
        await pilot.press("enter")
        await settle(pilot)
        footer = footer_line(app)
        assert "^s Save" in footer and "f9" not in footer and "f10" not in footer


async def test_served_the_footer_shows_function_keys_and_they_work(tmp_path, book, served):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = footer_line(app)
        assert "f10 Quit" in footer and "f1 palette" in footer and "^q" not in footer and "^p" not in footer
        await pilot.press("enter")
        await settle(pilot)
        footer = footer_line(app)
        assert "f9 Save" in footer and "^s" not in footer
        await pilot.press("1", "f9")  # saves the call, as ctrl+s does
        await settle(pilot)
        assert session_calls() == ["connected"]
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2", "ctrl+s")  # still works where the browser lets it by
        await settle(pilot)
        assert session_calls() == ["connected", "voicemail"]
        await pilot.press("f10")
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


def session_calls() -> list[str]:
    """The outcomes saved in a session (the hand-built book's history has none)."""
    return [call.outcome for call in Interaction.select().where(Interaction.session.is_null(False))
            .order_by(Interaction.id)]


async def test_served_an_export_downloads_in_the_browser_and_writes_nothing_here(tmp_path, book, served, monkeypatch):
    path, _ = book
    monkeypatch.chdir(tmp_path)
    delivered: list[tuple[bytes, str]] = []
    app = new_app(tmp_path, path)
    monkeypatch.setattr(app, "deliver_binary",
                        lambda binary, save_filename: delivered.append((binary.read(), save_filename)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1", "f9")
        await settle(pilot)
        await pilot.press("2", "w", "f9")  # a voicemail, and wrap up: the summary
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "downloads it in this browser" in "\n".join(
            str(label.render()) for label in app.screen.query(".field-label"))
        await pilot.press("x")
        field = app.screen.query_one("#export-path", Input)
        field.value = "../../elsewhere/log.json"
        await pilot.press("enter")
        await settle(pilot)
        assert "Sent 2 interactions to this browser as log.json" in static_text(app, "#summary-message")
    assert [name for _, name in delivered] == ["log.json"]
    rows = json.loads(delivered[0][0].decode("utf-8"))
    assert [row["outcome"] for row in rows] == ["connected", "voicemail"]
    assert not list(tmp_path.rglob("log.json"))


def help_text(app) -> str:
    from outreach_tui.ui.help_screen import HangingText

    return "\n".join(str(line) for line in app.screen.query_one(HangingText).lines(100))


async def test_help_names_the_keys_the_app_answers_to_served_or_moved_by_the_rep(tmp_path, book, served):
    path, _ = book
    app = new_app(tmp_path, path, keys={"call.skip": "x", "contacts.edit": "f6"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        lines = help_text(app).splitlines()
        assert any(line.split() == ["f1,", "ctrl+p", "command", "palette:", "every", "action", "and", "screen",
                                    "by", "name"] for line in lines)
        assert any(line.startswith("  f9, ctrl+s") and "save the call" in line for line in lines)
        assert any(line.startswith("  f10, ctrl+q") and "quit" in line for line in lines)
        assert any(line.startswith("  x ") and "skip this contact" in line for line in lines)
        assert any(line.startswith("  f6 / c ") and "edit the contact" in line for line in lines)
        assert not any(line.startswith("  s ") and "skip" in line for line in lines)
