"""F2 records what happened outside a session: a new contact (n), a touch (t), a quote's answer (w)."""

from __future__ import annotations

from datetime import timedelta

from outreach_tui.store.models import Contact, Interaction, Quote
from test_contacts_screen import app, book, detail, error_of, form, open_contacts, results  # noqa: F401 (fixtures)
from ui_fixtures import TODAY, settle


async def test_a_new_contact_met_at_a_trade_show(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot)
        await form(pilot, "n", name="Kim [b]Lee[/b]", email="kim at acme", relationship="client",
                   notes="met at the trade show")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "FormScreen"
        assert "not an email address" in error_of(app, "email")
        assert Contact.select().where(Contact.name == "Kim [b]Lee[/b]").count() == 0
        app.screen.query_one("#field-email").value = "kim@acme.example"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactsScreen"
        kim = Contact.get(Contact.name == "Kim [b]Lee[/b]")
        assert (kim.email, kim.relationship, kim.notes, kim.created_on) == (
            "kim@acme.example", "client", "met at the trade show", TODAY)
        assert results(app)[0].startswith("Kim [b]Lee[/b]")
        assert "Kim [b]Lee[/b]" in detail(app)  # shown literally, as typed


async def test_log_an_email_outside_a_session(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "tom")
        before = Contact.get_by_id(ids["Tom"]).last_touch_on
        await form(pilot, "t", outcome="connected", channel="email", their_view="glad of the prices", next="+2w")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        row = Interaction.get(Interaction.contact == ids["Tom"])
        assert (row.channel, row.outcome, row.their_view, row.follow_up_on, row.session) == (
            "email", "connected", "glad of the prices", TODAY + timedelta(weeks=2), None)
        tom = Contact.get_by_id(ids["Tom"])
        assert tom.last_touch_on == before  # an email never restarts the check-in cadence
        assert tom.next_touch_on == TODAY + timedelta(weeks=2)
        history = app.screen.query_one("#detail-history")
        assert [str(cell) for cell in history.get_row_at(0)][-1] == "glad of the prices"  # the Their view column


async def test_a_bad_touch_names_its_field(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "tom")
        before = Interaction.select().count()
        await form(pilot, "t", outcome="waved", next="last week")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "pick one of connected" in error_of(app, "outcome")
        assert "can't read" in error_of(app, "next")
        assert Interaction.select().count() == before


async def test_a_quote_won_from_the_contacts_page(app, book):
    _, ids = book
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contacts(pilot, "ana")
        await form(pilot, "w", decision="won", on="yesterday", amount="11,900")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        quote = Quote.get(Quote.contact == ids["Ana"])
        assert (quote.status, quote.decided_on, quote.amount_cents) == ("won", TODAY - timedelta(days=1), 1_190_000)
        assert "$11,900.00 warehouse racking  won 22 Nov, sent 13 Nov" in detail(app)
