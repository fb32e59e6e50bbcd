"""`today`, `claim` and the app agree on who comes first (issue 14, rule 1), and the plan
says when the day's moments outnumber the session (rule 6)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from book import add_contact, random_book
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from outreach_tui.ui.plan_screen import PlanScreen
from ui_fixtures import TODAY, new_app, screen_text, settle


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def ids(output: str) -> list[int]:
    return [item["contact_id"] for item in json.loads(output)]


@pytest.fixture(params=[3, 11])
def random_store(tmp_path, request):
    path = tmp_path / "book.db"
    db = open_store(path)
    random_book(TODAY, 300, request.param)
    db.close()
    return str(path)


def test_today_limit_n_is_the_head_of_the_whole_plan_and_claim_takes_the_same(random_store):
    day = ["--db", random_store, "--as-of", TODAY.isoformat()]
    whole = ids(cli(*day, "today", "--format", "json", "--limit", "0"))
    assert len(whole) > 40
    for limit in (1, 3, 10, 11, 40):
        assert ids(cli(*day, "today", "--format", "json", "--limit", str(limit))) == whole[:limit]
    assert ids(cli(*day, "--rep", "ann", "claim", "--limit", "5", "--format", "json")) == whole[:5]


async def test_the_app_calls_in_the_same_order(tmp_path, random_store):
    whole = ids(cli("--db", random_store, "--as-of", TODAY.isoformat(), "today", "--format", "json", "--limit", "0"))
    app = new_app(tmp_path, random_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [item.contact_id for item in app.session_run.items] == whole[:40]


@pytest.fixture
def crowded_store(tmp_path):
    """Twelve contacts back today: more than a 30-minute session holds (about ten calls)."""
    from outreach_tui.store.models import Absence

    path = tmp_path / "book.db"
    db = open_store(path)
    for number in range(12):
        person = add_contact(f"Traveller {number:02d}", TODAY, relationship="supplier")
        Absence.create(contact=person, place="Lisbon", starts_on=TODAY - timedelta(days=9), returns_on=TODAY)
    db.close()
    return str(path)


async def test_the_plan_says_when_the_moments_outnumber_the_session(tmp_path, crowded_store):
    app = new_app(tmp_path, crowded_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "12 dated moments today — more than one session" in screen_text(app)
        await pilot.press("plus", "plus")  # 40 minutes hold about 13 calls
        assert "more than one session" not in screen_text(app)


def test_today_says_it_too(crowded_store):
    output = cli("--db", crowded_store, "--as-of", TODAY.isoformat(), "today")
    assert "12 dated moments today — more than one session" in output
