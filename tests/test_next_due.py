"""next_due_on (schema 9): the day the rules make a contact due, kept by the database on every write."""

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from outreach_tui.core.due_date import next_due_on
from outreach_tui.core.plan_facts import ContactFacts
from outreach_tui.core.plan_signals import check_in_signal, follow_up_signal, neglected_signal
from outreach_tui.core.planner import excluded, held
from outreach_tui.store import migrations
from outreach_tui.store.connection import open_store
from outreach_tui.store.contact_edit import save_contact, set_flags
from outreach_tui.store.logging_touches import log_touch
from outreach_tui.store.models import Contact
from outreach_tui.store.recording import snooze

SCHEMA_8 = Path(__file__).parent / "fixtures" / "store_v8.db"  # written by schema 8, `outreach seed`
TODAY = date(2026, 11, 23)
RULE_COLUMNS = ("relationship", "check_in_due_on", "last_purchase_on", "last_touch_on", "next_touch_on",
                "snoozed_until", "last_contact_on", "do_not_contact", "archived")

days = st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31)))
contacts = st.fixed_dictionaries({
    "relationship": st.sampled_from(("client", "past_client", "prospect", "supplier")),
    "check_in_due_on": days, "last_purchase_on": days, "last_touch_on": days, "next_touch_on": days,
    "snoozed_until": days, "last_contact_on": days,
    "do_not_contact": st.booleans(), "archived": st.booleans(),
})


def due_by_the_planner(facts: ContactFacts, today: date) -> bool:
    """What the plan does with this contact today, away and claims aside: due for something, or not."""
    if excluded(facts, today):
        return False
    if follow_up_signal(facts, today):
        return True
    return not held(facts, today) and bool(check_in_signal(facts, today) or neglected_signal(facts, today, _rules()))


def _rules():
    from outreach_tui.core.due_date import STORED_RULES
    return STORED_RULES


def stored_against_rule(db) -> list[tuple]:
    """(id, stored, by the rule) for every contact whose stored day is not the rule's."""
    wrong = []
    for contact in Contact.select():
        rule = next_due_on(**{column: getattr(contact, column) for column in RULE_COLUMNS})
        if contact.next_due_on != rule:
            wrong.append((contact.id, contact.next_due_on, rule))
    return wrong


@settings(max_examples=400, deadline=None)
@given(contacts, st.dates(date(2025, 6, 1), date(2027, 6, 30)))
def test_due_on_the_stored_day_exactly_when_the_planner_says_so(values, today):
    facts = ContactFacts(1, "A", cadence_days=90, **values)
    day = next_due_on(**values)
    assert (day is not None and day <= today) == due_by_the_planner(facts, today)


def test_a_schema_8_store_gets_the_day_of_every_contact(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(SCHEMA_8, path)
    before = sqlite3.connect(path).execute("select count(*) from contact").fetchone()[0]
    db = open_store(path)
    assert migrations.stored_version(db) == migrations.latest_version()
    assert Contact.select().count() == before == 150
    assert Contact.select().where(Contact.next_due_on.is_null(False)).count() > 50
    assert stored_against_rule(db) == []
    indexes = {index.name for index in db.get_indexes("contact")}
    assert "contact_value_reach" in indexes and "contact_value_due" not in indexes
    db.close()


@pytest.fixture
def store(any_store):
    return any_store


WRITES = st.lists(st.tuples(
    st.sampled_from(("edit", "flags", "log", "snooze", "update", "create")),
    st.integers(0, 5), contacts, st.sampled_from(("connected", "voicemail", "no_answer", "skipped")),
    st.integers(0, 60)), min_size=1, max_size=8)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(WRITES)
def test_every_write_path_leaves_the_rules_day(store, writes):
    ids = [Contact.create(name=f"C{n}", relationship="client", created_on=TODAY - timedelta(days=400),
                          check_in_due_on=TODAY - timedelta(days=n)).id for n in range(6)]
    now = datetime.combine(TODAY, datetime.min.time()).replace(hour=10)
    for path, which, values, outcome, offset in writes:
        contact_id = ids[which]
        if path == "edit":
            save_contact(contact_id, {"relationship": values["relationship"], "notes": "edited"})
        elif path == "flags":
            set_flags(contact_id, do_not_contact=values["do_not_contact"], archived=values["archived"])
        elif path == "log":
            log_touch(contact_id, outcome, rep="r", now=now + timedelta(days=offset))
        elif path == "snooze":
            snooze(contact_id, TODAY + timedelta(days=offset + 1), session_id=None, rep="r", now=now)
        elif path == "update":
            Contact.update(**values).where(Contact.id == contact_id).execute()
        else:
            ids.append(Contact.create(name="New", created_on=TODAY, **values).id)
    assert stored_against_rule(store) == []
    Contact.delete().execute()
