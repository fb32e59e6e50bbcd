"""Team mode from the shell: every command on --db postgresql://…, claim and release."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store

TODAY = date(2026, 11, 23)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def book(new_store):
    """Six due clients, best first by value, on this test's engine; closed before the CLI runs."""
    target = new_store()
    db = open_store(target)
    for n in range(6):
        add_contact(f"Client {n}", TODAY, last_touch_on=TODAY - timedelta(days=100), value_cents=(6 - n) * 100_000)
    db.close()
    return target


def as_rep(book, rep, *args):
    return run("--db", book, "--as-of", TODAY, "--rep", rep, *args)


def names(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [item["name"] for item in json.loads(result.output)]


def test_claim_hands_out_the_plan_in_turn_and_release_gives_it_back(book):
    assert names(as_rep(book, "ann", "claim", "--limit", "2", "--format", "json")) == ["Client 0", "Client 1"]
    assert names(as_rep(book, "ben", "claim", "--limit", "2", "--format", "json")) == ["Client 2", "Client 3"]
    # Each rep's plan leaves out the others' claims and keeps their own.
    assert names(as_rep(book, "cal", "today", "--format", "json")) == ["Client 4", "Client 5"]
    assert names(as_rep(book, "ann", "today", "--format", "json")) == [
        "Client 0", "Client 1", "Client 4", "Client 5"]
    table = as_rep(book, "cal", "claim", "--limit", "5")
    assert table.exit_code == 0, table.output
    assert "Claimed 2 for cal until" in table.output and "Client 5" in table.output
    assert "Nothing left to claim for dee" in as_rep(book, "dee", "claim").output
    released = as_rep(book, "ann", "release")
    assert released.exit_code == 0 and released.output.strip() == "Released 2 claims held by ann."
    assert names(as_rep(book, "dee", "claim", "--format", "json")) == ["Client 0", "Client 1"]
    assert as_rep(book, "ben", "release", "--contact", "3").output.strip() == "Released 1 claim held by ben."


def test_claim_json_items_have_the_today_shape(book):
    result = as_rep(book, "ann", "claim", "--limit", "1", "--format", "json")
    item = json.loads(result.output)[0]
    assert set(item) >= {"contact_id", "name", "reasons", "score", "detail"}
    assert item["reasons"] == ["check_in"]


def test_claim_limit_must_be_positive(book):
    result = as_rep(book, "ann", "claim", "--limit", "0")
    assert result.exit_code == 2 and "Invalid value for '--limit': must be 1 or more" in result.output


def test_every_command_runs_on_the_engine(book, tmp_path):
    seeded = as_rep(book, "ann", "seed", "--contacts", "60", "--seed", "3")
    assert seeded.exit_code == 0, seeded.output
    assert len(names(as_rep(book, "ann", "today", "--format", "json", "--limit", "0"))) > 6
    found = as_rep(book, "ann", "contacts", "--search", "client 3", "--format", "json")
    assert names(found) == ["Client 3"]
    for args in (("review",), ("review", "--by-rep"), ("export", "--format", "json"),
                 ("export", "--format", "csv", "--rep", "demo"), ("settings", "--check")):
        result = as_rep(book, "ann", *args)
        assert result.exit_code == 0, (args, result.output)
    out = tmp_path / "log.jsonl"
    assert as_rep(book, "ann", "export", "-o", out).exit_code == 0
    assert out.read_text().count("\n") > 10


def test_unreachable_server_is_one_line():
    result = run("--db", "postgresql://rep@127.0.0.1:1/book?connect_timeout=2", "today")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        'outreach: cannot connect to postgresql://rep@127.0.0.1:1/book?connect_timeout=2: '
        'connection to server at "127.0.0.1", port 1 failed: Connection refused']


def test_password_is_never_shown():
    result = run("--db", "postgresql://rep:s3cret@127.0.0.1:1/book", "today")
    assert result.exit_code == 1 and "s3cret" not in result.output


def test_missing_driver_is_one_line(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name in ("psycopg", "psycopg2"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    result = run("--db", "postgresql://rep@db.example/book", "today")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "outreach: cannot use postgresql://rep@db.example/book: PostgreSQL needs the psycopg driver"
        " (pip install 'outreach-tui[postgres]')")


def test_missing_database_names_it(pg):
    url = pg.url("outreach_no_such_book")
    result = run("--db", url, "today")
    assert result.exit_code == 1
    assert result.output.strip().endswith('database "outreach_no_such_book" does not exist')
