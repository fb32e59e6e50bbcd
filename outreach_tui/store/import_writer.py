"""The writing half of an import: which contact each record is, and batched adds and merges.

`Resolver` matches records to stored contacts (and to earlier records of the same
file) on keys; `Writer` adds new contacts with one multi-row INSERT per batch and
merges the rest into stored ones, inside the caller's transaction.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from peewee import DatabaseError, chunked

from outreach_tui.core.contact_fields import EVENT_KINDS, email_key, name_key, phone_key
from outreach_tui.core.contact_merge import merge_contact
from outreach_tui.core.import_record import Incoming, Problem, is_placeholder_name, new_row
from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.store.contacts_search import search_changes
from outreach_tui.store.search_columns import SEARCH_COLUMNS, SEARCH_FIELDS, search_values
from outreach_tui.store.models import Contact, LifeEvent

DEFAULT_CADENCE_DAYS = 90
BATCH = 500  # contacts per INSERT / per merge round trip


# Matching -------------------------------------------------------------------


@dataclass
class FileKeys:
    """The file's keys, each mapped to itself so that the store side can reuse the same string."""

    emails: dict[str, str] = field(default_factory=dict)
    phones: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, contact: Incoming) -> None:
        for key in contact.emails:
            self.emails.setdefault(key, key)
        for key in contact.phones:
            self.phones.setdefault(key, key)
        if contact.name_key:
            self.names.setdefault(contact.name_key, contact.name_key)


class Resolver:
    """Which contact a record is: a stored one (its id), an earlier record of the file
    (a negative ordinal), or nobody yet. Matching goes by email, then phone, then
    name + company; a phone or name match is refused when the emails (or phones) differ,
    so two people sharing an office line stay two people. Of several contacts sharing a
    name and company, a record goes to the one holding no email or phone the record
    lacks, so importing a file again lands each record where it landed before."""

    def __init__(self) -> None:
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.more_by_name: dict[str, list[int]] = {}  # the rare names several contacts share
        self.primary: dict[int, tuple[str | None, str | None]] = {}
        self.new_count = 0

    def load_store(self, keys: FileKeys) -> None:
        """One scan of the store, keeping only contacts that share a key with the file."""
        if not (keys.emails or keys.phones or keys.names):
            return
        rows = Contact.select(Contact.id, Contact.name, Contact.company, Contact.email, Contact.phone)
        for contact_id, name, company, email, phone in rows.order_by(Contact.id).tuples().iterator():
            ek, pk = email_key(email), phone_key(phone)
            nk = None if is_placeholder_name({"name": name, "email": email, "phone": phone}) \
                else name_key(name, company)
            # Only keys the file has can ever be looked up: the others are not kept.
            file_ek, file_pk = keys.emails.get(ek), keys.phones.get(pk)
            file_nk = keys.names.get(nk) if nk else None
            if file_ek or file_pk or file_nk:
                self._register(contact_id, (file_ek,) if file_ek else (), (file_pk,) if file_pk else (), file_nk)
                # The stored email and phone themselves, for the conflict checks.
                self.primary[contact_id] = (file_ek or ek, file_pk or pk)

    def resolve(self, contact: Incoming) -> int | None:
        for key in contact.emails:
            if key in self.by_email:
                return self.by_email[key]
        for key in contact.phones:
            entity = self.by_phone.get(key)
            if entity is not None and not self._email_conflict(entity, contact):
                return entity
        first = self.by_name.get(contact.name_key) if contact.name_key else None
        named = () if first is None else (first, *self.more_by_name.get(contact.name_key, ()))
        candidates = [entity for entity in named
                      if not self._email_conflict(entity, contact) and not self._phone_conflict(entity, contact)]
        return min(candidates, key=lambda entity: self._keys_beyond(entity, contact), default=None)

    def add(self, contact: Incoming) -> int:
        self.new_count += 1
        entity = -self.new_count
        self.register(entity, contact)
        return entity

    def register(self, entity: int, contact: Incoming) -> None:
        self._register(entity, contact.emails, contact.phones, contact.name_key)

    def _register(self, entity: int, emails, phones, name) -> None:
        for key in emails:
            self.by_email.setdefault(key, entity)
        for key in phones:
            self.by_phone.setdefault(key, entity)
        if name:
            first = self.by_name.setdefault(name, entity)
            if first != entity and entity not in self.more_by_name.get(name, ()):
                self.more_by_name.setdefault(name, []).append(entity)
        email, phone = self.primary.get(entity, (None, None))
        self.primary[entity] = (email or (emails[0] if emails else None), phone or (phones[0] if phones else None))

    def _keys_beyond(self, entity: int, contact: Incoming) -> int:
        """How many of the email and phone the contact holds the record does not."""
        email, phone = self.primary.get(entity, (None, None))
        return bool(email and not contact.emails) + bool(phone and not contact.phones)

    def _email_conflict(self, entity: int, contact: Incoming) -> bool:
        email = self.primary.get(entity, (None, None))[0]
        return bool(email and contact.emails and email not in contact.emails)

    def _phone_conflict(self, entity: int, contact: Incoming) -> bool:
        phone = self.primary.get(entity, (None, None))[1]
        return bool(phone and contact.phones and phone not in contact.phones)


# Writing --------------------------------------------------------------------

MERGE_FIELDS = ("name", "first_name", "company", "title", "email", "phone", "timezone", "notes")


CONTACT_COLUMNS = ("name", "first_name", "company", "title", "email", "phone", "timezone", "notes",
                   "relationship", "cadence_days", "created_on", "check_in_due_on")
EVENT_COLUMNS = ("contact", "kind", "month", "day", "year", "yearly", "month_day", "note")


def _event_row(contact_id: int, event: dict) -> tuple:
    return (contact_id, event["kind"], event["month"], event["day"], event["year"], True,
            event["month"] * 100 + event["day"], "")


def bulk_insert(model, columns: tuple[str, ...], rows: list[tuple], returning: bool = False) -> list[int]:
    """One multi-row INSERT (RETURNING the ids, in row order, when asked).

    Peewee's insert_many builds a node per value, which costs more than the insert
    itself at 100k rows; the statement here is plain SQL with parameters, values
    passed through each field's db_value like Peewee would.
    """
    if not rows:
        return []
    db = model._meta.database
    fields = [model._meta.fields[name] for name in columns]
    # Columns not given get their Peewee default, as insert_many would (callables once per batch).
    defaults = [field for field in model._meta.sorted_fields
                if field.name not in columns and not field.primary_key and field.default is not None]
    if defaults:
        extra = tuple(field.default() if callable(field.default) else field.default for field in defaults)
        fields += defaults
        rows = [row + extra for row in rows]
    quote = db.quote
    names = ", ".join(f"{quote[0]}{field.column_name}{quote[1]}" for field in fields)
    one = "(" + ", ".join([db.param] * len(fields)) + ")"
    table = f"{quote[0]}{model._meta.table_name}{quote[1]}"
    sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(rows))
    if returning:
        sql += f" RETURNING {quote[0]}{model._meta.primary_key.column_name}{quote[1]}"
    converters = [field.db_value for field in fields]
    params = [convert(value) for row in rows for convert, value in zip(converters, row)]
    cursor = db.execute_sql(sql, params)
    return [row[0] for row in cursor.fetchall()] if returning else []


class Writer:
    """Batched writes of one import, inside the caller's transaction."""

    def __init__(self, today: date, relationship: str, prefer_import: bool = False) -> None:
        self.today = today
        self.relationship = relationship
        self.prefer_import = prefer_import
        self.conflicts: list[tuple[int, Problem]] = []  # (line, what differed), as merges find them
        self.pending: dict[int, dict] = {}  # new contacts not yet inserted, by entity
        self.pending_events: dict[int, list[dict]] = {}
        self.new_ids = array("q")  # ordinal - 1 -> stored id
        self.merges: list[tuple[int, int, Incoming]] = []  # (stored id, line, contact)

    def add(self, entity: int, contact: Incoming) -> None:
        row = new_row(contact)
        relationship = contact.relationship or self.relationship
        row.update(
            relationship=relationship,
            cadence_days=DEFAULT_CADENCE_DAYS,
            created_on=self.today,
            check_in_due_on=check_in_due(relationship, DEFAULT_CADENCE_DAYS, None, None, self.today),
        )
        self.pending[entity] = row
        self.pending_events[entity] = [
            {"kind": e.kind, "month": e.month, "day": e.day, "year": e.year} for e in contact.events
        ]
        if len(self.pending) >= BATCH:
            self.flush_new()

    def merge(self, entity: int, contact: Incoming, line: int) -> None:
        if entity in self.pending:
            self._merge(self.pending[entity], self.pending_events[entity], contact, line)
            return
        stored_id = entity if entity > 0 else self.new_ids[-entity - 1]
        self.merges.append((stored_id, line, contact))
        if len(self.merges) >= BATCH:
            self.flush_merges()

    def _merge(self, row: dict, events: list[dict], contact: Incoming, line: int):
        merged = merge_contact(row, events, contact, today=self.today, prefer_import=self.prefer_import)
        self.conflicts.extend((line, problem) for problem in merged.conflicts)
        return merged

    def flush(self) -> None:
        self.flush_new()
        self.flush_merges()

    def flush_new(self) -> None:
        if not self.pending:
            return
        entities = list(self.pending)
        rows = []
        for entity in entities:
            row = self.pending[entity]
            rows.append(tuple(row[name] for name in CONTACT_COLUMNS)
                        + search_values(*(row[name] for name in SEARCH_FIELDS)))
        ids = bulk_insert(Contact, CONTACT_COLUMNS + SEARCH_COLUMNS, rows, returning=True)
        if len(ids) != len(entities):
            raise DatabaseError("the store did not return the new contacts' ids")
        self.new_ids.extend(ids)
        events = [_event_row(contact_id, event) for entity, contact_id in zip(entities, ids)
                  for event in self.pending_events[entity]]
        for batch in chunked(events, BATCH):
            bulk_insert(LifeEvent, EVENT_COLUMNS, batch)
        self.pending.clear()
        self.pending_events.clear()

    def flush_merges(self) -> None:
        if not self.merges:
            return
        ids = list(dict.fromkeys(contact_id for contact_id, _, _ in self.merges))
        rows: dict[int, dict] = {}
        events: dict[int, list[dict]] = defaultdict(list)
        columns = [Contact.id, *(getattr(Contact, name) for name in MERGE_FIELDS)]
        for batch in chunked(ids, BATCH):
            for row in Contact.select(*columns).where(Contact.id.in_(batch)).dicts():
                rows[row["id"]] = row
            stored = (
                LifeEvent.select(LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
                                 LifeEvent.year)
                .where(LifeEvent.contact.in_(batch) & LifeEvent.kind.in_(EVENT_KINDS))
                .order_by(LifeEvent.id)
                .dicts()
            )
            for event in stored:
                events[event["contact"]].append(event)
        changed: dict[int, set[str]] = defaultdict(set)
        new_events, dated = [], []
        for contact_id, line, contact in self.merges:
            row = rows.get(contact_id)
            if row is None:
                continue
            merged = self._merge(row, events[contact_id], contact, line)
            changed[contact_id] |= merged.changed
            new_events.extend(_event_row(contact_id, event) for event in merged.added_events)
            dated.extend(event for event in merged.updated_events if "id" in event)
        for contact_id, names in changed.items():
            if names:
                row = rows[contact_id]
                changes = {getattr(Contact, name): row[name] for name in names}
                if not names.isdisjoint(SEARCH_FIELDS):
                    changes.update(search_changes(row))
                Contact.update(changes).where(Contact.id == contact_id).execute()
        for batch in chunked(new_events, BATCH):
            bulk_insert(LifeEvent, EVENT_COLUMNS, batch)
        for event in {id(event): event for event in dated}.values():
            LifeEvent.update(month=event["month"], day=event["day"], year=event["year"],
                             month_day=event["month"] * 100 + event["day"]).where(LifeEvent.id == event["id"]).execute()
        self.merges.clear()
