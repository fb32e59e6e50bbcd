"""A demo book's history belongs to made-up colleagues, never to the trainee (issue 24, item 3)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Card, Interaction, Session
from outreach_tui.store.seeding import seed_book
from outreach_tui.store.seeding.writing import COLLEAGUES, demo_colleagues


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_the_history_is_the_colleagues_and_never_the_trainees(tmp_path, seed):
    db = open_store(tmp_path / "demo.db")
    seed_book(db, contacts=40, seed=seed, today=date(2026, 11, 23), rep="ann")
    colleagues = set(demo_colleagues(seed, avoid="ann"))
    assert len(colleagues) == COLLEAGUES
    for model in (Session, Interaction):
        assert {rep for (rep,) in model.select(model.rep).distinct().tuples()} <= colleagues
    assert {rep for (rep,) in Card.select(Card.rep).distinct().tuples()} <= colleagues | {""}
    db.close()


def test_a_colleague_never_shares_the_trainees_name():
    first = demo_colleagues(7, avoid="")[0]
    assert first.casefold() not in {name.casefold() for name in demo_colleagues(7, avoid=first.upper())}


def test_the_trainees_week_starts_at_zero_beside_the_colleagues(tmp_path):
    path = tmp_path / "demo.db"
    CliRunner().invoke(main, ["--db", str(path), "--rep", "ann", "--as-of", "2026-11-23", "seed", "--contacts", "60"])
    review = json.loads(CliRunner().invoke(main, ["--db", str(path), "--as-of", "2026-11-23", "review",
                                                  "--format", "json"]).output)
    reps = {row["rep"] for row in review["by_rep"]}
    assert reps == set(demo_colleagues(7, avoid="ann"))  # ann has made no call yet
