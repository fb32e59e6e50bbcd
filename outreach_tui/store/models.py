"""Peewee models of the book: contacts and everything the method tracks about them.

All models bind to one `DatabaseProxy`, initialised by `store.connection.open_store`.
Vocabulary columns hold the exact strings of `core.vocab`; dates that the planner
filters on are indexed.
"""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SQL,
    TextField,
)

from outreach_tui.store.generated import GeneratedColumn
from outreach_tui.store.next_due import REACH_INDEX, REACH_INDEX_COLUMNS, NextDueField
from outreach_tui.store.value_band import BAND_INDEXES, ValueBandField
from outreach_tui.store.search_columns import search_columns

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database


class SchemaVersion(BaseModel):
    """One row: the migration number the store is at."""

    version = IntegerField()

    class Meta:
        table_name = "schema_version"


# What the plan's count of due contacts reads (see queries.routine_counts); next_touch_on since
# schema 7 (a contact waiting for a date the rep set is not counted as due).
DUE_SCAN_COLUMNS = ("relationship", "check_in_due_on", "last_purchase_on", "last_touch_on", "snoozed_until",
                    "last_contact_on", "do_not_contact", "archived", "next_touch_on")
DUE_SCAN_INDEX = "contact_due_scan"


class Contact(BaseModel):
    name = CharField(index=True)
    first_name = CharField(default="")
    company = CharField(default="", index=True)
    title = CharField(default="")
    relationship = CharField(default="client", index=True)
    phone = CharField(default="")
    email = CharField(default="", index=True)
    timezone = CharField(default="")
    cadence_days = IntegerField(default=90)
    value_cents = IntegerField(default=0, index=True)  # lifetime value; the plan reads best first
    customer_since = DateField(null=True)
    last_purchase_on = DateField(null=True, index=True)
    # Last call or visit that reached them: the only touch that resets the cadence.
    last_touch_on = DateField(null=True)
    # Last interaction of any kind, including skips: keeps a contact off today's plan.
    last_contact_on = DateField(null=True, index=True)
    # last_touch_on (or customer_since) + cadence_days, kept on write so that due
    # check-ins are one indexed range scan.
    check_in_due_on = DateField(null=True, index=True)
    next_touch_on = DateField(null=True, index=True)  # a date the rep set
    snoozed_until = DateField(null=True)
    do_not_contact = BooleanField(default=False)
    archived = BooleanField(default=False)
    family = TextField(default="")  # family and personal details
    notes = TextField(default="")
    created_on = DateField()
    # What search reads (schema 4), made by `search_columns.search_columns` from name,
    # company, email, phone and notes on every write of those: save() below, and each
    # bulk writer. The SQL defaults let the columns be added to a full table.
    search_name = TextField(default="", constraints=[SQL("DEFAULT ''")])
    search_text = TextField(default="", constraints=[SQL("DEFAULT ''")])
    search_words = TextField(default="", constraints=[SQL("DEFAULT ''")])
    search_phone = TextField(default="", constraints=[SQL("DEFAULT ''")])
    # The day they next fall due (schema 9, `core.due_date`): computed by the database
    # from the columns above on every write, so no writer sets it.
    next_due_on = NextDueField(null=True)
    # Its band of value (schema 13, `store.value_band`), generated from value_cents likewise.
    value_band = ValueBandField(null=True)

    class Meta:
        table_name = "contact"
        indexes = ((("archived", "search_name"), False),)

    def save(self, *args, **kwargs):
        for column, value in search_columns(self.name, self.company, self.email, self.phone, self.notes).items():
            setattr(self, column, value)
        for field in self._meta.sorted_fields:  # generated columns: the database refuses a value for them
            if isinstance(field, GeneratedColumn):
                self.__data__.pop(field.name, None)
        return super().save(*args, **kwargs)


# Schema 6: every column the plan's count of who is due reads, so that count scans this
# index instead of the whole (wide) contact rows.
Contact.add_index(Contact.index(*(getattr(Contact, column) for column in DUE_SCAN_COLUMNS), name=DUE_SCAN_INDEX))
# Schema 12 (9 to 11: value and next_due_on only): due contacts best value first, with who
# is due and who could reach the list read from the index itself.
# Schema 13 (BAND_INDEXES): within a band of value, straight to who is overdue or unbought
# long enough to reach the list.
for _name, _columns in {REACH_INDEX: REACH_INDEX_COLUMNS, **BAND_INDEXES}.items():
    Contact.add_index(Contact.index(*(getattr(Contact, column) for column in _columns), name=_name))


class LifeEvent(BaseModel):
    contact = ForeignKeyField(Contact, backref="life_events", on_delete="CASCADE")
    kind = CharField()
    month = IntegerField()
    day = IntegerField()
    year = IntegerField(null=True)  # unknown for a birthday given as --05-12
    yearly = BooleanField(default=False)
    # The month*100+day of the event, so a window of days is one indexed IN/range.
    month_day = IntegerField(index=True)
    note = CharField(default="")  # "daughter Emma's wedding"
    acknowledged_on = DateField(null=True)  # the rep called or queued a card

    class Meta:
        table_name = "life_event"


class Absence(BaseModel):
    contact = ForeignKeyField(Contact, backref="absences", on_delete="CASCADE")
    place = CharField(default="")  # where they are: "Mexico"
    why = CharField(default="")
    starts_on = DateField(null=True)
    returns_on = DateField(index=True)
    acknowledged_on = DateField(null=True)  # the welcome-back call happened

    class Meta:
        table_name = "absence"


class Quote(BaseModel):
    contact = ForeignKeyField(Contact, backref="quotes", on_delete="CASCADE")
    description = CharField(default="")
    amount_cents = IntegerField(default=0)
    sent_on = DateField()
    status = CharField(default="open", index=True)
    decided_on = DateField(null=True)
    last_followed_up_on = DateField(null=True)

    class Meta:
        table_name = "quote"


class Session(BaseModel):
    rep = CharField(index=True)
    started_at = DateTimeField(index=True)
    ended_at = DateTimeField(null=True)
    planned_minutes = IntegerField(default=30)
    reflection = TextField(default="")
    # The window working the session (schema 8, see `store.windows`): its machine and
    # process, and when it last said it is there (UTC).
    host = CharField(default="", constraints=[SQL("DEFAULT ''")])
    pid = IntegerField(null=True)
    seen_at = DateTimeField(null=True)

    class Meta:
        table_name = "session"


class Interaction(BaseModel):
    session = ForeignKeyField(Session, null=True, backref="interactions", on_delete="SET NULL")
    contact = ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    rep = CharField(default="", index=True)
    channel = CharField(default="call")
    reason = CharField(default="check_in")
    outcome = CharField()
    started_at = DateTimeField(index=True)
    duration_s = IntegerField(default=0)
    notes = TextField(default="")
    their_view = TextField(default="")  # how it went for them
    follow_up_on = DateField(null=True)

    class Meta:
        table_name = "interaction"
        indexes = ((("contact", "started_at"), False),)


class Referral(BaseModel):
    referred_by = ForeignKeyField(Contact, backref="referrals_given", on_delete="CASCADE")
    interaction = ForeignKeyField(Interaction, null=True, backref="referrals", on_delete="SET NULL")
    name = CharField()
    phone = CharField(default="")
    email = CharField(default="")
    contact = ForeignKeyField(Contact, null=True, backref="referred_as", on_delete="SET NULL")
    given_on = DateField()
    called_on = DateField(null=True, index=True)

    class Meta:
        table_name = "referral"


class Card(BaseModel):
    contact = ForeignKeyField(Contact, backref="cards", on_delete="CASCADE")
    kind = CharField()
    reason = CharField(default="")
    status = CharField(default="to_write", index=True)
    note = TextField(default="")
    created_on = DateField(index=True)
    written_on = DateField(null=True)
    mailed_on = DateField(null=True)
    cost_cents = IntegerField(default=0)
    minutes = IntegerField(default=15)
    response = CharField(default="")
    responded_on = DateField(null=True)
    interaction = ForeignKeyField(Interaction, null=True, backref="cards", on_delete="SET NULL")
    life_event = ForeignKeyField(LifeEvent, null=True, backref="cards", on_delete="SET NULL")
    # Who queued it (schema 2); the SQL default lets the column be added to a full table.
    rep = CharField(default="", index=True, constraints=[SQL("DEFAULT ''")])

    class Meta:
        table_name = "card"


class Claim(BaseModel):
    """Team mode: a contact one rep is working, so no other rep gets them (schema 2).

    One row per contact at most. A claim past `expires_at` is free for anyone, so a
    crashed rep's contacts come back by themselves. Times are UTC, because reps
    sharing one PostgreSQL book may sit in different time zones.
    """

    contact = ForeignKeyField(Contact, unique=True, backref="claims", on_delete="CASCADE")
    rep = CharField(index=True)
    claimed_at = DateTimeField()
    expires_at = DateTimeField(index=True)
    session = ForeignKeyField(Session, null=True, backref="claims", on_delete="SET NULL")

    class Meta:
        table_name = "claim"


class SessionDraft(BaseModel):
    """A session in progress and the unsaved call in it (schema 3; one per session since 9).

    One row per session (a rep with two windows has two), rewritten a second or so after
    each change, so a crash, a closed terminal or a power cut costs at most that much
    typing. `state` is JSON written and read by `ui.resume`; ending the session deletes it.
    """

    rep = CharField(index=True)
    session = ForeignKeyField(Session, unique=True, backref="drafts", on_delete="CASCADE")
    state = TextField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "session_draft"


class SeedRange(BaseModel):
    """Rows seeding made: ids `first_id`..`last_id` of `table` (schema 10), one range per
    table per seeding, so `seed --reset` can tell a demo book from real work."""

    table = CharField()
    first_id = IntegerField()
    last_id = IntegerField()
    seeded_on = DateField(null=True)  # the day of the seeding (schema 11): when the demo book was built

    class Meta:
        table_name = "seed_range"


MODELS = (SchemaVersion, Contact, LifeEvent, Absence, Quote, Session, Interaction, Referral, Card, Claim,
          SessionDraft, SeedRange)
