"""End to end: the real `outreach practice` in a real terminal (tmux) at 80x24, driven by
keys to the debrief; the rep's store (given with --db, and the default one) is untouched."""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

import pytest

from outreach_tui.store.connection import open_store
from test_e2e_crash import environment
from test_e2e_tmux import TMUX, outreach_command, terminal  # noqa: F401  (terminal: the fixture)
from ui_fixtures import build_book

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (the CI image installs it)")


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_practice_call_by_keys_to_the_debrief_leaves_the_store_alone(tmp_path, terminal):
    store = tmp_path / "book.db"
    db = open_store(store)
    build_book()
    db.close()
    env = {**environment(tmp_path), "TMPDIR": str(tmp_path / "tmp")}  # where the practice book goes
    home = tmp_path / "home"
    (home / "data" / "outreach").mkdir(parents=True)
    (home / "data" / "outreach" / "outreach.db").write_bytes(store.read_bytes())  # the default store, too
    (tmp_path / "tmp").mkdir()
    given_before, home_before = store.read_bytes(), fingerprint(home)
    terminal.start(f"{outreach_command()} --db {shlex.quote(str(store))} --as-of 2026-12-07 --rep Sam "
                   "practice --scenario competitor-price --seed 7", env, width=80, height=24)

    screen = terminal.wait_for("Your move")
    assert "PRACTICE" in screen and "Uncovered 0 of 5" in screen, screen
    assert "“Hi Destiny, it's Sam." in screen  # the normal script, in the trainee's name
    for key in ("o", "h", "l"):
        terminal.keys(key)
    screen = terminal.wait_for("3. You: Listen")
    assert "Uncovered 3 of 5" in screen and "competitor:" in screen, screen
    terminal.keys("c")
    terminal.wait_for("4. You: Compliment")
    terminal.keys("v")
    terminal.wait_for("5. You: Offer to revise")
    terminal.keys("a")
    screen = terminal.wait_for("Practice hit ratio: 1 won of 1 call (100%)")
    assert "Outcome: Won" in screen and "✓ Opened personally (open-personally, turn 1)" in screen, screen
    assert "✓ Found something true to compliment (compliment, turn 4)" in screen
    terminal.keys("C-q")
    screen = terminal.wait_for("OUTREACH-EXIT=")
    assert "OUTREACH-EXIT=0" in screen, screen

    assert store.read_bytes() == given_before  # --db: not read into, not written
    assert sorted(path.name for path in tmp_path.glob("book.db*")) == ["book.db"]  # no journal beside it
    assert fingerprint(home) == home_before  # the default store, and everything else at home
    assert list((tmp_path / "tmp").iterdir()) == []  # the practice book went with the app
