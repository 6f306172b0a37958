"""A sync the user starts (F9, or 团队服务器 → 立即同步) says so in the status bar at once, however short
it is, while the window stays responsive; then the status bar shows its result. The sync is held on
its worker by the test until the checks are made, so nothing depends on how fast the desk answers.
Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import re
import threading

import psycopg  # noqa: F401  (a dependency of the workbench: a broken install fails here, never skips)
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer


pytestmark = pytest.mark.usefixtures("private_password_file")


def _state_text(widget) -> str:
    return re.sub("<[^>]+>", "", widget.state_label.text()).replace("●", "").strip()


@pytest.fixture
def held_sync(monkeypatch):
    """The app's sync job, held on its worker until the test lets it go."""
    import ui.desk.controller as controller

    real = controller._sync_job
    gate, started = threading.Event(), threading.Event()

    def job(store, progress):
        started.set()
        gate.wait(30)
        return real(store, progress)

    monkeypatch.setattr(controller, "_sync_job", job)
    yield gate, started
    gate.set()


@pytest.mark.parametrize("how", ["F9", "menu"])
def test_a_sync_started_by_the_user_shows_syncing_at_once_then_its_result(qtbot, two_workstations, settings,
                                                                          held_sync, how):
    from ui.main_window import MainWindow

    (path_a, ca), (b, cb) = two_workstations
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    with qtbot.waitExposed(w):
        w.show()
    gate, started = held_sync
    gate.set()  # the first sync, on opening, runs freely
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path_a)
    widget = w.desk.status_widget
    online = _state_text(widget)
    assert widget.state == "online" and online
    first_sync = widget.last_sync

    gate.clear()
    started.clear()
    if how == "F9":
        w.activateWindow()
        qtbot.keyClick(w, Qt.Key.Key_F9)
    else:
        w.desk.sync_action.trigger()
    # at once, before any answer from the desk (the sync is held on its worker)
    shown = _state_text(widget)
    assert shown == QCoreApplication.translate("DeskStatusWidget", "Synchronising…") and shown != online
    assert widget.state_label.toolTip()
    assert started.wait(10)
    ticks = []
    QTimer.singleShot(20, lambda: ticks.append(1))  # the window's event loop keeps turning meanwhile
    qtbot.waitUntil(lambda: bool(ticks), timeout=1000)
    assert _state_text(widget) == shown  # still syncing while the desk has not answered
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        gate.set()
    assert widget.state == "online" and _state_text(widget) == online  # the result
    assert widget.last_sync is not None and widget.last_sync >= first_sync


def test_a_background_sync_leaves_the_status_bar_as_it_was(qtbot, two_workstations, settings, held_sync):
    """The automatic syncs (every few minutes, after a save) keep the status bar still: no flicker."""
    from ui.main_window import MainWindow

    (path_a, ca), (b, cb) = two_workstations
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    gate, started = held_sync
    gate.set()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path_a)
    widget = w.desk.status_widget
    online = _state_text(widget)
    gate.clear()
    started.clear()
    w.desk.timer.timeout.emit()
    assert started.wait(10)
    assert _state_text(widget) == online
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        gate.set()
