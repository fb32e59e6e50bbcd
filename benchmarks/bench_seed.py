"""`outreach seed --contacts N` into a fresh store, timed as a rep would see it (budget: 10k in 10 s).

The command runs in its own process through the real command line, so the time
includes starting Python and importing Faker, as it does for the rep.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(folder: Path, contacts: int = 10_000, today: date = date(2026, 11, 23), seed: int = 7) -> float:
    """Seconds for `outreach seed --contacts N` into a new store in `folder`."""
    store = folder / f"seed-{contacts}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "outreach_tui", "--db", str(store), "--as-of", today.isoformat(),
                           "seed", "--contacts", str(contacts), "--seed", str(seed)],
                          capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"outreach seed failed: {done.stderr.strip()}")
    return took
