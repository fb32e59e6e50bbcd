"""Nothing left behind: `backup` and `export -o` interrupted at random moments (SIGTERM, SIGHUP,
kill -9) leave their folder holding the target or nothing, and nothing else; what a kill -9
leaves (it cannot be caught) is swept by the next backup or export into that folder."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from outreach_tui.output import sweep_stale_temps, temp_beside

RUNS = 20  # per signal, backup and export in turn
TARGETS = {"backup": "copy.db", "export": "out.csv"}


@pytest.fixture(scope="module")
def big_book(tmp_path_factory):
    """A book whose backup and export take a moment (about half a second each)."""
    folder = tmp_path_factory.mktemp("store")
    path = folder / "book.db"
    subprocess.run(_command(path, "seed", "--contacts", "1500"), check=True, capture_output=True, env=_env())
    return path


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def _command(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "outreach_tui", "--db", str(store), "--as-of", "2026-11-23", *args]


def _start(store: Path, kind: str, out: Path) -> subprocess.Popen:
    args = ("backup", str(out / TARGETS[kind]), "--force") if kind == "backup" else (
        "export", "-o", str(out / TARGETS[kind]))
    return subprocess.Popen(_command(store, *args), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def durations(big_book, tmp_path_factory) -> dict[str, float]:
    """How long a whole backup and export take here: the signals land at random moments within."""
    out = tmp_path_factory.mktemp("timing")
    taken = {}
    for kind in TARGETS:
        started = time.monotonic()
        assert _start(big_book, kind, out).wait(timeout=60) == 0
        taken[kind] = time.monotonic() - started
    return taken


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_caught_signal_at_any_moment_leaves_the_target_or_nothing(big_book, durations, tmp_path, number):
    rng = random.Random(25 + number)
    out = tmp_path / "out"
    out.mkdir()
    interrupted = 0
    for run in range(RUNS):
        kind = ("backup", "export")[run % 2]
        process = _start(big_book, kind, out)
        time.sleep(rng.uniform(0, durations[kind]))
        process.send_signal(number)
        _, errors = process.communicate(timeout=60)
        assert process.returncode in (0, 128 + number, -number), (kind, process.returncode, errors)
        assert b"Traceback" not in errors
        assert set(os.listdir(out)) <= set(TARGETS.values()), (kind, run, os.listdir(out))
        interrupted += process.returncode != 0
    assert interrupted  # the signals did land while the commands ran


def test_what_kill_9_leaves_is_swept_by_the_next_backup_and_export(big_book, durations, tmp_path):
    rng = random.Random(9)
    out = tmp_path / "out"
    out.mkdir()
    for run in range(RUNS):
        kind = ("backup", "export")[run % 2]
        process = _start(big_book, kind, out)
        time.sleep(rng.uniform(0, durations[kind]))
        process.kill()
        process.communicate(timeout=60)
    for kind in TARGETS:
        process = _start(big_book, kind, out)
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors
    assert sorted(os.listdir(out)) == sorted(TARGETS.values())


def test_a_temp_file_of_a_live_process_is_never_swept(tmp_path):
    live = tmp_path / f".x.csv.outreach-{os.getppid()}-abcd1234.tmp"
    dead = tmp_path / ".x.db.outreach-999999999-abcd1234.partial-journal"
    foreign = tmp_path / ".x.csv.notours.tmp"
    for path in (live, dead, foreign):
        path.write_text("")
    sweep_stale_temps(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([live.name, foreign.name])


def test_an_error_while_writing_removes_the_temp_file(tmp_path):
    with pytest.raises(RuntimeError):
        with temp_beside(tmp_path / "copy.db", ".partial") as temp:
            Path(temp + "-journal").write_text("")
            raise RuntimeError("the disk went away")
    assert list(tmp_path.iterdir()) == []
