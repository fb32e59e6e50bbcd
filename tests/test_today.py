"""The first screen's reading of the day: in this process, or in a child process at start-up."""

from __future__ import annotations

import pytest

from outreach_tui.core.plan_items import PlanRules
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Interaction
from outreach_tui.prefetch import read_today_aside
from outreach_tui.core.today import today_as_json, today_from_json
from outreach_tui.store.today import count_today, read_today
from ui_fixtures import HOSTILE_NAME, NINE, TODAY, build_book


def described(today):
    plan = today.plan
    return ([(i.contact_id, i.name, i.score, i.reasons, i.detail, [(s.ref_id, s.card_kind) for s in i.signals])
             for i in plan.items], plan.counts, plan.total, plan.today, today.progress, today.book_size)


@pytest.fixture
def book_at(new_store):
    target = new_store()
    db = open_store(target)
    ids = build_book()
    Interaction.create(contact=ids["Maria"], rep="ann", channel="call", reason="check_in", outcome="connected",
                       started_at=NINE, duration_s=60)
    db.close()
    return target


def test_the_child_process_reads_what_this_process_reads(book_at, tmp_path):
    # The child reads the rep's settings itself: a plan of 5 comes from this file, not a default.
    (tmp_path / "config" / "outreach").mkdir(parents=True)
    (tmp_path / "config" / "outreach" / "settings.toml").write_text("plan_limit = 5\n")
    aside = read_today_aside(book_at, TODAY, rep="ann", now=NINE)
    assert aside.store_is_current()  # so the command line leaves the store to the app
    db = open_store(book_at)
    try:
        here = read_today(TODAY, PlanRules(), 5, rep="ann", now=NINE, counts=False)
        there = aside.today.result(timeout=60)
        assert described(there) == described(here)
        # The first frame does not wait to count everything due: that comes once it shows.
        assert there.progress.calls == 1 and len(there.plan.items) == 5 and not there.plan.counted
        later = count_today(there, PlanRules(), 5, rep="ann", now=NINE)
        assert described(later) == described(read_today(TODAY, PlanRules(), 5, rep="ann", now=NINE))
        assert later.plan.counted and later.plan.total > 5
        assert described(later)[0] == described(there)[0]  # the same items, now with their counts
    finally:
        db.close()


def test_the_child_says_whether_the_store_is_a_demo_book(tmp_path):
    """So the command line need not look into the store itself (it would import the store's modules)."""
    from outreach_tui.store.demo_book import mark_demo

    path = str(tmp_path / "book.db")
    db = open_store(path)
    build_book()
    db.close()
    aside = read_today_aside(path, TODAY, rep="ann", now=NINE)
    assert aside.store_is_current() and not aside.is_demo_book()
    db = open_store(path)
    mark_demo(db)
    db.close()
    aside = read_today_aside(path, TODAY, rep="ann", now=NINE)
    assert aside.store_is_current() and aside.is_demo_book()


def test_words_and_odd_text_survive_the_trip(tmp_path):
    db = open_store(tmp_path / "book.db")
    try:
        build_book()
        from outreach_tui.store.models import Contact

        Contact.update(name=HOSTILE_NAME).where(Contact.name == "Maria Lopez").execute()
        here = read_today(TODAY, PlanRules(), None, rep="demo", now=NINE)
    finally:
        db.close()
    back = today_from_json(today_as_json(here))
    assert described(back) == described(here)
    assert HOSTILE_NAME in [item.name for item in back.plan.items]


def test_a_child_that_cannot_read_hands_back_its_one_line_reason(tmp_path):
    missing = tmp_path / "nowhere.db"
    aside = read_today_aside(str(missing), TODAY, rep="ann", now=NINE)
    assert not aside.store_is_current()  # so the command line creates it
    with pytest.raises(RuntimeError) as failure:
        aside.today.result(timeout=60)
    assert str(missing) in str(failure.value) and "\n" not in str(failure.value)
    assert not missing.exists()  # the child never creates a store


def test_the_child_leaves_a_store_that_needs_upgrading_to_the_app(tmp_path):
    """An older store is upgraded by the app itself (with its backup); the child only declines."""
    from outreach_tui.store.models import SchemaVersion

    path = tmp_path / "book.db"
    db = open_store(path)
    build_book()
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=1)
    db.close()
    before = path.read_bytes()
    aside = read_today_aside(str(path), TODAY, rep="ann", now=NINE)
    assert not aside.store_is_current()  # so the command line upgrades it
    with pytest.raises(RuntimeError, match="schema 1"):
        aside.today.result(timeout=60)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.bak"))
