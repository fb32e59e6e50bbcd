"""The first screen, read in a child process while the app starts.

Reading today's plan is Python work (the query, scoring a few thousand moments).
On a thread it takes turns with Textual's import and start for the one
interpreter lock, so the first frame waits for both; a child process runs it on
another core and answers in JSON (`outreach_tui.store.today.main`). On Linux the child
is a fork of the command line (`ForkedReader`); elsewhere, a new Python.

The child also spares the app the store before its first frame: once it has the
store open at this version's schema it says so, and the command line goes on
without opening it (Peewee's import and the checks, ~30 ms). The app binds the
store once its first screen is drawn (`StoreWorkers.bind_store`).

This module imports nothing heavy: the command line calls it before it has even
imported the store (a fork imports the settings and the day's values first, which
both processes need; the store's modules only the child). The child reads only a store
already at this version's schema; when it cannot answer, the futures hold why,
the command line opens the store itself (creating or upgrading it, or saying in
one line what is wrong) and the plan screen reads the plan itself.
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

        self.current: Future[bool] = Future()  # whether the store is a demo book, once it is found current
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

    def is_demo_book(self) -> bool:
        """Whether the store the child found current is marked a demo book (`store_is_current` first)."""
        return self.current.result()

    def _listen(self, child: subprocess.Popen) -> None:
        try:
            self.today.set_result(self._answers(child))
        except BaseException as exc:  # handed to the command line and the plan screen, which do it themselves
            for future in (self.current, self.today):
                if not future.done():
                    future.set_exception(exc)

    def _answers(self, child: subprocess.Popen) -> Today:
        from outreach_tui.core.today import DEMO_BOOK_CURRENT, STORE_CURRENT

        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline().rstrip("\n")
        if first in (STORE_CURRENT, DEMO_BOOK_CURRENT):
            self.current.set_result(first == DEMO_BOOK_CURRENT)
        answer = child.stdout.read()
        trouble = child.stderr.read()
        if child.wait() != 0:
            lines = trouble.strip().splitlines()
            raise RuntimeError(lines[-1] if lines else f"the plan reader stopped with code {child.returncode}")
        # Imported only now: before the child started, it would have delayed it.
        from outreach_tui.core.today import today_from_json

        return today_from_json(answer)


def read_today_aside(target: str, day: date, *, rep: str, now: datetime) -> TodayAside | None:
    """The first screen's data on its way; None where no process can be started (embedded Python).

    The child reads the rep's settings itself (the same file, through the same
    `load_settings`): the command line starts it before it has loaded them.
    """
    request = json.dumps({"target": target, "day": day.isoformat(), "rep": rep, "now": now.isoformat()})
    try:
        child = ForkedReader() if ForkedReader.safe() else _spawned_reader()
    except OSError:  # cannot start a process here: the app does without
        return None
    if child is None:
        return None
    assert child.stdin is not None
    try:
        with child.stdin:
            child.stdin.write(request)
    except OSError:  # the child has stopped already; why is read from it with its answers
        pass
    return TodayAside(child)


def _spawned_reader() -> subprocess.Popen | None:
    """The reader as a new Python, where this process cannot be forked."""
    if not sys.executable:
        return None
    # -S: the child needs only this process's import path, not site's start-up work
    # (.pth files; 50 ms on some machines). -c, not -m: runpy's own imports are not needed;
    # nor is the collector, in a process that lives a tenth of a second.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    return subprocess.Popen([sys.executable, "-S", "-c", READER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


class ForkedReader:
    """The reader as a copy of this process (`os.fork`), on pipes as a spawned one: no second Python
    to start, and the settings and the plan's values, which the app needs before its first frame
    too, imported once. Peewee and the store's modules the copy imports itself: the app needs
    them only after its first frame (~20 ms it no longer waits for).

    Forked only where that is safe: on Linux, from the one thread there is, before anything of
    the store is loaded here (so no SQLite connection is open to cross the fork).
    """

    @staticmethod
    def safe() -> bool:
        return (sys.platform.startswith("linux") and threading.active_count() == 1
                and "outreach_tui.store" not in sys.modules)

    def __init__(self) -> None:
        # Before the fork, what both processes need (the app: the settings, and the plan's values to
        # take the plan before its first frame); the reader imports the store itself.
        import outreach_tui.core.settings  # noqa: F401
        import outreach_tui.core.today  # noqa: F401

        pipes = [os.pipe() for _ in range(3)]  # stdin, stdout, stderr: (read end, write end)
        self.pid = os.fork()
        if self.pid == 0:
            self._be_the_reader(pipes)
        (in_read, in_write), (out_read, out_write), (err_read, err_write) = pipes
        for end in (in_read, out_write, err_write):
            os.close(end)
        self.stdin = open(in_write, "w", encoding="utf-8")
        self.stdout = open(out_read, encoding="utf-8")
        self.stderr = open(err_read, encoding="utf-8")
        self.returncode: int | None = None

    @staticmethod
    def _be_the_reader(pipes: list[tuple[int, int]]) -> None:
        """In the copy: the reader's `main` on the pipes, then out, never back into the command line."""
        code = 1
        try:
            for fd, (read_end, write_end) in enumerate(pipes):
                os.dup2(read_end if fd == 0 else write_end, fd)
            for end in {end for pair in pipes for end in pair}:
                os.close(end)
            sys.stdin, sys.stdout, sys.stderr = (open(0, encoding="utf-8", closefd=False),
                                                 open(1, "w", encoding="utf-8", closefd=False),
                                                 open(2, "w", encoding="utf-8", closefd=False))
            from outreach_tui.store.today import main

            main()  # leaves by os._exit once it has answered
        except SystemExit as stop:  # main's one line saying why it could not answer
            if stop.code is not None and not isinstance(stop.code, int):
                sys.stderr.write(f"{stop.code}\n")
        finally:
            try:
                sys.stderr.flush()
            finally:
                os._exit(code)

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.returncode
