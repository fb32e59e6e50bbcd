"""Every command's every option given bad input: one line and exit 1, or click's usage
message and exit 2; never a traceback, and the store is left as it was."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store

TODAY = date(2026, 11, 23)

# (arguments after `--db BOOK`, expected exit code, a fragment of the message)
# {tmp} is the test's folder; {book} the store.
CASES = [
    # global options
    (["--as-of", "2026-02-30", "today"], 2, "Invalid value for '--as-of': must be a date"),
    (["--as-of", "2026-13-01", "today"], 2, "Invalid value for '--as-of': must be a date"),
    (["--as-of", "", "today"], 0, ""),
    (["--as-of", "2026-1-5", "today"], 2, "Invalid value for '--as-of'"),
    (["--as-of", "-1", "today"], 2, "Invalid value for '--as-of'"),
    (["--db", "mysql://x/y", "today"], 1, "--db must be a file path"),
    (["--db", "postgresql://", "today"], 1, "postgresql://"),
    (["--db", "sqlite:///{tmp}/nope/book.db", "add", "Ann"], 1, "does not exist"),
    (["--db", "sqlite:///{tmp}/nope/book.db", "today"], 1, "no store at"),
    (["--db", "{tmp}", "today"], 1, "is a folder"),
    (["--db", "{tmp}/notes.txt", "today"], 1, "not an outreach store"),
    (["--db", "{tmp}/notes.txt", "session"], 1, "not an outreach store"),
    (["--db", "{tmp}/notes.txt"], 1, "not an outreach store"),
    (["--db", "", "today"], 1, "no store at"),  # empty, as an unset OUTREACH_DB: the default store, not there yet
    (["--rep"], 2, "requires an argument"),
    (["nonsense"], 2, "No such command"),
    # today
    (["today", "--limit", "-1"], 2, "Invalid value for '--limit': must be 0 or more"),
    (["today", "--limit", "ten"], 2, "is not a valid integer"),
    (["today", "--format", "xml"], 2, "'xml' is not one of"),
    # contacts
    (["contacts", "--limit", "-3"], 2, "Invalid value for '--limit': must be 0 or more"),
    (["contacts", "--format", "xml"], 2, "is not one of"),
    (["contacts", "--search", "[bold]\x1b[2J%_'\""], 0, ""),
    # seed and demo
    (["seed", "--contacts", "0"], 2, "Invalid value for '--contacts': must be 1 or more"),
    (["seed", "--contacts", "many"], 2, "is not a valid integer"),
    (["seed", "--seed", "x"], 2, "is not a valid integer"),
    (["demo", "--contacts", "-1"], 2, "Invalid value for '--contacts': must be 1 or more"),
    (["demo", "--seed", "1.5"], 2, "is not a valid integer"),
    # import
    (["import", "{tmp}/missing.csv"], 1, "missing.csv"),
    (["import", "{tmp}"], 1, ""),
    (["import", "{tmp}/empty.csv"], 1, "empty.csv"),
    (["import", "{tmp}/binary.csv"], 1, "binary.csv"),
    (["import", "{tmp}/list.csv", "--format", "xlsx"], 2, "is not one of"),
    (["import", "{tmp}/list.csv", "--format", "vcard"], 1, "list.csv"),
    (["import", "{tmp}/list.csv", "--relationship", "friend"], 2, "is not one of"),
    (["import", "{tmp}/list.csv", "--map", "nonsense"], 2, "Invalid value for '--map'"),
    (["import", "{tmp}/list.csv", "--map", "Name=unknown_field"], 2, "Invalid value for '--map'"),
    (["import"], 2, "Missing argument"),
    # export
    (["export", "--format", "xml"], 2, "is not one of"),
    (["export", "--from", "yesterday"], 2, "Invalid value for '--from': must be a date"),
    (["export", "--to", "2026-11-31"], 2, "Invalid value for '--to': must be a date"),
    (["export", "--from", "2026-12-01", "--to", "2026-11-01"], 2, "Invalid value for '--from'"),
    (["export", "--session", "999"], 1, "--session 999"),
    (["export", "--session", "-1"], 1, "--session"),
    (["export", "--session", "one"], 2, "is not a valid integer"),
    (["export", "-o", "{tmp}/nope/out.csv"], 1, "nope"),
    (["export", "-o", "{tmp}"], 1, ""),
    (["export", "-o", "{tmp}/notes.txt/out.csv"], 1, "notes.txt"),
    (["export", "-o", "{tmp}/out.xlsx"], 1, "--format"),
    # review
    (["review", "--week", "2026-W60"], 2, "Invalid value for '--week': 2026 has no week 60"),
    (["review", "--week", "last week"], 2, "last week"),
    (["review", "--format", "html"], 2, "is not one of"),
    # backup
    (["backup"], 2, "Missing argument"),
    (["backup", "{tmp}/nope/copy.db"], 1, "does not exist"),
    (["backup", "{tmp}/notes.txt"], 1, "already exists"),
    (["backup", "{tmp}/notes.txt/copy.db"], 1, "notes.txt"),
    # team mode
    (["claim", "--limit", "0"], 2, "Invalid value for '--limit': must be 1 or more"),
    (["claim", "--limit", "x"], 2, "is not a valid integer"),
    (["claim", "--format", "xml"], 2, "is not one of"),
    (["release", "--contact", "x"], 2, "is not a valid integer"),
    (["release", "--contact", "-7"], 0, ""),
    # add
    (["add"], 2, "Missing argument"),
    (["add", " "], 2, "a contact needs a name"),
    (["add", "Kim", "--email", "kim"], 2, "Invalid value for --email"),
    (["add", "Kim", "--relationship", "friend"], 2, "is not one of"),
    (["add", "Kim", "--phone", "5" * 300], 2, "--phone"),
    # log
    (["log", "1"], 2, "Missing option '--outcome'"),
    (["log", "x", "--outcome", "connected"], 2, "is not a valid integer"),
    (["log", "1", "--outcome", "waved"], 2, "is not one of"),
    (["log", "1", "--outcome", "connected", "--channel", "pigeon"], 2, "is not one of"),
    (["log", "1", "--outcome", "connected", "--reason", "boredom"], 2, "is not one of"),
    (["log", "1", "--outcome", "connected", "--next", "2026-13-01"], 2, "Invalid value for '--next'"),
    (["log", "1", "--outcome", "connected", "--next", "yesterday"], 2, "Invalid value for '--next'"),
    (["log", "1", "--outcome", "connected", "--format", "xml"], 2, "is not one of"),
    (["log", "99", "--outcome", "connected"], 1, "contact 99: there is no such contact"),
    (["log", "1", "--outcome", "out_of_office"], 1, "--next"),
    # quotes and quote
    (["quotes", "--contact", "x"], 2, "is not a valid integer"),
    (["quotes", "--format", "csv"], 2, "is not one of"),
    (["quotes", "--contact", "99"], 0, ""),
    (["quote", "1"], 2, "say --won or --lost"),
    (["quote", "x", "--won"], 2, "is not a valid integer"),
    (["quote", "1", "--won", "--on", "tomorrow"], 2, "Invalid value for '--on'"),
    (["quote", "1", "--won", "--on", "someday"], 2, "Invalid value for '--on'"),
    (["quote", "1", "--won", "--amount", "lots"], 2, "--amount"),
    (["quote", "1", "--lost", "--amount", "5"], 2, "--amount"),
    (["quote", "99", "--won"], 1, "quote 99: there is no such quote"),
    # demo and --db
    (["demo"], 1, "is a real store, not a demo book"),
    (["--db", "postgresql://u@h/db", "demo"], 1, "the demo book is a SQLite file"),
    (["--db", "{tmp}/notes.txt", "demo"], 1, "is not a store"),
    # settings
    (["settings", "--bogus"], 2, "No such option"),
]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    add_contact("Dana Fox", TODAY, last_touch_on=TODAY - timedelta(days=100), phone="555-0101")
    db.close()
    (tmp_path / "notes.txt").write_text("not a store")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "list.csv").write_text("Name,Phone\nLee Park,555-0102\n")
    return path


def counts(path) -> tuple[int, int]:
    raw = sqlite3.connect(path)
    try:
        return (raw.execute("select count(*) from contact").fetchone()[0],
                raw.execute("select count(*) from interaction").fetchone()[0])
    finally:
        raw.close()


@pytest.mark.parametrize(("args", "code", "message"), CASES, ids=[" ".join(case[0])[:60] for case in CASES])
def test_bad_input_is_one_line_or_usage(book, tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    # As if served (no terminal here): `session` gets past the terminal check to the store's.
    monkeypatch.setenv("OUTREACH_SERVED", "1")
    args = [arg.format(tmp=tmp_path, book=book) for arg in args]
    if args[0] != "--db":
        args = ["--db", str(book), *args]
    before = counts(book)
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    if code == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("outreach: "), result.stderr
        assert message in lines[0]
        assert counts(book) == before
    elif code == 2:
        assert message in result.stderr
