"""Fixtures shared by every test folder: fresh stores on real SQLite files."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

os.environ.setdefault("LANG", "C.UTF-8")
# The exports' font cache goes to a folder of this run (removed at its end), never the user's own.
_CACHE = None
if "WORKBENCH_CACHE_DIR" not in os.environ:
    _CACHE = os.environ["WORKBENCH_CACHE_DIR"] = tempfile.mkdtemp(prefix="workbench-test-cache-")

_exit_status = {"code": None}


def pytest_sessionfinish(session, exitstatus):
    _exit_status["code"] = int(exitstatus)
    if _CACHE is not None:
        shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """After the UI tests, leave without Python's interpreter teardown.

    Hundreds of windows, menus and models made by the UI tests are still alive when the session
    ends; letting the interpreter tear its modules down under them crashes PySide6 now and then
    (a segmentation fault after every test passed, in a Qt destructor with no Python frame). The
    summary is already printed and every report written by now, so the run ends here with
    pytest's own exit status. Runs without Qt end normally.
    """
    import sys

    if "PySide6.QtWidgets" not in sys.modules or _exit_status["code"] is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status["code"])


@pytest.fixture
def store(tmp_path):
    """A fresh, empty store file."""
    from workbench.store import Store

    s = Store(tmp_path / "store.sqlite")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_store_template(tmp_path_factory):
    """The demo store, built once per test session (copy it before writing)."""
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path)
    return path


@pytest.fixture
def demo_path(tmp_path, demo_store_template):
    """A private copy of the demo store file."""
    from workbench.store import Store

    # checkpoint the WAL into the main file so one file copy carries everything
    with Store(demo_store_template) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_store_template, target)
    return target


@pytest.fixture
def demo_store(demo_path):
    """An open private copy of the demo store; the demo issue is ``latest``."""
    from workbench.store import Store

    s = Store(demo_path)
    yield s
    s.close()
