"""The first screen, read in a child process while the app starts.

Reading today's plan is Python work (the query, scoring a few thousand moments).
On a thread it takes turns with Textual's import and start for the one
interpreter lock, so the first frame waits for both; a child process runs it on
another core and answers in JSON (`outreach_tui.store.today.main`).

The child also spares the app the store before its first frame: once it has the
store open at this version's schema it says so, and the command line goes on
without opening it (Peewee's import and the checks, ~30 ms). The app binds the
store while its first screen waits for the plan.

This module imports nothing heavy: the command line calls it before it has even
imported the store. The child reads only a store already at this version's
schema; when it cannot answer, the futures hold why, the command line opens the
store itself (creating or upgrading it, or saying in one line what is wrong)
and the plan screen reads the plan itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outreach_tui.core.today import Today

READER = "import gc; gc.disable(); from outreach_tui.store.today import main; main()"


class TodayAside:
    """The child's two answers: whether the store is current, then the day."""

    def __init__(self, child: subprocess.Popen) -> None:
        from concurrent.futures import Future  # after the child started: it is in no hurry

        self.current: Future[None] = Future()
        self.today: Future[Today] = Future()
        # A daemon thread, not an executor: a start that fails (a damaged store) must exit at
        # once, not wait at exit for a child that may take seconds to answer.
        threading.Thread(target=self._listen, args=(child,), name="today-aside", daemon=True).start()

    def store_is_current(self) -> bool:
        """Whether the child has the store open at this version's schema (waits for it to say)."""
        try:
            self.current.result()
        except Exception:  # no store yet, an older one, a damaged one: the command line opens it
            return False
        return True

    def _listen(self, child: subprocess.Popen) -> None:
        try:
            self.today.set_result(self._answers(child))
        except BaseException as exc:  # handed to the command line and the plan screen, which do it themselves
            for future in (self.current, self.today):
                if not future.done():
                    future.set_exception(exc)

    def _answers(self, child: subprocess.Popen) -> Today:
        from outreach_tui.core.today import STORE_CURRENT

        assert child.stdout is not None and child.stderr is not None
        if child.stdout.readline().rstrip("\n") == STORE_CURRENT:
            self.current.set_result(None)
        answer = child.stdout.read()
        trouble = child.stderr.read()
        if child.wait() != 0:
            lines = trouble.strip().splitlines()
            raise RuntimeError(lines[-1] if lines else f"the plan reader stopped with code {child.returncode}")
        # Imported only now: before the child started, it would have delayed it.
        from outreach_tui.core.today import today_from_json

        return today_from_json(answer)


def read_today_aside(target: str, day: date, *, rep: str, now: datetime) -> TodayAside | None:
    """The first screen's data on its way; None where Python cannot start itself (embedded).

    The child reads the rep's settings itself (the same file, through the same
    `load_settings`): the command line starts it before it has loaded them.
    """
    if not sys.executable:
        return None
    request = json.dumps({"target": target, "day": day.isoformat(), "rep": rep, "now": now.isoformat()})
    # -S: the child needs only this process's import path, not site's start-up work
    # (.pth files; 50 ms on some machines). -c, not -m: runpy's own imports are not needed;
    # nor is the collector, in a process that lives a tenth of a second.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    try:
        child = subprocess.Popen([sys.executable, "-S", "-c", READER], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    except OSError:  # cannot start a process here: the app does without
        return None
    assert child.stdin is not None
    try:
        with child.stdin:
            child.stdin.write(request)
    except OSError:  # the child has stopped already; why is read from it with its answers
        pass
    return TodayAside(child)
