"""The session draft in the store (schema 3): one per rep, gone when the session ends; older stores gain it."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from book import add_contact
from outreach_tui.store import migrations
from outreach_tui.store.connection import open_store
from outreach_tui.store.drafts import keep_draft, resumable_draft
from outreach_tui.store.models import Contact, Interaction, SchemaVersion, Session, SessionDraft
from outreach_tui.store.recording import CallRecord, end_session, save_call, start_session

FIRST_SCHEMA = Path(__file__).parent / "fixtures" / "store_v1.db"
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def store(any_store):
    return any_store


def test_one_draft_per_session_overwritten_and_offered_with_the_sessions_calls(store):
    ann = start_session("ann", NOW, 30)
    ben = start_session("ben", NOW, 30)
    first, second = add_contact("First Person", NOW.date()), add_contact("Second Person", NOW.date())
    saved = save_call(CallRecord(first.id, "connected"), session_id=ann, rep="ann", now=NOW)
    keep_draft("ann", ann, '{"v": 1}', NOW)
    keep_draft("ann", ann, '{"v": 2}', NOW.replace(minute=1))
    keep_draft("ben", ben, '{"ben": 1}', NOW)

    kept = resumable_draft("ann")
    assert (kept.session_id, kept.state, kept.updated_at) == (ann, '{"v": 2}', NOW.replace(minute=1))
    assert kept.saved == ((first.id, saved.interaction_id),)
    assert SessionDraft.select().count() == 2
    assert resumable_draft("cy") is None

    end_session(ann, NOW)
    assert resumable_draft("ann") is None and SessionDraft.select().count() == 1
    assert resumable_draft("ben").state == '{"ben": 1}'
    assert second.id not in {contact for contact, _ in kept.saved}


def test_a_draft_of_an_ended_session_is_never_offered(store):
    """A late draft write landing after the session ended (a race on quitting) is ignored."""
    session = start_session("ann", NOW, 30)
    end_session(session, NOW)
    keep_draft("ann", session, "{}", NOW)
    assert resumable_draft("ann") is None
    later = start_session("ann", NOW, 30)
    keep_draft("ann", later, "{}", NOW)  # a draft per session (schema 8): the late one is left alone
    assert resumable_draft("ann").session_id == later and SessionDraft.select().count() == 2


def test_sqlite_commits_reach_the_disk_before_the_app_says_saved(tmp_path):
    """synchronous=FULL: WAL mode's default (NORMAL) may lose the last commits to a power cut."""
    db = open_store(tmp_path / "book.db")
    try:
        assert db.execute_sql("PRAGMA synchronous").fetchone() == (2,)
    finally:
        db.close()


def test_first_schema_store_gains_the_draft_table_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    db = open_store(path)
    try:
        assert SchemaVersion.get().version == migrations.latest_version() >= 3
        assert "session_draft" in db.get_tables()
        assert Contact.select().count() == 60
        assert Interaction.get(Interaction.notes == "kept from v1").rep == "first-rep"
        session = start_session("first-rep", NOW, 30)
        keep_draft("first-rep", session, "{}", NOW)
        assert resumable_draft("first-rep").session_id == session
    finally:
        db.close()


def test_schema_2_store_upgrades_to_3_on_each_engine(new_store):
    target = new_store("v2", schema=False)
    db = open_store(target)
    person = add_contact("Kept Person", NOW.date())
    session = start_session("ann", NOW, 30)
    save_call(CallRecord(person.id, "voicemail", notes="kept from v2"), session_id=session, rep="ann", now=NOW)
    with db.atomic():
        db.execute_sql('DROP TABLE "session_draft"')
        SchemaVersion.update(version=2).execute()
    db.close()

    db = open_store(target)
    try:
        assert SchemaVersion.get().version == migrations.latest_version()  # 3, then any later step
        assert Interaction.get().notes == "kept from v2" and Session.get().rep == "ann"
        keep_draft("ann", session, "{}", NOW)
        assert resumable_draft("ann").saved == ((person.id, Interaction.get().id),)
    finally:
        db.close()
