"""The demo book's banner: "DEMO BOOK · built Mon 23 Nov · 3 calls made".

The day comes from the seeding (schema 11), the count from the calls no seeding made,
counted as the day's goal counts calls. At 80 columns the banner keeps its words and the
app's name and the rep give way.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

from outreach_tui.core.demo_tag import DemoFacts, demo_tags
from outreach_tui.store.connection import open_store
from outreach_tui.store.logging_touches import log_touch
from outreach_tui.store.models import Contact, SeedRange
from outreach_tui.store.seeding import seed_book
from outreach_tui.store.seed_ranges import demo_facts

from ui_fixtures import app_settings, fixed_clock, settle, user_dir

BUILT = date(2026, 11, 23)


def test_the_tag_says_when_it_was_built_and_how_many_calls_were_made():
    assert demo_tags(DemoFacts(BUILT, 3), BUILT)[0] == "DEMO BOOK · built Mon 23 Nov · 3 calls made"
    assert demo_tags(DemoFacts(BUILT, 1), date(2027, 1, 4))[0] == "DEMO BOOK · built Mon 23 Nov 2026 · 1 call made"
    assert demo_tags(DemoFacts(None, 0), BUILT)[0] == "DEMO BOOK · 0 calls made"  # seeded before schema 11
    assert demo_tags(None, BUILT)[-1] == "DEMO BOOK"


def test_calls_made_counts_the_trainees_calls_not_the_seeded_history(tmp_path):
    db = open_store(tmp_path / "demo.db")
    try:
        seed_book(db, contacts=12, seed=3, today=BUILT)
        assert demo_facts() == DemoFacts(BUILT, 0)
        who = [contact.id for contact in Contact.select().limit(4)]
        at = datetime(2026, 11, 24, 10, 0)
        log_touch(who[0], "connected", rep="ann", now=at)
        log_touch(who[1], "voicemail", rep="ann", now=at + timedelta(minutes=5))
        log_touch(who[2], "skipped", rep="ann", now=at + timedelta(minutes=9))  # not placed: no call
        log_touch(who[3], "connected", rep="ann", now=at + timedelta(minutes=12), channel="email")  # not a call
        assert demo_facts() == DemoFacts(BUILT, 2)
        seed_book(db, contacts=3, seed=4, today=date(2026, 11, 30))  # seeding more keeps the first day
        assert demo_facts() == DemoFacts(BUILT, 2)
    finally:
        db.close()


def test_a_demo_book_seeded_at_schema_10_keeps_its_ranges_and_says_no_day(tmp_path):
    path = tmp_path / "demo.db"
    db = open_store(path)
    seed_book(db, contacts=6, seed=3, today=BUILT)
    ranges = SeedRange.select().count()
    db.close()
    raw = sqlite3.connect(path)
    raw.execute("ALTER TABLE seed_range DROP COLUMN seeded_on")
    raw.execute("UPDATE schema_version SET version = 10")
    raw.commit()
    raw.close()
    db = open_store(path)
    try:
        assert SeedRange.select().count() == ranges
        assert demo_facts() == DemoFacts(None, 0)
    finally:
        db.close()


async def test_the_top_bar_at_80_columns_shows_the_whole_banner_and_counts_a_saved_call(tmp_path):
    from outreach_tui.app import make_app

    path = tmp_path / "demo.db"
    db = open_store(path)
    seed_book(db, contacts=20, seed=7, today=BUILT)
    app = make_app(str(path), fixed_clock(), "ann", app_settings(), demo=True, user_dir=user_dir(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        top = str(app.screen.query_one("#plan-top").render())
        assert top.endswith("DEMO BOOK · built Mon 23 Nov · 0 calls made ") and len(top) <= 80
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("w", "1", "ctrl+s")  # the last call: saving it ends the session
        await settle(pilot)
        assert str(app.screen.query_one("#summary-top").render()).endswith("· 1 call made ")
        await pilot.press("p")  # back to the plan
        await settle(pilot)
        assert str(app.screen.query_one("#plan-top").render()).endswith("· 1 call made ")
    db.close()


async def test_a_demo_book_left_to_the_app_shows_its_facts_once_it_is_bound(tmp_path):
    """`outreach --db demo.db`: the reader found the book current and said it is a demo book; the plan
    screen binds it after its first frame, and the banner then reads its facts."""
    from outreach_tui.app import make_app
    from outreach_tui.store.models import database

    path = tmp_path / "demo.db"
    db = open_store(path)
    seed_book(db, contacts=20, seed=7, today=BUILT)
    db.close()
    database.initialize(None)  # as in the app's process, where nothing has opened the store yet
    app = make_app(str(path), fixed_clock(), "ann", app_settings(), demo=True, user_dir=user_dir(tmp_path),
                   bind_later=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.store_bound
        assert str(app.screen.query_one("#plan-top").render()).endswith("DEMO BOOK · built Mon 23 Nov · 0 calls made ")
    database.close()
