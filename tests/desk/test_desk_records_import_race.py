"""The app reads the desk user from the store's desk URL in its window thread (the issue editor)
while a worker may be importing psycopg for a sync: the URL is parsed without a half-imported
psycopg (a circular import across two threads failed with "partially initialized module")."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = textwrap.dedent("""
    import importlib.abc, sys, threading
    started, gate = threading.Event(), threading.Event()

    class Pause(importlib.abc.MetaPathFinder):
        # the worker stops at the start of `import psycopg`, holding the package's import lock
        def find_spec(self, name, path, target=None):
            if name == "psycopg" and threading.current_thread().name == "worker":
                started.set()
                gate.wait(10)
            return None

    from workbench.desk.config import DeskConfig

    sys.meta_path.insert(0, Pause())
    errors = []

    def work():
        try:
            import psycopg  # noqa: F401
        except BaseException as exc:
            errors.append(repr(exc))

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    assert started.wait(10)
    threading.Timer(1.0, gate.set).start()  # the worker goes on while the window thread is in the middle
    print(DeskConfig("postgresql://zhang@server:5432/desk").user)
    worker.join(20)
    print("worker", errors or "ok")
""")


def test_the_desk_user_is_read_while_a_worker_imports_the_driver():
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=60,
                         cwd=str(ROOT), env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["zhang", "worker", "ok"], out.stderr
