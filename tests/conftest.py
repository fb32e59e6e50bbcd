"""Shared fixtures: a fresh store per test, and a pinned clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from outreach_tui.core.clock import Clock, FakeMonotonic
from outreach_tui.store.connection import open_store

TODAY = date(2026, 11, 23)  # a Monday


@pytest.fixture
def store(tmp_path):
    """An empty store in a temp folder, bound to the models for this test."""
    db = open_store(tmp_path / "book.db")
    yield db
    db.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(as_of=TODAY, fixed_time=datetime(2026, 11, 23, 9, 0), monotonic=FakeMonotonic())


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Keep every test away from the real user's folders, and from other tests running beside it."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("OUTREACH_DB", raising=False)
    monkeypatch.delenv("OUTREACH_TODAY", raising=False)
    monkeypatch.delenv("OUTREACH_NOW", raising=False)
    monkeypatch.delenv("OUTREACH_REP", raising=False)


# --- Both engines (team mode): SQLite and a real PostgreSQL --------------------------
#
# Store-level modules opt in by asking for `any_store` (or `new_store` for several
# stores), usually through a module fixture `def store(any_store): return any_store`;
# everything else keeps the SQLite-only `store` above, so UI tests stay fast.
# `pytest -m "not postgresql"` runs the SQLite half only.

ENGINES = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql))


def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql: runs against the session's PostgreSQL server")


@pytest.fixture(scope="session")
def pg():
    """The session's PostgreSQL server (see tests/pg.py); started on first use, stopped at the end."""
    import os

    from pg import PgUnavailable, start_server

    try:
        server = start_server()
    except PgUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture
def new_store(engine, tmp_path, request):
    """new_store(name="book", schema=True) -> the address of a fresh store on this test's engine.

    SQLite: a path in tmp_path. PostgreSQL: a new database (a copy of one holding the
    current schema, or empty with schema=False), dropped after the test.
    """
    made = []

    def make(name: str = "book", schema: bool = True) -> str:
        if engine == "sqlite":
            return str(tmp_path / f"{name}.db")
        server = request.getfixturevalue("pg")
        made.append(server.create_database(schema=schema))
        return made[-1]

    yield make
    if made:
        from outreach_tui.store.models import database

        if database.obj is not None and not database.is_closed():
            database.close()
        server = request.getfixturevalue("pg")
        for url in made:
            server.drop_database(url)


@pytest.fixture
def any_store(new_store):
    """A fresh store on SQLite, then on PostgreSQL, bound to the models for this test."""
    db = open_store(new_store())
    yield db
    db.close()
