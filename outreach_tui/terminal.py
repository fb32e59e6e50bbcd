"""What the command line does differently on a terminal: the full-screen app needs one, and
progress bars are drawn on one (stderr) and nowhere else, so a script's output stays clean.

Cheap to import (click, os, sys): the command line loads it before anything else.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

NO_TERMINAL = "needs a terminal: try `outreach today`"


def app_can_show() -> bool:
    """Whether the full-screen app may start: stdin and stdout are a terminal. Fed from a pipe or
    writing to a file (cron, a script) it would write escape codes and wait for keys for ever.

    A Textual driver set on purpose (TEXTUAL_DRIVER: the web driver, a test's) brings its
    own screen, and so does `outreach serve`, which sets OUTREACH_SERVED=1 for the app it runs.
    """
    if os.environ.get("TEXTUAL_DRIVER") or os.environ.get("OUTREACH_SERVED") == "1":
        return True
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


@contextmanager
def progress_bar(label: str, total):
    """A progress bar on stderr, told the count done so far, when stderr is a terminal; else nothing
    is shown (None). `total`: the count, or a callable giving it (asked only for a terminal), or
    None for a count with no end known (then no bar)."""
    length = (total() if callable(total) else total) if sys.stderr.isatty() else None
    if not length:
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        def at(done: int) -> None:
            if done > bar.pos:
                bar.update(done - bar.pos)

        yield at


def import_progress(size: int):
    """A progress bar on stderr per pass over the file, driven by the byte position read."""

    @contextmanager
    def stage(label: str):
        with progress_bar(label, size) as at:
            yield at
            at(size)

    return stage
