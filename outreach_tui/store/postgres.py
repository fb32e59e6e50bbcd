"""A PostgreSQL store (team mode): its URL, its driver and what a failed connection says.

psycopg 3 (the `postgres` extra) is loaded only here, once a `postgresql://` store is opened:
a missing driver or a server that cannot be reached is one line, not a traceback.
"""

from __future__ import annotations

from peewee import Database

from outreach_tui.store.engines import StoreError, describe, first_line


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# Seconds to wait for a PostgreSQL server before saying it cannot be reached
# (a `connect_timeout` in the URL wins).
POSTGRES_CONNECT_TIMEOUT = 10


def is_postgres_url(target: str) -> bool:
    return target.startswith(POSTGRES_SCHEMES)


def postgres_database(target: str) -> Database:
    """A PostgreSQL database through psycopg 3 (psycopg2 also works if that is what is installed)."""
    try:
        load_psycopg()
    except ImportError:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise StoreError(
                f"cannot use {describe(target)}: PostgreSQL needs the psycopg driver"
                " (pip install 'outreach-tui[postgres]')"
            ) from None
    from playhouse.db_url import connect, parse

    url = "postgresql://" + target.split("://", 1)[1]
    try:
        options = {"prefer_psycopg3": True}
        if "connect_timeout" not in parse(url):
            options["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT
        return connect(url, unquote_password=True, unquote_user=True, **options)
    except Exception as exc:  # a malformed URL
        raise StoreError(f"cannot use {describe(target)}: {first_line(exc)}") from None


def load_psycopg() -> None:
    """Hand Peewee the psycopg 3 driver it was imported without (see `outreach_tui.store`).

    Sets what Peewee's own `import psycopg` would have set: the module, its JSON
    types and the transaction states its psycopg 3 adapter compares against.
    Raises ImportError when psycopg is not installed.
    """
    import peewee
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    if peewee.psycopg is None:
        peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
        peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
        adapter = peewee.Psycopg3Adapter
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN


def connect_failure_reason(exc: Exception) -> str:
    """The telling part of a psycopg connection error: the server's own words when it answered."""
    text = " ".join(line.strip() for line in str(exc).strip().splitlines() if line.strip())
    if not text:
        return type(exc).__name__
    if "FATAL:" in text:
        return text.split("FATAL:", 1)[1].strip()
    for noise in ("connection failed: ", "connection is bad: "):
        if text.startswith(noise):
            text = text[len(noise):]
    return text.split(" Is the server running")[0].strip()
