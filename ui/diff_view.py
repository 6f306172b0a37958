"""Old import path of ``ui.views.diff`` (the comparison of two issues)."""

from ui.views.diff import DiffTableModel, DiffView  # noqa: F401
