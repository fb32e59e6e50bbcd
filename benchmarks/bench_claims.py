"""Team mode on PostgreSQL: how long claiming the next contact takes with 8 reps claiming at once.

    python benchmarks/bench_claims.py [--db postgresql://…] [--contacts N] [--reps 8] [--rounds 60]
                                      [--modes planning --claim-limit 10 --reps 1,8] [--plan-runs 7]

Budget: under 20 ms at the median for the session's claim of its next contact.

Without --db a throwaway PostgreSQL is started with pgserver (the `dev` extra) in
a temp folder; with --db the given (empty or scratch!) database is filled, unless it
already holds a book of N contacts (one built by an earlier run), which is reused. The book
has N contacts (default 20,000) with lognormal values, most of them due a check-in.
Each rep is a process (spawn) that works out its session plan once, like the app,
then, for each round, waits at a barrier with the other reps and claims:

- session: `claim_next(…, 1, plan=what is left of its plan)` — what the session
  screen does when it moves on to the next contact (the budgeted figure);
- contact: `claim_contact(next contact of its plan)`, moving on when refused;
- planning: `claim_next(…, 1)` with no plan, as `outreach claim` does (`--claim-limit 10`
  for `outreach claim --limit 10`): on PostgreSQL from the plan the book keeps
  (`store.claim_queue`), built again only after the book changed;
- after-write: the same, but before each round one rep changes a contact, so the kept
  plan is out of date every round and the first claimer builds it again (the worst case).

`--reps 1,8` runs each mode with one rep alone, then with eight at once, on the one book.
`--plan-runs N` first times today's plan alone (the app's first frame), N times.

All reps start each round together, so every claim meets 7 others at the same
moment. Prints the median, 90th percentile and worst per mode. A plain script:
pytest does not run it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)
BUDGET_MS = 20.0
MODES = ("session", "contact", "planning", "after-write")


def build_book(target: str, contacts: int, seed: int = 1) -> None:
    from outreach_tui.core.plan_signals import check_in_due
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.models import Contact, database
    from outreach_tui.store.search_columns import SEARCH_COLUMNS, search_values

    rng = random.Random(seed)
    db = open_store(target)
    rows = []
    for n in range(contacts):
        name = f"Client {n:06d}"
        relationship = rng.choice(("client",) * 6 + ("past_client",) * 3 + ("prospect", "supplier"))
        created = TODAY - timedelta(days=rng.randint(200, 3000))
        touch = TODAY - timedelta(days=rng.randint(1, 300))
        rows.append({
            Contact.name: name, Contact.first_name: "Client", Contact.relationship: relationship,
            Contact.value_cents: int(rng.lognormvariate(9, 1.5)) * 100, Contact.last_touch_on: touch,
            Contact.last_contact_on: touch, Contact.created_on: created,
            Contact.customer_since: created if relationship != "prospect" else None,
            Contact.last_purchase_on: TODAY - timedelta(days=rng.randint(1, 400)),
            Contact.check_in_due_on: check_in_due(relationship, 90, touch, created, created),
            **dict(zip((getattr(Contact, column) for column in SEARCH_COLUMNS), search_values(name, "", "", "", ""))),
        })
    with database.atomic():
        for start in range(0, len(rows), 1000):
            Contact.insert_many(rows[start:start + 1000]).execute()
    db.execute_sql("ANALYZE")
    db.close()


def rep_process(target: str, rep: str, mode: str, rounds: int, start, results, claim_limit: int = 1) -> None:
    from outreach_tui.store.claims import claim_contact, claim_next
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.models import Contact
    from outreach_tui.store.queries import todays_plan

    db = open_store(target)
    remaining = list(todays_plan(TODAY, limit=rounds * 8 + 50, rep=rep, now=NOW).items)
    latencies = []
    claimed = []
    for number in range(rounds):
        if mode == "after-write" and rep == "rep0":  # committed before anyone claims
            Contact.update(value_cents=Contact.value_cents + 1).where(Contact.id == number + 1).execute()
        start.wait(timeout=120)
        began = time.perf_counter()
        if mode == "session":
            got = claim_next(rep, TODAY, NOW, 1, plan=remaining)
            if got:
                remaining = remaining[remaining.index(got[0]) + 1:]
        elif mode == "contact":
            got = []
            while remaining and not got:
                item = remaining.pop(0)
                if claim_contact(item.contact_id, rep, NOW):
                    got = [item]
        else:
            got = claim_next(rep, TODAY, NOW, claim_limit)
        latencies.append(time.perf_counter() - began)
        claimed.extend(item.contact_id for item in got)
    db.close()
    results.put((rep, latencies, claimed))


def run_mode(target: str, mode: str, reps: int, rounds: int, claim_limit: int = 1) -> dict:
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.models import Claim

    db = open_store(target)
    Claim.delete().execute()
    db.close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(reps)
    results = context.Queue()
    workers = [context.Process(target=rep_process, args=(target, f"rep{n}", mode, rounds, start, results, claim_limit))
               for n in range(reps)]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(ms * 1000 for _, values, _ in reports for ms in values[1:])  # first round warms up
    claimed = [contact for _, _, contacts in reports for contact in contacts]
    assert len(claimed) == len(set(claimed)), "two reps got one contact"
    return {
        "mode": mode,
        "claims": len(claimed),
        "median_ms": statistics.median(latencies),
        "p90_ms": latencies[int(0.9 * (len(latencies) - 1))],
        "max_ms": latencies[-1],
    }


def book_size(target: str) -> int:
    """How many contacts the database holds (0: none yet, or no store)."""
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.models import Contact

    db = open_store(target)
    try:
        return Contact.select().count()
    finally:
        db.close()


def median_plan_ms(target: str, runs: int) -> float:
    """Today's plan as the app's first frame reads it (`listed_plan`), on this book: the median."""
    from outreach_tui.core.settings import Settings
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.models import Claim
    from outreach_tui.store.plan_head import listed_plan

    settings = Settings()
    db = open_store(target)
    Claim.delete().execute()  # nothing claimed: a reused book keeps the last run's claims
    times = []
    for _ in range(runs + 1):  # the first warms the caches
        began = time.perf_counter()
        listed_plan(TODAY, settings.rules, settings.plan_limit, rep="bench", now=NOW)
        times.append((time.perf_counter() - began) * 1000)
    db.close()
    return statistics.median(times[1:])


def start_pgserver():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    folder = Path(tempfile.mkdtemp(prefix="outreach-bench-pg-"))
    server = pgserver.get_server(folder / "data", cleanup_mode="delete")

    def stop() -> None:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)

    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE outreach_bench")
    return server.get_uri().replace("/postgres?", "/outreach_bench?"), stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a scratch PostgreSQL database URL (default: start one with pgserver)")
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--reps", default="8", help="reps claiming at once; a list (1,8) runs each")
    parser.add_argument("--claim-limit", type=int, default=1, help="contacts per claim when planning afresh")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--modes", default=",".join(MODES), help=f"some of {','.join(MODES)}")
    parser.add_argument("--plan-runs", type=int, default=0, help="first time today's plan alone, this many times")
    args = parser.parse_args()

    stop = None
    target = args.db
    if target is None:
        target, stop = start_pgserver()
    try:
        began = time.perf_counter()
        if not (args.db and book_size(target) == args.contacts):  # a scratch --db already holding the book: reused
            build_book(target, args.contacts)
        print(f"book: {args.contacts:,} contacts in {time.perf_counter() - began:.1f} s; "
              f"{args.reps} reps, {args.rounds} rounds, all reps claiming at once each round")
        if args.plan_runs:
            print(f"plan (first frame, one rep, nothing claimed): median {median_plan_ms(target, args.plan_runs):.1f} ms"
                  f" of {args.plan_runs}")
        for mode, reps in ((mode, int(reps)) for reps in args.reps.split(",") for mode in args.modes.split(",")):
            result = run_mode(target, mode, reps, args.rounds, args.claim_limit)
            verdict = ""
            if mode == "session":
                verdict = "  (budget < 20 ms: " + ("ok" if result["median_ms"] < BUDGET_MS else "OVER") + ")"
            print(f"{mode:>9} x{reps}: median {result['median_ms']:6.1f} ms   p90 {result['p90_ms']:6.1f} ms   "
                  f"max {result['max_ms']:6.1f} ms   ({result['claims']} claims, none shared){verdict}")
    finally:
        if stop:
            stop()


if __name__ == "__main__":
    main()
