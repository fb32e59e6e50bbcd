"""Each daily goal counted one way (issue 14, rule 7), and retry dates that hold (rule 4), on a store.

The plan's goals, the Cards screen, the session summary and the weekly review
(`review --format json` is its `as_json`) must read the same numbers for the same day.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book import add_contact
from outreach_tui.core.goals import calls_made, thoughtful_acts
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.vocab import CHANNELS, OUTCOMES
from outreach_tui.store.cards import written_on
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import Card, Interaction
from outreach_tui.store.progress import day_progress, session_summary
from outreach_tui.store.queries import todays_plan
from outreach_tui.store.recording import CallRecord, save_call, start_session
from outreach_tui.store.review import weekly_review

TODAY = date(2026, 11, 25)  # a Wednesday
REP = "dana"

touch = st.tuples(st.integers(0, 4), st.sampled_from(CHANNELS), st.sampled_from(["check_in", "thoughtfulness"]),
                  st.sampled_from(OUTCOMES))
card = st.tuples(st.integers(0, 4), st.sampled_from(["to_write", "written", "mailed"]), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(touches=st.lists(touch, max_size=12), cards=st.lists(card, max_size=6))
def test_rule_7_every_screen_counts_the_day_the_same_way(touches, cards):
    with tempfile.TemporaryDirectory() as folder:
        db = open_store(Path(folder) / "book.db")
        try:
            people = [add_contact(f"Person {n}", TODAY).id for n in range(5)]
            session = start_session(REP, datetime.combine(TODAY, datetime.min.time()), 30)
            for n, (who, channel, reason, outcome) in enumerate(touches):
                Interaction.create(session=session, contact=people[who], rep=REP, channel=channel, reason=reason,
                                   outcome=outcome, started_at=datetime(2026, 11, 25, 9, n))
            for who, status, written_today in cards:
                written = TODAY if written_today and status != "to_write" else (
                    TODAY - timedelta(days=1) if status != "to_write" else None)
                Card.create(contact=people[who], kind="thank_you", status=status, created_on=TODAY,
                            written_on=written, rep=REP)

            progress = day_progress(TODAY, REP)
            review_day = next(day for day in weekly_review(TODAY, REP, today=TODAY).goals_per_day
                              if day.day == TODAY)
            summary = session_summary(session)
            calls = calls_made((channel, outcome) for _, channel, _, outcome in touches)
            thoughtful = thoughtful_acts((who, reason, outcome) for who, _, reason, outcome in touches)
            written_today = sum(1 for _, status, today in cards if today and status != "to_write")

            assert progress.calls == review_day.calls == summary.calls == calls
            assert progress.thoughtfulness == review_day.thoughtfulness == thoughtful
            assert progress.notes == written_on(TODAY, REP) == written_today
        finally:
            db.close()


def test_a_queued_card_is_not_a_note_done(store):
    person = add_contact("Queued", TODAY)
    Card.create(contact=person, kind="thank_you", status="to_write", created_on=TODAY, rep=REP)
    assert day_progress(TODAY, REP).notes == 0  # it used to count 1 here while Cards said 0


def test_rule_4_a_voicemail_keeps_the_contact_out_until_the_retry_date(store):
    person = add_contact("Rang Out", TODAY, last_touch_on=TODAY - timedelta(days=200))
    assert [item.contact_id for item in todays_plan(TODAY).items] == [person.id]
    saved = save_call(CallRecord(person.id, "voicemail"), session_id=None, rep=REP,
                      now=datetime.combine(TODAY, datetime.min.time()).replace(hour=10))
    retry = saved.next_touch_on
    assert retry == date(2026, 11, 27)  # two working days
    for day in (TODAY + timedelta(days=1),):
        assert todays_plan(day, PlanRules()).items == []
        assert todays_plan(day, PlanRules()).total == 0
    on_the_day = todays_plan(retry).items
    assert [item.contact_id for item in on_the_day] == [person.id]
    assert on_the_day[0].reason == "follow_up"
