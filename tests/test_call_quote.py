"""A quote's answer given on the call about it: q on the call screen, won with the amount agreed."""

from __future__ import annotations

from datetime import timedelta

from outreach_tui.store.models import Quote
from outreach_tui.ui.session_screen import SessionScreen
from test_app_session import start
from ui_fixtures import TODAY, book, new_app, settle  # noqa: F401 (book is a fixture)


async def test_a_quote_won_from_the_call_screen(tmp_path, book):  # noqa: F811
    path, ids = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        assert app.session_run.current.name == "Maria Lopez"
        await pilot.press("q")  # not a call about a quote: nothing to ask
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        for _ in range(6):  # skip to the quote follow-up, wherever the plan's order puts it
            if app.session_run.current.name == "Ana Silva":
                break
            await pilot.press("s")
            await settle(pilot)
        assert app.session_run.current.name == "Ana Silva"
        assert app.session_run.current.signal("quote_follow_up") is not None
        await pilot.press("q")
        await settle(pilot)
        assert type(app.screen).__name__ == "FormScreen"
        app.screen.query_one("#field-decision").value = "w"
        app.screen.query_one("#field-amount").value = "$11,500"
        app.screen.query_one("#field-on").value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "still to come" in str(app.screen.query_one("#error-on").render())
        app.screen.query_one("#field-on").value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.session_run.current.name == "Ana Silva"  # the call itself is still to be saved
        quote = Quote.get(Quote.contact == ids["Ana"])
        assert (quote.status, quote.decided_on, quote.amount_cents) == ("won", TODAY - timedelta(days=1), 1_150_000)
        assert any("Quote won" in str(n.message) for n in app._notifications)
