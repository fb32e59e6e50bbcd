"""The real `outreach serve` in a child process, on a free port it picks itself (`--port 0`)."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

START_TIMEOUT = 30.0


class Served:
    """A running `outreach serve`: its address as printed, and a clean stop."""

    def __init__(self, store: Path, *args: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "outreach_tui", "--db", str(store), "--as-of", "2026-11-23",
                   *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env={**os.environ, **(env or {})}, text=True)
        self.first_line = self._read_line()
        found = re.search(r"http://\S+:(\d+)/(\S*)", self.first_line)
        if found is None:
            self.stop()
            raise AssertionError(f"no address in {self.first_line!r}; stderr: {self.process.stderr.read()}")
        self.port = int(found.group(1))
        self.base = f"http://127.0.0.1:{self.port}"
        # Keep reading what it says after, so a full pipe never stalls it.
        self.later_output: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        for line in self.process.stdout:
            self.later_output.append(line)

    def _read_line(self) -> str:
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if selector.select(timeout=0.2):
                return self.process.stdout.readline()
            if self.process.poll() is not None:
                break
        self.stop()
        raise AssertionError(f"outreach serve did not start; stderr: {self.process.stderr.read()}")

    def stop(self) -> int:
        """SIGTERM, as a service manager would; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("outreach serve did not stop on SIGTERM") from None
        finally:
            reader = getattr(self, "_reader", None)
            if reader is not None:
                reader.join(timeout=5)
            self.process.stderr.close()
