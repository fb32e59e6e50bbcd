"""Write a large realistic book fast: bulk inserts of generated rows, no Faker per row.

100k contacts and 1M interactions with their sessions, referrals, follow-up dates,
life events, absences, quotes and cards in well under a minute, so every benchmark
can build its own book:

- the schema comes from `open_store` (the models and the numbered migrations, so
  the file is a real store at the current schema version);
- the rows then go in through one raw sqlite3 connection with no journal, no
  fsync and no foreign-key checks, and with the secondary indexes dropped: each
  index is recreated afterwards from its own stored `CREATE INDEX`, one sort
  instead of a million random B-tree inserts;
- interactions are written in time order, so id order and `started_at` order agree
  (as in a real store) and the `started_at` index is built from nearly sorted keys;
- rows are generated with `random.choices` over precomputed strings (dates,
  clock times), not `randint`/`strftime` per value;
- at the end the book is switched back to WAL, as the app keeps it.

`build(path, contacts, interactions, today, seed)` is deterministic for a seed.
"""

from __future__ import annotations

import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.core.vocab import CARD_KINDS, CARD_RESPONSES, LIFE_EVENT_KINDS, OUTCOMES, REASONS
from outreach_tui.store.connection import open_store
from outreach_tui.store.search_columns import search_values

FIRST = ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Milo",
         "Nina", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vic", "Wen", "Xavi", "Yara", "Zoe")
LAST = ("Abbott", "Baker", "Chen", "Diaz", "Evans", "Fox", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez",
        "Moore", "Nguyen", "Okafor", "Patel", "Quist", "Reyes", "Smith", "Tanaka", "Usman", "Vega", "Wong")
COMPANY = ("Freight", "Mills", "Foods", "Labs", "Supply", "Builders", "Logistics", "Dental", "Media", "Motors")
TITLES = ("Buyer", "Owner", "Purchasing Manager", "Office Manager", "Operations Lead", "Director")
NOTES = ("Talked about the Q1 order", "Asked for pricing on racking", "Daughter starts college in fall",
         "Happy with the last delivery", "Wants a demo for the new team", "Left a message with reception")
FAMILY = ("", "", "Married to Sam; two kids", "Daughter Emma getting married in spring", "Runs marathons",
          "Son just graduated", "Loves fly fishing", "New puppy")
THEIR_VIEW = ("", "", "", "Glad we called", "Busy, wants a shorter call next time", "Liked the follow-up")
RELATIONSHIPS = ("client",) * 9 + ("past_client",) * 4 + ("prospect",) * 3 + ("supplier", "colleague")
ZONES = ("America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles")
REPS = ("bench", "ana", "ben", "chloe")
# Most logged touches are calls, and most calls a plan reason; thoughtfulness is rarer.
CHANNEL_MIX = ("call",) * 14 + ("visit", "email", "email", "card", "text")
REASON_MIX = ("check_in",) * 8 + ("neglected",) * 3 + ("follow_up",) * 3 + (
    "quote_follow_up", "quote_follow_up", "back_from_absence", "life_event", "referral", "thoughtfulness")
OUTCOME_MIX = ("connected",) * 6 + ("voicemail",) * 4 + ("no_answer",) * 3 + (
    "out_of_office", "wrong_number", "skipped") + ("do_not_contact",)
assert set(REASON_MIX) <= set(REASONS) and set(OUTCOME_MIX) <= set(OUTCOMES)

CHUNK = 50_000  # rows per executemany: bounded memory while generating a million
WORK_START, WORK_END = 8 * 3600, 18 * 3600  # calls happen in office hours
CLOCK = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
# Tables whose rows are bulk loaded: their secondary indexes are dropped and rebuilt.
LOADED = ("contact", "session", "interaction", "referral", "life_event", "absence", "quote", "card")


def _days(start: date, count: int) -> list[str]:
    return [(start + timedelta(days=n)).isoformat() for n in range(count)]


def _bulk_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "foreign_keys = OFF", "locking_mode = EXCLUSIVE",
                   "temp_store = MEMORY", "cache_size = -262144"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the loaded tables; their CREATE statements, to run afterwards."""
    marks = ",".join("?" * len(LOADED))
    rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                        f" AND tbl_name IN ({marks})", LOADED).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def build(path: Path, contacts: int = 100_000, interactions: int = 1_000_000, today: date = date(2026, 11, 23),
          seed: int = 1, analyze: bool = False) -> dict[str, float]:
    """Create the book at path (replacing it); returns row counts and the seconds it took.

    `analyze` runs ANALYZE at the end. Off by default: the app never runs it, so a
    rep's real book has no planner statistics and the benchmarks should not either.
    """
    path = Path(path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    open_store(path).close()  # schema and version exactly as the app makes them
    rng = random.Random(seed)
    conn = _bulk_connection(path)
    conn.execute("BEGIN")
    indexes = _drop_indexes(conn)
    counts = {"contacts": contacts, "interactions": interactions}

    # Dates as the store keeps them (ISO text), looked up rather than formatted per row:
    # on[k] is today + k days, for k from -4000 to 399 (a negative index counts back).
    calendar = _days(today - timedelta(days=4000), 4400)

    def on(k: int) -> str:
        return calendar[4000 + k]

    contact_rows = []
    for cid in range(1, contacts + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        relationship = rng.choice(RELATIONSHIPS)
        created_days = 30 + int(rng.random() * 2971)
        created = today - timedelta(days=created_days)
        since = created if relationship in ("client", "past_client") else None
        touch_days = 1 + int(rng.random() * 200) if rng.random() < 0.9 else None
        touch = today - timedelta(days=touch_days) if touch_days else None
        cadence = rng.choice((90, 90, 90, 60, 30))
        due = check_in_due(relationship, cadence, touch, since, created)
        name, company, phone, email = (f"{first} {last}", f"{last} {rng.choice(COMPANY)}", f"555-{cid:07d}",
                                       f"{first}.{last}{cid}@example.com".lower())
        title = rng.choice(TITLES)
        contact_rows.append((
            cid, name, first, company, title, relationship, phone, email, rng.choice(ZONES), cadence,
            int(rng.lognormvariate(9, 1.5)) * 100, since.isoformat() if since else None,
            on(-1 - int(rng.random() * 400)) if since else None,
            on(-touch_days) if touch else None, on(-touch_days) if touch else None,
            due.isoformat() if due else None,
            on(int(rng.random() * 64) - 3) if rng.random() < 0.05 else None,
            None, rng.random() < 0.01, False, rng.choice(FAMILY), rng.choice(NOTES), on(-created_days),
        ))
        contact_rows[-1] += search_values(name, company, email, phone, contact_rows[-1][21])
    conn.executemany(
        "INSERT INTO contact (id, name, first_name, company, title, relationship, phone, email, timezone,"
        " cadence_days, value_cents, customer_since, last_purchase_on, last_touch_on, last_contact_on,"
        " check_in_due_on, next_touch_on, snoozed_until, do_not_contact, archived, family, notes, created_on,"
        " search_name, search_text, search_words, search_phone) VALUES (" + ",".join("?" * 27) + ")",
        contact_rows,
    )
    del contact_rows

    # A session per rep per working day of the last year; every interaction belongs to one.
    workdays = [n for n in range(365, 0, -1) if (today - timedelta(days=n)).weekday() < 5]
    sessions = [(1 + d * len(REPS) + r, rep, f"{on(-days_ago)} 08:00:00", f"{on(-days_ago)} 18:00:00")
                for d, days_ago in enumerate(workdays) for r, rep in enumerate(REPS)]
    conn.executemany("INSERT INTO session (id, rep, started_at, ended_at, planned_minutes, reflection)"
                     " VALUES (?, ?, ?, ?, 30, '')", sessions)
    counts["sessions"] = len(sessions)

    # Interactions in time order: day by day, each day's clock times sorted.
    insert = ("INSERT INTO interaction (id, session_id, contact_id, rep, channel, reason, outcome, started_at,"
              " duration_s, notes, their_view, follow_up_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
    contact_ids = range(1, contacts + 1)
    office = range(WORK_START, WORK_END)
    per_day, extra = divmod(interactions, len(workdays))
    referrals: list[tuple] = []
    next_id = 1
    batch: list[tuple] = []
    for d, days_ago in enumerate(workdays):
        n = per_day + (1 if d < extra else 0)
        day = on(-days_ago)
        clocks = sorted(rng.choices(office, k=n))
        who = rng.choices(contact_ids, k=n)
        reps = rng.choices(range(len(REPS)), k=n)
        channels = rng.choices(CHANNEL_MIX, k=n)
        reasons = rng.choices(REASON_MIX, k=n)
        outcomes = rng.choices(OUTCOME_MIX, k=n)
        notes = rng.choices(NOTES, k=n)
        views = rng.choices(THEIR_VIEW, k=n)
        random_ = rng.random
        base = 4000 - days_ago + 1
        for k in range(n):
            r = reps[k]
            # A follow-up date on a third of the calls, 1 to 60 days on.
            follow = calendar[base + int(random_() * 60)] if random_() < 0.33 else None
            batch.append((next_id, 1 + d * len(REPS) + r, who[k], REPS[r], channels[k], reasons[k], outcomes[k],
                          f"{day} {CLOCK[clocks[k]]}", 20 + int(random_() * 880), notes[k], views[k], follow))
            if outcomes[k] == "connected" and random_() < 0.08:
                # A referral or two given on the call; a few recent ones are still to be called.
                for number in range(1 + (random_() < 0.3)):
                    pending = days_ago <= 14 and random_() < 0.2
                    referrals.append((who[k], next_id, f"Referral {next_id}-{number}", "555-0100", "",
                                      1 + int(random_() * contacts) if pending else None, day,
                                      None if pending else on(-max(1, days_ago - 2))))
            next_id += 1
        if len(batch) >= CHUNK:
            conn.executemany(insert, batch)
            batch = []
    conn.executemany(insert, batch)
    conn.executemany("INSERT INTO referral (referred_by_id, interaction_id, name, phone, email, contact_id,"
                     " given_on, called_on) VALUES (?,?,?,?,?,?,?,?)", referrals)
    counts["referrals"] = len(referrals)
    del batch, referrals

    events = []
    for _ in range(contacts // 5):
        day = today + timedelta(days=int(rng.random() * 361) - 180)
        events.append((1 + int(rng.random() * contacts), rng.choice(LIFE_EVENT_KINDS), day.month, day.day,
                       day.year - rng.choice((0, 30)), rng.random() < 0.6, day.month * 100 + day.day, ""))
    conn.executemany("INSERT INTO life_event (contact_id, kind, month, day, year, yearly, month_day, note)"
                     " VALUES (?,?,?,?,?,?,?,?)", events)
    counts["life_events"] = len(events)
    absences = [(1 + int(rng.random() * contacts), on(-(n % 40 + 5)), on(n % 40 - 20))
                for n in range(contacts // 50)]
    conn.executemany("INSERT INTO absence (contact_id, place, why, starts_on, returns_on)"
                     " VALUES (?, 'Mexico', 'vacation', ?, ?)", absences)
    counts["absences"] = len(absences)
    # Open quotes are mostly being followed up; about one in ten has gone quiet.
    quotes = []
    for _ in range(contacts // 10):
        status = rng.choice(("open", "won", "won", "lost", "lost"))
        sent = 1 + int(rng.random() * 120)
        quiet = status != "open" or rng.random() < 0.1
        quotes.append((1 + int(rng.random() * contacts), 10_000 + int(rng.random() * 4_990_000), on(-sent),
                       status, None if status == "open" else on(-max(1, sent // 2)),
                       None if quiet else on(-1 - int(rng.random() * 6))))
    conn.executemany("INSERT INTO quote (contact_id, description, amount_cents, sent_on, status, decided_on,"
                     " last_followed_up_on) VALUES (?, 'racking', ?, ?, ?, ?, ?)", quotes)
    counts["quotes"] = len(quotes)
    cards = []
    for _ in range(contacts // 10):
        made = 1 + int(rng.random() * 365)
        answered = rng.random() < 0.3
        cards.append((1 + int(rng.random() * contacts), rng.choice(CARD_KINDS), on(-made), on(-made),
                      on(-made), rng.choice(CARD_RESPONSES) if answered else "",
                      on(7 - made) if answered and made > 7 else None))
    conn.executemany(
        "INSERT INTO card (contact_id, kind, reason, status, note, created_on, written_on, mailed_on, cost_cents,"
        " minutes, response, responded_on, rep) VALUES (?, ?, 'neglected', 'mailed', '', ?, ?, ?, 675, 15, ?, ?, '')",
        cards,
    )
    counts["cards"] = len(cards)
    conn.execute("COMMIT")
    for sql in indexes:
        conn.execute(sql)
    if analyze:
        conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    counts["seconds"] = time.perf_counter() - started
    return counts
