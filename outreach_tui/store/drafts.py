"""The draft of a session in progress: kept while the rep works, offered back after a crash.

One row per rep (`SessionDraft`). Keeping it is one upsert, so it needs no read
first and works the same on SQLite and PostgreSQL. Ending the session
(`recording.end_session`) deletes it; a draft whose session has ended is never
offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from outreach_tui.store.models import Interaction, Session, SessionDraft, database


@dataclass(frozen=True)
class KeptDraft:
    session_id: int
    state: str  # JSON, read by `ui.resume`
    updated_at: datetime
    # (contact id, interaction id) of every call already saved in the session
    saved: tuple[tuple[int, int], ...]


def keep_draft(rep: str, session_id: int, state: str, now: datetime) -> None:
    """Write (or overwrite) the rep's draft."""
    with database.atomic():
        SessionDraft.insert(rep=rep, session=session_id, state=state, updated_at=now).on_conflict(
            conflict_target=[SessionDraft.rep],
            update={SessionDraft.session: session_id, SessionDraft.state: state, SessionDraft.updated_at: now},
        ).execute()


def resumable_draft(rep: str) -> KeptDraft | None:
    """The rep's draft if its session is still open, with the calls the session saved."""
    row = (
        SessionDraft.select(SessionDraft.session, SessionDraft.state, SessionDraft.updated_at)
        .join(Session)
        .where(SessionDraft.rep == rep, Session.ended_at.is_null())
        .first()
    )
    if row is None:
        return None
    session_id = row.session_id
    saved = tuple(
        (call.contact_id, call.id)
        for call in Interaction.select(Interaction.id, Interaction.contact)
        .where(Interaction.session == session_id)
        .order_by(Interaction.id)
    )
    return KeptDraft(session_id=session_id, state=row.state, updated_at=row.updated_at, saved=saved)

