"""A dependency-free progress bar for batch commands.

It draws only when its stream is a terminal, so piped or captured output (CI logs, files,
tests) never fills with carriage returns; there it stays silent and the command's own summary
line says what happened.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

_WIDTH = 30


class ProgressBar:
    """Draws ``label [#####.....] done/total`` on one line, redrawn at most ten times a second.

    ``update(done, total)`` matches the ``on_progress`` callback of
    :meth:`obv3.issue.Issuer.issue_many`. The last state is always drawn, whatever the rate
    limit, so the bar never stops short of its final count. Use it as a context manager so the
    line is ended even when the batch fails.
    """

    def __init__(
        self,
        total: int,
        label: str,
        stream: TextIO | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self._clock = clock
        self._enabled = _is_tty(self.stream) and self.total > 1
        self._last: float | None = None
        self._drawn = False

    @property
    def enabled(self) -> bool:
        """Whether the bar draws at all (a terminal, and more than one item)."""
        return self._enabled

    def update(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = max(total, 0)
        self.done = min(max(done, 0), self.total) if self.total else max(done, 0)
        if not self._enabled:
            return
        now = self._clock()
        finished = self.done >= self.total
        if finished or self._last is None or now - self._last >= 0.1:
            self._last = now
            self._draw()

    def render(self) -> str:
        """The bar's current text (without the leading carriage return)."""
        filled = _WIDTH * self.done // self.total if self.total else _WIDTH
        bar = "#" * filled + "." * (_WIDTH - filled)
        return f"{self.label} [{bar}] {self.done}/{self.total}"

    def _draw(self) -> None:
        self.stream.write("\r" + self.render())
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line (only if something was drawn)."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or unusual streams
        return False
