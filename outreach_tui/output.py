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
        out = open(os.open(given, os.O_WRONLY | os.O_APPEND), "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise _cannot_write(given, exc) from None
    try:
        with out:
            yield out
    except BrokenPipeError as exc:
        raise (ClosedPipe(str(_cannot_write(given, exc))) if descriptor else _cannot_write(given, exc)) from None
    except OSError as exc:
        raise _cannot_write(given, exc) from None


@contextmanager
def _atomic(given: Path, target: Path, exists: bool) -> Iterator[IO[str]]:
    """A regular file in full or not at all. An existing file keeps its permissions; a new
    one is private to you (exports hold contact data). A file you may not write is refused."""
    if exists and not os.access(target, os.W_OK):
        raise _cannot_write(given, os.strerror(errno.EACCES))
    import tempfile  # here: every command passes through this module, few write a file

    folder = target.parent
    if not folder.is_dir():
        raise _cannot_write(given, f"folder {folder} does not exist")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(given, exc) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if exists:
            os.chmod(temp, target.stat().st_mode & 0o777)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise _cannot_write(given, exc) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
