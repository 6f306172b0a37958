"""The work-around for the binding's emit() reference bug keeps the interpreter alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    fired = Signal(int)


def test_many_emits_leave_true_alone():
    import ui.qt_fixes  # noqa: F401

    emitter = Emitter()
    before = sys.getrefcount(True)
    for i in range(20_000):  # more than True's whole reference count in a fresh interpreter
        emitter.fired.emit(i)
    assert abs(sys.getrefcount(True) - before) < 50
