"""Fuzzing the importers: mutated copies of every fixture file either import (what cannot be read
kept in notes) or are refused (a broken file, or any problem under --strict) in a line that ends
with `outreach: …` and exit 1; never a traceback, never half a file written."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.store.connection import open_store

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "import").iterdir())
CASES_PER_FIXTURE = 24  # 13 fixtures: 312 mutated files in all
SEED = 20261123

INSERTS = [b"\x00", b'"', b'""', b"\n", b"\r", b"\r\n", b",", b";", b"\t", b"\xff\xfe", b"\xef\xbb\xbf",
           b"BEGIN:VCARD\n", b"END:VCARD\n", b"=\n", b"\\", b"\x1b[2J", b"[bold]", b"=cmd|' /C calc'!A0",
           "é".encode("latin-1"), "李".encode("utf-8")[:2]]


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One seeded mutation: what was done, and the bytes."""
    kind = rng.choice(["flip", "truncate", "insert", "delete", "duplicate", "encoding", "several"])
    buffer = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            if buffer:
                buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        del buffer[rng.randrange(len(buffer) + 1):]
    elif kind == "insert":
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(buffer) + 1)
            buffer[at:at] = rng.choice(INSERTS)
    elif kind == "delete":
        start = rng.randrange(len(buffer) + 1)
        del buffer[start:start + rng.randint(1, 40)]
    elif kind == "duplicate":
        lines = bytes(buffer).splitlines(keepends=True)
        if lines:
            line = rng.choice(lines)
            lines.insert(rng.randrange(len(lines) + 1), line * rng.randint(1, 3))
        buffer = bytearray(b"".join(lines))
    elif kind == "encoding":
        text = bytes(buffer).decode("utf-8", errors="replace")
        encoding = rng.choice(["utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1", "cp437", "shift_jis"])
        buffer = bytearray(text.encode(encoding, errors="replace"))
    else:
        for _ in range(3):
            buffer = bytearray(mutate(bytes(buffer), rng)[1])
    return kind, bytes(buffer)


def counts(path: Path) -> tuple[int, ...]:
    raw = sqlite3.connect(path)
    try:
        return tuple(raw.execute(f"select count(*) from {table}").fetchone()[0]
                     for table in ("contact", "life_event", "interaction"))
    finally:
        raw.close()


@pytest.fixture
def store_path(tmp_path) -> Path:
    path = tmp_path / "book.db"
    open_store(path).close()
    return path


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.name)
def test_mutated_files_import_or_are_refused_in_one_line(fixture, store_path, tmp_path):
    rng = random.Random(f"{SEED}-{fixture.name}")
    data = fixture.read_bytes()
    outcomes = {"imported": 0, "refused": 0}
    for case in range(CASES_PER_FIXTURE):
        kind, mutated = mutate(data, rng)
        target = tmp_path / f"case{case}{fixture.suffix}"
        target.write_bytes(mutated)
        before = counts(store_path)
        args = ["--db", str(store_path), "--as-of", "2026-11-23", "import", str(target)]
        if case % 3 == 1:
            args.append("--strict")
        result = CliRunner().invoke(main, args)
        where = f"{fixture.name} case {case} ({kind}): {result.output[-500:]!r}"
        assert result.exit_code in (0, 1), where
        assert result.exception is None or isinstance(result.exception, SystemExit), where
        assert "Traceback" not in result.output, where
        if result.exit_code == 1:
            assert result.stderr.strip().splitlines()[-1].startswith("outreach: "), where
            assert counts(store_path) == before, where  # nothing half-written
            outcomes["refused"] += 1
        else:
            outcomes["imported"] += 1
    # Seeded, so this holds run to run: the mutations reach both the import and the refusal paths.
    assert outcomes["imported"] and outcomes["refused"], outcomes
