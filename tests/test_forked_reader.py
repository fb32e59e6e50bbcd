"""The start-up reader as a copy of the command line's process (`prefetch.ForkedReader`).

The command line forks it before anything of the store is loaded; in a test process the
store is loaded already, so these run a fresh Python, as `outreach` starts, and compare
what it is handed with what this process reads itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from outreach_tui.core.plan_items import PlanRules
from outreach_tui.store.connection import open_store
from outreach_tui.store.today import read_today
from test_today import described
from ui_fixtures import NINE, TODAY, build_book

ROOT = Path(__file__).resolve().parent.parent

COMMAND_LINE = r"""
import json, sys
from datetime import datetime

from outreach_tui.prefetch import ForkedReader, read_today_aside

forked = ForkedReader.safe()
aside = read_today_aside(sys.argv[1], datetime.fromisoformat(sys.argv[2]).date(), rep="ann",
                         now=datetime.fromisoformat(sys.argv[2]))
current = aside.store_is_current()
try:
    today = aside.today.result(timeout=60)
    items = [[item.contact_id, item.name, item.score, item.reasons, item.detail] for item in today.plan.items]
    print(json.dumps({"forked": forked, "current": current, "items": items, "calls": today.progress.calls}))
except RuntimeError as exc:
    print(json.dumps({"forked": forked, "current": current, "error": str(exc)}))
"""


def command_line(path: Path) -> dict:
    """What a fresh process is handed by the reader it forks; its whole output is that one line."""
    run = subprocess.run([sys.executable, "-c", COMMAND_LINE, str(path), NINE.isoformat()], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1, run.stdout  # the copy never carries on into the command line's own code
    return json.loads(lines[0])


def test_the_forked_reader_hands_over_what_this_process_reads(tmp_path):
    path = tmp_path / "book.db"
    db = open_store(path)
    try:
        build_book()
        here = read_today(TODAY, PlanRules(), None, rep="ann", now=NINE, counts=False)
    finally:
        db.close()
    there = command_line(path)
    assert there["forked"] and there["current"]
    assert there["items"] == json.loads(json.dumps([row[:5] for row in described(here)[0]]))
    assert there["calls"] == here.progress.calls


def test_a_forked_reader_that_cannot_read_says_why_in_one_line(tmp_path):
    missing = tmp_path / "nowhere.db"
    there = command_line(missing)
    assert there["forked"] and not there["current"]
    assert str(missing) in there["error"] and "\n" not in there["error"]
    assert not missing.exists()  # the reader never creates a store
