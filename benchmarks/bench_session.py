"""Session app budgets: first screen vs a bare Textual app, plan shown, ctrl+s → next contact (< 50 ms).

    python benchmarks/bench_session.py [--contacts N] [--interactions N] [--calls K] [--keep PATH]

First screen: a fresh process that imports, opens the store, builds the app and
runs it headless until its first screen is painted, against the same for a bare
Textual app with a Header, a Label and a Footer (median of 5 each; budget 1.5x).

Builds a book with `benchmarks.book.build` (default 100k contacts, 1M interactions),
runs the real app headless at 100x30 with Pilot, starts a session and saves K calls
(voicemail, ctrl+s). The app stamps each save: from the ctrl+s action to the first
screen refresh after the next contact is painted (`SessionScreen.save_clicks`).
Between saves the loop waits for the app to settle, as a rep would talk for a while;
that is when the next contact is prepared in the background. A plain script: pytest
does not run it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchmarks.book import build  # noqa: E402

TODAY = date(2026, 11, 23)


async def drive(path: Path, calls: int) -> dict[str, object]:
    from outreach_tui.app import make_app
    from outreach_tui.core.clock import Clock
    from outreach_tui.core.settings import Settings
    from ui_fixtures import settle

    started = time.perf_counter()
    app = make_app(str(path), Clock(as_of=TODAY), "bench", Settings(), user_dir=path.parent / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        while app.screen.data is None if hasattr(app.screen, "data") else True:
            await pilot.pause(0.01)
        plan_shown = time.perf_counter() - started
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        for _ in range(calls):
            if app.session_run.upcoming is None:
                break
            await pilot.press("2", "ctrl+s")
            await settle(pilot)
        clicks = list(screen.save_clicks)
        await pilot.press("w", "2", "ctrl+s")
        await settle(pilot)
    return {"plan_shown_s": plan_shown, "saves_ms": [c * 1000 for c in clicks]}


BARE = """
import time, sys
from textual.app import App
from textual.widgets import Footer, Header, Label
class Bare(App):
    def compose(self):
        yield Header(); yield Label("Hello"); yield Footer()
async def first(pilot):
    # Auto-pilot starts once the first screen is mounted; wait for its first refresh.
    import asyncio
    painted = asyncio.Event()
    pilot.app.screen.call_after_refresh(painted.set)
    await painted.wait()
    print(time.time() - float(sys.argv[1]))
    pilot.app.exit()
Bare().run(headless=True, size=(100, 30), auto_pilot=first)
"""

OURS = """
import sys, time
from datetime import date
from outreach_tui.app import make_app
from outreach_tui.core.clock import Clock
from outreach_tui.core.settings import Settings
from pathlib import Path
async def first(pilot):
    # Auto-pilot starts once the first screen is mounted; wait for its first refresh.
    import asyncio
    painted = asyncio.Event()
    pilot.app.screen.call_after_refresh(painted.set)
    await painted.wait()
    print(time.time() - float(sys.argv[1]))
    pilot.app.exit()
path = Path(sys.argv[2])
make_app(str(path), Clock(as_of=date(2026, 11, 23)), "bench", Settings(), user_dir=path.parent / "config").run(
    headless=True, size=(100, 30), auto_pilot=first)
"""


def first_screen(path: Path, runs: int = 5) -> tuple[float, float]:
    """Median seconds to the first painted screen: (bare Textual app, this app)."""
    import subprocess

    def timed(code: str, *args: str) -> float:
        """From just before the process starts to its first painted screen (printed by the child)."""
        done = subprocess.run([sys.executable, "-c", code, repr(time.time()), *args], check=True, cwd=ROOT,
                              capture_output=True, text=True)
        return float(done.stdout.strip().splitlines()[-1])

    bare = [timed(BARE) for _ in range(runs)]
    ours = [timed(OURS, str(path)) for _ in range(runs)]
    return statistics.median(bare), statistics.median(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--keep", type=Path, default=None, help="Reuse (or keep) the book at this path.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-session-"))
    path = args.keep or folder / "book.db"
    try:
        if not path.exists():
            took = time.perf_counter()
            build(path, contacts=args.contacts, interactions=args.interactions, today=TODAY)
            print(f"built {args.contacts:,} contacts / {args.interactions:,} interactions "
                  f"in {time.perf_counter() - took:.1f}s")
        bare, ours = first_screen(path)
        print(f"first screen: bare Textual app {bare * 1000:.0f} ms, outreach {ours * 1000:.0f} ms "
              f"({ours / bare:.2f}x; budget 1.5x)")
        result = asyncio.run(drive(path, args.calls))
        saves = result["saves_ms"]
        print(f"plan shown after start: {result['plan_shown_s'] * 1000:.0f} ms (headless, includes app start)")
        if saves:
            print(f"ctrl+s → next contact shown over {len(saves)} saves: median {statistics.median(saves):.1f} ms, "
                  f"max {max(saves):.1f} ms (budget 50 ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
