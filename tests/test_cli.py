"""The command-line contract, through click's CliRunner."""

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence

TODAY = date(2026, 11, 23)


@pytest.fixture
def book(tmp_path):
    """A store with three due contacts, one of them with a hostile name; closed before the CLI runs."""
    path = tmp_path / "book.db"
    db = open_store(path)
    add_contact("Dana Fox", TODAY, last_touch_on=TODAY - timedelta(days=104), company="Fox Freight",
                email="dana@foxfreight.example", phone="555-0101", notes="Loves sailing", value_cents=5_000_000)
    away = add_contact("Joe Marsh", TODAY, relationship="supplier", company="Marsh Mills")
    Absence.create(contact=away, place="Mexico", why="family vacation", returns_on=TODAY)
    add_contact("[bold]Evil[/] \x1b[2J", TODAY, last_touch_on=TODAY - timedelta(days=95), company="[link=x]Co[/link]")
    db.close()
    return path


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def test_today_json_is_best_first_with_reasons_and_details(book):
    result = run("--db", book, "--as-of", TODAY, "today", "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [item["name"] for item in items] == ["Joe Marsh", "Dana Fox", "[bold]Evil[/] \x1b[2J"]
    assert items[0]["reasons"] == ["back_from_absence"]
    assert items[0]["detail"] == "back today from Mexico — family vacation"
    assert items[1]["detail"] == "90-day check-in, 14 days overdue"
    assert all({"contact_id", "name", "reasons", "score", "detail"} <= set(item) for item in items)


def test_today_table_prints_contact_text_literally(book):
    result = run("--db", book, "--as-of", TODAY, "today")
    assert result.exit_code == 0
    assert "[bold]Evil[/]" in result.output
    assert "\x1b" not in result.output
    assert "Today, Mon 23 Nov 2026: 3 to reach" in result.output
    assert "back today from Mexico — family vacation" in result.output


def test_as_of_from_the_environment(book):
    result = run("--db", book, "today", "--format", "json", env={"OUTREACH_TODAY": "2026-11-27"})
    details = {item["name"]: item["detail"] for item in json.loads(result.output)}
    assert details["Dana Fox"] == "90-day check-in, 18 days overdue"


def test_limit(book):
    result = run("--db", book, "--as-of", TODAY, "today", "--format", "json", "--limit", "1")
    assert len(json.loads(result.output)) == 1


def test_contacts_search_and_json(book):
    result = run("--db", book, "contacts", "--search", "sailing", "--format", "json")
    rows = json.loads(result.output)
    assert [row["name"] for row in rows] == ["Dana Fox"]
    assert {"id", "name", "company", "email", "phone", "relationship", "notes"} <= set(rows[0])
    for query in ("foxfreight", "555-0101", "FOX"):
        assert "Dana Fox" in run("--db", book, "contacts", "--search", query).output
    table = run("--db", book, "contacts").output
    assert "[link=x]Co[/link]" in table and "3 contacts." in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01", "today"], "Invalid value for '--as-of': must be a date like 2026-12-01, got '2026-13-01'"),
        (["--as-of", "tomorrow", "today"], "Invalid value for '--as-of': must be a date"),
        (["today", "--limit", "-1"], "Invalid value for '--limit': must be 0 or more, got -1"),
        (["seed", "--contacts", "0"], "Invalid value for '--contacts': must be 1 or more, got 0"),
        (["seed", "--contacts", "-5"], "Invalid value for '--contacts': must be 1 or more"),
    ],
)
def test_usage_mistakes_name_the_option_and_exit_2(book, args, message):
    result = CliRunner().invoke(main, ["--db", str(book), *map(str, args)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ") and message in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_store_target_gets_one_line_and_exit_1(book):
    result = CliRunner().invoke(main, ["--db", "mysql://x/y", "today"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"outreach: {result.output.strip()[10:]}"]
    assert "--db must be a file path, sqlite:///… or postgresql://…" in result.output
    assert "Traceback" not in result.output


def test_unknown_option_is_usage_exit_2(book):
    result = CliRunner().invoke(main, ["--db", str(book), "today", "--colour"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["today"], ["contacts"], ["quotes"], ["review"], ["export"], ["claims"]])
def test_a_reading_command_never_makes_a_store(tmp_path, command):
    """A mistyped --db is one line naming the path and how to make a store, never a new empty book."""
    path = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["--db", str(path), *command])
    assert result.exit_code == 1
    assert result.output.strip() == (f"outreach: no store at {path}: make one with `outreach --db {path} seed`"
                                     " (a demo book), `import FILE` or `add NAME`")
    assert not path.exists()


def test_missing_folder_and_foreign_files(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "nope" / "x.db"), "add", "Ann"])
    assert result.exit_code == 1 and "folder" in result.output and "does not exist" in result.output
    text = tmp_path / "notes.txt"
    text.write_text("not a store")
    result = CliRunner().invoke(main, ["--db", str(text), "today"])
    assert result.exit_code == 1 and "not an outreach store" in result.output
    assert text.read_text() == "not a store"
    result = CliRunner().invoke(main, ["--db", str(tmp_path), "today"])
    assert result.exit_code == 1 and "is a folder" in result.output


def test_truncated_store_is_reported_not_overwritten(book):
    data = book.read_bytes()
    book.write_bytes(data[:5000])
    result = CliRunner().invoke(main, ["--db", str(book), "today"])
    assert result.exit_code == 1
    assert "outreach:" in result.output and "Traceback" not in result.output
    assert book.read_bytes() == data[:5000]


def test_sqlite_url_form(book):
    result = run("--db", f"sqlite:///{book}", "--as-of", TODAY, "today", "--format", "json")
    assert len(json.loads(result.output)) == 3


def test_empty_store_has_a_friendly_plan(tmp_path):
    open_store(tmp_path / "new.db").close()
    result = run("--db", tmp_path / "new.db", "--as-of", TODAY, "today")
    assert result.exit_code == 0
    assert "Nothing due on 2026-11-23" in result.output
