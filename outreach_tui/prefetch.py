"""The first screen, read in a child process while the app starts.

Reading today's plan is Python work (the query, scoring a few thousand moments).
On a thread it takes turns with Textual's import and start for the one
interpreter lock, so the first frame waits for both; a child process runs it on
another core and answers in JSON (`python -m outreach_tui.store.today`).

This module imports nothing heavy: the command line calls it before it has even
imported the store. The child reads only a store already at this version's
schema; when it cannot answer, the future holds why and the plan screen reads
the plan itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outreach_tui.core.planner import PlanRules
    from outreach_tui.store.today import Today


def read_today_aside(target: str, day: date, rules: PlanRules, limit: int | None, *, rep: str,
                     now: datetime) -> Future[Today] | None:
    """The first screen's data on its way; None where Python cannot start itself (embedded)."""
    if not sys.executable:
        return None
    request = json.dumps({"target": target, "day": day.isoformat(), "rules": asdict(rules), "limit": limit,
                          "rep": rep, "now": now.isoformat()})
    future: Future[Today] = Future()

    def run() -> None:
        try:
            future.set_result(_ask_child(request))
        except BaseException as exc:  # handed to the plan screen, which reads again
            future.set_exception(exc)

    # A daemon thread, not an executor: a start that fails (a damaged store) must exit at
    # once, not wait at exit for a child that may take seconds to answer.
    threading.Thread(target=run, name="today-aside", daemon=True).start()
    return future


def _ask_child(request: str) -> Today:
    # -S: the child needs only this process's import path, not site's start-up work
    # (.pth files; 50 ms on some machines).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    child = subprocess.Popen([sys.executable, "-S", "-m", "outreach_tui.store.today"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    answer, trouble = child.communicate(request)
    if child.returncode != 0:
        lines = trouble.strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"the plan reader stopped with code {child.returncode}")
    # Imported only now: before the child started, it would have delayed it.
    from outreach_tui.store.today import today_from_json

    return today_from_json(answer)
