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
    """Keep every test away from the real user's data and config folders."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("OUTREACH_DB", raising=False)
    monkeypatch.delenv("OUTREACH_TODAY", raising=False)
