"""Export of 1M interactions: time and peak memory per format (budget: peak RSS < 150 MB).

    python benchmarks/bench_export.py [--interactions N] [--keep PATH]

Builds a book with `benchmarks.book.build` (100k contacts, N interactions) plus
referrals on 5% of the calls and follow-up dates on a third, then runs `outreach export` for each format in a
fresh process writing to a file, and prints seconds, rows and the child's peak
RSS. A plain script: pytest does not run it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.book import build  # noqa: E402

TODAY = date(2026, 11, 23)


def add_referrals(path: Path, share: float = 0.05, seed: int = 2) -> int:
    """Referrals (one or two names) on a share of the interactions, so the per-chunk join has work,
    and follow-up dates on a third of them."""
    from outreach_tui.store.connection import open_store

    rng = random.Random(seed)
    db = open_store(path)
    conn = db.connection()
    rows = conn.execute("SELECT id, contact_id, started_at FROM interaction").fetchall()
    picked = [row for row in rows if rng.random() < share]
    referrals = []
    for interaction_id, contact_id, started in picked:
        for number in range(rng.choice((1, 1, 2))):
            referrals.append((contact_id, interaction_id, f"Referral {interaction_id}-{number}", "555-0100",
                              str(started)[:10]))
    conn.executemany("INSERT INTO referral (referred_by_id, interaction_id, name, phone, email, given_on)"
                     " VALUES (?, ?, ?, ?, '', ?)", referrals)
    # A follow-up date on a third of the calls, 1–60 days on, so the calendar has real work.
    conn.execute("UPDATE interaction SET follow_up_on = date(started_at, '+' || (id % 60 + 1) || ' days')"
                 " WHERE id % 3 = 0")
    conn.commit()
    db.close()
    return len(referrals)


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


def run_export(db: Path, fmt: str, out: Path, extra: list[str]) -> tuple[float, float, int]:
    args = [sys.executable, "-c", CHILD, "--db", str(db), "--as-of", TODAY.isoformat(), "export",
            "--format", fmt, "-o", str(out), *extra]
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"export {fmt} failed: {result.stderr.strip()}")
    seconds, peak_kb = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak_kb) / 1024, out.stat().st_size


def baseline_rss() -> float:
    """Peak RSS of a process that only imports the CLI and the exporter: what the export adds is above this."""
    code = PEAK + "import outreach_tui.cli, outreach_tui.store.export, icalendar\nprint(peak_kb())"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the book at this path")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    db = args.keep or folder / "book.db"
    if args.keep is None or not db.exists():
        started = time.perf_counter()
        facts = build(db, contacts=args.contacts, interactions=args.interactions, today=TODAY)
        referrals = add_referrals(db)
        print(f"built {facts['contacts']:,} contacts, {facts['interactions']:,} interactions,"
              f" {referrals:,} referrals in {time.perf_counter() - started:.1f} s")
    print(f"baseline (imports only): peak RSS {baseline_rss():.0f} MB")
    print(f"{'format':<8}{'seconds':>9}{'peak RSS MB':>13}{'file MB':>10}")
    worst = 0.0
    for fmt in ("csv", "json", "jsonl", "md", "ics"):
        extra = ["--from", "2026-01-01"] if fmt == "ics" else []
        seconds, peak_mb, size = run_export(db, fmt, folder / f"export.{fmt}", extra)
        worst = max(worst, peak_mb)
        print(f"{fmt:<8}{seconds:>9.1f}{peak_mb:>13.0f}{size / 1e6:>10.0f}")
        (folder / f"export.{fmt}").unlink()
    print(f"worst peak RSS {worst:.0f} MB (budget 150 MB): {'ok' if worst < 150 else 'OVER'}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
