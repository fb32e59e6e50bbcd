"""A rep in a separate process, claiming until the plan runs dry (the concurrency test's worker).

A module of its own, not a test file, so that `multiprocessing`'s spawn start
method can import it in the child.
"""

from __future__ import annotations

import time
from datetime import date, datetime


def claim_until_empty(target: str, rep: str, today: date, now: datetime, batch: int, start, results,
                      from_plan: bool = False) -> None:
    """Open the store, wait for every rep to be ready, then claim `batch` at a time until none is left.

    from_plan: like a session, work out the plan once and claim from what is left
    of it (`claim_next(plan=…)`); otherwise plan afresh for every claim.
    Puts (rep, claimed contact ids in order, seconds per claim_next call, error) on `results`.
    """
    claimed: list[int] = []
    latencies: list[float] = []
    error = None
    try:
        from outreach_tui.store.claims import claim_next
        from outreach_tui.store.connection import open_store
        from outreach_tui.store.queries import todays_plan

        db = open_store(target)
        remaining = todays_plan(today, rep=rep, now=now).items if from_plan else None
        start.wait(timeout=60)
        while True:
            began = time.perf_counter()
            items = claim_next(rep, today, now, batch, plan=remaining)
            latencies.append(time.perf_counter() - began)
            if not items:
                break
            claimed.extend(item.contact_id for item in items)
            if from_plan:
                remaining = remaining[remaining.index(items[-1]) + 1:]
        db.close()
    except BaseException as exc:  # reported to the parent, which fails the test with it
        error = f"{type(exc).__name__}: {exc}"
    results.put((rep, claimed, latencies, error))
