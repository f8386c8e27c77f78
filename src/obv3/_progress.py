"""A dependency-free progress bar for batch commands (stderr, only when it is a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Draws ``label [#####.....] done/total`` on one line, at most ten times a second."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.done = 0
        self._enabled = self.stream.isatty() and self.total > 1
        self._last = 0.0

    def update(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if self._enabled and (now - self._last > 0.1 or done >= self.total):
            self._last = now
            width = 30
            filled = width * done // self.total if self.total else width
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self._enabled:
            self.stream.write("\n")
            self.stream.flush()
