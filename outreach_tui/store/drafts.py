"""The draft of a session in progress: kept while the rep works, offered back after a crash.

One row per session (`SessionDraft`): a rep with two windows keeps two. Keeping it
is one upsert, so it needs no read first and works the same on SQLite and
PostgreSQL. Ending the session (`recording.end_session`) deletes it; a draft whose
session has ended, or is open in another window (`store.windows`), is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from outreach_tui.store.models import Interaction, Session, SessionDraft, database
from outreach_tui.store.windows import open_elsewhere


@dataclass(frozen=True)
class KeptDraft:
    session_id: int
    state: str  # JSON, read by `ui.resume`
    updated_at: datetime
    # (contact id, interaction id) of every call already saved in the session
    saved: tuple[tuple[int, int], ...]
    started_at: datetime | None = None  # the session's, to name it in the offer
    seen_at: datetime | None = None  # its window's last sign of life (`windows.adopt` checks it)


def keep_draft(rep: str, session_id: int, state: str, now: datetime) -> None:
    """Write (or overwrite) the session's draft."""
    with database.atomic():
        SessionDraft.insert(rep=rep, session=session_id, state=state, updated_at=now).on_conflict(
            conflict_target=[SessionDraft.session],
            update={SessionDraft.state: state, SessionDraft.updated_at: now},
        ).execute()


def resumable_draft(rep: str, now: datetime | None = None) -> KeptDraft | None:
    """The rep's latest draft whose session is unfinished and in no other window's hands
    (at `now`, default the machine's), with the calls the session saved."""
    rows = (
        SessionDraft.select(SessionDraft.state, SessionDraft.updated_at, Session.id, Session.started_at,
                            Session.host, Session.pid, Session.seen_at)
        .join(Session)
        .where(SessionDraft.rep == rep, Session.ended_at.is_null())
        .order_by(SessionDraft.updated_at.desc(), SessionDraft.id.desc())
    )
    now = now or datetime.now()
    row = next((row for row in rows
                if not open_elsewhere(row.session.host, row.session.pid, row.session.seen_at, now)), None)
    if row is None:
        return None
    session_id = row.session.id
    saved = tuple(
        (call.contact_id, call.id)
        for call in Interaction.select(Interaction.id, Interaction.contact)
        .where(Interaction.session == session_id)
        .order_by(Interaction.id)
    )
    return KeptDraft(session_id=session_id, state=row.state, updated_at=row.updated_at, saved=saved,
                     started_at=row.session.started_at, seen_at=row.session.seen_at)

