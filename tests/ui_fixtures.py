"""A small hand-built book and helpers for the app's Pilot, snapshot and tmux tests.

Seven contacts, each due for one known reason on Monday 23 November 2026, so the
tests never depend on the Faker seeding.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from book import add_contact
from outreach_tui.core.clock import Clock, FakeMonotonic
from outreach_tui.core.settings import Settings
from outreach_tui.store.models import Absence, Interaction, LifeEvent, Quote

TODAY = date(2026, 11, 23)
NINE = datetime(2026, 11, 23, 9, 0)

HOSTILE_NAME = "[bold]x[/] [@click=app.quit]Smith [Jr]\x1b[2J"


def fixed_clock() -> Clock:
    return Clock(as_of=TODAY, fixed_time=NINE, monotonic=FakeMonotonic())


def build_book(today: date = TODAY) -> dict[str, int]:
    """The book; returns contact ids by first name."""
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    ids: dict[str, int] = {}
    maria = add_contact(
        "Maria Lopez", today, company="Lopez Hardware", title="Owner", phone="555-0134",
        email="maria@lopezhardware.example", customer_since=date(2019, 4, 2), value_cents=1_240_000,
        last_touch_on=ago(60), last_purchase_on=ago(75), family="Two kids, Sofia and Mateo; loves gardening",
    )
    Absence.create(contact=maria, place="Mexico", why="family vacation", starts_on=ago(14), returns_on=today)
    Interaction.create(contact=maria, rep="demo", channel="call", reason="check_in", outcome="connected",
                       started_at=datetime.combine(ago(60), NINE.time()), duration_s=420,
                       notes="Talked about the spring order; she wants the new cedar planters.")
    ids["Maria"] = maria.id
    tom = add_contact(
        "Tom Becker", today, company="Becker Builders", title="Site manager", phone="555-0199",
        customer_since=date(2021, 6, 1), value_cents=380_000, last_touch_on=ago(50), last_purchase_on=ago(40),
    )
    LifeEvent.create(contact=tom, kind="graduation", month=11, day=25, year=2026, yearly=False,
                     month_day=1125, note="daughter Emma's graduation")
    ids["Tom"] = tom.id
    priya = add_contact(
        "Priya Shah", today, company="Shah Interiors", title="Designer", phone="555-0110",
        customer_since=date(2023, 2, 14), value_cents=90_000, last_touch_on=ago(100), last_purchase_on=ago(120),
    )
    ids["Priya"] = priya.id
    dale = add_contact(
        "Dale Cooper", today, company="Twin Peaks Lumber", title="Buyer", phone="555-0142",
        customer_since=date(2018, 9, 9), value_cents=2_100_000, last_touch_on=ago(45), last_purchase_on=ago(240),
    )
    ids["Dale"] = dale.id
    ana = add_contact(
        "Ana Silva", today, relationship="prospect", company="Silva Logistics", title="Operations lead",
        phone="555-0177", email="ana@silva.example",
    )
    Quote.create(contact=ana, description="warehouse racking", amount_cents=1_240_000, sent_on=ago(10))
    ids["Ana"] = ana.id
    ken = add_contact(
        "Ken Ito", today, relationship="supplier", company="Ito Fasteners", phone="555-0121", next_touch_on=today,
    )
    ids["Ken"] = ken.id
    grace = add_contact("Grace Hall", today, relationship="colleague", company="Head office", phone="555-0100")
    ids["Grace"] = grace.id
    return ids


def book_file(tmp_path: Path) -> Path:
    """`build_book` written to a store file of its own, closed again: for a process or app to open."""
    from outreach_tui.store.connection import open_store

    path = tmp_path / "book.db"
    db = open_store(path)
    try:
        build_book()
    finally:
        db.close()
    return path


def add_hostile(today: date = TODAY) -> int:
    contact = add_contact(
        HOSTILE_NAME, today, first_name="[b]Evil[/b]", relationship="supplier", company="[red]Acme[/red] $accent",
        title="[@click=app.quit]boss", phone="\x1b]0;pwned\x07555", next_touch_on=today,
        family="[link=http://x]kids[/link]", notes="{first_name} [/] \x1b[31mred",
    )
    return contact.id


def app_settings(**changes) -> Settings:
    from dataclasses import replace

    return replace(Settings(), **changes)


async def settle(pilot, rounds: int = 60) -> None:
    """Wait until every worker is done and the messages they posted are handled."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            await pilot.pause()
            if not [w for w in app.workers if not w.is_finished]:
                return
        else:
            await app.workers.wait_for_complete()
    raise AssertionError("workers did not settle")


async def into_the_session(pilot) -> None:
    """From the plan, enter: the first call, as it shows with no other key pressed."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def screen_text(app) -> str:
    """Every Static/Label on the active screen, as plain text (markup never interpreted)."""
    from textual.widgets import Static

    return "\n".join(str(widget.render()) for widget in app.screen.query(Static) if widget.display)


def static_text(app, selector: str) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())


def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "outreach"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def book(tmp_path):
    """The hand-built book in a SQLite file: (path, contact ids by first name)."""
    from outreach_tui.store.connection import open_store

    path = tmp_path / "book.db"
    db = open_store(path)
    ids = build_book()
    yield path, ids
    db.close()


def new_app(tmp_path: Path, path: Path, **settings):
    """The app on `path` as rep "demo", at the fixed clock, with these settings changed."""
    from outreach_tui.app import make_app

    return make_app(str(path), fixed_clock(), "demo", app_settings(**settings), user_dir=user_dir(tmp_path))
