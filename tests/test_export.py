"""`outreach export`: columns, formats that agree, filters at their edges, safe CSV,
a readable Markdown report, a calendar that parses back, atomic files, flat memory."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tracemalloc
from datetime import date, datetime, timedelta

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.output import output_file
from outreach_tui.store import export as ex
from outreach_tui.store.export.flat import csv_cell, csv_record, csv_value
from outreach_tui.store.export import rows as export_rows
from outreach_tui.store.export.rows import COLUMNS, _row, session_rows
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Absence, Interaction, Referral, Session

TODAY = date(2026, 11, 23)
HOSTILE = "[bold]Evil[/] \x1b[2J"


@pytest.fixture
def book(new_store):
    """Two sessions and a call outside any session, with hostile and formula-like text; closed before the CLI runs.

    On SQLite and on PostgreSQL (where rows come through a server-side cursor)."""
    path = new_store()
    db = open_store(path)
    dana = add_contact("Dana Fox", TODAY, phone="+1 555 0101")
    formula = add_contact('=HYPERLINK("http://x.example","click")', TODAY)
    pipe = add_contact("Pipe | Person", TODAY)
    evil = add_contact(HOSTILE, TODAY)
    quiet = add_contact("Quinn Later", TODAY, next_touch_on=date(2026, 12, 10))
    add_contact("Do Not Call", TODAY, next_touch_on=date(2026, 12, 11), do_not_contact=True)
    one = Session.create(rep="ana", started_at=datetime(2026, 11, 20, 9, 0), ended_at=datetime(2026, 11, 20, 9, 31),
                         reflection="Wrote the | note right away")
    two = Session.create(rep="ben", started_at=datetime(2026, 11, 23, 10, 0))

    def call(session, contact, rep, outcome, started, seconds=0, notes="", follow_up=None, channel="call"):
        return Interaction.create(session=session, contact=contact, rep=rep, outcome=outcome, started_at=started,
                                  duration_s=seconds, notes=notes, follow_up_on=follow_up, channel=channel)

    first = call(one, dana, "ana", "connected", datetime(2026, 11, 20, 9, 2), 245, "+1 call back Tuesday",
                 date(2026, 12, 1))
    Referral.create(referred_by=dana, interaction=first, name="Lee Park", phone="555-0102", given_on=date(2026, 11, 20))
    Referral.create(referred_by=dana, interaction=first, name="Ann Wu", phone="555-0103", given_on=date(2026, 11, 20))
    call(one, formula, "ana", "voicemail", datetime(2026, 11, 20, 23, 59, 59), 20, "-2 items on the order",
         date(2026, 11, 24))
    call(two, pipe, "ben", "connected", datetime(2026, 11, 21, 0, 0), 300, "@SUM(A1:A2) | pipes")
    call(two, evil, "ben", "no_answer", datetime(2026, 11, 23, 10, 5), 15, "\tstarts with a tab")
    call(None, dana, "ana", "connected", datetime(2026, 11, 22, 15, 0), 60, "\rstarts with CR", date(2026, 12, 1))
    call(two, formula, "ben", "connected", datetime(2026, 11, 23, 10, 9), 90, "'quoted already",
         date(2026, 12, 3), channel="visit")
    Absence.create(contact=quiet, place="Mexico", why="family vacation", starts_on=TODAY, returns_on=date(2026, 12, 2))
    Absence.create(contact=pipe, place="Lisbon", starts_on=date(2026, 11, 1), returns_on=date(2026, 11, 10))
    db.close()
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def export(book, *args):
    result = run("--db", book, "--as-of", TODAY, "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")  # byte-exact: Result.stdout folds CRLF


def csv_rows(text: str) -> list[dict]:
    return [csv_record(record) for record in csv.DictReader(io.StringIO(text))]


def test_json_csv_and_jsonl_agree_on_every_row(book, tmp_path):
    rows = json.loads(export(book, "--format", "json"))
    assert [row["id"] for row in rows] == [1, 2, 3, 5, 4, 6]  # by started_at
    assert all(list(row) == list(COLUMNS) for row in rows)
    assert rows[0]["referrals"] == ["Lee Park", "Ann Wu"]
    assert rows[0]["started_at"] == "2026-11-20T09:02:00" and rows[0]["follow_up_on"] == "2026-12-01"
    assert rows[3]["session_id"] is None
    lines = export(book, "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == rows
    text = export(book, "--format", "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "Lee Park; Ann Wu" in text.splitlines()[1]
    assert csv_rows(text) == rows
    for fmt in ("json", "jsonl", "csv"):  # -o names the format by its suffix
        target = tmp_path / f"out.{fmt}"
        assert run("--db", book, "export", "-o", target).exit_code == 0
        with open(target, encoding="utf-8", newline="") as handle:
            data = handle.read()
        parsed = json.loads(data) if fmt == "json" else (
            [json.loads(line) for line in data.splitlines()] if fmt == "jsonl" else csv_rows(data))
        assert parsed == rows


def test_stdout_defaults_to_csv_and_an_empty_export_is_valid(book, tmp_path):
    assert export(book).startswith("id,session_id,contact_id,")
    assert json.loads(export(book, "--format", "json", "--from", "2030-01-01")) == []
    assert export(book, "--format", "jsonl", "--from", "2030-01-01") == ""


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x.example","click")', "+1 555 0101", "-2 items", "@SUM(A1:A2)",
                                  "\tstarts", "\rstarts", "'quoted"])
def test_formula_like_cells_get_an_apostrophe(text):
    cell = csv_cell(text)
    assert cell == "'" + text
    assert csv_value(cell) == text


def test_formula_cells_in_the_exported_csv(book):
    cells = [cell for row in csv.reader(io.StringIO(export(book, "--format", "csv"))) for cell in row]
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert "'=HYPERLINK(\"http://x.example\",\"click\")" in cells
    assert {"'+1 call back Tuesday", "'-2 items on the order", "'@SUM(A1:A2) | pipes", "'\tstarts with a tab",
            "'\rstarts with CR", "''quoted already"} <= set(cells)


@given(st.text())
def test_csv_cells_never_start_a_formula_and_read_back_exactly(text):
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_value(cell) == text


def test_date_filters_are_inclusive_days(book):
    def ids(*args):
        return [row["id"] for row in json.loads(export(book, "--format", "json", *args))]

    # 23:59:59 on --to is in; 00:00 the day after is out
    assert ids("--from", "2026-11-20", "--to", "2026-11-20") == [1, 2]
    assert ids("--from", "2026-11-21", "--to", "2026-11-21") == [3]
    assert ids("--to", "2026-11-21") == [1, 2, 3]
    assert ids("--from", "2026-11-22") == [5, 4, 6]


def test_session_and_rep_filters(book):
    def ids(*args):
        return [row["id"] for row in json.loads(export(book, "--format", "json", *args))]

    assert ids("--session", 1) == [1, 2]
    assert ids("--session", 2) == [3, 4, 6]
    assert ids("--rep", "ana") == [1, 2, 5]
    assert ids("--rep", "ben", "--from", "2026-11-23") == [4, 6]
    assert ids("--rep", "nobody") == []


def test_markdown_report_has_a_table_per_session_and_literal_text(book):
    text = export(book, "--format", "md")
    assert text.startswith("# Outreach sessions\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 3
    assert headings[0].startswith("## Session 1 · Fri 20 Nov 2026, 09:00–09:31 · ana")
    assert headings[1].startswith("## Session 2 · Mon 23 Nov 2026, 10:00 · ben")
    assert headings[2] == "## Outside a session"
    assert text.count("| Time | Contact |") == 3
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line and "Time" not in line]
    assert len(rows) == 6
    for row in rows:  # escaped pipes never split a cell: 9 cells, 10 bars
        assert len(row.replace("\\|", "").split("|")) == 11
    assert "Pipe \\| Person" in text and "@SUM(A1:A2) \\| pipes" in text
    assert "\x1b" not in text and "\t" not in text and "\r" not in text
    assert "\\[bold\\]Evil\\[/\\]" in text
    assert "Lee Park; Ann Wu" in text
    assert "> Wrote the \\| note right away" in text
    assert "2 in all: 1 connected, 1 voicemail; 2 referrals, 4:25 talking." in text
    session_only = export(book, "--format", "md", "--session", 2)
    assert session_only.startswith("# Outreach session 2\n") and session_only.count("## ") == 1


def ics_events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and "Outreach" in str(calendar["PRODID"])
    return list(calendar.walk("VEVENT"))


def test_ics_holds_follow_ups_and_returns_and_parses_back(book):
    text = export(book, "--format", "ics")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = ics_events(text)
    found = {(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events}
    assert found == {
        (date(2026, 12, 1), "Call Dana Fox — follow-up"),  # two calls set it: one event
        (date(2026, 12, 2), "Call Quinn Later — back from Mexico"),
        (date(2026, 12, 3), 'Call =HYPERLINK("http://x.example","click") — follow-up'),
        (date(2026, 12, 10), "Call Quinn Later — follow-up"),  # a next touch set outside a call
    }
    # 2026-11-24 was superseded by the visit on the 23rd; the do-not-contact's date and past returns are left out
    for event in events:
        assert isinstance(event.decoded("DTSTART"), date) and not isinstance(event.decoded("DTSTART"), datetime)
        assert event.decoded("DTEND") == event.decoded("DTSTART") + timedelta(days=1)
        assert event.get("DTSTAMP") is not None and str(event["UID"]).endswith("@outreach-tui")
    by_uid = {str(e["UID"]): e for e in events}
    assert "Back today (Mexico — family vacation)" in str(by_uid["back-from-absence-1@outreach-tui"]["DESCRIPTION"])
    dana = by_uid["follow-up-1-20261201@outreach-tui"]
    assert "Phone: +1 555 0101" in str(dana["DESCRIPTION"])
    again = ics_events(export(book, "--format", "ics"))
    assert sorted(str(e["UID"]) for e in again) == sorted(by_uid)  # stable UIDs


def test_ics_filters(book):
    def summaries(*args):
        return sorted((e.decoded("DTSTART").isoformat(), str(e["SUMMARY"]))
                      for e in ics_events(export(book, "--format", "ics", *args)))

    assert summaries("--from", "2026-11-01", "--to", "2026-11-30") == [
        ("2026-11-10", "Call Pipe | Person — back from Lisbon"),
    ]
    assert summaries("--rep", "ana") == [("2026-12-01", "Call Dana Fox — follow-up")]
    assert summaries("--session", 2) == [("2026-12-03", 'Call =HYPERLINK("http://x.example","click") — follow-up')]
    assert summaries("--from", "2026-12-04", "--to", "2026-12-09") == []


def test_ics_strips_control_characters(tmp_path):
    path = tmp_path / "evil.db"
    db = open_store(path)
    add_contact(HOSTILE, TODAY, next_touch_on=date(2026, 12, 1))
    db.close()
    text = export(path, "--format", "ics")
    assert "\x1b" not in text
    assert "[bold]Evil[/]" in str(ics_events(text)[0]["SUMMARY"])


def test_ics_escapes_and_folds_text_that_parses_back_exactly(tmp_path):
    path = tmp_path / "odd.db"
    db = open_store(path)
    name = "Ünal, Zoë; \\ Co — " + "ééé " * 30
    contact = add_contact(name, TODAY)
    Interaction.create(contact=contact, rep="ana", outcome="connected", started_at=datetime(2026, 11, 23, 9),
                       notes="Line one; two, three\nLine two \\ done", follow_up_on=date(2026, 12, 1))
    db.close()
    text = export(path, "--format", "ics")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = ics_events(text)[0]
    assert str(event["SUMMARY"]) == f"Call {' '.join(name.split())} — follow-up"
    assert "Notes: Line one; two, three\nLine two \\ done" in str(event["DESCRIPTION"])


def leftovers(folder, name):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def test_output_file_is_replaced_atomically_and_a_failure_leaves_it_alone(book, tmp_path, monkeypatch):
    target = tmp_path / "log.csv"
    target.write_text("old export\n")
    os.chmod(target, 0o640)
    real_row = _row
    calls = {"n": 0}

    def failing_row(values, referrals):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_row(values, referrals)

    monkeypatch.setattr(export_rows, "_row", failing_row)
    result = CliRunner().invoke(main, ["--db", str(book), "export", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"outreach: cannot write {target}: No space left on device"]
    assert target.read_text() == "old export\n"
    assert leftovers(tmp_path, "log.csv") == []
    fresh = tmp_path / "fresh.json"
    calls["n"] = 0
    assert CliRunner().invoke(main, ["--db", str(book), "export", "-o", str(fresh)]).exit_code == 1
    assert not fresh.exists() and leftovers(tmp_path, "fresh.json") == []

    monkeypatch.setattr(export_rows, "_row", real_row)
    assert run("--db", book, "export", "-o", target).exit_code == 0
    assert target.read_text().startswith("id,session_id")
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its permissions
    assert leftovers(tmp_path, "log.csv") == []


def test_interrupted_write_leaves_no_temp_file(tmp_path):
    target = tmp_path / "x.json"
    with pytest.raises(KeyboardInterrupt):
        with output_file(target) as out:
            out.write("[")
            raise KeyboardInterrupt
    assert not target.exists() and leftovers(tmp_path, "x.json") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--session", "99"], "--session 99: there is no such session"),
        (["-o", "{tmp}/missing/x.csv"], "folder {tmp}/missing does not exist"),
        (["-o", "{tmp}"], "{tmp} is a folder: name a file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(book, tmp_path, args, message):  # (a bad date is usage: exit 2)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["--db", str(book), "export", *args])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("outreach: ")
    assert message.replace("{tmp}", str(tmp_path)) in lines[0]
    assert result.stdout == ""


def test_missing_store_is_not_created(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db"), "export"])
    assert result.exit_code == 1 and "no store at" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_export_session_is_the_summary_screens_export(book, tmp_path):
    db = open_store(book)
    try:
        path, count = ex.export_session(2, tmp_path / "session.json")
        assert count == 3 and [row["id"] for row in json.loads(path.read_text())] == [3, 4, 6]
        path, count = ex.export_session(1, tmp_path / "session.md")
        assert count == 2 and "## Session 1" in path.read_text()
        with pytest.raises(ex.ExportError, match="name the file"):
            ex.export_session(1, tmp_path / "session.txt")
        assert [row["id"] for row in session_rows(1)] == [1, 2]
    finally:
        db.close()


class Sink(io.TextIOBase):
    """Counts what is written and keeps nothing, so only the exporter's own memory is measured."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def generated_log(path, rows: int) -> None:
    db = open_store(path)
    db.close()
    raw = sqlite3.connect(path)
    raw.executemany("INSERT INTO contact (id, name, first_name, company, title, relationship, phone, email, timezone,"
                    " cadence_days, value_cents, family, notes, created_on, do_not_contact, archived)"
                    " VALUES (?, ?, '', '', '', 'client', '', '', '', 90, 0, '', '', '2026-01-01', 0, 0)",
                    ((n, f"Contact {n}") for n in range(1, 501)))
    start = datetime(2026, 1, 1, 8)
    raw.executemany("INSERT INTO interaction (contact_id, rep, channel, reason, outcome, started_at, duration_s,"
                    " notes, their_view, follow_up_on) VALUES (?, 'rep', 'call', 'check_in', 'connected', ?, 120, ?,"
                    " '', '2026-12-01')",
                    ((n % 500 + 1, (start + timedelta(minutes=n)).isoformat(" "), "Talked about the order " * 4)
                     for n in range(rows)))
    raw.executemany("INSERT INTO referral (referred_by_id, interaction_id, name, phone, email, given_on)"
                    " VALUES (1, ?, 'Someone Referred', '', '', '2026-01-01')", ((n,) for n in range(1, rows, 7)))
    raw.commit()
    raw.close()


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_export_memory_stays_flat_on_a_large_log(tmp_path, fmt):
    generated_log(tmp_path / "big.db", 20_000)
    db = open_store(tmp_path / "big.db")
    try:
        tracemalloc.start()
        sink = Sink()
        count = ex.export(fmt, sink, today=TODAY)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        db.close()
    assert count == 20_000 and sink.chars > 2_000_000
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    # Flat, not merely small: twenty thousand rows' worth of dicts alone would pass 20 MB.
    assert peak < 6 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_a_range_that_ends_before_it_starts_is_a_usage_mistake(book):
    result = CliRunner().invoke(main, ["--db", str(book), "export", "--from", "2026-11-22", "--to", "2026-11-21"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Invalid value for '--from': 2026-11-22 is after --to 2026-11-21" in result.stderr
