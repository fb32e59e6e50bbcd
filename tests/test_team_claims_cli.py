"""Claims from the command line (issue 24, item 5): who holds what, log refused on a held
contact, a manager's release of another rep's claims. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

from test_team_cli import as_rep, book  # noqa: F401  (book: six due clients, on each engine)


def test_claims_lists_rep_contact_since_until(book):
    as_rep(book, "ann", "claim", "--limit", "2")
    as_rep(book, "bob", "claim", "--limit", "1")
    listed = json.loads(as_rep(book, "mia", "claims", "--format", "json").output)
    assert [(row["rep"], row["contact"]) for row in listed] == [
        ("ann", "Client 0"), ("ann", "Client 1"), ("bob", "Client 2")]
    assert all(row["since"] < row["until"] for row in listed)
    table = as_rep(book, "mia", "claims").output
    assert "Client 2" in table and "bob" in table and "3 claims held by 2 reps." in table


def test_log_on_a_contact_another_rep_holds_names_the_holder_unless_forced(book):
    held = json.loads(as_rep(book, "ann", "claim", "--limit", "1", "--format", "json").output)[0]["contact_id"]
    refused = as_rep(book, "bob", "log", held, "--outcome", "connected")
    assert refused.exit_code == 1 and "held by ann" in refused.output and "--force" in refused.output
    assert as_rep(book, "ann", "log", held, "--outcome", "connected").exit_code == 0  # her own
    assert as_rep(book, "bob", "log", held, "--outcome", "voicemail", "--force").exit_code == 0


def test_a_manager_releases_a_crashed_reps_claims(book):
    as_rep(book, "ann", "claim", "--limit", "2")
    result = as_rep(book, "mia", "release", "--rep", "ann")
    assert result.output.strip() == "Released 2 claims held by ann."
    assert json.loads(as_rep(book, "mia", "claims", "--format", "json").output) == []
