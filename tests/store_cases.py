"""What the tests of a store's messages share: a small book on disk, a command run, its one line."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from book import add_contact
from conftest import TODAY
from outreach_tui.cli import main
from outreach_tui.store.connection import open_store


def make_book(path: Path) -> Path:
    """60 contacts with 3,000 characters of notes each: a store of a few hundred pages."""
    db = open_store(path)
    for number in range(60):
        add_contact(f"Dana Fox {number}", TODAY, last_touch_on=TODAY - timedelta(days=100), notes="n" * 3000)
    db.close()
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["--as-of", TODAY.isoformat(), *args])


def one_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
