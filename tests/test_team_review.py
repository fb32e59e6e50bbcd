"""The team review and one count everywhere (issue 24, items 6 and 7).

A row per rep with the numbers of that rep's own review; --rep matched case aside and an
unknown rep refused naming the known ones; and, on random books, the week's review and
the week's export agree touch for touch under core.goals' definition of a call.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.core.goals import is_call
from outreach_tui.core.vocab import CHANNELS, OUTCOMES, PERSONAL_CHANNELS
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Interaction, Quote

MONDAY = date(2026, 11, 23)
TOUCH = st.tuples(st.sampled_from(["ann", "bob", "Cy"]), st.sampled_from(CHANNELS), st.sampled_from(OUTCOMES),
                  st.integers(-2, 8))  # day offset from Monday: some before and after the week


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write_book(path, touches) -> None:
    db = open_store(path)
    contacts = [add_contact(f"Person {n}", MONDAY).id for n in range(3)]
    for number, (rep, channel, outcome, offset) in enumerate(touches):
        Interaction.create(contact=contacts[number % 3], rep=rep, channel=channel, outcome=outcome,
                           started_at=datetime.combine(MONDAY + timedelta(days=offset), datetime.min.time())
                           + timedelta(hours=9, minutes=number))
    db.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(touches=st.lists(TOUCH, max_size=40))
def test_the_weeks_review_and_export_agree(tmp_path_factory, touches):
    path = tmp_path_factory.mktemp("agree") / "book.db"
    write_book(path, touches)
    review = json.loads(run("--db", path, "review", "--week", "2026-W48", "--format", "json").output)
    rows = list(csv.DictReader(io.StringIO(run("--db", path, "export", "--week", "2026-W48").output)))
    assert review["calls"] == sum(1 for row in rows if is_call(row["channel"], row["outcome"]))
    assert review["connected"] == sum(1 for row in rows
                                      if row["channel"] in PERSONAL_CHANNELS and row["outcome"] == "connected")
    for channel in CHANNELS:
        assert review["placed"][channel] == sum(1 for row in rows
                                                if row["channel"] == channel and row["outcome"] != "skipped")
    assert review["skipped"] == sum(1 for row in rows
                                    if row["channel"] in PERSONAL_CHANNELS and row["outcome"] == "skipped")
    # The rows per rep add up to the team's.
    assert sum(row["calls"] for row in review["by_rep"]) == review["calls"]
    assert sum(row["connected"] for row in review["by_rep"]) == review["connected"]
    for row in review["by_rep"]:
        own = json.loads(run("--db", path, "review", "--week", "2026-W48", "--rep", row["rep"].upper(),
                             "--format", "json").output)
        assert (own["rep"], own["calls"], own["connected"]) == (row["rep"], row["calls"], row["connected"])


def test_review_says_what_it_counts(tmp_path):
    path = tmp_path / "book.db"
    write_book(path, [("ann", "call", "connected", 0), ("ann", "visit", "connected", 1),
                      ("ann", "call", "skipped", 1), ("ann", "email", "connected", 2), ("ann", "text", "no_answer", 2)])
    text = run("--db", path, "review", "--week", "2026-W48").output
    lines = [line.split() for line in text.splitlines()]
    assert ["Calls", "2"] == lines[2][:2]
    assert ["phone", "calls", "1"] in lines and ["visits", "1"] in lines
    assert ["skipped", "1", "not", "calls:", "in", "no", "count", "here"] in lines
    assert ["Emails", "1"] in lines and ["Texts", "1"] in lines


def test_by_rep_gives_a_row_per_rep_with_quotes_won_by_who_reached_the_customer(tmp_path):
    path = tmp_path / "book.db"
    write_book(path, [("ann", "call", "connected", 0), ("bob", "call", "voicemail", 1),
                      ("bob", "call", "connected", 2)])
    db = open_store(path)
    won_by_ann = Interaction.get(Interaction.rep == "ann").contact_id
    Quote.create(contact=won_by_ann, sent_on=MONDAY - timedelta(days=9), status="won",
                 decided_on=MONDAY + timedelta(days=3))
    db.close()
    result = run("--db", path, "review", "--week", "2026-W48", "--by-rep")
    table = result.output.split("By rep\n", 1)[1].splitlines()
    assert table[0].split() == ["Rep", "Calls", "Connected", "Notes", "Mailed", "Won", "Lost", "Hit"]
    assert table[1].split() == ["ann", "1", "1", "0", "0", "1", "0", "100%"]
    assert table[2].split() == ["bob", "2", "1", "0", "0", "0", "0", "—"]
    assert all(len(line) <= 80 for line in result.output.splitlines() if not line.startswith("  !"))


def test_rep_matches_case_aside_and_an_unknown_rep_names_the_known(tmp_path):
    path = tmp_path / "book.db"
    write_book(path, [("ann", "call", "connected", 0), ("bob", "call", "connected", 0)])
    assert "· ann" in run("--db", path, "review", "--week", "2026-W48", "--rep", "Ann").output
    result = run("--db", path, "review", "--rep", "nobody")
    assert result.exit_code == 1
    assert result.output.strip() == "outreach: --rep nobody: no rep of that name in this book; it knows ann, bob"


async def test_the_apps_review_screen_shows_a_row_per_rep(tmp_path):
    from outreach_tui.app import make_app
    from ui_fixtures import app_settings, fixed_clock, settle, static_text, user_dir

    path = tmp_path / "book.db"
    write_book(path, [("ann", "call", "connected", 0), ("[b]bob", "call", "voicemail", 0)])
    app = make_app(str(path), fixed_clock(), "ann", app_settings(), user_dir=user_dir(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        lines = [line.split() for line in static_text(app, "#review-team").splitlines()]
        assert lines[0] == ["Rep", "Calls", "Connected", "Notes", "Mailed", "Won", "Lost", "Hit"]
        assert ["ann", "1", "1", "0", "0", "0", "0", "—"] in lines
        assert ["[b]bob", "1", "0", "0", "0", "0", "0", "—"] in lines  # a name shown literally
        await pilot.press("t")  # just me: no team rows
        await settle(pilot)
        assert not app.screen.query_one("#review-team").display
