"""The rows of an export: one streamed select of interactions with PRODUCT.md's
columns, their referrals fetched a chunk at a time, and the sessions they belong to.

Nothing is collected: the select is read through an iterator cursor (a named,
server-side cursor on PostgreSQL) in chunks of `CHUNK`, and on SQLite the open select
pins one read snapshot, so the referral look-ups see the same data as the rows.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterator

from peewee import JOIN, PostgresqlDatabase

from outreach_tui.store.models import Contact, Interaction, Referral, Session, database


COLUMNS = (
    "id",
    "session_id",
    "contact_id",
    "contact_name",
    "rep",
    "channel",
    "reason",
    "outcome",
    "started_at",
    "duration_s",
    "notes",
    "their_view",
    "follow_up_on",
    "referrals",
)
INT_COLUMNS = ("id", "session_id", "contact_id", "duration_s")

CHUNK = 1000  # rows per referral look-up and per fetch from a server-side cursor
REFERRAL_SEPARATOR = "; "


class ExportError(Exception):
    """An export that cannot be made; the message (one line) names the option or file."""


@dataclass(frozen=True)
class ExportFilter:
    """Which interactions: `start`/`end` are inclusive dates on started_at."""

    start: date | None = None
    end: date | None = None
    session_id: int | None = None
    rep: str | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ExportError(f"--from {self.start.isoformat()} is after --to {self.end.isoformat()}")

    def apply(self, query):
        if self.start is not None:
            query = query.where(Interaction.started_at >= datetime.combine(self.start, time.min))
        if self.end is not None:
            # Inclusive: anything before midnight at the end of the --to day.
            query = query.where(Interaction.started_at < datetime.combine(self.end + timedelta(days=1), time.min))
        if self.session_id is not None:
            query = query.where(Interaction.session == self.session_id)
        if self.rep is not None:
            query = query.where(Interaction.rep == self.rep)
        return query


# --- reading: one select, streamed in chunks ------------------------------------------

_ROW_FIELDS = (
    Interaction.id, Interaction.session, Interaction.contact, Contact.name, Interaction.rep,
    Interaction.channel, Interaction.reason, Interaction.outcome, Interaction.started_at,
    Interaction.duration_s, Interaction.notes, Interaction.follow_up_on, Interaction.their_view,
)
_SESSION_FIELDS = (Session.rep, Session.started_at, Session.ended_at, Session.planned_minutes, Session.reflection)


def stream_chunks(query, chunk: int = CHUNK) -> Iterator[list[tuple]]:
    """The query's rows as raw tuples, `chunk` at a time, read through one cursor, never cached.

    SQLite's cursor steps through the result as it is read. On PostgreSQL a plain
    cursor would pull the whole result into the client first, so a named
    (server-side) cursor is used inside a read transaction. Values are the
    driver's own (SQLite gives dates as ISO text); `_iso` and friends accept both.
    """
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        if db.in_transaction():
            yield from _server_side_chunks(db, query, chunk)
        else:
            with db.atomic():
                yield from _server_side_chunks(db, query, chunk)
        return
    cursor = db.execute(query)
    try:
        while rows := cursor.fetchmany(chunk):
            yield rows
    finally:
        cursor.close()


def _server_side_chunks(db, query, chunk: int) -> Iterator[list[tuple]]:
    sql, params = query.sql()
    connection = db.connection()
    adapter = getattr(db, "_adapter", None)  # peewee 4 knows each driver's named-cursor rules
    if adapter is not None and hasattr(adapter, "server_side_cursor"):
        cursor = adapter.server_side_cursor(connection)
    else:
        cursor = connection.cursor(name=f"outreach_export_{uuid.uuid4().hex}")
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            yield rows
    finally:
        cursor.close()


@contextmanager
def read_transaction() -> Iterator[None]:
    """One transaction around a whole export on PostgreSQL, where named cursors need one and the
    calendar's interleaved cursors must share it; nothing on SQLite, where a transaction would
    take the write lock (an open select already reads one snapshot there)."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase) and not db.in_transaction():
        with db.atomic():
            yield
    else:
        yield


def stream_tuples(query, chunk: int = CHUNK) -> Iterator[tuple]:
    for rows in stream_chunks(query, chunk):
        yield from rows


def _referral_names(interaction_ids: list[int]) -> dict[int, list[str]]:
    """Referral names given on these interactions, in the order they were entered: one query."""
    names: dict[int, list[str]] = {}
    if not interaction_ids:
        return names
    db = database.obj
    marks = ", ".join([db.param] * len(interaction_ids))
    # Plain SQL: building a 1000-value IN through the query builder costs more than the query.
    sql = (f'SELECT "interaction_id", "name" FROM "{Referral._meta.table_name}"'
           f' WHERE "interaction_id" IN ({marks}) ORDER BY "interaction_id", "id"')
    for interaction_id, name in db.execute_sql(sql, interaction_ids).fetchall():
        names.setdefault(interaction_id, []).append(name)
    return names


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    return text.replace(" ", "T", 1) if len(text) > 10 else text


def _row(values: tuple, referrals: dict[int, list[str]]) -> dict:
    return {
        "id": values[0],
        "session_id": values[1],
        "contact_id": values[2],
        "contact_name": values[3],
        "rep": values[4],
        "channel": values[5],
        "reason": values[6],
        "outcome": values[7],
        "started_at": _iso(values[8]),
        "duration_s": values[9],
        "notes": values[10],
        "their_view": values[12],
        "follow_up_on": _iso(values[11]),
        "referrals": referrals.get(values[0], []),
    }


def _interaction_query(filters: ExportFilter, by_session: bool):
    if by_session:
        query = (Interaction.select(*_ROW_FIELDS, *_SESSION_FIELDS)
                 .join(Contact, on=(Interaction.contact == Contact.id))
                 .switch(Interaction)
                 .join(Session, JOIN.LEFT_OUTER, on=(Interaction.session == Session.id))
                 # Sessions in the order they started, interactions without one last.
                 .order_by(Interaction.session.is_null(), Session.started_at, Interaction.session,
                           Interaction.started_at, Interaction.id))
    else:
        query = (Interaction.select(*_ROW_FIELDS)
                 .join(Contact, on=(Interaction.contact == Contact.id))
                 .order_by(Interaction.started_at, Interaction.id))
    return filters.apply(query)


def interaction_rows(filters: ExportFilter = ExportFilter(), chunk: int = CHUNK) -> Iterator[dict]:
    """Interactions as export rows (PRODUCT.md's columns), oldest first, streamed."""
    for batch in stream_chunks(_interaction_query(filters, by_session=False), chunk):
        referrals = _referral_names([values[0] for values in batch])
        for values in batch:
            yield _row(values, referrals)


def interaction_record(interaction_id: int) -> dict:
    """One interaction as an export row (what `outreach log --format json` prints)."""
    query = _interaction_query(ExportFilter(), by_session=False).where(Interaction.id == interaction_id)
    return _row(query.tuples().get(), _referral_names([interaction_id]))


def session_rows(session_id: int | None = None) -> Iterator[dict]:
    """One session's rows (every interaction when None), oldest first."""
    return interaction_rows(ExportFilter(session_id=session_id))


def _session_grouped_rows(filters: ExportFilter, chunk: int = CHUNK) -> Iterator[tuple[dict, tuple]]:
    """(row, session columns) ordered session by session, for the Markdown report."""
    n = len(_ROW_FIELDS)
    for batch in stream_chunks(_interaction_query(filters, by_session=True), chunk):
        referrals = _referral_names([values[0] for values in batch])
        for values in batch:
            yield _row(values[:n], referrals), tuple(values[n:])




def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None
