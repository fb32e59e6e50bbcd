"""`outreach add`, `log`, `quotes` and `quote`: what a rep did today goes into the book from the shell."""

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Contact, Interaction, Quote
from outreach_tui.store.quotes import QuoteError, decide_quote, list_quotes

TODAY = date(2026, 11, 23)


@pytest.fixture
def book(tmp_path):
    """Dana (due, with an open quote waiting for a follow-up) and Joe (a decided quote); closed before the CLI runs."""
    path = tmp_path / "book.db"
    db = open_store(path)
    dana = add_contact("Dana Fox", TODAY, last_touch_on=TODAY - timedelta(days=104))
    joe = add_contact("[bold]Joe[/]", TODAY, last_touch_on=TODAY - timedelta(days=10))
    Quote.create(contact=dana.id, description="pallet racking", amount_cents=125000, sent_on=TODAY - timedelta(days=20))
    Quote.create(contact=joe.id, description="casters", amount_cents=9900, sent_on=TODAY - timedelta(days=40),
                 status="lost", decided_on=TODAY - timedelta(days=30))
    db.close()
    return path


def run(book, *args):
    return CliRunner().invoke(main, ["--db", str(book), "--as-of", TODAY.isoformat(), *map(str, args)],
                              catch_exceptions=False)


def read(book, query):
    db = open_store(book)
    try:
        return query()
    finally:
        db.close()


def test_quotes_json_has_the_contract_fields(book):
    result = run(book, "quotes", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["status"] for row in rows] == ["lost", "open"]
    assert set(rows[0]) == {"id", "contact_id", "contact_name", "description", "amount_cents", "sent_on", "status",
                            "decided_on"}
    assert rows[0]["contact_name"] == "[bold]Joe[/]" and rows[0]["decided_on"] == "2026-10-24"
    assert [row["description"] for row in json.loads(run(book, "quotes", "--open", "--format", "json").output)] == [
        "pallet racking"]
    assert json.loads(run(book, "quotes", "--contact", rows[0]["contact_id"], "--format", "json").output) == [rows[0]]


def test_quotes_table_prints_names_literally(book):
    result = run(book, "quotes")
    assert result.exit_code == 0
    assert "[bold]Joe[/]" in result.output and "$1,250.00" in result.output and "2 quotes." in result.output


def test_a_won_quote_leaves_the_plan_and_counts_in_the_review(book):
    plan = json.loads(run(book, "today", "--format", "json").output)
    assert any("quote_follow_up" in item["reasons"] for item in plan)
    quote_id = json.loads(run(book, "quotes", "--open", "--format", "json").output)[0]["id"]
    result = run(book, "quote", quote_id, "--won")
    assert result.exit_code == 0, result.output
    assert "won on 2026-11-23" in result.output
    plan = json.loads(run(book, "today", "--format", "json").output)
    assert all("quote_follow_up" not in item["reasons"] for item in plan)
    review = json.loads(run(book, "review", "--format", "json").output)
    assert (review["quotes_won"], review["quotes_lost"], review["quote_hit_ratio"]) == (1, 0, 1.0)


def test_quote_needs_won_or_lost_and_a_real_quote(book):
    assert run(book, "quote", 1).exit_code == 2
    bad_day = run(book, "quote", 1, "--won", "--on", "tomorrow")
    assert bad_day.exit_code == 2 and "--on" in bad_day.output
    assert "lost on 2026-11-20" in run(book, "quote", 1, "--lost", "--on", "last fri").output
    missing = run(book, "quote", 99, "--lost")
    assert missing.exit_code == 1 and "quote 99: there is no such quote" in missing.output


def test_decide_quote_refuses_a_day_before_it_was_sent_and_can_carry_the_amount(book):
    db = open_store(book)
    try:
        quote_id = list_quotes(open_only=True)[0].id
        with pytest.raises(QuoteError, match="before the quote was sent"):
            decide_quote(quote_id, "won", TODAY - timedelta(days=60), TODAY)
        row = decide_quote(quote_id, "won", TODAY, TODAY, amount_cents=120000)
        assert (row.status, row.decided_on, row.amount_cents) == ("won", TODAY, 120000)
    finally:
        db.close()


def test_add_prints_the_new_id_and_checks_like_an_edit(book):
    result = run(book, "add", "Kim Lee", "--company", "Acme", "--email", "kim@acme.example",
                 "--relationship", "client", "--notes", "met at the trade show")
    assert result.exit_code == 0, result.output
    new_id = int(result.output)
    kim = read(book, lambda: Contact.get_by_id(new_id))
    assert (kim.name, kim.first_name, kim.company, kim.created_on) == ("Kim Lee", "Kim", "Acme", TODAY)
    assert kim.check_in_due_on == TODAY + timedelta(days=90)
    found = json.loads(run(book, "contacts", "--search", "Kim", "--format", "json").output)
    assert [row["id"] for row in found] == [new_id]
    bad = run(book, "add", "Lee", "--email", "not-an-email")
    assert bad.exit_code == 2 and "--email" in bad.output
    assert run(book, "add", "  ").exit_code == 2


def test_log_prints_the_id_and_json_has_their_view(book):
    result = run(book, "log", 1, "--outcome", "connected", "--channel", "visit", "--their-view", "relieved",
                 "--next", "+3w")
    assert result.exit_code == 0, result.output
    row = read(book, lambda: Interaction.get_by_id(int(result.output)))
    assert (row.channel, row.their_view, row.follow_up_on) == ("visit", "relieved", TODAY + timedelta(weeks=3))
    record = json.loads(run(book, "log", 2, "--outcome", "no_answer", "--format", "json").output)
    assert record["their_view"] == "" and record["follow_up_on"] == "2026-11-25" and record["contact_name"] == "[bold]Joe[/]"


def test_log_as_of_is_the_day_logged(book):
    result = CliRunner().invoke(main, ["--db", str(book), "--as-of", "2026-11-20", "log", "1", "--outcome", "connected"])
    assert result.exit_code == 0
    dana = read(book, lambda: Contact.get_by_id(1))
    assert dana.last_touch_on == date(2026, 11, 20)


def test_log_mistakes(book):
    assert run(book, "log", 1, "--outcome", "waved").exit_code == 2
    bad_next = run(book, "log", 1, "--outcome", "connected", "--next", "last week")
    assert bad_next.exit_code == 2 and "--next" in bad_next.output
    missing = run(book, "log", 99, "--outcome", "connected")
    assert missing.exit_code == 1 and "contact 99: there is no such contact" in missing.output
    away = run(book, "log", 1, "--outcome", "out_of_office")
    assert away.exit_code == 1 and "--next" in away.output
    assert read(book, lambda: Interaction.select().count()) == 0


def test_their_view_comes_back_in_the_weekly_review(book):
    assert run(book, "log", 1, "--outcome", "connected", "--their-view", "[b]relieved[/b], said thanks").exit_code == 0
    review = json.loads(run(book, "review", "--format", "json").output)
    assert [(v["contact_name"], v["text"]) for v in review["their_views"]] == [("Dana Fox", "[b]relieved[/b], said thanks")]
    text = run(book, "review").output
    assert "How it went for them" in text and "Dana Fox: [b]relieved[/b], said thanks" in text

