"""Seeding a store: `seed_book` makes the book (builder.py) and writes it in one transaction."""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass
from datetime import date
from typing import Callable

from peewee import Database, PostgresqlDatabase, SqliteDatabase, chunked

from outreach_tui.store.migrations import trigram_filled_at_the_end
from outreach_tui.store.models import (
    Absence,
    Card,
    Contact,
    Interaction,
    LifeEvent,
    Quote,
    Referral,
    SeedRange,
    Session,
)
from outreach_tui.store.seeding.builder import BookBuilder
from outreach_tui.store.seed_ranges import RealWork, first_ids, note_seeded, unseeded_counts
from outreach_tui.store.seeding.records import (
    CONNECTED,
    ROLE_DNC,
    SKIPPED,
    VOICEMAIL,
    FastRandom,
    SeedInteraction,
)
from outreach_tui.store.seeding.words import demo_words
from outreach_tui.store.search_columns import search_values


@dataclass
class SeedReport:
    """Rows added per table (and removed by a reset)."""

    contacts: int = 0
    life_events: int = 0
    absences: int = 0
    quotes: int = 0
    sessions: int = 0
    interactions: int = 0
    referrals: int = 0
    cards: int = 0
    deleted: int = 0  # rows a reset removed, all tables together
    seconds: float = 0.0  # wall time, for the command's message

    @property
    def total(self) -> int:
        return (self.contacts + self.life_events + self.absences + self.quotes + self.sessions
                + self.interactions + self.referrals + self.cards)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One line for the command: '300 contacts, 2,104 interactions in 212 sessions, …'."""
        text = (
            f"{self.contacts:,} contacts, {self.interactions:,} interactions in {self.sessions:,} sessions, "
            f"{self.quotes:,} quotes, {self.life_events:,} life events, {self.absences:,} absences, "
            f"{self.referrals:,} referrals, {self.cards:,} cards"
        )
        if self.deleted:
            text += f" (after removing {self.deleted:,} old rows)"
        return text


# Children before parents, so a reset never trips a foreign key.
SEEDED_MODELS = (Card, Referral, Interaction, Session, Quote, Absence, LifeEvent, Contact)


COLLEAGUES = 3


def demo_colleagues(seed: int, avoid: str) -> list[str]:
    """The made-up reps a demo book's history belongs to (Faker first names, from the seed):
    never `avoid`, the trainee, whose review starts at zero."""
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    names: list[str] = []
    while len(names) < COLLEAGUES:
        name = fake.first_name()
        if name.casefold() != avoid.casefold() and name not in names:
            names.append(name)
    return names


def _stamp(iso: str, secs: int) -> str:
    return f"{iso} {secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}"


def _reflection(rng: random.Random, group: list[SeedInteraction], reflections: tuple[str, ...]) -> str:
    if rng.random() >= 0.35:
        return ""
    calls = sum(1 for ix in group if ix.outcome != SKIPPED)
    connected = sum(1 for ix in group if ix.outcome == CONNECTED)
    voicemails = sum(1 for ix in group if ix.outcome == VOICEMAIL)
    options = [text for text in reflections
               if ("{connected}" not in text or connected >= 2) and ("{voicemails}" not in text or voicemails >= 2)]
    return rng.choice(options).format(connected=connected, calls=calls, voicemails=voicemails)


def _insert(db: Database, model, fields, rows: list[tuple]) -> None:
    """Bulk insert in the open transaction.

    SQLite runs the statement Peewee builds for one row through `executemany`:
    Peewee's per-value SQL building costs ~90 µs a row, ten times SQLite's own
    work, which would blow the 10k-contact budget. Other engines take the plain
    chunked `insert_many` (500 rows keep under every engine's variable limit).
    Values are already in their stored form (ISO dates, 0/1 flags).
    """
    if not rows:
        return
    if isinstance(db, SqliteDatabase):
        sql, params = model.insert_many([(1,) * len(fields)], fields=fields).sql()
        # Peewee appends columns that have Python defaults and were not listed (a column
        # added later, say); then the row shape differs and the plain path fills them in.
        if len(params) == len(fields):
            db.cursor().executemany(sql, rows)
            return
    for batch in chunked(rows, 500):
        model.insert_many(batch, fields=fields).execute()


def _fix_sequences(db: Database) -> None:
    """Explicit ids leave PostgreSQL's serial sequences behind; move them past the new rows."""
    if not isinstance(db, PostgresqlDatabase):
        return
    for model in SEEDED_MODELS:
        table = model._meta.table_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM \"{table}\"), false)"
        )


def seed_book(
    db: Database,
    *,
    contacts: int,
    seed: int,
    today: date,
    reset: bool = False,
    discard: bool = False,
    rep: str = "demo",
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Fill the store with a practice book of `contacts` people, the same for the same seed and today.

    `reset` first empties every table but the schema version; otherwise the book is
    added after the rows already there. A reset over rows seeding did not make raises
    RealWork (nothing changed) unless `discard`: the caller backed the store up.
    `progress(done, total)` is called now and then; total is twice the contact count
    (making the book, then writing it), and the last call has done == total. One transaction: nothing is half-written.
    """
    if contacts < 0:
        raise ValueError("contacts must be 0 or more")
    started = time.perf_counter()
    words = demo_words()  # a broken seed_data file stops here, before anything is written
    from faker import Faker  # only the seed and demo commands pay for Faker

    rng = FastRandom(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    report = SeedReport()
    total = 2 * contacts

    builder = BookBuilder(fake, rng, today, rep, contacts, words)
    builder.colleagues = demo_colleagues(seed, avoid=rep)
    if contacts:
        builder.make_pools()
        builder.build_contacts(progress)
        builder.build_history()
        builder.build_quotes()
        builder.build_life_events()
        builder.build_cards()
        builder.finish_contacts()
        sessions = builder.layout_sessions()
    else:
        sessions = []

    with db.atomic():
        if reset:
            real = unseeded_counts(SEEDED_MODELS)
            if real and not discard:
                raise RealWork(real)
            for model in SEEDED_MODELS:
                report.deleted += model.delete().execute()
            SeedRange.delete().execute()
        if contacts:
            firsts = first_ids(SEEDED_MODELS)
            _write(db, builder, sessions, report, progress, total)
            _fix_sequences(db)
            note_seeded(firsts, today)
    report.seconds = round(time.perf_counter() - started, 3)
    if progress:
        progress(total, total)
    return report


def _write(db: Database, b: BookBuilder, sessions: list, report: SeedReport, progress, total: int) -> None:
    ids = first_ids(SEEDED_MODELS)
    iso = b.iso
    rng = b.rng
    n = b.n

    for i, c in enumerate(b.contacts):
        c.id = ids[Contact] + i

    # Sessions and interactions in time order, so ids follow the calendar. Who made each
    # session is drawn apart from `rng`, so the book's other rows do not depend on it.
    who = random.Random(" ".join(b.colleagues))
    session_rows = []
    for number, (o, start, end, group) in enumerate(sessions):
        sid = ids[Session] + number
        day = iso(o)
        for ix in group:
            ix.session_id = sid
        reflection = _reflection(rng, group, b.words.reflections)
        session_rows.append((sid, who.choice(b.colleagues), _stamp(day, start), _stamp(day, end), 30, reflection))
    rep_of_session = {row[0]: row[1] for row in session_rows}
    b.ixs.sort(key=lambda ix: (ix.o, ix.secs, ix.seq))
    interaction_rows = []
    rep_of: dict[int, str] = {}
    for number, ix in enumerate(b.ixs):
        ix.id = ids[Interaction] + number
        rep_of[ix.id] = rep_of_session.get(ix.session_id) or who.choice(b.colleagues)
        interaction_rows.append((
            ix.id, ix.session_id, ix.c.id, rep_of[ix.id], ix.channel, ix.reason, ix.outcome,
            _stamp(iso(ix.o), ix.secs), ix.duration, ix.notes, ix.their_view, iso(ix.follow_up),
        ))

    contact_rows = []
    for c in b.contacts:
        d = b.denormalise(c)
        contact_rows.append((
            c.id, f"{c.first} {c.last}", c.first, c.company, c.title, c.rel, c.phone, c.email, c.tz,
            c.cadence, c.value, iso(c.since), iso(c.purchase), iso(d["touch"]), iso(d["contact"]),
            iso(d["due"]), iso(d["next"]), iso(c.snoozed), int(c.role == ROLE_DNC), 0, c.family, c.notes,
            iso(c.created), *search_values(f"{c.first} {c.last}", c.company, c.email, c.phone, c.notes),
        ))

    event_rows = []
    for number, row in enumerate(b.events):
        c, kind, month, day, year, yearly, note, acknowledged = row
        row.append(ids[LifeEvent] + number)
        event_rows.append((row[-1], c.id, kind, month, day, year, int(yearly), month * 100 + day, note,
                           iso(acknowledged)))
    absence_rows = [
        (ids[Absence] + number, c.id, place, why, iso(starts), iso(returns), iso(acknowledged))
        for number, (c, place, why, starts, returns, acknowledged) in enumerate(b.absences)
    ]
    quote_rows = [
        (ids[Quote] + number, c.id, description, amount, iso(sent), status, iso(decided), iso(followed))
        for number, (c, description, amount, sent, status, decided, followed) in enumerate(b.quotes)
    ]
    referral_rows = [
        (ids[Referral] + number, referrer.id, ix.id, f"{p.first} {p.last}", p.phone, p.email, p.id, iso(given),
         iso(called))
        for number, (referrer, ix, p, given, called) in enumerate(b.referrals)
    ]
    card_rows = [
        (ids[Card] + number, c.id, kind, reason, status, note, iso(created), iso(written), iso(mailed),
         b.card_cost, b.card_minutes, response, iso(responded), ix.id if ix else None,
         event[-1] if event else None, rep_of[ix.id] if ix else "")
        for number, (c, kind, reason, status, note, created, written, mailed, response, responded, ix, event)
        in enumerate(b.cards)
    ]

    plan = (
        (Contact, (Contact.id, Contact.name, Contact.first_name, Contact.company, Contact.title,
                   Contact.relationship, Contact.phone, Contact.email, Contact.timezone, Contact.cadence_days,
                   Contact.value_cents, Contact.customer_since, Contact.last_purchase_on, Contact.last_touch_on,
                   Contact.last_contact_on, Contact.check_in_due_on, Contact.next_touch_on, Contact.snoozed_until,
                   Contact.do_not_contact, Contact.archived, Contact.family, Contact.notes, Contact.created_on,
                   Contact.search_name, Contact.search_text, Contact.search_words, Contact.search_phone),
         contact_rows),
        (Session, (Session.id, Session.rep, Session.started_at, Session.ended_at, Session.planned_minutes,
                   Session.reflection), session_rows),
        (Interaction, (Interaction.id, Interaction.session, Interaction.contact, Interaction.rep,
                       Interaction.channel, Interaction.reason, Interaction.outcome, Interaction.started_at,
                       Interaction.duration_s, Interaction.notes, Interaction.their_view, Interaction.follow_up_on),
         interaction_rows),
        (LifeEvent, (LifeEvent.id, LifeEvent.contact, LifeEvent.kind, LifeEvent.month, LifeEvent.day,
                     LifeEvent.year, LifeEvent.yearly, LifeEvent.month_day, LifeEvent.note,
                     LifeEvent.acknowledged_on), event_rows),
        (Absence, (Absence.id, Absence.contact, Absence.place, Absence.why, Absence.starts_on, Absence.returns_on,
                   Absence.acknowledged_on), absence_rows),
        (Quote, (Quote.id, Quote.contact, Quote.description, Quote.amount_cents, Quote.sent_on, Quote.status,
                 Quote.decided_on, Quote.last_followed_up_on), quote_rows),
        (Referral, (Referral.id, Referral.referred_by, Referral.interaction, Referral.name, Referral.phone,
                    Referral.email, Referral.contact, Referral.given_on, Referral.called_on), referral_rows),
        (Card, (Card.id, Card.contact, Card.kind, Card.reason, Card.status, Card.note, Card.created_on,
                Card.written_on, Card.mailed_on, Card.cost_cents, Card.minutes, Card.response, Card.responded_on,
                Card.interaction, Card.life_event, Card.rep), card_rows),
    )
    all_rows = sum(len(rows) for _, _, rows in plan) or 1
    written = 0
    with trigram_filled_at_the_end(db):  # the book's contacts are only inserted here, never changed
        for model, fields, rows in plan:
            for batch in chunked(rows, 5000):
                batch = list(batch)
                _insert(db, model, fields, batch)
                written += len(batch)
                if progress:
                    progress(n + n * written // all_rows, total)
    report.contacts = len(contact_rows)
    report.sessions = len(session_rows)
    report.interactions = len(interaction_rows)
    report.life_events = len(event_rows)
    report.absences = len(absence_rows)
    report.quotes = len(quote_rows)
    report.referrals = len(referral_rows)
    report.cards = len(card_rows)
