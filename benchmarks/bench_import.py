"""`outreach import` of a generated 100k-row Google Contacts CSV: time and peak memory.

    python -m benchmarks.bench_import [ROWS] [--traced]

Runs a dry run, then the import twice into a fresh store (the second run merges
every row and changes nothing), each in a child process, so the peak resident set
size (VmHWM, else ru_maxrss) is that import's own. With --traced, Python's own
allocations are measured too (tracemalloc, in this process; about 7x slower).
The file is streamed: memory grows with the in-memory key maps, not the file.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title", "Birthday",
          "Notes", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value"]


def write_book(path: Path, rows: int, seed_text: str = "") -> None:
    """A Google-layout CSV with distinct people, multi-line notes and birthdays, some without a year."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            month, day = n % 12 + 1, n % 28 + 1
            birthday = f"--{month:02d}-{day:02d}" if n % 3 else f"{1950 + n % 50}-{month:02d}-{day:02d}"
            notes = f"Met at expo {n % 7}\nlikes {seed_text}topic {n % 13}" if n % 4 == 0 else ""
            writer.writerow([f"First{n}", "", f"Last{n}", f"Company {n % 997}", "Buyer", birthday, notes,
                             "* myContacts", "Work", f"person{n}@example.com", "Mobile", f"+1 555 {n:07d}"])


def _child(db: str, path: str, *extra: str) -> dict:
    code = (
        "import json, resource, sys, time\n"
        "from click.testing import CliRunner\n"
        "from outreach_tui.cli import main\n"
        "start = time.perf_counter()\n"
        f"result = CliRunner().invoke(main, ['--db', {db!r}, '--as-of', '2026-11-23', 'import', {path!r}, *{list(extra)!r}])\n"
        "took = time.perf_counter() - start\n"
        "rss = next((int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:')),"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
        "print(json.dumps({'seconds': round(took, 2), 'peak_rss_mb': round(rss, 1),"
        " 'exit': result.exit_code, 'output': result.output.strip()}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _baseline_rss() -> float:
    code = ("import resource, click.testing, outreach_tui.cli, outreach_tui.store.importing, peewee\n"
            "print(next((int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:')),"
            " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def traced_peak(db: str, path: str) -> dict:
    """Peak Python allocations of one import, in this process (tracemalloc slows it down)."""
    import tracemalloc
    from datetime import date

    from outreach_tui.store.connection import open_store
    from outreach_tui.store.importing import import_file, inspect_file

    database = open_store(db)
    tracemalloc.start()
    start = time.perf_counter()
    report = import_file(inspect_file(path), today=date(2026, 11, 23))
    took = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    database.close()
    return {"traced_peak_mb": round(peak / 2**20, 1), "seconds_traced": round(took, 2), "summary": report.summary()}


def first_import(rows: int, folder: Path) -> dict:
    """Import a generated `rows`-row CSV into a fresh store in `folder`: seconds and peak RSS, in a child."""
    path = folder / f"contacts-{rows}.csv"
    write_book(path, rows)
    db = folder / f"imported-{rows}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    result = _child(str(db), str(path))
    if result["exit"]:
        raise RuntimeError(f"import failed: {result['output']}")
    return result


def main(rows: int = 100_000, traced: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        write_book(path, rows)
        results = {"rows": rows, "file_mb": round(path.stat().st_size / 2**20, 1),
                   "baseline_rss_mb": round(_baseline_rss(), 1)}
        db = str(Path(folder) / "book.db")
        results["dry_run"] = _child(db, str(path), "--dry-run")
        results["first"] = _child(db, str(path))
        results["second"] = _child(db, str(path))
        if traced:
            results["traced"] = traced_peak(str(Path(folder) / "traced.db"), str(path))
    return results


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    print(json.dumps(main(numbers[0] if numbers else 100_000, "--traced" in sys.argv), indent=2))
    os._exit(0)
