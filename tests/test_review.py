"""The weekly review on a hand-built week where every figure is known, and the cards behind it.

Week 2026-W48: Mon 23 – Sun 29 Nov 2026, reviewed on Fri 27 Nov.

ana  Mon 23  A connected 600 s (check-in; referrals Lee Park, Ann Wu; keeps A's follow-up due today)
             B voicemail 30 s (sets a follow-up for Wed 25: never kept -> missed)
             C connected 300 s (thoughtfulness)
     Tue 24  D connected 120 s
             E no answer 20 s (sets a follow-up for Fri 27 = today -> pending)
             F skipped (not a call; F's follow-up for Tue 24 -> missed)
     Fri 27  A email (not a call)
ben  Wed 25  Lee Park connected 900 s (the referral, called)

ana: 5 calls, 3 connected, 1 voicemail -> 0.6; team: 6 calls, 4 connected -> 0.667.
Quotes decided this week: 2 won, 1 lost -> 0.667.
Talk time in the 30 days to Sun 29 (from Oct 31): Lee 900, A 600, G 400, C 300, H 200, D 120, F 100, B 30,
E 20 = 2670; top six 2520 -> 0.944 (ana alone: 1720 of 1770 -> 0.972).
Sessions: ana Thu 19, Fri 20, Mon 23, Tue 24 (streak 4 over the weekend); ben Wed 25 (1); team 5.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner

from book import add_contact
from outreach_tui.cli import main
from outreach_tui.core.money import CardCosts
from outreach_tui.core.iso_weeks import parse_week, week_label, week_start_of
from outreach_tui.core.review import build_review, follow_up_status, streak_days
from outreach_tui.core.week_facts import AttentionEntry, FollowUpFact, WeekFacts
from outreach_tui.core.review_text import bar, sparkline
from outreach_tui.core.settings import Goals, Settings
from outreach_tui.store import cards
from outreach_tui.store.models import Card, Interaction, Quote, Referral, Session
from outreach_tui.store.connection import open_store
from outreach_tui.store.review import weekly_review

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)
GOALS = Goals(calls=2, notes=1, thoughtfulness=1)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)


def build_week() -> dict:
    """The book described in the module docstring; returns the contacts by letter."""
    people = {letter: add_contact(f"{letter} Person", MONDAY) for letter in "ABCDEFGH"}
    people["Lee"] = add_contact("Lee Park", MONDAY, relationship="prospect")
    day = {n: MONDAY + timedelta(days=n) for n in range(7)}
    ana_mon = Session.create(rep="ana", started_at=at(day[0]), reflection="Wrote the note right after the call")
    ana_tue = Session.create(rep="ana", started_at=at(day[1]))
    ben_wed = Session.create(rep="ben", started_at=at(day[2]), reflection="Lee was glad I called")
    Session.create(rep="ana", started_at=at(date(2026, 11, 19)))
    Session.create(rep="ana", started_at=at(date(2026, 11, 20)), reflection="last week's: not in this review")
    Session.create(rep="ana", started_at=at(date(2026, 11, 17)))  # Wed 18 has none: the streak stops there

    def call(contact, started, outcome, seconds=0, rep="ana", session=None, reason="check_in", follow_up=None,
             channel="call"):
        return Interaction.create(session=session, contact=people[contact], rep=rep, channel=channel, reason=reason,
                                  outcome=outcome, started_at=started, duration_s=seconds, follow_up_on=follow_up)

    # Before the week: follow-ups that fall due in it, and talk time inside the 30-day window
    call("A", at(date(2026, 10, 30)), "connected", 5000, follow_up=day[0])  # outside the window
    call("F", at(date(2026, 11, 2)), "connected", 100, follow_up=day[1])
    call("G", at(date(2026, 11, 10)), "connected", 400)
    h_call = call("H", at(date(2026, 11, 16)), "connected", 200)
    # The week
    a_call = call("A", at(day[0], 9, 5), "connected", 600, session=ana_mon)
    call("B", at(day[0], 9, 20), "voicemail", 30, session=ana_mon, follow_up=day[2])
    c_call = call("C", at(day[0], 9, 30), "connected", 300, session=ana_mon, reason="thoughtfulness")
    call("D", at(day[1], 9, 5), "connected", 120, session=ana_tue, follow_up=date(2026, 12, 1))
    call("E", at(day[1], 9, 10), "no_answer", 20, session=ana_tue, follow_up=day[4])
    call("F", at(day[1], 9, 15), "skipped", 0, session=ana_tue)
    call("Lee", at(day[2], 10), "connected", 900, rep="ben", session=ben_wed, reason="referral")
    call("A", at(day[4], 11), "connected", 0, channel="email")
    # Referrals given on A's call; Lee's called on Wednesday
    Referral.create(referred_by=people["A"], interaction=a_call, name="Lee Park", phone="555-0102",
                    contact=people["Lee"], given_on=day[0], called_on=day[2])
    Referral.create(referred_by=people["A"], interaction=a_call, name="Ann Wu", phone="555-0103", given_on=day[0])
    # Cards
    Card.create(contact=people["A"], kind="thank_you", status="mailed", created_on=day[0], written_on=day[0],
                mailed_on=day[1], response="called_back", responded_on=day[3], interaction=a_call, cost_cents=6750)
    Card.create(contact=people["C"], kind="encouragement", status="written", created_on=day[0], written_on=day[1],
                interaction=c_call, cost_cents=6750)
    Card.create(contact=people["G"], kind="thank_you", status="written", created_on=day[2], written_on=day[2],
                response="order_increased", responded_on=day[4], cost_cents=6750)  # queued outside a call
    Card.create(contact=people["H"], kind="thank_you", status="mailed", created_on=date(2026, 11, 16),
                written_on=date(2026, 11, 16), mailed_on=date(2026, 11, 17), response="new_items_quoted",
                responded_on=day[1], interaction=h_call, cost_cents=6750)
    Card.create(contact=people["B"], kind="thank_you", status="to_write", created_on=day[0])
    # Quotes
    for status, decided in (("won", day[1]), ("won", day[3]), ("lost", day[2]), ("won", date(2026, 11, 20)),
                            ("open", None)):
        Quote.create(contact=people["D"], sent_on=date(2026, 11, 1), status=status, decided_on=decided)
    return people


@pytest.fixture
def week(any_store):
    """The week above, on SQLite and on PostgreSQL."""
    return build_week()


@pytest.fixture
def week_db(new_store) -> str:
    """The week above in a store that is closed again, for the command line."""
    address = new_store()
    db = open_store(address)
    build_week()
    db.close()
    return address


def test_team_week_numbers(week):
    review = weekly_review(MONDAY, None, Settings(goals=GOALS), today=FRIDAY)
    assert review.week == "2026-W48"
    assert (review.calls, review.connected, review.voicemails) == (6, 4, 1)
    assert review.connect_rate == pytest.approx(4 / 6)
    assert review.calls_per_day == [3, 2, 1, 0, 0, 0, 0]
    assert review.outcomes == {"connected": 4, "voicemail": 1, "no_answer": 1, "out_of_office": 0,
                               "wrong_number": 0, "do_not_contact": 0, "skipped": 1}
    assert review.call_seconds == 600 + 30 + 300 + 120 + 20 + 900
    assert (review.notes_written, review.cards_mailed) == (3, 1)
    assert review.card_responses == {"called_back": 1, "order_increased": 1, "new_items_quoted": 1, "referral": 0}
    assert review.cards_with_responses == 3
    assert (review.referrals, review.referrals_called) == (2, 1)
    assert (review.follow_ups_kept, review.follow_ups_missed, review.follow_ups_pending) == (1, 2, 1)
    assert (review.quotes_won, review.quotes_lost) == (2, 1)
    assert review.quote_hit_ratio == pytest.approx(2 / 3)
    assert review.cost_per_card_cents == 6750 and review.outreach_cost_cents == 3 * 6750
    assert review.attention_total_seconds == 2670
    assert [e.seconds for e in review.attention_top6] == [900, 600, 400, 300, 200, 120]
    assert review.attention_top6[0].name == "Lee Park"
    assert review.attention_top6_share == pytest.approx(2520 / 2670)
    assert len(review.warnings) == 1 and "94% of the last 30 days' call time went to 6 contacts" in review.warnings[0]
    assert review.streak_days == 5  # Thu 19, Fri 20, (weekend), Mon 23, Tue 24, Wed 25
    assert [r.text for r in review.reflections] == ["Wrote the note right after the call", "Lee was glad I called"]
    monday, tuesday = review.goals_per_day[:2]
    assert (monday.calls, monday.notes, monday.thoughtfulness, monday.all_met) == (3, 1, 1, True)
    assert (tuesday.calls_met, tuesday.notes_met, tuesday.thoughtfulness_met) == (True, True, False)
    assert review.goals_met_days == 1


def test_one_reps_week(week):
    ana = weekly_review(MONDAY, "ana", Settings(goals=GOALS), today=FRIDAY)
    assert (ana.calls, ana.connected, ana.voicemails) == (5, 3, 1)
    assert ana.connect_rate == pytest.approx(0.6)
    assert ana.calls_per_day == [3, 2, 0, 0, 0, 0, 0]
    # cards of ana's calls only: the card queued outside a call belongs to no rep
    assert (ana.notes_written, ana.cards_mailed, ana.outreach_cost_cents) == (2, 1, 2 * 6750)
    assert ana.card_responses == {"called_back": 1, "order_increased": 0, "new_items_quoted": 1, "referral": 0}
    assert (ana.referrals, ana.referrals_called) == (2, 0)
    assert (ana.follow_ups_kept, ana.follow_ups_missed, ana.follow_ups_pending) == (1, 2, 1)
    assert ana.quote_hit_ratio == pytest.approx(2 / 3)  # quotes have no rep: the team's
    assert ana.attention_top6_share == pytest.approx(1720 / 1770)
    assert ana.streak_days == 4
    assert [r.text for r in ana.reflections] == ["Wrote the note right after the call"]
    ben = weekly_review(MONDAY, "ben", Settings(goals=GOALS), today=FRIDAY)
    assert (ben.calls, ben.connected, ben.referrals, ben.referrals_called, ben.streak_days) == (1, 1, 0, 1, 1)
    assert ben.attention_top6_share == 1.0
    assert weekly_review(MONDAY, "nobody", today=FRIDAY).calls == 0


def test_attention_warning_follows_the_setting(week):
    calm = weekly_review(MONDAY, None, Settings(attention_warning=0.95), today=FRIDAY)
    assert calm.warnings == []


def test_review_json_from_the_command_line(week_db, tmp_path):
    config = tmp_path / "config" / "outreach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("[goals]\ncalls = 2\n")
    result = CliRunner().invoke(main, ["--db", week_db, "--as-of", "2026-11-27", "review", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = {"week": "2026-W48", "calls": 6, "connected": 4, "connect_rate": 0.667, "voicemails": 1,
                "notes_written": 3, "referrals": 2, "quote_hit_ratio": 0.667, "cost_per_card": 67.5,
                "outreach_cost": 202.5, "attention_top6_share": 0.944, "streak_days": 5,
                "follow_ups_kept": 1, "follow_ups_missed": 2}
    assert {key: data[key] for key in expected} == expected
    assert data["card_responses"]["called_back"] == 1 and len(data["calls_per_day"]) == 7
    assert data["outcomes"]["connected"] == 4 and data["goals"]["calls"] == 2
    assert [r["text"] for r in data["reflections"]] == ["Wrote the note right after the call",
                                                        "Lee was glad I called"]
    assert len(data["warnings"]) == 1
    ana = json.loads(CliRunner().invoke(main, ["--db", week_db, "--as-of", "2026-11-27", "review",
                                               "--rep", "ana", "--format", "json"]).stdout)
    assert (ana["calls"], ana["connected"], ana["connect_rate"], ana["rep"]) == (5, 3, 0.6, "ana")


def test_review_text_has_charts(week_db):
    result = CliRunner().invoke(main, ["--db", week_db, "--as-of", "2026-11-27", "review"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Week 2026-W48 · Mon 23 Nov – Sun 29 Nov 2026 · all reps")
    assert "█▆▃▁▁▁▁" in text  # 3, 2, 1 calls then none
    assert "  Connected          4 ████████████████████████\n" in text
    assert "Brought back        3 (called back 1, order increased 1, new items quoted 1)" in text
    assert "Outreach cost    $202.50 = 3 × $67.50 a card" in text
    assert "Quote hit ratio   67%" in text and "Session streak      5 days" in text
    assert "Wrote the note right after the call" in text


def test_default_week_is_the_clocks_and_other_weeks_are_empty(week_db):
    base = ["--db", week_db, "--as-of", "2026-11-29", "review", "--format", "json"]
    assert json.loads(CliRunner().invoke(main, base).stdout)["week"] == "2026-W48"
    earlier = json.loads(CliRunner().invoke(main, [*base, "--week", "2026-W40"]).stdout)
    assert (earlier["calls"], earlier["connect_rate"], earlier["quote_hit_ratio"], earlier["streak_days"]) == \
        (0, None, None, 0)


@pytest.mark.parametrize(("text", "message"), [
    ("2026-48", "Invalid value for '--week': must be an ISO week like 2026-W48, got '2026-48'"),
    ("last week", "Invalid value for '--week': must be an ISO week like 2026-W48"),
    ("2026-W54", "Invalid value for '--week': 2026 has no week 54"),
    ("2026-W00", "Invalid value for '--week': 2026 has no week 0"),
])
def test_bad_week_is_a_usage_mistake_naming_it(store, tmp_path, text, message):
    store.close()
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "book.db"), "review", "--week", text])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ") and message in result.stderr
    assert "Traceback" not in result.output


def test_default_card_cost_is_67_50_exactly():
    assert CardCosts().total_cents == 6750
    assert CardCosts().time_cents == 6250
    review = build_review(WeekFacts(week_start=MONDAY, today=FRIDAY))
    assert review.cost_per_card == 67.5 and review.as_json()["cost_per_card"] == 67.5
    assert review.as_json()["outreach_cost"] == 0.0


# --- the pure pieces -----------------------------------------------------------------------

def test_weeks():
    assert parse_week("2026-W48") == MONDAY == parse_week("2026w48")
    assert week_label(MONDAY) == "2026-W48" and week_start_of(FRIDAY) == MONDAY
    assert parse_week("2026-W53") == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    assert week_label(parse_week("2027-W01")) == "2027-W01"


def test_sparkline_and_bar():
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([0, 0, 0]) == "▁▁▁" and sparkline([]) == ""
    assert sparkline([3, 2, 1, 0]) == "█▆▃▁"
    assert sparkline([1, 100])[0] == "▂"  # a little is never shown as nothing
    assert bar(10, 10, 8) == "█" * 8
    assert bar(5, 10, 8) == "████"
    assert bar(1, 16, 1) == "▏" and bar(0, 10, 8) == "" and bar(3, 0, 8) == ""
    assert bar(20, 10, 4) == "████"  # never wider than asked


def test_streak_passes_over_weekends_only():
    mon, tue = MONDAY, MONDAY + timedelta(days=1)
    fri, thu, wed = mon - timedelta(days=3), mon - timedelta(days=4), mon - timedelta(days=5)
    assert streak_days([tue, mon, fri, thu], MONDAY) == 4
    assert streak_days([tue, mon, thu], MONDAY) == 2  # Friday missed
    assert streak_days([mon - timedelta(days=1), mon - timedelta(days=2), fri], mon - timedelta(days=7)) == 3
    assert streak_days([fri, thu, wed], MONDAY) == 0  # nothing in the week
    assert streak_days([], MONDAY) == 0


def test_follow_up_kept_missed_pending():
    set_at = datetime(2026, 11, 20, 9)
    items = [FollowUpFact(1, MONDAY, set_at), FollowUpFact(1, MONDAY, datetime(2026, 11, 19, 9)),
             FollowUpFact(2, MONDAY, set_at), FollowUpFact(3, FRIDAY, set_at), FollowUpFact(4, MONDAY, set_at)]
    touches = {1: [datetime(2026, 11, 23, 23, 59)],  # on the day: kept
               2: [datetime(2026, 11, 24, 0, 0)],  # the day after: missed
               4: [datetime(2026, 11, 20, 8)]}  # before it was set: missed
    assert follow_up_status(items, touches, today=date(2026, 11, 25)) == (1, 2, 1)


def test_attention_share_by_hand():
    top = [AttentionEntry(n, f"C{n}", s) for n, s in enumerate([50, 40, 30, 20, 10, 10])]
    facts = WeekFacts(week_start=MONDAY, today=FRIDAY, attention_top=top, attention_total_seconds=320)
    review = build_review(facts, Settings())
    assert review.attention_top6_share == pytest.approx(160 / 320) and review.warnings == []  # 0.5 is not above
    review = build_review(replace(facts, attention_total_seconds=300), Settings())
    assert review.attention_top6_share == pytest.approx(160 / 300) and len(review.warnings) == 1
    assert build_review(WeekFacts(week_start=MONDAY, today=FRIDAY)).attention_top6_share is None


# --- cards -----------------------------------------------------------------------------------

def test_cards_move_through_their_statuses(any_store):
    contact = add_contact("Dana Fox", MONDAY)
    first = Card.create(contact=contact, kind="thank_you", created_on=MONDAY - timedelta(days=2))
    second = Card.create(contact=contact, kind="sympathy", created_on=MONDAY)
    grouped = cards.cards_by_status()
    assert list(grouped) == ["to_write", "written", "mailed"]
    assert [c.id for c in grouped["to_write"]] == [first.id, second.id]
    assert grouped["to_write"][0].contact_name == "Dana Fox" and grouped["to_write"][0].cost_cents == 6750

    row = cards.mark_written(first.id, MONDAY)
    assert (row.status, row.written_on) == ("written", MONDAY)
    assert cards.mark_written(first.id, FRIDAY).written_on == MONDAY  # already written: unchanged
    row = cards.mark_mailed(second.id, FRIDAY)  # never marked written: written and mailed today
    assert (row.status, row.written_on, row.mailed_on) == ("mailed", FRIDAY, FRIDAY)
    row = cards.record_response(second.id, "order_increased", FRIDAY)
    assert (row.response, row.responded_on) == ("order_increased", FRIDAY)
    assert cards.card_counts() == {"to_write": 0, "written": 1, "mailed": 1, "responded": 1}
    assert row.as_json()["response"] == "order_increased"


def test_card_mistakes_are_value_errors_naming_the_problem(any_store):
    contact = add_contact("Dana Fox", MONDAY)
    card = Card.create(contact=contact, kind="thank_you", created_on=MONDAY)
    with pytest.raises(ValueError, match="response: 'bought a yacht' is not one of called_back"):
        cards.record_response(card.id, "bought a yacht", MONDAY)
    with pytest.raises(ValueError, match=f"card {card.id} is not written yet"):
        cards.record_response(card.id, "called_back", MONDAY)
    with pytest.raises(ValueError, match="card 999 does not exist"):
        cards.mark_written(999, MONDAY)
    assert Card.get_by_id(card.id).status == "to_write"
