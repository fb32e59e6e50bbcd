"""The practice book: reproducible, consistent, and every training situation present today."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from peewee import fn

from outreach_tui.core import vocab
from outreach_tui.core.money import CardCosts
from outreach_tui.store.connection import open_store
from outreach_tui.store.models import (
    MODELS,
    Absence,
    Card,
    Contact,
    Interaction,
    LifeEvent,
    Quote,
    Referral,
    SchemaVersion,
    Session,
)
from outreach_tui.store.seeding import SeedReport, seed_book
from outreach_tui.store.seeding.words import demo_words
from outreach_tui.store.seeding.writing import _insert

TODAY = date(2026, 11, 23)


def seeded(path, *, contacts=200, seed=11, today=TODAY, **options):
    db = open_store(path)
    report = seed_book(db, contacts=contacts, seed=seed, today=today, **options)
    return db, report


def dump() -> dict[str, list[dict]]:
    return {model.__name__: list(model.select().order_by(model.id).dicts()) for model in MODELS}


# -- determinism -------------------------------------------------------------

def test_same_seed_same_rows_and_another_seed_differs(new_store):
    db, first_report = seeded(new_store("a"), contacts=120, seed=5)
    first = dump()
    db.close()
    db, second_report = seeded(new_store("b"), contacts=120, seed=5)
    second = dump()
    db.close()
    assert first_report.total == second_report.total
    for name in first:
        assert first[name] == second[name], name
    db, _ = seeded(new_store("c"), contacts=120, seed=6)
    other = dump()
    db.close()
    assert other["Contact"] != first["Contact"]
    assert other["Interaction"] != first["Interaction"]


def test_report_counts_the_rows(tmp_path):
    seen = []
    db, report = seeded(tmp_path / "book.db", contacts=60, progress=lambda done, total: seen.append((done, total)))
    assert isinstance(report, SeedReport)
    assert report.contacts == Contact.select().count() == 60
    assert report.interactions == Interaction.select().count() > 0
    assert report.sessions == Session.select().count() > 0
    assert report.life_events == LifeEvent.select().count() > 0
    assert report.absences == Absence.select().count() > 0
    assert report.quotes == Quote.select().count() > 0
    assert report.referrals == Referral.select().count() > 0
    assert report.cards == Card.select().count() > 0
    assert report.summary().startswith("60 contacts, ")
    assert seen[-1] == (120, 120)
    assert all(total == 120 and 0 <= done <= total for done, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    db.close()


# -- the situations a trainer needs, on any day ------------------------------

def reachable(today):
    return (
        (Contact.do_not_contact == False)  # noqa: E712
        & (Contact.archived == False)  # noqa: E712
        & Contact.snoozed_until.is_null()
        & (Contact.last_contact_on.is_null() | (Contact.last_contact_on < today))
    )


def ids(query) -> set[int]:
    return {row[0] for row in query.tuples()}


def situations(today: date) -> dict[str, set[int]]:
    """Contacts with each kind of plan item, by the method's rules, reachable today."""
    ok = reachable(today)
    customer = Contact.relationship.in_(vocab.CUSTOMER_RELATIONSHIPS)
    check_in = Contact.select(Contact.id).where(
        ok & (Contact.relationship == "client") & (Contact.check_in_due_on <= today))
    neglected = Contact.select(Contact.id).where(
        ok & customer & (Contact.last_purchase_on <= today - relativedelta(months=6))
        & (Contact.last_touch_on.is_null() | (Contact.last_touch_on < today - timedelta(days=30)))
    )
    back = (Absence.select(Absence.contact).join(Contact)
            .where(ok & (Absence.returns_on == today) & Absence.acknowledged_on.is_null()))
    window = [today + timedelta(days=k) for k in range(7)]
    events = (LifeEvent.select(LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day, LifeEvent.year,
                               LifeEvent.yearly)
              .join(Contact)
              .where(ok & LifeEvent.month_day.in_([d.month * 100 + d.day for d in window])
                     & LifeEvent.acknowledged_on.is_null()))
    life, kinds = set(), set()
    for contact, kind, month, day, year, yearly in events.tuples():
        if yearly or any((d.year, d.month, d.day) == (year, month, day) for d in window):
            life.add(contact)
            kinds.add(kind)
    quotes = (Quote.select(Quote.contact).join(Contact)
              .where(ok & (Quote.status == "open") & (Quote.sent_on <= today - timedelta(days=7))
                     & Quote.last_followed_up_on.is_null()))
    referrals = (Referral.select(Referral.contact).join(Contact, on=(Referral.contact == Contact.id))
                 .where(ok & Referral.called_on.is_null()))
    return {
        "check_in": ids(check_in), "neglected": ids(neglected), "back_from_absence": ids(back),
        "life_event": life, "life_event_kinds": kinds, "quote_follow_up": ids(quotes), "referral": ids(referrals),
    }


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2028, 2, 29), date(2026, 12, 31)])
def test_every_situation_is_there_today(new_store, today):
    db, _ = seeded(new_store(), contacts=200, seed=today.toordinal() % 97, today=today)
    found = situations(today)
    assert len(found["check_in"]) >= 2
    assert len(found["neglected"]) >= 2
    assert len(found["back_from_absence"]) >= 2
    assert len(found["life_event"]) >= 2
    assert found["life_event_kinds"] & {"wedding", "funeral"}
    assert len(found["quote_follow_up"]) >= 2
    assert 1 <= len(found["referral"]) <= 3
    # Nothing on or after today, and the yearly events never invent a 29 February.
    assert Interaction.select().where(Interaction.started_at >= today.isoformat()).count() == 0
    assert Session.select().where(Session.started_at >= today.isoformat()).count() == 0
    assert LifeEvent.select().where(LifeEvent.yearly & (LifeEvent.month == 2) & (LifeEvent.day == 29)).count() == 0
    # Some people are away right now, and a few came back earlier and got their call.
    away = Absence.select().where((Absence.starts_on <= today) & (Absence.returns_on > today)).count()
    assert away >= 2
    assert Absence.select().where((Absence.returns_on < today) & Absence.acknowledged_on.is_null(False)).count() >= 1
    assert Card.select().where(Card.status == "to_write").count() >= 2
    assert Contact.select().where(Contact.do_not_contact == True).count() >= 1  # noqa: E712
    assert Contact.select().where(Contact.next_touch_on <= today).count() >= 2
    assert Contact.select().where(Contact.next_touch_on > today).count() >= 1
    db.close()


def test_a_small_book_still_has_each_situation(tmp_path):
    db, _ = seeded(tmp_path / "book.db", contacts=20, seed=3)
    found = situations(TODAY)
    for name in ("check_in", "neglected", "back_from_absence", "life_event", "quote_follow_up", "referral"):
        assert found[name], name
    db.close()


# -- consistency ---------------------------------------------------------------

def test_denormalised_columns_follow_the_interactions(tmp_path):
    db, _ = seeded(tmp_path / "book.db", contacts=150, seed=2)
    touch = dict(
        Interaction.select(Interaction.contact, fn.MAX(fn.DATE(Interaction.started_at)))
        .where(Interaction.channel.in_(vocab.PERSONAL_CHANNELS) & (Interaction.outcome == "connected"))
        .group_by(Interaction.contact).tuples()
    )
    contact = dict(
        Interaction.select(Interaction.contact, fn.MAX(fn.DATE(Interaction.started_at)))
        .group_by(Interaction.contact).tuples()
    )
    for c in Contact.select():
        assert (c.last_touch_on.isoformat() if c.last_touch_on else None) == touch.get(c.id), c.id
        assert (c.last_contact_on.isoformat() if c.last_contact_on else None) == contact.get(c.id), c.id
        if c.relationship in vocab.CUSTOMER_RELATIONSHIPS:
            start = c.last_touch_on or c.customer_since or c.created_on
            assert c.check_in_due_on == start + timedelta(days=c.cadence_days), c.id
        else:
            assert c.check_in_due_on is None, c.id
        if c.relationship == "client":
            assert c.customer_since is not None and c.customer_since <= TODAY - timedelta(days=365)
    # Child rows point at real parents; sessions hold their interactions' times.
    assert Interaction.select().where(Interaction.session.is_null(False)).count() > 0
    for session in Session.select():
        assert session.ended_at >= session.started_at
    for ref in Referral.select():
        assert ref.contact is not None and ref.contact.relationship == "prospect"
        assert ref.name == ref.contact.name and ref.email == ref.contact.email
    for card in Card.select():
        assert card.cost_cents == CardCosts().total_cents == 6750 and card.minutes == 15
        assert (card.written_on is not None) == (card.status != "to_write")
        assert (card.mailed_on is not None) == (card.status == "mailed")
        assert (card.responded_on is not None) == bool(card.response)
    for event in LifeEvent.select():
        assert event.month_day == event.month * 100 + event.day
        date(event.year or 2001, event.month, event.day)  # a real day
    for quote in Quote.select():
        assert 50_000 <= quote.amount_cents <= 8_000_000
        assert (quote.decided_on is not None) == (quote.status != "open")
    db.close()


def test_realistic_mix(tmp_path):
    db, _ = seeded(tmp_path / "book.db", contacts=400, seed=9)
    mix = dict(Contact.select(Contact.relationship, fn.COUNT(Contact.id)).group_by(Contact.relationship).tuples())
    assert mix == {"client": 180, "past_client": 80, "prospect": 60, "supplier": 40, "colleague": 40}
    outcomes = dict(Interaction.select(Interaction.outcome, fn.COUNT(Interaction.id))
                    .group_by(Interaction.outcome).tuples())
    total = sum(outcomes.values())
    assert 0.35 < outcomes["connected"] / total < 0.6
    assert 0.15 < outcomes["voicemail"] / total < 0.35
    per_client = Interaction.select().join(Contact).where(Contact.relationship == "client").count() / 180
    assert 7 <= per_client <= 14
    for row in Interaction.select().where(Interaction.outcome == "connected"):
        assert 30 <= row.duration_s <= 900
    for row in Interaction.select().where(Interaction.outcome == "voicemail"):
        assert 20 <= row.duration_s <= 60
    unpaid = Contact.relationship.in_(("prospect", "colleague"))
    assert Contact.select().where(unpaid & (Contact.value_cents != 0)).count() == 0
    assert Contact.select().where(Contact.email != fn.LOWER(Contact.email)).count() == 0
    notes = " ".join(row.notes for row in Interaction.select(Interaction.notes).limit(500))
    assert "lorem" not in notes.lower() and "{" not in notes
    db.close()


def test_seeded_plan_has_every_reason_and_new_rows_follow_the_seeded_ids(new_store):
    """On each engine: the plan of a seeded book shows every reason; on PostgreSQL the
    serial sequences were moved past the seeded ids, so new rows get fresh ones."""
    from outreach_tui.store.queries import todays_plan
    from outreach_tui.store.recording import CallRecord, NewReferral, save_call, start_session

    db, report = seeded(new_store(), contacts=300, seed=7)
    plan = todays_plan(TODAY)
    reasons = {reason for item in plan.items for reason in item.reasons}
    assert reasons == set(vocab.REASONS)
    assert set(plan.counts) == set(vocab.REASONS)
    session_id = start_session("trainee", datetime(2026, 11, 23, 9, 0), 30)
    assert session_id == report.sessions + 1
    first = plan.items[0]
    saved = save_call(CallRecord(first.contact_id, "connected", reason=first.reason, card_kind="thank_you",
                                 referrals=(NewReferral("Lee Park", phone="555-0199"),)),
                      session_id=session_id, rep="trainee", now=datetime(2026, 11, 23, 9, 5))
    assert saved.interaction_id == report.interactions + 1
    assert saved.referral_contact_ids == (report.contacts + 1,)
    assert saved.card_id == report.cards + 1
    assert Card.get_by_id(saved.card_id).rep == "trainee"
    db.close()


def test_the_shipped_demo_words_all_load():
    """Every list in seed_data/demo is there, and every text uses only fields it is given."""
    demo_words.cache_clear()
    words = demo_words()
    assert words.products and words.trips and "{first}" in " ".join(words.voicemails)


# -- reset and adding -----------------------------------------------------------

def test_reset_empties_first_and_no_reset_adds(new_store):
    db, first = seeded(new_store(), contacts=40, seed=1)
    version = SchemaVersion.get().version
    seed_book(db, contacts=40, seed=1, today=TODAY)
    assert Contact.select().count() == 80
    assert Interaction.select().count() == 2 * first.interactions
    assert Contact.select(fn.COUNT(fn.DISTINCT(Contact.id))).scalar() == 80
    report = seed_book(db, contacts=40, seed=1, today=TODAY, reset=True)
    assert report.deleted > 0
    assert Contact.select().count() == 40
    assert Interaction.select().count() == first.interactions
    assert [row.version for row in SchemaVersion.select()] == [version]
    report = seed_book(db, contacts=0, seed=1, today=TODAY, reset=True)
    assert report.total == 0
    assert all(model.select().count() == 0 for model in MODELS if model is not SchemaVersion)
    assert SchemaVersion.select().count() == 1
    db.close()


# -- vocabulary -----------------------------------------------------------------

def test_vocabulary_columns_use_the_stable_strings(tmp_path):
    db, _ = seeded(tmp_path / "book.db", contacts=200, seed=4)
    checks = (
        (Contact.relationship, vocab.RELATIONSHIPS),
        (Interaction.channel, vocab.CHANNELS),
        (Interaction.reason, vocab.REASONS),
        (Interaction.outcome, vocab.OUTCOMES),
        (Quote.status, vocab.QUOTE_STATUSES),
        (LifeEvent.kind, vocab.LIFE_EVENT_KINDS),
        (Card.kind, vocab.CARD_KINDS),
        (Card.status, vocab.CARD_STATUSES),
        (Card.reason, vocab.REASONS),
        (Card.response, ("", *vocab.CARD_RESPONSES)),
    )
    for column, allowed in checks:
        values = {row[0] for row in column.model.select(column).distinct().tuples()}
        assert values and values <= set(allowed), (column.name, values - set(allowed))
    timezones = {row[0] for row in Contact.select(Contact.timezone).distinct().tuples()}
    assert "" in timezones and "America/Chicago" in timezones
    db.close()


def test_faker_is_loaded_only_when_seeding():
    code = "import sys, outreach_tui.store.seeding; print('faker' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_negative_count_is_refused(tmp_path):
    db = open_store(tmp_path / "book.db")
    with pytest.raises(ValueError):
        seed_book(db, contacts=-1, seed=1, today=TODAY)
    db.close()


def test_bulk_insert_fills_defaults_for_columns_not_listed(tmp_path):
    db = open_store(tmp_path / "book.db")
    with db.atomic():
        _insert(db, Session, (Session.id, Session.rep, Session.started_at), [(7, "ann", "2026-01-05 09:00:00")])
    session = Session.get_by_id(7)
    assert (session.rep, session.planned_minutes, session.reflection) == ("ann", 30, "")
    db.close()
