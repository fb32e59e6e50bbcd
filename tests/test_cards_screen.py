"""The Cards screen driven with Pilot: what is shown, and marks that reach the store.

The hand-built book of `ui_fixtures` (today Monday 23 November 2026, rep "demo") with
cards in every state; one belongs to another rep and never shows.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import DataTable, Input

from outreach_tui.core.money import CardCosts
from outreach_tui.core.text import one_line
from outreach_tui.store.models import Card, Interaction, LifeEvent
from outreach_tui.ui.cards_screen import CardsScreen, ResponseScreen
from outreach_tui.ui.plan_screen import PlanScreen
from ui_fixtures import HOSTILE_NAME, TODAY, add_hostile, book, new_app, settle, static_text


def add_cards(ids: dict[str, int]) -> dict[str, int]:
    """Cards from a saved call, a life event, the daily note, the thoughtfulness pick; ids by first name."""
    ago = lambda days: TODAY - timedelta(days=days)  # noqa: E731
    maria_call = Interaction.get(Interaction.contact == ids["Maria"])
    graduation = LifeEvent.get(LifeEvent.contact == ids["Tom"])
    cards = {
        "Maria": Card.create(contact=ids["Maria"], kind="thank_you", reason="check_in", created_on=ago(2),
                             interaction=maria_call, cost_cents=6750, rep="demo"),
        "Tom": Card.create(contact=ids["Tom"], kind="congratulations", reason="life_event", created_on=ago(1),
                           life_event=graduation, cost_cents=6750, rep="demo"),
        "Dale": Card.create(contact=ids["Dale"], kind="thank_you", reason="neglected", status="written",
                            created_on=ago(5), written_on=ago(4), note="for ten years of orders"),
        "Priya": Card.create(contact=ids["Priya"], kind="encouragement", reason="thoughtfulness", status="mailed",
                             created_on=ago(9), written_on=ago(8), mailed_on=ago(7), response="called_back",
                             responded_on=ago(1), rep="demo"),
        "Ken": Card.create(contact=ids["Ken"], kind="thank_you", reason="thoughtfulness", created_on=ago(1),
                           rep="ben"),  # another rep's card
    }
    return {name: card.id for name, card in cards.items()}


async def open_cards(pilot) -> CardsScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CardsScreen)
    return screen


def table_rows(app, status: str) -> list[list[str]]:
    table = app.screen.query_one(f"#table-{status}", DataTable)
    return [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_f3_shows_the_cards_and_escape_goes_back(tmp_path, book):
    path, ids = book
    add_cards(ids)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cards(pilot)
        assert "Each card $67.50 = $4.00 card + $1.00 stamp + 15 min at $250.00/h" in static_text(app, "#cards-cost")
        assert "Today's thank-you note 0/1" in static_text(app, "#cards-goal")
        to_write = table_rows(app, "to_write")
        assert to_write == [
            ["Thank-you", "Maria Lopez · Lopez Hardware", "21 Nov", "$67.50", "after a check-in call"],
            ["Congratulations", "Tom Becker · Becker Builders", "22 Nov", "$67.50",
             "graduation: daughter Emma's graduation"],
        ]
        assert table_rows(app, "written") == [["Thank-you", "Dale Cooper · Twin Peaks Lumber", "19 Nov", "—",
                                               "$67.50", "neglected customer: for ten years of orders"]]
        assert table_rows(app, "mailed")[0][2:] == ["16 Nov", "called back 22 Nov", "$67.50", "thoughtfulness"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_written_mailed_and_brought_back_reach_the_store(tmp_path, book):
    path, ids = book
    cards = add_cards(ids)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cards(pilot)
        await pilot.press("w")  # the oldest request first: Maria's
        await settle(pilot)
        maria = Card.get_by_id(cards["Maria"])
        assert (maria.status, maria.written_on) == ("written", TODAY)
        assert "Today's thank-you note 1/1" in static_text(app, "#cards-goal")
        assert [row[1] for row in table_rows(app, "to_write")] == ["Tom Becker · Becker Builders"]

        await pilot.press("2")  # written, newest first: Maria's, then Dale's
        await settle(pilot)
        assert [row[1].split(" ·")[0] for row in table_rows(app, "written")] == ["Maria Lopez", "Dale Cooper"]
        await pilot.press("down", "m")  # Dale's goes in the post
        await settle(pilot)
        dale = Card.get_by_id(cards["Dale"])
        assert (dale.status, dale.mailed_on, dale.written_on) == ("mailed", TODAY, TODAY - timedelta(days=4))

        await pilot.press("3", "b")
        await settle(pilot)
        assert isinstance(app.screen, ResponseScreen)
        await pilot.press("2")  # order increased, today
        await settle(pilot)
        assert isinstance(app.screen, CardsScreen)
        dale = Card.get_by_id(cards["Dale"])
        assert (dale.response, dale.responded_on) == ("order_increased", TODAY)
        assert table_rows(app, "mailed")[0][3] == "order increased 23 Nov"


async def test_a_response_on_an_earlier_day_and_a_bad_day(tmp_path, book):
    path, ids = book
    cards = add_cards(ids)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cards(pilot)
        await pilot.press("2", "b")  # Dale's written card
        await settle(pilot)
        day = app.screen.query_one("#response-date", Input)
        day.focus()
        day.value = "soonish"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResponseScreen)
        assert "can't read 'soonish' as a day" in static_text(app, "#response-reading")
        day.value = "next tuesday"
        await pilot.press("enter")
        assert "is still to come: pick today or before" in static_text(app, "#response-reading")
        day.value = "3d ago"  # any date phrase up to today
        await pilot.press("enter")  # the highlighted answer: called back
        await settle(pilot)
        assert isinstance(app.screen, CardsScreen)
        dale = Card.get_by_id(cards["Dale"])
        assert (dale.response, dale.responded_on) == ("called_back", date(2026, 11, 20))
        await pilot.press("b", "escape")  # changing one's mind leaves it as it was
        await settle(pilot)
        assert Card.get_by_id(cards["Dale"]).response == "called_back"


async def test_a_card_still_to_write_cannot_have_brought_anything_back(tmp_path, book):
    path, ids = book
    cards = add_cards(ids)
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cards(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, CardsScreen)
        assert Card.get_by_id(cards["Maria"]).response == ""


async def test_the_cost_comes_from_the_settings(tmp_path, book):
    path, ids = book
    Card.create(contact=ids["Grace"], kind="thank_you", created_on=TODAY)  # stored without a cost
    costs = CardCosts(card_cents=500, stamp_cents=150, minutes=20, hourly_rate_cents=30000)
    app = new_app(tmp_path, path, card_costs=costs)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cards(pilot)
        assert "Each card $106.50 = $5.00 card + $1.50 stamp + 20 min at $300.00/h" in static_text(
            app, "#cards-cost")
        assert table_rows(app, "to_write")[0][3] == "$106.50"


async def test_an_empty_book_says_so_and_marks_nothing(tmp_path, book):
    path, _ = book
    app = new_app(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cards(pilot)
        assert "No cards yet" in static_text(app, "#cards-message")
        await pilot.press("w", "m", "b")
        await settle(pilot)
        assert isinstance(app.screen, CardsScreen)


async def test_hostile_names_are_shown_literally(tmp_path, book):
    path, _ = book
    hostile = add_hostile()
    Card.create(contact=hostile, kind="sympathy", reason="life_event", created_on=TODAY, rep="demo",
                note="[red]so sorry[/red] \x1b[31m")
    app = new_app(tmp_path, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cards(pilot)
        row = table_rows(app, "to_write")[0]
        assert row[1] == f"{one_line(HOSTILE_NAME, 24)} · {one_line('[red]Acme[/red] $accent', 18)}"
        assert row[1].startswith("[bold]x[/] [@click=app.…")
        assert row[-1] == "life event: [red]so sorry[/red]"
        await pilot.press("w")
        await settle(pilot)
        assert app.is_running and Card.get(Card.contact == hostile).status == "written"
