"""Time to the first screen in a real terminal: `outreach` on a big book against a bare Textual app.

Both are started in the same tmux server, one after the other, and the pane is
polled until their text shows: for `outreach`, today's first contact on the plan;
for the bare app (`bare_app.py`: a Header, a Label and a Footer), its label. The
clock runs from just before tmux is asked to start the command, so both carry the
same terminal and polling overheads. Runs alternate, after one unmeasured warm-up
of each (cold file caches are not what a rep's second morning looks like).

    python -m benchmarks.bench_first_screen BOOK [--as-of DAY] [--runs N] [--against CHECKOUT]

BOOK is a store's file or a PostgreSQL address (`postgresql://…`).

`--against` times another checkout (the code before a change) in the same rounds.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_TEXT = "Bare app ready"
TIMEOUT_S = 60.0
POLL_S = 0.005
SIZE = (120, 40)


@dataclass
class FirstScreen:
    bare_s: list[float]
    outreach_s: list[float]
    expected: str  # what was polled for on the outreach screen
    against_s: list[float] = field(default_factory=list)  # another checkout's, when asked for


class Tmux:
    """A private tmux server (its own socket), driven through one control-mode client.

    Polling with a `tmux capture-pane` process every 5 ms spent most of a core on
    starting tmux clients, and that core was taken from whichever app was starting:
    more from `outreach`, whose plan reader needs the second core. A control-mode
    client takes each command on its stdin, so a poll costs the server's work only.
    """

    def __init__(self, folder: Path) -> None:
        tmux = shutil.which("tmux")
        if tmux is None:
            raise RuntimeError("tmux is not installed")
        width, height = SIZE
        socket = str(folder / "tmux.sock")
        subprocess.run([tmux, "-S", socket, "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height),
                        "sleep 3600"], check=True)
        self.client = subprocess.Popen([tmux, "-S", socket, "-C", "attach-session", "-t", "bench"],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        for line in self.client.stdout:  # attached once tmux says which session the client is on
            if line.startswith("%session-changed"):
                break
        self.run(f"refresh-client -f no-output -C {width}x{height}")  # no pane output to us; the session's size
        self.windows = 0

    def run(self, command: str) -> str:
        """One tmux command's output (control mode frames it between %begin and %end)."""
        assert self.client.stdin is not None and self.client.stdout is not None
        self.client.stdin.write(command + "\n")
        self.client.stdin.flush()
        lines: list[str] = []
        ours = False  # inside a reply to a command of ours (flags 1), not tmux's own at attach
        for line in self.client.stdout:
            if line.startswith("%begin"):
                ours, lines = line.split()[-1] == "1", []
            elif ours and line.startswith(("%end", "%error")):
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux {command!r}: {''.join(lines).strip()}")
                return "".join(lines)
            elif ours:
                lines.append(line)
        raise RuntimeError(f"tmux stopped answering at {command!r}")

    def time_to_text(self, command: str, text: str, folder: Path = ROOT) -> float:
        """Seconds from starting `command` in a new window, in `folder`, until `text` is on its screen.

        `python -m` puts the working folder first on the import path: a checkout's command runs in it.
        """
        self.windows += 1
        name = f"w{self.windows}"
        window = f"bench:{name}"
        started = time.perf_counter()
        pid = int(self.run(f"new-window -d -P -F '#{{pane_pid}}' -t bench: -n {name} -c {shlex.quote(str(folder))}"
                           f" {shlex.quote('exec ' + command)}"))
        try:
            while time.perf_counter() - started < TIMEOUT_S:
                if text in self.run(f"capture-pane -p -t {window}"):
                    return time.perf_counter() - started
                time.sleep(POLL_S)
            raise RuntimeError(f"{text!r} did not show within {TIMEOUT_S:.0f} s; the screen was:\n"
                               + self.run(f"capture-pane -p -t {window}"))
        finally:
            # A closed terminal does not always stop a Textual app: end the process itself.
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(RuntimeError):  # gone already, with its process
                self.run(f"kill-window -t {window}")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.run("kill-server")
        self.client.kill()
        self.client.wait()


def first_contact_line(book: str, today: date, rep: str) -> str:
    """The plan screen's line for today's first contact, as `PlanScreen` numbers and trims it."""
    from outreach_tui.core.settings import Settings
    from outreach_tui.core.text import one_line
    from outreach_tui.store.connection import open_store
    from outreach_tui.store.queries import todays_plan

    settings = Settings()
    db = open_store(book)
    try:
        plan = todays_plan(today, settings.rules, settings.plan_limit or None, rep=rep, counts=False)
    finally:
        db.close()
    if not plan.items:
        raise RuntimeError(f"nobody is due on {today} in {book}: nothing to wait for")
    return f"1. {one_line(plan.items[0].name, 40)}"


def measure(book: str, today: date, folder: Path, runs: int = 5, rep: str = "bench",
            against: Path | None = None) -> FirstScreen:
    """`runs` timings of each, side by side (bare, outreach, bare, outreach, …).

    `against`: another checkout of outreach (the code before a change, say), timed in the
    same rounds (bare, outreach, the other, …) so that both meet the same machine load.
    """
    home = folder / "home"
    home.mkdir(exist_ok=True)
    python = shlex.quote(sys.executable)
    bare = f"{_prefix(home, ROOT)} {python} {shlex.quote(str(ROOT / 'benchmarks' / 'bare_app.py'))} {shlex.quote(BARE_TEXT)}"
    arguments = f"-m outreach_tui --db {shlex.quote(str(book))} --as-of {today.isoformat()} --rep {shlex.quote(rep)}"
    commands = [(f"{_prefix(home, root)} {python} {arguments}", root) for root in (ROOT, against) if root is not None]
    expected = first_contact_line(book, today, rep)
    tmux = Tmux(folder)
    try:
        tmux.time_to_text(bare, BARE_TEXT)
        for command, root in commands:
            tmux.time_to_text(command, expected, root)
        result = FirstScreen([], [], expected)
        for _ in range(runs):
            result.bare_s.append(tmux.time_to_text(bare, BARE_TEXT))
            for (command, root), times in zip(commands, (result.outreach_s, result.against_s)):
                times.append(tmux.time_to_text(command, expected, root))
        return result
    finally:
        tmux.close()


def _prefix(home: Path, root: Path) -> str:
    """The environment a command runs in: the checkout at `root`, and no settings or scripts of the user
    running the benchmark (the defaults, as on a new machine)."""
    env = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "PYTHONPATH": os.pathsep.join(filter(None, (str(root), os.environ.get("PYTHONPATH"))))}
    # As on a rep's machine, Python keeps its compiled modules: the warm-up run writes them.
    # (With PYTHONDONTWRITEBYTECODE set, every start of outreach compiled ~40 modules again.)
    return "env -u PYTHONDONTWRITEBYTECODE " + " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())


def main() -> None:
    import argparse
    import statistics
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", help="a store (a file, or a postgresql:// address) with someone due on --as-of")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 23))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout of outreach to time beside this one")
    args = parser.parse_args()
    before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        times = measure(args.book, args.as_of, Path(folder), args.runs, against=args.against)
    bare = statistics.median(times.bare_s) * 1000
    print(f"load average {before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f} before,"
          f" {os.getloadavg()[0]:.2f} after; medians of {args.runs}")
    print(f"bare Textual app: {bare:.0f} ms")
    for name, runs in (("outreach", times.outreach_s), (f"outreach at {args.against}", times.against_s)):
        if runs:
            ours = statistics.median(runs) * 1000
            print(f"{name}: {ours:.0f} ms, {ours / bare:.2f}x the bare app"
                  f" (each: {', '.join(f'{run * 1000:.0f}' for run in runs)})")


if __name__ == "__main__":
    main()
