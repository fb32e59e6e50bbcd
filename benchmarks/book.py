"""Write a large realistic book fast: bulk inserts of generated rows, no Faker per row.

100k contacts and 1M interactions with their life events, absences, quotes and
cards take well under a minute, so every benchmark can build its own book.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from outreach_tui.core.planner import check_in_due
from outreach_tui.core.vocab import CARD_KINDS, LIFE_EVENT_KINDS, OUTCOMES
from outreach_tui.store.connection import open_store

FIRST = ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Milo",
         "Nina", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vic", "Wen", "Xavi", "Yara", "Zoe")
LAST = ("Abbott", "Baker", "Chen", "Diaz", "Evans", "Fox", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez",
        "Moore", "Nguyen", "Okafor", "Patel", "Quist", "Reyes", "Smith", "Tanaka", "Usman", "Vega", "Wong")
COMPANY = ("Freight", "Mills", "Foods", "Labs", "Supply", "Builders", "Logistics", "Dental", "Media", "Motors")
NOTES = ("Talked about the Q1 order", "Asked for pricing on racking", "Daughter starts college in fall",
         "Happy with the last delivery", "Wants a demo for the new team", "Left a message with reception")
RELATIONSHIPS = ("client",) * 9 + ("past_client",) * 4 + ("prospect",) * 3 + ("supplier", "colleague")


def build(path: Path, contacts: int = 100_000, interactions: int = 1_000_000, today: date = date(2026, 11, 23),
          seed: int = 1) -> dict[str, float]:
    """Create the book at path (replacing it); returns row counts and the seconds it took."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(seed)
    db = open_store(path)
    conn = db.connection()
    conn.execute("PRAGMA synchronous = OFF")
    contact_rows = []
    for cid in range(1, contacts + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        relationship = rng.choice(RELATIONSHIPS)
        created = today - timedelta(days=rng.randint(30, 3000))
        since = created if relationship in ("client", "past_client") else None
        touch = today - timedelta(days=rng.randint(1, 200)) if rng.random() < 0.9 else None
        cadence = rng.choice((90, 90, 90, 60, 30))
        contact_rows.append((
            cid, f"{first} {last}", first, f"{last} {rng.choice(COMPANY)}", "Buyer", relationship,
            f"555-{cid:07d}", f"{first}.{last}{cid}@example.com".lower(), "America/Chicago", cadence,
            int(rng.lognormvariate(9, 1.5)) * 100, since,
            today - timedelta(days=rng.randint(1, 400)) if since else None, touch,
            touch, check_in_due(relationship, cadence, touch, since, created),
            today + timedelta(days=rng.randint(-3, 60)) if rng.random() < 0.05 else None,
            None, rng.random() < 0.01, False, "", rng.choice(NOTES), created,
        ))
    conn.executemany(
        "INSERT INTO contact (id, name, first_name, company, title, relationship, phone, email, timezone,"
        " cadence_days, value_cents, customer_since, last_purchase_on, last_touch_on, last_contact_on,"
        " check_in_due_on, next_touch_on, snoozed_until, do_not_contact, archived, family, notes, created_on)"
        " VALUES (" + ",".join("?" * 23) + ")",
        contact_rows,
    )
    conn.execute("INSERT INTO session (id, rep, started_at, planned_minutes, reflection) VALUES (1, 'bench', ?, 30, '')",
                 (datetime.combine(today, datetime.min.time()),))
    start = datetime.combine(today - timedelta(days=365), datetime.min.time())
    conn.executemany(
        "INSERT INTO interaction (session_id, contact_id, rep, channel, reason, outcome, started_at, duration_s,"
        " notes, their_view, follow_up_on) VALUES (1, ?, 'bench', 'call', 'check_in', ?, ?, ?, ?, '', NULL)",
        (
            (rng.randint(1, contacts), rng.choice(OUTCOMES), start + timedelta(seconds=rng.randint(0, 365 * 86400)),
             rng.randint(20, 900), rng.choice(NOTES))
            for _ in range(interactions)
        ),
    )
    events = []
    for number in range(contacts // 5):
        day = today + timedelta(days=rng.randint(-180, 180))
        events.append((rng.randint(1, contacts), rng.choice(LIFE_EVENT_KINDS), day.month, day.day,
                       day.year - rng.choice((0, 30)), rng.random() < 0.6, day.month * 100 + day.day, ""))
    conn.executemany("INSERT INTO life_event (contact_id, kind, month, day, year, yearly, month_day, note)"
                     " VALUES (?,?,?,?,?,?,?,?)", events)
    conn.executemany(
        "INSERT INTO absence (contact_id, place, why, starts_on, returns_on) VALUES (?, 'Mexico', 'vacation', ?, ?)",
        ((rng.randint(1, contacts), today - timedelta(days=n % 40 + 5), today + timedelta(days=n % 40 - 20))
         for n in range(contacts // 50)),
    )
    # Open quotes are mostly being followed up; about one in ten has gone quiet.
    conn.executemany(
        "INSERT INTO quote (contact_id, description, amount_cents, sent_on, status, last_followed_up_on)"
        " VALUES (?, 'racking', ?, ?, ?, ?)",
        ((rng.randint(1, contacts), rng.randint(10_000, 5_000_000), today - timedelta(days=rng.randint(0, 120)),
          status, None if status != "open" or rng.random() < 0.1 else today - timedelta(days=rng.randint(0, 6)))
         for status in (rng.choice(("open", "won", "won", "lost", "lost")) for _ in range(contacts // 10))),
    )
    conn.executemany(
        "INSERT INTO card (contact_id, kind, reason, status, note, created_on, cost_cents, minutes, response)"
        " VALUES (?, ?, 'neglected', 'mailed', '', ?, 6750, 15, '')",
        ((rng.randint(1, contacts), rng.choice(CARD_KINDS), today - timedelta(days=rng.randint(0, 365)))
         for _ in range(contacts // 10)),
    )
    conn.commit()
    conn.execute("ANALYZE")
    db.close()
    return {"contacts": contacts, "interactions": interactions, "seconds": time.perf_counter() - started}
