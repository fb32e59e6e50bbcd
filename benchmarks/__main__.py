"""Run every benchmark on one big book and print the budgets table: `python -m benchmarks`.

    python -m benchmarks [--quick] [--only NAME ...] [--results PATH]

The book (100k contacts, 1M interactions; `--quick`: a tiny one) is built once
and cached in the temp folder, keyed by its size, seed, the builder's source and
the schema version. Each measure runs beside its baseline in the same process or
the same minute, and the table goes to stdout and to `benchmarks/results.md`.
Benchmarks are not tests: nothing here asserts; a miss is reported, not raised.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
SEED = 1
RESULTS = ROOT / "benchmarks" / "results.md"


@dataclass(frozen=True)
class Sizes:
    contacts: int
    interactions: int
    seed_contacts: int
    import_rows: int
    saves: int
    runs: int  # repeats of the first-screen and plan timings


FULL = Sizes(contacts=100_000, interactions=1_000_000, seed_contacts=10_000, import_rows=100_000, saves=50, runs=7)
QUICK = Sizes(contacts=300, interactions=3_000, seed_contacts=50, import_rows=200, saves=3, runs=1)


@dataclass
class Result:
    measure: str
    value: str
    budget: str
    baseline: str = "—"
    ratio: str = "—"
    passed: bool | None = None  # None: not measured
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "MISS", None: "n/a"}[self.passed]


@dataclass
class Run:
    book: Path
    folder: Path  # scratch space for this run
    sizes: Sizes


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


# --- the measures ---------------------------------------------------------------------


def first_screen(run: Run) -> list[Result]:
    from benchmarks.bench_first_screen import measure

    if shutil.which("tmux") is None:
        return [Result("first screen (tmux)", "—", "≤ 1.5x bare app", note="tmux is not installed")]
    times = measure(run.book, TODAY, run.folder, runs=run.sizes.runs)
    bare, ours = median(times.bare_s) * 1000, median(times.outreach_s) * 1000
    return [Result("first screen, today's first contact shown (tmux)", ms(ours), "≤ 1.5x bare app",
                   f"{ms(bare)} bare Textual app", f"{ours / bare:.2f}x", ours / bare <= 1.5,
                   f"median of {len(times.bare_s)} side-by-side runs")]


def save_next(run: Run) -> list[Result]:
    from benchmarks.bench_session import save_times

    copy = run.folder / "session-book.db"  # the saves are written: never into the cached book
    shutil.copyfile(run.book, copy)
    clicks = save_times(copy, TODAY, run.sizes.saves)
    value = median(clicks)
    return [Result("ctrl+s → next contact shown (Pilot)", ms(value), "< 50 ms", passed=value < 50,
                   note=f"median of {len(clicks)}, worst {ms(max(clicks))}")]


def plan(run: Run) -> list[Result]:
    from benchmarks.bench_plan import measure

    times = measure(run.book, TODAY, runs=max(run.sizes.runs * 3, 3))
    ours, baseline = median(times.app_ms), median(times.sqlite_ms)
    return [Result("today's plan query", ms(ours), "< 100 ms and ≤ 3x sqlite3", f"{ms(baseline)} hand-written sqlite3",
                   f"{ours / baseline:.2f}x", ours < 100 and ours / baseline <= 3,
                   f"{times.items} shown of {times.total} due; median of {len(times.app_ms)}")]


def export(run: Run) -> list[Result]:
    from benchmarks.bench_export import baseline_rss, run_baseline, run_export

    ours = run_export(run.book, "csv", run.folder / "export.csv")
    baseline = run_baseline(run.book, run.folder / "baseline.csv")
    rows = run.sizes.interactions
    ratio = ours.seconds / baseline.seconds if baseline.seconds else float("nan")
    return [
        Result("export --format csv: peak RSS", f"{ours.peak_mb:.0f} MB", "< 150 MB",
               f"{baseline_rss():.0f} MB imports only", passed=ours.peak_mb < 150,
               note=f"{ours.file_mb:.0f} MB written"),
        Result("export --format csv: throughput", f"{rows / ours.seconds:,.0f} rows/s", "≤ 3x sqlite3 + csv time",
               f"{rows / baseline.seconds:,.0f} rows/s hand-written", f"{ratio:.2f}x", ratio <= 3,
               f"{ours.seconds:.1f} s against {baseline.seconds:.1f} s"),
    ]


def seed(run: Run) -> list[Result]:
    from benchmarks.bench_seed import measure

    contacts = run.sizes.seed_contacts
    seconds = measure(run.folder, contacts, TODAY)
    return [Result(f"outreach seed --contacts {contacts:,}", f"{seconds:.1f} s", "< 10 s (10,000 contacts)",
                   passed=seconds < 10, note="whole command, Python start included")]


def import_csv(run: Run) -> list[Result]:
    from benchmarks.bench_import import first_import

    rows = run.sizes.import_rows
    result = first_import(rows, run.folder)
    return [Result(f"import of {rows:,} CSV rows", f"{result['seconds']:.1f} s", "< 30 s (100,000 rows)",
                   passed=result["seconds"] < 30, note=f"peak RSS {result['peak_rss_mb']:.0f} MB")]


def search(run: Run) -> list[Result]:
    """Contacts search per keystroke. The hook: `benchmarks/bench_search.py` with
    `keystroke_ms(book: Path, today: date, quick: bool) -> list[float]`, the milliseconds
    from each typed key to its results shown on the Contacts screen."""
    name = "contacts search, per keystroke"
    if importlib.util.find_spec("benchmarks.bench_search") is None:
        return [Result(name, "—", "< 100 ms", note="not measured: benchmarks/bench_search.py is not there yet")]
    from benchmarks import bench_search

    if not hasattr(bench_search, "keystroke_ms"):
        return [Result(name, "—", "< 100 ms", note="not measured: bench_search has no keystroke_ms()")]
    keys = bench_search.keystroke_ms(run.book, TODAY, run.sizes is QUICK)
    value = median(keys)
    return [Result(name, ms(value), "< 100 ms", passed=value < 100,
                   note=f"median of {len(keys)} keystrokes, worst {ms(max(keys))}")]


MEASURES: dict[str, Callable[[Run], list[Result]]] = {
    "first_screen": first_screen,
    "save_next": save_next,
    "plan": plan,
    "export": export,
    "seed": seed,
    "import": import_csv,
    "search": search,
}


# --- the book, the table, the file ------------------------------------------------------


def cached_book(sizes: Sizes, cache: Path) -> tuple[Path, float | None]:
    """The book for these sizes, built once: (path, seconds it took to build, None if cached)."""
    from benchmarks.book import build
    from outreach_tui.store.migrations import latest_version

    source = (ROOT / "benchmarks" / "book.py").read_bytes()
    key = hashlib.sha256(source + str(latest_version()).encode()).hexdigest()[:12]
    path = cache / f"book-{sizes.contacts}-{sizes.interactions}-s{SEED}-{key}.db"
    if path.exists():
        return path, None
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    facts = build(partial, sizes.contacts, sizes.interactions, TODAY, SEED)
    partial.rename(path)  # only a finished book is ever found in the cache
    return path, facts["seconds"]


def table(results: list[Result]) -> str:
    header = ("measure", "value", "budget", "baseline", "ratio", "pass/miss", "note")
    rows = [(r.measure, r.value, r.budget, r.baseline, r.ratio, r.verdict, r.note) for r in results]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def load() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def run_all(sizes: Sizes, only: list[str], results_path: Path | None, cache: Path) -> list[Result]:
    load_before = load()
    book, built_s = cached_book(sizes, cache)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="outreach-bench-") as scratch:
        run = Run(book, Path(scratch), sizes)
        for name in only or list(MEASURES):
            started = time.perf_counter()
            print(f"… {name}", file=sys.stderr, flush=True)
            try:
                results.extend(MEASURES[name](run))
            except Exception as exc:  # one broken measure must not hide the others
                results.append(Result(name, "—", "—", note=f"failed: {exc}".splitlines()[0]))
            print(f"  {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    built = f"built in {built_s:.1f} s" if built_s is not None else "cached"
    report = "\n".join([
        "# Benchmark results",
        "",
        f"{datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, {os.cpu_count()} CPUs,"
        f" load average {load_before} before and {load()} after.",
        f"Book: {sizes.contacts:,} contacts, {sizes.interactions:,} interactions ({built}); today is {TODAY}.",
        "Reproduce with `python -m benchmarks` (`--only NAME`, `--quick` for a tiny book).",
        "",
        table(results),
        "",
    ])
    print(report)
    if results_path is not None:
        results_path.write_text(report + _kept_sections(results_path), encoding="utf-8")
    return results


def _kept_sections(path: Path) -> str:
    """The file's `## …` sections below the table (figures other scripts measure, such as the
    plan's growth table): kept when the table is written again."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return "\n## " + old.split("\n## ", 1)[1] if "\n## " in old else ""


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny book and few repeats (a smoke run)")
    parser.add_argument("--only", nargs="+", choices=list(MEASURES), default=[], metavar="NAME",
                        help=f"some of: {', '.join(MEASURES)}")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where the table goes (default {RESULTS})")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "outreach-bench",
                        help="where built books are kept")
    args = parser.parse_args(argv)
    return run_all(QUICK if args.quick else FULL, args.only, args.results, args.cache)


if __name__ == "__main__":
    main()
