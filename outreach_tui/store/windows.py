"""One rep, two windows: which of a rep's sessions are open in a window right now.

A rep may run the app twice (two terminals, a laptop and a desktop, two browser
tabs). Each window works its own session: its claims (`store.claims`) and its draft
(`store.drafts`) are the session's, so the two never call the same customer.

A session is *open* while its window runs: the window says so every `HEARTBEAT_S`
(`beat`), and a session not seen for `STALE_S` is not open. On this machine a
window's process is also asked directly, so a window that crashed a moment ago
(kill -9, a closed terminal) frees its session at once and its draft is offered to
the next window. A session of this very process is never "another" window's.
Times are UTC, as claims' are: windows of one book may sit in different zones.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from outreach_tui.store.models import Session, database
from outreach_tui.store.plan_conditions import as_utc

HEARTBEAT_S = 20
STALE_S = 75  # three missed beats, and a little


@dataclass(frozen=True)
class OpenSession:
    session_id: int
    rep: str
    started_at: datetime

    def notice(self) -> str:
        """What a second window of the rep says about the first."""
        return (f"{self.rep} has another session open (started {self.started_at:%H:%M})"
                " — its calls are skipped here")


def this_window() -> dict:
    """The session columns naming this window: machine and process."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def beat(session_id: int, now: datetime) -> bool:
    """Say this window still works the session; False if another window has taken it over."""
    window = this_window()
    with database.atomic():
        return bool(Session.update(seen_at=as_utc(now))
                    .where((Session.id == session_id) & (Session.host == window["host"])
                           & (Session.pid == window["pid"]))
                    .execute())


def adopt(session_id: int, now: datetime, seen_at: datetime | None) -> bool:
    """Take over an interrupted session for this window, unless another window just did
    (its last-seen time is no longer `seen_at`, the one the offer was made on)."""
    seen = Session.seen_at.is_null() if seen_at is None else Session.seen_at == seen_at
    with database.atomic():
        return bool(Session.update(seen_at=as_utc(now), **this_window())
                    .where((Session.id == session_id) & Session.ended_at.is_null() & seen)
                    .execute())


def open_elsewhere(host: str, pid: int | None, seen_at: datetime | None, now: datetime) -> bool:
    """True when a session with these window columns is open in another window at `now`."""
    if seen_at is None or pid is None or seen_at <= as_utc(now) - timedelta(seconds=STALE_S):
        return False
    if host != socket.gethostname():
        return True
    return pid != os.getpid() and _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True


def other_open_session(rep: str | None, now: datetime, mine: int | None = None) -> OpenSession | None:
    """The rep's (None: anyone's) latest session open in another window (not session `mine`), if any."""
    recent = as_utc(now) - timedelta(seconds=STALE_S)
    rows = (Session.select(Session.id, Session.rep, Session.started_at, Session.host, Session.pid, Session.seen_at)
            .where(Session.ended_at.is_null() & (Session.seen_at > recent))
            .order_by(Session.started_at.desc(), Session.id.desc()))
    if rep is not None:
        rows = rows.where(Session.rep == rep)
    for row in rows:
        if row.id != mine and open_elsewhere(row.host, row.pid, row.seen_at, now):
            return OpenSession(row.id, row.rep, row.started_at)
    return None
