"""How today's plan grows with the book: 20k, 100k, 300k contacts (1M with `--sizes`), in one run.

    python -m benchmarks.bench_plan_growth [--sizes 20000,100000,300000] [--runs 7] [--folder DIR]
                                           [--book touches|checkins]

Each book has 5 touches a contact (`benchmarks.book`, cached in the folder by size); with
`--book checkins`, check-ins only and no moments (`bench_claims.build_book`), so the first
frame is all routine calls, read against the score to beat.
Per size, the median of `runs` of:

- first frame: `plan_head.listed_plan`, as the start-up read and claims call it: the
  items shown, without the count of everyone due;
- counted: the same plan with the counts the plan screen adds once it shows;
- count only: the hand-written sqlite3 count of everyone due, which every design that
  counts must read (the floor of "counted").

The sizes are measured alternately, round by round, so load on the machine falls on
all of them alike. Nothing asserts: the table is printed for `benchmarks/results.md`.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.bench_plan import DUE, REACHABLE, CUSTOMER

TODAY = date(2026, 11, 23)
TOUCHES_PER_CONTACT = 5


def book_for(contacts: int, folder: Path, kind: str = "touches") -> Path:
    from benchmarks.bench_claims import build_book
    from benchmarks.book import build

    name = "growth" if kind == "touches" else kind
    path = folder / f"{name}-{contacts}.db"
    if not path.exists():
        partial = folder / f"{name}-{contacts}.partial.db"
        if kind == "touches":
            build(partial, contacts, contacts * TOUCHES_PER_CONTACT, TODAY)
        else:
            build_book(str(partial), contacts)
        partial.rename(path)
    return path


def count_everyone_due(path: Path) -> int:
    from outreach_tui.core.dates import months_before
    from outreach_tui.core.plan_items import PlanRules

    rules = PlanRules()
    p = {"today": TODAY.isoformat(),
         "neglect_cut": months_before(TODAY, rules.neglect_months).isoformat(),
         "recall_cut": (TODAY - timedelta(days=rules.neglect_recall_days)).isoformat()}
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as raw:
        return raw.execute(f"SELECT COUNT(*) FROM contact WHERE {REACHABLE} AND {CUSTOMER} AND {DUE}", p).fetchone()[0]


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure(books: dict[int, Path], runs: int) -> dict[int, dict[str, list[float]]]:
    from outreach_tui.core.settings import Settings
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.plan_head import listed_plan
    from outreach_tui.store.queries import todays_plan

    settings = Settings()
    now = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)
    times = {size: {"first frame": [], "counted": [], "count only": []} for size in books}
    for run in range(runs + 1):  # the first round warms each book's cache
        for size, path in books.items():
            db = open_store(path)
            try:
                first = timed(lambda: listed_plan(TODAY, settings.rules, settings.plan_limit, rep="bench", now=now))
                counted = timed(lambda: todays_plan(TODAY, settings.rules, settings.plan_limit, rep="bench", now=now))
            finally:
                db.close()
            count = timed(lambda: count_everyone_due(path))
            if run:
                for name, value in (("first frame", first), ("counted", counted), ("count only", count)):
                    times[size][name].append(value)
    return times


def table(times: dict[int, dict[str, list[float]]]) -> str:
    smallest = min(times)
    lines = ["| contacts | first frame (plan shown) | ratio to smallest | counted plan"
             " | sqlite3 count of everyone due |", "| --- | --- | --- | --- | --- |"]
    base = statistics.median(times[smallest]["first frame"])
    for size, measured in times.items():
        first, counted, count = (statistics.median(measured[name]) for name in ("first frame", "counted", "count only"))
        lines.append(f"| {size:,} | {first:.1f} ms | {first / base:.2f}x | {counted:.1f} ms | {count:.1f} ms |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000,300000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "outreach-growth")
    parser.add_argument("--book", choices=("touches", "checkins"), default="touches")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    books = {}
    for size in (int(size) for size in args.sizes.split(",")):
        started = time.perf_counter()
        books[size] = book_for(size, args.folder, args.book)
        print(f"book of {size:,}: ready in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"load average before: {' / '.join(f'{load:.2f}' for load in os.getloadavg())}", flush=True)
    print(table(measure(books, args.runs)))
    print(f"load average after: {' / '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
