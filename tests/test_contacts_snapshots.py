"""Snapshots of the Contacts screen at 80x24 and 120x40: a search, its results and one contact's record.

The book is hand-built and the clock pinned; the focus is on the results (no blinking
cursor in the picture). Regenerate after a deliberate change with
`pytest tests/test_contacts_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from outreach_tui.app import make_app
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Card, Interaction, Quote
from ui_fixtures import NINE, TODAY, add_hostile, app_settings, build_book, fixed_clock, settle, user_dir

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    ids = build_book()
    add_hostile()
    maria = ids["Maria"]
    Quote.create(contact=maria, description="cedar planters", amount_cents=480_000, sent_on=TODAY, status="open")
    Card.create(contact=maria, kind="thank_you", reason="check_in", status="mailed", created_on=TODAY,
                mailed_on=TODAY, response="order_increased")
    Interaction.create(contact=maria, rep="demo", channel="visit", reason="neglected", outcome="connected",
                       started_at=NINE.replace(year=2026, month=3), duration_s=900, notes="Walked the new aisle.")
    yield make_app(str(path), fixed_clock(), "demo", app_settings(), user_dir=user_dir(tmp_path))
    db.close()


async def maria_found(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*"ma")
    await settle(pilot)
    await pilot.press("down")
    await settle(pilot)


async def the_hostile_one(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*"[b")
    await settle(pilot)
    await pilot.press("down")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_contacts_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=maria_found)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_contacts_screen_hostile_text(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=the_hostile_one)
