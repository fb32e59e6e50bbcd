"""Snapshots of the Cards and Review screens at 80x24 and 120x40.

Cards: the hand-built book of `ui_fixtures` with cards in every state and one for a
contact with a hostile name. Review: the hand-built week of `test_review`. Regenerate
after a deliberate change with `--snapshot-update` and look at the pictures.
"""

from __future__ import annotations

import pytest

from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Card
from test_cards_screen import add_cards
from test_review import GOALS, build_week
from test_review_screen import friday_clock
from ui_fixtures import TODAY, add_hostile, app_settings, build_book, fixed_clock, settle, user_dir

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def cards_app(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    add_cards(build_book())
    Card.create(contact=add_hostile(), kind="sympathy", reason="life_event", created_on=TODAY, rep="demo")
    yield make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    db.close()


@pytest.fixture
def review_app(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    build_week()
    yield make_app(str(path), friday_clock(), "ana", app_settings(goals=GOALS), user_dir=user_dir(tmp_path))
    db.close()


def press_then_settle(*keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cards_screen(snap_compare, cards_app, size):
    assert snap_compare(cards_app, terminal_size=size, run_before=press_then_settle("f3"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cards_mailed_tab(snap_compare, cards_app, size):
    assert snap_compare(cards_app, terminal_size=size, run_before=press_then_settle("f3", "3"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen(snap_compare, review_app, size):
    assert snap_compare(review_app, terminal_size=size, run_before=press_then_settle("f4"))
