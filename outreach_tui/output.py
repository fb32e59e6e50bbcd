"""Where a command's output goes: an output path written as what it is, standard output guarded.

`output_file(path)` writes `-o FILE`:
- a regular file, or a new one, in one piece: a temp file beside it, then `os.replace`;
  a failure (a full disk, Ctrl-C) leaves the old file, or none, and no temp file;
- through a symlink: its target is written (in one piece, if a regular file); the link stays;
- into a named pipe, a device or an open descriptor (`/dev/stdout`, `/dev/fd/3`) as a
  stream: renaming over those would replace the node, not write to it.

`guarded_stdout()` is what every command prints through (`cli.Commands`): an error
writing standard output becomes `OutputError`, and a reader that went away (`| head`)
becomes `ClosedPipe`, so the command line can say one line, or nothing, instead of a
traceback.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

STDOUT = "standard output"
# A path naming an open descriptor: renaming there would orphan what the descriptor writes to.
_DESCRIPTOR_FOLDER = re.compile(r"/proc/(self|\d+)/fd")
_MAX_LINKS = 40  # as the kernel's own limit on a chain of symlinks
# Customers' notes, families and birthdays: files of the store's are the user's alone.
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing; one made here is the user's alone (0700),
    whatever the umask. A folder that exists is left as its owner set it."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, PRIVATE_FOLDER)


def create_private_file(path: str | os.PathLike) -> None:
    """Create `path` empty and 0600 (whatever the umask) unless it exists: SQLite then gives its
    -wal, -shm and -journal the same mode."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    try:
        os.fchmod(handle, PRIVATE_FILE)
    finally:
        os.close(handle)


class OutputError(Exception):
    """Output could not be written: one line naming where and why."""


def _cannot_write(where: str | os.PathLike, exc: BaseException | str) -> OutputError:
    reason = exc if isinstance(exc, str) else (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
    return OutputError(f"cannot write {where}: {reason}")


class ClosedPipe(OutputError):
    """The reader of standard output went away (`outreach export | head -1`): not a failure."""


@contextmanager
def output_file(path: str | os.PathLike) -> Iterator[IO[str]]:
    """A text stream for `path`, written as what the path is (see the module's note)."""
    given = Path(path).expanduser()
    try:
        mode = os.stat(given).st_mode
    except FileNotFoundError:
        mode = None  # a new file, or a symlink to one
    except OSError as exc:
        raise _cannot_write(given, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{given} is a folder: name a file")
    descriptor = names_descriptor(given)
    if (mode is not None and not stat.S_ISREG(mode)) or descriptor:
        with _streamed(given, descriptor) as out:
            yield out
    else:
        with _atomic(given, Path(os.path.realpath(given)), exists=mode is not None) as out:
            yield out


def names_descriptor(path: Path) -> bool:
    """True when following `path`'s links passes through /proc/*/fd (as /dev/stdout does)."""
    current = str(path.absolute())
    for _ in range(_MAX_LINKS):
        if _DESCRIPTOR_FOLDER.fullmatch(os.path.realpath(os.path.dirname(current))):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return False


@contextmanager
def _streamed(given: Path, descriptor: bool) -> Iterator[IO[str]]:
    """Write into a pipe or device: opened for appending, never truncated, created or renamed.
    A reader gone from an open descriptor (`-o /dev/stdout | head`) ends quietly, as stdout's."""
    try:
        out = open(_open_without_waiting(given), "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise _cannot_write(given, exc) from None
    try:
        with out:
            yield out
    except BrokenPipeError as exc:
        raise (ClosedPipe(str(_cannot_write(given, exc))) if descriptor else _cannot_write(given, exc)) from None
    except OSError as exc:
        raise _cannot_write(given, exc) from None


def _open_without_waiting(path: Path) -> int:
    """A descriptor writing into `path`; a named pipe nobody reads is refused at once (opening it
    would wait for a reader forever), and the descriptor then blocks as usual while writing."""
    import fcntl

    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a named pipe no program is reading") from None
        raise
    fcntl.fcntl(handle, fcntl.F_SETFL, fcntl.fcntl(handle, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return handle


@contextmanager
def _atomic(given: Path, target: Path, exists: bool) -> Iterator[IO[str]]:
    """A regular file in full or not at all. An existing file keeps its permissions; a new
    one is private to you (exports hold contact data). A file you may not write is refused."""
    if exists and not os.access(target, os.W_OK):
        raise _cannot_write(given, os.strerror(errno.EACCES))
    folder = target.parent
    if not folder.is_dir():
        raise _cannot_write(given, f"folder {folder} does not exist")
    try:
        with temp_beside(target, ".tmp") as temp:
            with open(temp, "w", encoding="utf-8", newline="") as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            if exists:
                os.chmod(temp, target.stat().st_mode & 0o777)
            os.replace(temp, target)
    except OSError as exc:
        raise _cannot_write(given, exc) from None


# A temp file of ours: `.NAME.outreach-PID-RANDOM.tmp` (an export) or `.partial` (a backup), and
# what SQLite puts beside a `.partial` while it writes. The PID tells a live writer's from a leftover.
_TEMP_NAME = re.compile(r"^\..+\.outreach-(\d+)-[^.]+\.(?:tmp|partial)(?:-journal|-wal|-shm)?$")
_SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


@contextmanager
def temp_beside(target: Path, suffix: str) -> Iterator[str]:
    """A new private (0600) temp file in `target`'s folder, for a write finished by renaming it to `target`.

    Whatever happens short of the rename (an error, Ctrl-C, SIGTERM, SIGHUP) it is removed, with what
    SQLite kept beside it; one left by a process killed outright (kill -9) is swept by the next write
    into that folder. OSError when the folder cannot take it.
    """
    sweep_stale_temps(target.parent)
    import tempfile  # here: every command passes through this module, few write a file

    with _signals_end_the_command():  # before the file exists: no moment leaves it behind
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.outreach-{os.getpid()}-", suffix=suffix,
                                        dir=target.parent)
        os.close(handle)
        try:
            yield temp
        finally:
            for leftover in (temp, *(temp + companion for companion in _SQLITE_COMPANIONS)):
                Path(leftover).unlink(missing_ok=True)


def sweep_stale_temps(folder: Path) -> None:
    """Remove the temp files of ours in `folder` whose process no longer runs."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match and not _running(int(match[1])):
            try:
                os.unlink(entry.path)
            except OSError:  # gone already, or not ours to remove
                pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process (or no pid at all: left alone)
        return True
    return True


@contextmanager
def _signals_end_the_command() -> Iterator[None]:
    """SIGTERM and SIGHUP end the command as Ctrl-C does, through `finally` blocks that clean up
    (by default they end the process at once, leaving temp files behind). Main thread only."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(signum, frame):
        raise SystemExit(128 + signum)

    previous = {number: signal.signal(number, end) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _GuardedStream:
    """Standard output whose write errors say they are standard output's (see `guarded_stdout`)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with _named_errors():
            return self._stream.write(text)

    def flush(self) -> None:
        with _named_errors():
            self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextmanager
def _named_errors() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError as exc:
        raise ClosedPipe(str(_cannot_write(STDOUT, exc))) from None
    except OSError as exc:
        raise _cannot_write(STDOUT, exc) from None


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """Run a command with its standard output guarded, and flushed before the guard ends."""
    original = sys.stdout
    sys.stdout = _GuardedStream(original)
    try:
        yield
        sys.stdout.flush()
    except OutputError:
        silence(original)
        raise
    finally:
        sys.stdout = original


def silence(stream: IO[str]) -> None:
    """Point `stream`'s descriptor at /dev/null: what is still buffered for a closed pipe or
    a full disk is dropped at exit, instead of failing again with a traceback."""
    try:
        descriptor = stream.fileno()
    except (OSError, AttributeError, ValueError):  # no descriptor (a test's captured output)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
