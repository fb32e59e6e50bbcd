"""ctrl+s to the next contact fully shown, on a big book (budget: under 50 ms at the median).

Runs the real app headless at 100x30 with Pilot, starts a session and saves
calls one after another (voicemail, ctrl+s). The app stamps each save: from the
ctrl+s action to the first screen refresh after the next contact is painted
(`SessionScreen.save_clicks`). Between saves the loop waits for the app to
settle, as a rep would talk for a while; that is when the next contact is
prepared in the background. The saves are written: give it a copy of the book.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def _drive(book: Path, today: date, saves: int) -> list[float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from outreach_tui.app import make_app
    from outreach_tui.core.clock import Clock
    from outreach_tui.core.settings import Settings
    from ui_fixtures import settle

    # Enough contacts on the plan for every save, and one more to move on to.
    settings = Settings(plan_limit=saves + 2)
    app = make_app(str(book), Clock(as_of=today), "bench", settings, user_dir=book.parent / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        while getattr(app.screen, "data", None) is None:
            await pilot.pause(0.01)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        for _ in range(saves):
            await pilot.press("2", "ctrl+s")
            await settle(pilot)
        clicks = list(screen.save_clicks)
        app.exit()
    return [seconds * 1000 for seconds in clicks]


def save_times(book: Path, today: date, saves: int = 50) -> list[float]:
    """Milliseconds from each ctrl+s to the next contact shown."""
    return asyncio.run(_drive(book, today, saves))
