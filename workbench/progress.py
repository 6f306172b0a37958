"""Progress reporting for long core functions, with no knowledge of who is watching."""

from __future__ import annotations

import sys
from typing import Callable, Protocol


class Cancelled(Exception):
    """Raised inside a long operation when its progress callback asks to stop."""


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> bool | None: ...


def null_progress(done: int, total: int, message: str = "") -> bool:
    return True


def report(progress: Progress | None, done: int, total: int, message: str = "") -> None:
    """Call ``progress``; a callback returning ``False`` cancels the operation."""
    if progress is None:
        return
    if progress(done, total, message) is False:
        raise Cancelled(message or "cancelled")


class TextProgressBar:
    """A terminal progress bar for the command line; silent when stderr is not a terminal."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = -1

    def __call__(self, done: int, total: int, message: str = "") -> bool:
        if not self.enabled or total <= 0:
            return True
        filled = int(self.width * min(done, total) / total)
        pct = int(100 * min(done, total) / total)
        if pct == self._last and done < total:
            return True
        self._last = pct
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {pct:3d}% {message[:40]:<40}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
        return True


ProgressCallback = Callable[[int, int, str], "bool | None"]
