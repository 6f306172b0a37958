"""User-facing errors: bad input the user can fix, reported without a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in user input, located as the user sees it (file, Excel row, column)."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"第 {self.row} 行 (row {self.row})")
        if self.column:
            where.append(f"列 (column) “{self.column}”")
        head = ", ".join(where)
        tail = f": {self.message}"
        if self.value not in (None, ""):
            tail += f" (值 value: {self.value!r})"
        return (head + tail) if head else self.message


class WorkbenchError(Exception):
    """A user error: a clear message, no traceback, non-zero exit on the command line."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ValidationError(WorkbenchError):
    """A value refused by the core's rules (ticker, SAC number, number format, ...)."""


class ImportFailed(WorkbenchError):
    """An import found problems; nothing was written to the store."""


class NotFound(WorkbenchError):
    """A named issue, company or index does not exist in the store."""


class ReadOnlyIssue(WorkbenchError):
    """An edit was attempted on a final (frozen) issue."""


class StoreUnavailable(WorkbenchError):
    """The store is locked, read-only, full or unreadable; nothing was changed.

    ``reason``: locked, read-only, full, cannot-open, empty, damaged, io, conflict or other.
    """

    def __init__(self, message: str, reason: str = "other"):
        super().__init__(message)
        self.reason = reason
