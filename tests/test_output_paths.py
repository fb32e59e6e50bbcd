"""Where output goes: `-o` written as what the path is, and standard output that fails.

The real command in a subprocess (pipes, devices and exit codes are the process's):
a symlink is written through, a named pipe and a character device are streamed into
and stay what they were, /dev/full is one line and exit 1, a closed pipe on stdout
ends quietly, a full disk on stdout is one line. A failed write to a regular file
leaves the old file and no temp file.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach_tui.cli import main
from outreach_tui.store import export as ex

AS_OF = "2026-11-23"
PRINTING = [["today"], ["contacts"], ["review"], ["export"], ["claim", "--limit", "3"]]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A seeded book whose export (about 400 KB) is many times a pipe's buffer."""
    path = tmp_path_factory.mktemp("book") / "book.db"
    done = outreach("--db", str(path), "seed", "--contacts", "300")
    assert done.returncode == 0, done.stderr
    return path


def outreach(*args: str, stdout=subprocess.PIPE, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "outreach_tui", "--as-of", AS_OF, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=cwd, timeout=60)


def one_line(done: subprocess.CompletedProcess, *fragments: str) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("outreach: "), done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def export_text(book: Path) -> str:
    done = outreach("--db", str(book), "export")
    assert done.returncode == 0
    return done.stdout


def test_a_symlink_is_written_through_to_its_target(book, tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to("target.csv")
    done = outreach("--db", str(book), "export", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "target.csv"
    assert target.read_text() == export_text(book)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "target.csv"]


def test_a_dangling_symlink_gets_its_target_made(book, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    assert outreach("--db", str(book), "export", "-o", str(link)).returncode == 0
    assert link.is_symlink() and (tmp_path / "made.json").read_text().startswith("[")


def read_fifo(path: Path, limit: int | None, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fifo:
            into.append(fifo.read(limit) if limit else fifo.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_a_named_pipe_is_streamed_into_and_stays_a_pipe(book, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = read_fifo(fifo, None, got)
    done = outreach("--db", str(book), "export", "--format", "jsonl", "-o", str(fifo))
    reader.join(10)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    expected = outreach("--db", str(book), "export", "--format", "jsonl").stdout
    assert got[0].decode().splitlines() == expected.splitlines()


def test_a_pipe_whose_reader_goes_away_is_one_line_naming_it(book, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = read_fifo(fifo, 100, [])
    done = outreach("--db", str(book), "export", "-o", str(fifo))
    reader.join(10)
    assert done.returncode == 1
    one_line(done, f"cannot write {fifo}", "Broken pipe")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def make_device(path: Path, minor: int) -> None:
    """A character device node like /dev/null (1, 3) or /dev/full (1, 7)."""
    if os.geteuid() != 0:
        pytest.skip("mknod needs root; /dev/full stands for a device node here")
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("this container may not make device nodes (no CAP_MKNOD)")


def test_a_character_device_is_written_into_not_replaced(book, tmp_path):
    null = tmp_path / "null"
    make_device(null, 3)
    done = outreach("--db", str(book), "export", "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(null.stat().st_mode) and os.major(null.stat().st_rdev) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_full_character_device_is_one_line_and_stays_a_device(book, tmp_path):
    full = tmp_path / "full"
    make_device(full, 7)
    done = outreach("--db", str(book), "export", "-o", str(full))
    assert done.returncode == 1
    one_line(done, f"cannot write {full}", "No space left on device")
    assert stat.S_ISCHR(full.stat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="this system has no /dev/full")
def test_dev_full_as_output_file_is_one_line_and_exit_1(book):
    before = os.stat("/dev/full")
    done = outreach("--db", str(book), "export", "-o", "/dev/full")
    assert done.returncode == 1 and done.stdout == ""
    one_line(done, "cannot write /dev/full: No space left on device")
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="this system has no /dev/full")
@pytest.mark.parametrize("args", PRINTING, ids=[args[0] for args in PRINTING])
def test_a_full_disk_on_standard_output_is_one_line(book, args):
    with open("/dev/full", "w") as full:
        done = outreach("--db", str(book), *args, stdout=full)
    assert done.returncode == 1
    one_line(done, "cannot write standard output: No space left on device")


@pytest.mark.parametrize("args", PRINTING, ids=[args[0] for args in PRINTING])
def test_a_closed_pipe_on_standard_output_ends_quietly(book, args):
    process = subprocess.Popen([sys.executable, "-m", "outreach_tui", "--as-of", AS_OF, "--db", str(book), *args,
                                *(["--format", "json"] if args[0] != "export" else [])],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.read(1)  # one byte, then the reader goes (as `| head -c 1` does)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(60) == 0 and stderr == ""


def test_dev_stdout_streams_into_what_stdout_is(book, tmp_path):
    out = tmp_path / "out.csv"
    with open(out, "w") as handle:
        done = outreach("--db", str(book), "export", "-o", "/dev/stdout", stdout=handle)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == export_text(book)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(book, tmp_path, monkeypatch):
    target = tmp_path / "log.csv"
    target.write_text("the old export\n")

    def full_disk(rows, out):
        out.write("id,session_id\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ex, "write_csv", full_disk)
    result = CliRunner().invoke(main, ["--db", str(book), "export", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"outreach: cannot write {target}: No space left on device"]
    assert target.read_text() == "the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["log.csv"]


def test_a_refused_rename_is_one_line_and_leaves_no_temp(book, tmp_path, monkeypatch):
    """Permission to write the folder but not to replace the file (a sticky folder, say)."""
    from outreach_tui import output

    target = tmp_path / "log.csv"
    target.write_text("the old export\n")

    def refused(source, destination):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(destination))

    monkeypatch.setattr(output.os, "replace", refused)
    result = CliRunner().invoke(main, ["--db", str(book), "export", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"outreach: cannot write {target}: Permission denied"]
    assert target.read_text() == "the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["log.csv"]
