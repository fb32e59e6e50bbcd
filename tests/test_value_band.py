"""value_band (schema 13): each contact's band of value, kept by the database, and the band indexes
the routine read seeks by."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from old_stores import assert_rows_kept, copy_with_rows
from outreach_tui.core.plan_items import PlanRules
from outreach_tui.core.planner import ScoreToBeat
from outreach_tui.core.routine_reach import VALUE_BANDS
from outreach_tui.store import migrations, routine_read
from outreach_tui.store.connection import open_store
from outreach_tui.store.contact_edit import save_contact
from outreach_tui.store.models import Contact, database
from outreach_tui.store.queries import routine_candidates, todays_plan
from outreach_tui.store.value_band import BAND_INDEXES

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(any_store):
    return any_store


def band_number(value: int) -> int:
    return next(number for number, band in enumerate(VALUE_BANDS) if band.low is None or value >= band.low)


def edge_values() -> list[int]:
    """Each band's lowest value and the one below it, and values past either end."""
    values = [-5, 0, 2**31 - 1]
    for band in VALUE_BANDS:
        if band.low is not None:
            values += [band.low, band.low - 1]
    return values


def test_the_database_puts_every_value_in_the_band_the_reader_walks(store):
    values = edge_values()
    Contact.insert_many([{"name": f"C{n}", "value_cents": value, "created_on": TODAY}
                         for n, value in enumerate(values)]).execute()
    stored = dict(Contact.select(Contact.value_cents, Contact.value_band).tuples())
    assert stored == {value: band_number(value) for value in values}


def test_an_edit_moves_a_contact_to_its_new_band(store):
    contact = Contact.create(name="Ann", value_cents=100, created_on=TODAY)
    save_contact(contact.id, {"value_cents": VALUE_BANDS[0].low})
    assert Contact.get_by_id(contact.id).value_band == 0
    Contact.update(value_cents=0).where(Contact.id == contact.id).execute()  # a bulk write too
    assert Contact.get_by_id(contact.id).value_band == len(VALUE_BANDS) - 1


def test_a_full_list_reads_a_band_by_purchase_from_its_index(store, monkeypatch):
    """Once the last place needs a long-unbought customer, the band is read oldest purchase
    first from the band index: the old purchases come in, the recent ones are never read."""
    Contact.insert_many([  # the dearest bought most lately: value order alone would read them all
        {"name": f"C{n:03d}", "search_name": f"c{n:03d}", "relationship": "client",
         "value_cents": VALUE_BANDS[0].low + 200 - n, "check_in_due_on": TODAY - timedelta(days=60),
         "last_purchase_on": TODAY - timedelta(days=30 + 3 * n), "created_on": TODAY - timedelta(days=900)}
        for n in range(200)]).execute()
    pages = []
    real_conditions = routine_read._Page.conditions

    def spy(page, number, band, way, after, reach):
        pages.append(way)
        return real_conditions(page, number, band, way, after, reach)

    monkeypatch.setattr(routine_read._Page, "conditions", spy)
    to_beat = ScoreToBeat()
    read = []
    for contact in routine_candidates(TODAY, PlanRules(), {}, None, to_beat):
        read.append(contact)
        if len(read) == 64:  # a full list whose last place scores 70: 16 months unbought, on top value
            to_beat.score, to_beat.name = 70.0, "c999"
    assert pages[0] is routine_read.VALUE_ORDER and pages[-1] is routine_read.BY_PURCHASE
    later = read[64:]
    assert later and len(read) < 150
    assert all(c.last_purchase_on <= TODAY - timedelta(days=480) for c in later)
    plan = todays_plan(TODAY, PlanRules(), 10, counts=False).items
    assert plan == todays_plan(TODAY, PlanRules(), counts=False).items[:10]


def test_the_band_pages_seek_by_the_band_index(tmp_path):
    db = open_store(tmp_path / "book.db")
    try:
        page = ('SELECT id FROM contact AS t1 WHERE t1.value_band = 0 AND t1.last_purchase_on <= \'2025-01-01\''
                ' AND t1.check_in_due_on <= \'2026-10-01\' ORDER BY t1.last_purchase_on, t1.id LIMIT 64')
        plan = " ".join(row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + page).fetchall())
        assert "USING INDEX contact_band_purchase (value_band=? AND last_purchase_on<?)" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # read in the index's order: a page costs its rows, not the band
    finally:
        db.close()


def test_a_schema_12_store_gets_the_bands_with_nothing_lost(tmp_path):
    path, before = copy_with_rows("store_v12.db", tmp_path)  # schema 11's fixture opened by schema 12
    assert max(row[-1] for row in before["schema_version"][1]) == 12
    db = open_store(path)
    assert migrations.stored_version(db) == migrations.latest_version() == 14
    assert_rows_kept(db, before)
    assert len(rows_by_band := list(Contact.select(Contact.value_cents, Contact.value_band).tuples())) > 100
    assert all(band == band_number(value) for value, band in rows_by_band)
    indexes = {index.name: index.columns for index in db.get_indexes("contact")}
    for name, columns in BAND_INDEXES.items():
        assert indexes[name] == list(columns)
    whole = todays_plan(TODAY, PlanRules(), counts=False).items
    assert todays_plan(TODAY, PlanRules(), 10, counts=False).items == whole[:10]
    db.close()
    assert database.obj is None or database.is_closed()
