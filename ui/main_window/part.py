"""The base of the main window's parts: a plain controller over ``(window, session)``.

A part holds the window it serves and reads the open session from it; it calls the window's public
methods and emits its own signals, never another part's methods and never imports the window module.
Its texts keep the ``MainWindow`` translation context they had before the window was split.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class WindowPart(QObject):
    """One concern of the main window (pages, editing, charts, exports, windows)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    @property
    def session(self):
        return self.window.session


__all__ = ["WindowPart"]
