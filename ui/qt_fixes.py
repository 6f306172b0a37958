"""Work-arounds for bugs in the Qt binding, each applied only when a probe shows the bug.

PySide6 6.12.0 hands some results back to Python without taking a reference:
``SignalInstance.emit()`` returns ``True`` and every void C++ method returns ``None`` that way, so
each call steals one reference to ``True`` or ``None``. After a few thousand signals (or a few
hundred thousand setter calls) the count reaches zero and the interpreter aborts
("bool_dealloc: deallocating True or False", or the same for None).

CPython 3.12 makes these singletons immortal; on 3.11 the fix gives them a reference count so
large (2**40) that no session can use it up: what 3.12 does, by hand.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PIN = 1 << 40
SAMPLES = 64
_applied: bool | None = None


class _Probe(QObject):
    fired = Signal()


def _loses(obj, call) -> bool:
    """True when ``call()`` lowers ``obj``'s reference count once per call."""
    call()  # the first calls set up caches that hold references of their own
    before = sys.getrefcount(obj)
    for _ in range(SAMPLES):
        call()
    return before - sys.getrefcount(obj) >= SAMPLES


def binding_steals_references() -> bool:
    probe = _Probe()
    try:
        return _loses(True, probe.fired.emit) or _loses(None, lambda: probe.setObjectName("probe"))
    finally:
        probe.deleteLater()


def _pin(obj) -> None:
    ctypes.c_ssize_t.from_address(id(obj)).value += PIN  # ob_refcnt is a PyObject's first field


def install() -> bool:
    """Apply the work-around once if the binding needs it; returns whether it is applied."""
    global _applied
    if _applied is None:
        _applied = sys.version_info < (3, 12) and binding_steals_references()
        if _applied:
            for obj in (None, True, False):
                _pin(obj)
    return _applied


install()  # importing this module is enough; every ui module imports it first
