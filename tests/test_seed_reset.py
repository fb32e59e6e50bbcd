"""`seed --reset` empties a demo book and never real work (issue 24, item 1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store
from outreach_tui.store.demo_book import is_marked_demo
from outreach_tui.store.logging_touches import log_touch
from outreach_tui.store.models import Contact, Interaction
from outreach_tui.store.seeding import RealWork, is_seeded, seed_book
from outreach_tui.store.seeding.writing import SEEDED_MODELS

TODAY = date(2026, 11, 23)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def all_rows() -> set[tuple[str, int]]:
    return {(model._meta.table_name, row.id) for model in SEEDED_MODELS for row in model.select(model.id)}


# Real work a rep can put in a store: an added contact, a touch logged on any contact.
WORK = st.lists(st.sampled_from(["add", "log"]), max_size=3)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seeds=st.lists(st.integers(0, 50), max_size=2), work=WORK, after=st.booleans())
def test_a_reset_never_removes_a_row_seeding_did_not_make(tmp_path_factory, seeds, work, after):
    db = open_store(tmp_path_factory.mktemp("reset") / "book.db")
    made: set[tuple[str, int]] = set()  # rows the rep made, not seeding

    def do_work():
        for step in work:
            if step == "add" or not Contact.select().exists():
                made.add(("contact", add_contact("Real Person", TODAY).id))
            else:
                contact = Contact.select().order_by(Contact.id.desc()).first()
                saved = log_touch(contact.id, "connected", rep="ann", now=datetime(2026, 11, 23, 10))
                made.add(("interaction", saved.interaction_id))

    try:
        if not after:
            do_work()
        for seed in seeds:
            seed_book(db, contacts=5, seed=seed, today=TODAY)
        if after:
            do_work()
        try:
            seed_book(db, contacts=5, seed=1, today=TODAY, reset=True)
        except RealWork as refused:
            assert sum(refused.counts.values()) == len(made)
        assert made <= all_rows()
        assert is_seeded() or made and not seeds  # a reset book is a seeded one
    finally:
        db.close()


def test_reset_refuses_a_store_with_an_imported_or_added_contact_and_keeps_it(tmp_path):
    path = tmp_path / "real.db"
    assert run("--db", path, "add", "Real Person").exit_code == 0
    result = run("--db", path, "seed", "--contacts", 20, "--reset")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "1 contact" in lines[0] and "--yes" in lines[0] and str(path) in lines[0]
    assert "Real Person" in run("--db", path, "contacts").output


def test_reset_yes_backs_up_first_and_names_the_copy(tmp_path):
    path = tmp_path / "real.db"
    run("--db", path, "add", "Real Person")
    result = run("--db", path, "--as-of", "2026-11-23", "seed", "--contacts", 10, "--reset", "--yes")
    assert result.exit_code == 0, result.output
    copies = list(tmp_path.glob("real.db.before-reset-*.bak"))
    assert len(copies) == 1 and str(copies[0]) in result.output
    assert "Real Person" in run("--db", copies[0], "contacts").output
    assert "Real Person" not in run("--db", path, "contacts").output


def test_a_seeded_store_is_a_demo_book_and_resets_without_asking(tmp_path):
    path = tmp_path / "demo.db"
    first = run("--db", path, "seed", "--contacts", 10)
    assert "demo book" in first.output.lower()
    assert is_marked_demo(str(path))
    again = run("--db", path, "seed", "--contacts", 10, "--reset")
    assert again.exit_code == 0 and "removing" in again.output
    assert not list(tmp_path.glob("*.bak"))


def test_a_call_logged_in_a_demo_book_is_real_work(tmp_path):
    path = tmp_path / "demo.db"
    run("--db", path, "seed", "--contacts", 10)
    assert run("--db", path, "--rep", "ann", "log", 1, "--outcome", "connected").exit_code == 0
    result = run("--db", path, "seed", "--contacts", 10, "--reset")
    assert result.exit_code == 1 and "1 interaction" in result.output
    db = open_store(path)
    assert Interaction.select().where(Interaction.rep == "ann").count() == 1
    db.close()


def test_seeding_into_real_work_does_not_call_it_a_demo_book(tmp_path):
    path = tmp_path / "real.db"
    run("--db", path, "add", "Real Person")
    result = run("--db", path, "seed", "--contacts", 10)
    assert result.exit_code == 0 and "demo book" not in result.output.lower()
    assert not is_marked_demo(str(path))
