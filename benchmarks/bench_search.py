"""Contacts search per keystroke on a big book (budget: results under 100 ms a key).

    python benchmarks/bench_search.py [--contacts N] [--interactions N] [--keep PATH] [--per-key]

Two measures over the same typing (names, a company, a phone number written with
dashes, fuzzy initials, a word from the notes), one key at a time:

- `keystroke_ms(book, today, quick)`: in the real app, headless with Pilot, from the key
  press on the Contacts screen to its results painted (the search runs in a worker; the
  clock stops at the first refresh after the list shows that key's results);
- `engine_ms(book, quick)`: `contacts_search.search` alone for each prefix typed, as
  `[{"query": str, "ms": float, "found": int}]`.

`python -m benchmarks` calls `keystroke_ms`; this script prints both. Not run by pytest.
`--per-key` also prints, for each key, the search's own time inside the app's worker
and the rest (thread, messages, table, paint), to see where a key's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
# What a rep types: a name, a company, a phone written with dashes, initials, a word of the notes,
# and names typed with a slip (the typo tier).
TYPED = ("ana chen", "fox freight", "555-000-1234", "dfx", "racking", "thoams", "arhtur pendelton")
QUICK_TYPED = ("ana", "555-0")


def typed(quick: bool) -> tuple[str, ...]:
    return QUICK_TYPED if quick else TYPED


def engine_ms(book: Path, quick: bool = False) -> list[dict]:
    """The search alone, for every prefix of every typed text (a warm cache, as while typing)."""
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.contacts_search import search

    db = open_store(book)
    rows = []
    try:
        search("warm up")
        for text in typed(quick):
            for end in range(1, len(text) + 1):
                query = text[:end]
                started = time.perf_counter()
                found = search(query)
                rows.append({"query": query, "ms": (time.perf_counter() - started) * 1000, "found": len(found)})
    finally:
        db.close()
    return rows


class _EngineClock:
    """Wraps `contacts_search.search` while the app runs: (query, started, ms) of each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float, float]] = []

    def __enter__(self) -> "_EngineClock":
        from outreach_tui.store import contacts_search

        self.module = contacts_search
        self.original = contacts_search.search

        def timed(query, *args, **kwargs):
            started = time.perf_counter()
            try:
                return self.original(query, *args, **kwargs)
            finally:
                self.calls.append((query, started, (time.perf_counter() - started) * 1000))

        contacts_search.search = timed
        return self

    def __exit__(self, *exc) -> None:
        self.module.search = self.original

    def for_key(self, query: str, since: float) -> float | None:
        """The search time of the last call for this query that started after the key was posted."""
        found = [ms for q, started, ms in self.calls if q == query and started >= since]
        return found[-1] if found else None


async def _type_in_app(book: Path, today: date, texts: tuple[str, ...],
                       per_key: list[dict] | None = None) -> list[float]:
    from textual import events
    from textual.widgets import Input

    from outreach_tui.app import make_app
    from outreach_tui.core.clock import Clock
    from outreach_tui.core.settings import Settings

    sys.path.insert(0, str(ROOT / "tests"))
    from ui_fixtures import settle

    app = make_app(str(book), Clock(as_of=today), "bench", Settings(), user_dir=book.parent / "config")
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        box = screen.query_one("#contacts-search", Input)
        for text in texts:
            box.value = ""
            box.focus()
            await settle(pilot)
            for char in text:
                # The key goes straight to the search box: Pilot's press() also waits for the
                # process to go idle, which the search worker's own work would hold up.
                asked = screen.asked_generation
                started = time.perf_counter()
                box.post_message(events.Key("space" if char == " " else char, char))
                while screen.shown_generation <= asked or screen.shown_generation != screen.asked_generation:
                    await asyncio.sleep(0.005)
                painted = asyncio.Event()
                screen.call_after_refresh(painted.set)
                await painted.wait()
                times.append((time.perf_counter() - started) * 1000)
                if per_key is not None:
                    per_key.append({"query": box.value, "ms": times[-1], "started": started})
                await settle(pilot)  # the record of the first result loads before the next key
    return times


def keystroke_ms(book: Path, today: date = TODAY, quick: bool = False) -> list[float]:
    """Milliseconds from each typed key to its results shown on the Contacts screen."""
    return asyncio.run(_type_in_app(Path(book), today, typed(quick)))


def keystroke_diagnosis(book: Path, today: date = TODAY, quick: bool = False) -> list[dict]:
    """Per key: the query, key to results painted (ms) and the search's own time in the worker (ms)."""
    keys: list[dict] = []
    with _EngineClock() as clock:
        asyncio.run(_type_in_app(Path(book), today, typed(quick), keys))
    for key in keys:
        key["engine_ms"] = clock.for_key(key["query"], key.pop("started"))
    return keys


def main() -> None:
    from benchmarks.book import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="reuse (or build and keep) the book at this path")
    parser.add_argument("--per-key", action="store_true", help="where each key's time goes in the app")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    book = args.keep or folder / "book.db"
    if not book.exists():
        print(f"building {args.contacts:,} contacts / {args.interactions:,} interactions…", flush=True)
        build(book, contacts=args.contacts, interactions=args.interactions, today=TODAY)
    engine = engine_ms(book)
    for row in engine:
        print(f"  search {row['query']!r:16} {row['ms']:6.1f} ms  {row['found']} shown")
    values = [row["ms"] for row in engine]
    print(f"engine: median {statistics.median(values):.1f} ms, worst {max(values):.1f} ms over {len(values)} prefixes")
    if args.per_key:
        diagnosis = keystroke_diagnosis(book)
        for key in diagnosis:
            engine_part = key["engine_ms"]
            inside = "     —" if engine_part is None else f"{engine_part:6.1f}"
            rest = "     —" if engine_part is None else f"{key['ms'] - engine_part:6.1f}"
            print(f"  key → {key['query']!r:16} {key['ms']:6.1f} ms   search in worker {inside} ms, rest {rest} ms")
        keys = [key["ms"] for key in diagnosis]
        engine_parts = [key["engine_ms"] for key in diagnosis if key["engine_ms"] is not None]
        if engine_parts:
            rests = [key["ms"] - key["engine_ms"] for key in diagnosis if key["engine_ms"] is not None]
            print(f"in the app: search median {statistics.median(engine_parts):.1f} ms,"
                  f" the rest median {statistics.median(rests):.1f} ms")
    else:
        keys = keystroke_ms(book)
    print(f"app, key to results painted: median {statistics.median(keys):.1f} ms, worst {max(keys):.1f} ms,"
          f" {sum(k < 100 for k in keys)}/{len(keys)} keys under 100 ms (budget 100 ms)")


if __name__ == "__main__":
    main()
