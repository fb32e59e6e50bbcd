"""A real PostgreSQL for the tests, with nothing installed by hand.

`start_server()` starts pgserver's PostgreSQL (a pip package that ships the server
binaries, part of the `dev` extra) in a temp folder, one per test worker, tuned
for throwaway data (no fsync). Set `OUTREACH_TEST_PG=postgresql://user@host/db`
to use a server of your own instead; the tests then create and drop their
databases on it, named `outreach_t…`.

Running as root: PostgreSQL refuses to run as root, and pgserver handles that by
itself — it creates a system user `pgserver` (useradd), hands it the data folder,
opens read and traverse permissions on the folders leading to the data folder and
to its own binaries, and runs initdb and pg_ctl as that user. So this works the
same for root (CI) and for an ordinary developer.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import uuid
import warnings
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ENV_URL = "OUTREACH_TEST_PG"
TUNING = ("fsync", "off"), ("full_page_writes", "off"), ("synchronous_commit", "off")


class PgUnavailable(RuntimeError):
    """No PostgreSQL for the tests: the message says what to install."""


class PgServer:
    """One server; `create_database()` hands out fresh databases as store URLs."""

    def __init__(self, admin_url: str, stop=None) -> None:
        self.admin_url = admin_url
        self._stop = stop
        self._numbers = count(1)
        self._prefix = f"outreach_t{uuid.uuid4().hex[:6]}_"
        self.template = None

    def url(self, name: str) -> str:
        return urlunparse(urlparse(self.admin_url)._replace(path=f"/{name}"))

    def admin(self):
        import psycopg

        return psycopg.connect(self.admin_url, autocommit=True)

    def prepare_template(self) -> None:
        """A database holding the current schema: new test databases copy it (faster than DDL)."""
        from outreach_tui.store.connection import open_store

        self.template = self.create_database(schema=False)
        db = open_store(self.template)
        db.close()

    def create_database(self, schema: bool = True) -> str:
        """A new database; with schema, a copy of the template (an outreach store, stamped latest)."""
        name = f"{self._prefix}{next(self._numbers)}"
        source = urlparse(self.template).path[1:] if schema and self.template else "template0"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = urlparse(url).path[1:]
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.template:
            self.drop_database(self.template)
        if self._stop:
            self._stop()


@contextmanager
def one_start_at_a_time():
    """Parallel test workers each start their own server, one after another: as root,
    pgserver's first start creates a system user, which two workers must not race to do."""
    with open(Path(tempfile.gettempdir()) / "outreach-pg-start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def start_server() -> PgServer:
    """The session's server: OUTREACH_TEST_PG, else pgserver in a temp folder."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PgUnavailable(f"PostgreSQL tests need psycopg: pip install -e '.[dev]' ({exc})") from None
    url = os.environ.get(ENV_URL)
    if url:
        server = PgServer(url)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR in CI
            try:
                import pgserver
            except ImportError as exc:
                raise PgUnavailable(f"PostgreSQL tests need pgserver: pip install -e '.[dev]' ({exc})") from None
        folder = Path(tempfile.mkdtemp(prefix="outreach-pg-"))
        try:
            with one_start_at_a_time():
                handle = pgserver.get_server(folder / "data", cleanup_mode="delete")
        except Exception as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise PgUnavailable(f"pgserver could not start PostgreSQL in {folder}: {exc}") from None

        def stop() -> None:
            try:
                handle.cleanup()
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        server = PgServer(handle.get_uri(), stop)
        with server.admin() as conn:
            for setting, value in TUNING:
                conn.execute(f"ALTER SYSTEM SET {setting} = {value}")
            conn.execute("SELECT pg_reload_conf()")
    server.prepare_template()
    return server
