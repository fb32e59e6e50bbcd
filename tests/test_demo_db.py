"""`outreach demo` and `--db`: the demo book is built in its own file, reopened after, rebuilt with
--fresh, and a real store is refused in one line."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui import cli
from outreach_tui.store.connection import open_store
from outreach_tui.store.demo_book import DEMO, demo_state
from outreach_tui.store.models import Contact, Interaction

TODAY = "2026-11-23"


@pytest.fixture
def opened(monkeypatch):
    """The files the app would have opened (the app itself is not run)."""
    seen = []
    monkeypatch.setattr(cli, "_run_app", lambda obj, target, aside, demo=False: seen.append((target, demo)))
    monkeypatch.setattr(cli, "_read_today_aside", lambda obj, target: None)
    monkeypatch.setattr(cli, "app_can_show", lambda: True)  # CliRunner is no terminal
    return seen


def demo(*args):
    return CliRunner().invoke(cli.main, ["--as-of", TODAY, *map(str, args)], catch_exceptions=False)


def counts(path):
    db = open_store(path)
    try:
        return Contact.select().count(), Interaction.select().count()
    finally:
        db.close()


def test_db_demo_builds_in_that_file_then_reopens_it(tmp_path, opened):
    path = tmp_path / "training.db"
    result = demo("--db", path, "demo", "--contacts", 20)
    assert result.exit_code == 0, result.output
    assert opened == [(str(path), True)] and demo_state(path) == DEMO
    contacts, _ = counts(path)
    assert contacts >= 20
    db = open_store(path)
    Interaction.delete().execute()  # the trainee's practice, changed: reopening must keep it
    db.close()
    assert demo("--db", path, "demo").exit_code == 0
    assert counts(path) == (contacts, 0)
    result = demo("--db", path, "demo", "--fresh", "--contacts", 20)
    assert result.exit_code == 0 and "replacing the demo book" in result.output
    assert counts(path)[1] > 0


def test_a_real_store_is_refused_in_one_line_and_left_alone(tmp_path, opened):
    path = tmp_path / "mine.db"
    db = open_store(path)
    add_contact("Dana Fox", date(2026, 11, 23))
    db.close()
    for args in (("demo",), ("demo", "--fresh")):
        result = demo("--db", path, *args)
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"outreach: {path} is a real store, not a demo book: give the demo book a file of its own"]
    assert counts(path) == (1, 0) and opened == []


def test_an_empty_store_or_a_non_store(tmp_path, opened):
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    assert demo("--db", empty, "demo", "--contacts", 10).exit_code == 0
    assert demo_state(empty) == DEMO
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database, just words " * 100)
    result = demo("--db", junk, "demo")
    assert result.exit_code == 1 and "is not a store" in result.output
    assert junk.read_text().startswith("not a database")


def test_without_db_it_keeps_its_own_file(tmp_path, opened, monkeypatch):
    monkeypatch.setenv("OUTREACH_DB", str(tmp_path / "real.db"))  # the rep's store, from the environment
    assert demo("demo", "--contacts", 10).exit_code == 0
    target = opened[0][0]
    assert target.endswith("demo.db") and target != str(tmp_path / "real.db")
    assert not (tmp_path / "real.db").exists()
