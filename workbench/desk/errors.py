"""Errors of the desk: a clear message for the user, never a traceback."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class DeskError(WorkbenchError):
    """The desk server refused, could not be reached, or is not set up for this workbench."""


class DeskOffline(DeskError):
    """The desk server cannot be reached now; local work continues and syncs later."""
