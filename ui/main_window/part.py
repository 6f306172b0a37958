"""The base of the main window's parts: a plain controller over ``(window, session)``.

A part holds the window it serves and reads the open session from it; it calls the window's public
methods and emits its own signals, never another part's methods and never imports the window module.
Its texts keep the ``MainWindow`` translation context they had before the window was split.

The window declares its parts with ``LazyPart`` (imported and created on first use) and keeps the
names tests and menus use with ``delegate`` and ``part_attribute``.
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


class LazyPart:
    """A part of the window (``ui.main_window.<module>.<cls>``), imported and created on first use.

    The parts a first paint does not need (editing, charts, exports, side windows) then load after it.
    """

    def __init__(self, module: str, cls: str):
        self.module, self.cls = module, cls

    def __set_name__(self, owner, name: str) -> None:
        self.slot = f"_{name}_part"

    def __get__(self, window, owner=None):
        if window is None:
            return self
        part = window.__dict__.get(self.slot)
        if part is None:
            from importlib import import_module

            part = getattr(import_module(f"ui.main_window.{self.module}"), self.cls)(window)
            window.__dict__[self.slot] = part
        return part


def delegate(part: str, name: str):
    """A window method that hands the call to one of its parts (the names tests and menus use)."""
    def method(self, *args, **kwargs):
        return getattr(getattr(self, part), name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"``self.{part}.{name}``."
    return method


def part_attribute(part: str, name: str) -> property:
    """A read-only window attribute that is one of its part's (``window.editors`` is ``window.windows.editors``)."""
    return property(lambda self: getattr(getattr(self, part), name))


__all__ = ["LazyPart", "WindowPart", "delegate", "part_attribute"]
