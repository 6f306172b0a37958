"""The Qt binding in use survives a long session of signals and setter calls.

PySide6 6.12.0 dropped a reference to True/None on every emit and void call and aborted the
interpreter after a few thousand; pyproject.toml keeps it out. This test fails if such a
binding comes back.
"""

from __future__ import annotations

import subprocess
import sys

STRESS = """
from PySide6.QtCore import QObject, Signal

class Emitter(QObject):
    fired = Signal(int)

e = Emitter()
for i in range(300_000):  # far more than True's or None's whole reference count at start
    e.fired.emit(i)
    e.setObjectName("x")
print("alive")
"""


def test_many_emits_and_setters_do_not_abort_the_interpreter():
    done = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.startswith("alive")
