"""Work-arounds for bugs in the Qt binding, each installed only when a probe shows the bug.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference, so every
signal emitted from Python (ours and pyqtgraph's) steals one reference to ``True``. After a few
thousand emits ``True``'s count reaches zero and the interpreter aborts ("bool_dealloc:
deallocating True or False"). The fix wraps ``emit`` to give back the stolen reference.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_installed = False


class _Probe(QObject):
    fired = Signal()


def emit_steals_true(samples: int = 64) -> bool:
    """True when emitting a signal lowers ``True``'s reference count (the 6.12.0 bug)."""
    probe = _Probe()
    warm_up = 8  # the first emits set up caches that hold references of their own
    for _ in range(warm_up):
        probe.fired.emit()
    before = sys.getrefcount(True)
    for _ in range(samples):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    buggy = lost >= samples
    if buggy:  # give back what the probe's own emits took
        for _ in range(samples + warm_up):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    probe.deleteLater()
    return buggy


def install() -> bool:
    """Install the needed work-arounds once; returns whether the emit fix is active."""
    global _installed
    if _installed:
        return True
    if not emit_steals_true():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self, *args):
        result = original(self, *args)
        if result is True:
            incref(True)  # the reference the binding forgot to take
        return result

    SignalInstance.emit = emit
    _installed = True
    return True


install()  # importing this module is enough; every ui module imports it first
