"""The user's remembered settings (QSettings under the workbench's organisation and name)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "AnalystWorkbench"
APPLICATION = "Workbench"


def settings() -> QSettings:
    """The user's remembered window geometry, column widths, recent stores and language."""
    return QSettings(ORGANISATION, APPLICATION)


__all__ = ["APPLICATION", "ORGANISATION", "settings"]
