"""A label says what it counts: the call screen and the contact page say when a call last
reached the person, in the word the history below them uses, and an out-of-office since
(listed in that history) does not move it."""

from __future__ import annotations

from datetime import datetime, timedelta

from outreach_tui.store.connection import open_store
from outreach_tui.store.contact_card import load_contact_record
from outreach_tui.store.models import Interaction
from outreach_tui.ui.contact_card import card_content, history_content
from outreach_tui.ui.contacts_screen import record_content
from outreach_tui.ui.prepare import PreparedCall
from ui_fixtures import TODAY, build_book


def test_the_call_screen_and_the_contact_page_say_connected_as_the_history_does(tmp_path):
    open_store(tmp_path / "book.db")
    maria = build_book()["Maria"]
    Interaction.create(contact=maria, rep="demo", channel="call", reason="check_in", outcome="out_of_office",
                       started_at=datetime.combine(TODAY - timedelta(days=3), datetime.min.time()), duration_s=5)
    record = load_contact_record(maria)
    page = record_content(record, TODAY).plain
    call = card_content(PreparedCall(item=None, card=record.card, script=None, cues=()), TODAY).plain
    last = [line for line in page.splitlines() if line.startswith("Connected ")]
    assert last == [line for line in call.splitlines() if line.startswith("Connected ")]
    assert last == ["Connected  last 1 month ago (24 Sep)"], page  # 60 days back: the call, not the out-of-office
    assert "Last call" not in page + call
    history = history_content(record.recent if hasattr(record, "recent") else record.card.recent, TODAY).plain
    assert "out of office" in history.lower() and "connected" in history.lower()
