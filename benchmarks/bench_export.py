"""Export of 1M interactions: peak memory (budget 150 MB) and throughput against a hand-written baseline.

    python -m benchmarks --only export        (or this file, for every format, or --formats csv,md)

Each export runs in a fresh process writing to a file: `outreach export` through
the real command line, and the baseline — one sqlite3 query joined to the contact
name with the referral names grouped in, written by `csv.writer`, the standard
library and nothing else. The child reports its seconds and its peak RSS.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.book import build  # noqa: E402

TODAY = date(2026, 11, 23)


# Peak RSS is read from VmHWM: on Linux ru_maxrss survives exec, so a child would
# report the parent's peak (the parent that just built a million rows).
PEAK = """
def peak_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

CHILD = PEAK + """
import sys, time
from outreach_tui.cli import main
started = time.perf_counter()
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(f"{time.perf_counter() - started:.2f} {peak_kb()}", file=sys.stderr)
"""


BASELINE = PEAK + """
import csv, sqlite3, sys, time
started = time.perf_counter()
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT i.id, i.session_id, i.contact_id, c.name, i.rep, i.channel, i.reason, i.outcome, i.started_at,"
    " i.duration_s, i.notes, i.follow_up_on, (SELECT group_concat(r.name, '; ') FROM referral r"
    " WHERE r.interaction_id = i.id) FROM interaction i JOIN contact c ON c.id = i.contact_id"
    " ORDER BY i.started_at, i.id")
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["id", "session_id", "contact_id", "contact_name", "rep", "channel", "reason", "outcome",
                     "started_at", "duration_s", "notes", "follow_up_on", "referrals"])
    writer.writerows(rows)
print(f"{time.perf_counter() - started:.2f} {peak_kb()}", file=sys.stderr)
"""


@dataclass
class ExportRun:
    seconds: float
    peak_mb: float
    file_mb: float


def _child(args: list[str], out: Path) -> ExportRun:
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(f"export failed: {result.stderr.strip()}")
    seconds, peak_kb = result.stderr.strip().splitlines()[-1].split()
    run = ExportRun(float(seconds), int(peak_kb) / 1024, out.stat().st_size / 2**20)
    out.unlink()
    return run


def run_export(db: Path, fmt: str, out: Path, extra: tuple[str, ...] = ()) -> ExportRun:
    """`outreach export --format FMT -o OUT` in a fresh process."""
    return _child(["-c", CHILD, "--db", str(db), "--as-of", TODAY.isoformat(), "export", "--format", fmt,
                   "-o", str(out), *extra], out)


def run_baseline(db: Path, out: Path) -> ExportRun:
    """The same rows as `export --format csv`, hand-written with sqlite3 and csv."""
    return _child(["-c", BASELINE, str(db), str(out)], out)


def baseline_rss() -> float:
    """Peak RSS of a process that only imports the CLI and the exporter: what the export adds is above this."""
    code = PEAK + "import outreach_tui.cli, outreach_tui.store.export\nprint(peak_kb())"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the book at this path")
    parser.add_argument("--formats", default="csv,json,jsonl,md,ics", help="the formats to time, comma-separated")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    db = args.keep or folder / "book.db"
    if args.keep is None or not db.exists():
        started = time.perf_counter()
        facts = build(db, contacts=args.contacts, interactions=args.interactions, today=TODAY)
        print(f"built {facts['contacts']:,} contacts, {facts['interactions']:,} interactions,"
              f" {facts['referrals']:,} referrals in {time.perf_counter() - started:.1f} s")
    print(f"baseline (imports only): peak RSS {baseline_rss():.0f} MB")
    base = run_baseline(db, folder / "baseline.csv")
    print(f"{'format':<9}{'seconds':>9}{'peak RSS MB':>13}{'file MB':>10}")
    print(f"{'sqlite3':<9}{base.seconds:>9.1f}{base.peak_mb:>13.0f}{base.file_mb:>10.0f}")
    for fmt in args.formats.split(","):
        run = run_export(db, fmt, folder / f"export.{fmt}", ("--from", "2026-01-01") if fmt == "ics" else ())
        print(f"{fmt:<9}{run.seconds:>9.1f}{run.peak_mb:>13.0f}{run.file_mb:>10.0f}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
