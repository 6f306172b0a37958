"""The work-around for the binding's stolen references keeps the interpreter alive."""

from __future__ import annotations

import subprocess
import sys

import ui.qt_fixes as qt_fixes

STRESS = """
import sys
import ui.qt_fixes
from PySide6.QtCore import QObject, Signal

class Emitter(QObject):
    fired = Signal(int)

e = Emitter()
for i in range(300_000):  # far more than True's or None's whole reference count at start
    e.fired.emit(i)
    e.setObjectName("x")
print("alive", ui.qt_fixes.install())
"""


def test_many_emits_and_setters_do_not_abort_the_interpreter():
    done = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.startswith("alive")


def test_singletons_are_pinned_when_the_binding_needs_it():
    if qt_fixes.install():
        assert sys.getrefcount(None) > qt_fixes.PIN // 2
        assert sys.getrefcount(True) > qt_fixes.PIN // 2
    else:
        assert sys.version_info >= (3, 12) or not qt_fixes.binding_steals_references()
