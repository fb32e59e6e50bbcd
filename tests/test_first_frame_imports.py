"""What the app's process has imported when its first frame is drawn: what that frame needs, no more.

Every module imported before the first frame is start-up time the rep waits through
(the first-screen budget, `benchmarks/bench_first_screen.py`). The app runs in a fresh
Python, as the command line starts it: the plan read aside by the start-up reader, the
store left for the plan screen to bind. The modules are taken when the plan screen, its
first frame drawn, asks for what follows it (`PlanScreen.load`), which binds the store
first: Peewee and the store's modules are not the first frame's to wait for.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ui_fixtures import NINE, book_file

ROOT = Path(__file__).resolve().parent.parent

APP = r"""
import asyncio, json, sys
from datetime import datetime

from outreach_tui.app import make_app
from outreach_tui.core.clock import Clock
from outreach_tui.core.settings import Settings
from outreach_tui.prefetch import read_today_aside
from outreach_tui.ui.plan_screen import PlanScreen

target, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
seen = []
after_first_frame = PlanScreen.load


def load(self, *args, **kwargs):
    if not seen:
        seen.append(sorted(sys.modules))
    return after_first_frame(self, *args, **kwargs)


PlanScreen.load = load


async def main():
    aside = read_today_aside(target, now.date(), rep="ann", now=now)
    assert aside.store_is_current()
    app = make_app(target, Clock(as_of=now.date(), fixed_time=now), "ann", Settings(), first_today=aside.today,
                   bind_later=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            if seen:
                break
            await pilot.pause(0.01)
        shown = "\n".join(line.text for line in app.screen._compositor.render_strips())
        await pilot.pause()
        bound = app.store_bound
    print(json.dumps({"modules": seen[0] if seen else None, "screen": shown, "bound": bound}))


asyncio.run(main())
"""

# Loaded when a screen, a call or a search needs them: never on the way to the first frame.
NOT_YET = (
    "outreach_tui.ui.session_screen", "outreach_tui.ui.contacts_screen", "outreach_tui.ui.cards_screen",
    "outreach_tui.ui.review_screen", "outreach_tui.ui.help_screen", "outreach_tui.ui.commands",
    "outreach_tui.core.scripts", "outreach_tui.core.cues",  # the call's words: loaded beside the plan, after it
    "outreach_tui.store", "peewee", "sqlite3",  # the reader's: the app binds the store once the frame is drawn
    # the reader's facts and rules: the app shows the plan's values (`core.plan_items`)
    "outreach_tui.core.plan_facts", "outreach_tui.core.plan_signals", "outreach_tui.core.planner",
    "tomllib",  # only for a settings file there (this start has none)
    "dateutil", "faker", "rapidfuzz", "phonenumbers", "psycopg",
)


def test_the_first_frame_loads_only_what_it_shows(tmp_path):
    path = book_file(tmp_path)
    run = subprocess.run([sys.executable, "-c", APP, str(path), NINE.isoformat()], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert "Maria Lopez" in seen["screen"]  # the plan is on the frame
    modules = set(seen["modules"])
    assert "outreach_tui.ui.plan_screen" in modules  # taken at the frame
    assert sorted(name for name in modules if any(name == later or name.startswith(later + ".")
                                                  for later in NOT_YET)) == []
    assert seen["bound"]  # and the store bound just after it
