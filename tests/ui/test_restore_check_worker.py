"""File → 从备份恢复… checks the backup (``workbench verify``, which may render every published version
again) on a worker with a progress dialog, never in the UI thread: the window keeps painting while it
runs, the order stays check, then ask, then close, and a cancelled check restores and closes nothing."""

from __future__ import annotations

import threading
import time

FACT = ("688608.SH", "revenue", "2023A")


def _slow_check(monkeypatch, steps: int = 8, pause: float = 0.05):
    """Replace the backup's check with one that takes a while, reports progress and records where it ran."""
    import workbench.drafting.record as record
    from workbench.progress import report

    seen = {"threads": [], "ticks": []}
    real = record.verify_backup

    def verify_backup(backup, *, progress=None):
        seen["threads"].append(threading.current_thread())
        seen["ticks"].append(seen["tick"]())
        for done in range(steps):
            report(progress, done, steps, "")
            time.sleep(pause)
        report(progress, steps, steps, "")
        seen["ticks"].append(seen["tick"]())
        seen.setdefault("order", []).append("check")
        return real(backup)

    monkeypatch.setattr(record, "verify_backup", verify_backup)
    return seen


def _ticking(qtbot, seen):
    """A timer of the UI thread: its count rises only while the event loop runs."""
    from PySide6.QtCore import QTimer

    count = [0]
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: count.__setitem__(0, count[0] + 1))
    timer.start()
    seen["tick"] = lambda: count[0]
    return timer


def _wait_for_workers(qtbot):
    from PySide6.QtCore import QThreadPool

    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=30000)


def test_the_check_runs_off_the_ui_thread_then_asks_then_closes(window, qtbot, confirmations, tmp_path,
                                                               monkeypatch):
    backup = tmp_path / "saved.sqlite"
    window.session.store.backup(backup)
    then = window.session.store.fact(*FACT)
    window.session.store.set_fact(*FACT, 9.9e9)
    seen = _slow_check(monkeypatch)
    timer = _ticking(qtbot, seen)

    def asked(parent, title, text):
        seen.setdefault("order", []).append("ask")
        return confirmations(parent, title, text)

    window.confirm = asked
    plain_close = window.close_editors
    window.close_editors = lambda *a, **k: seen.setdefault("order", []).append("close") or plain_close(*a, **k)
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        assert window.restore_store(str(backup)) is not None
    timer.stop()
    # the check before asking, and the restore's own as it runs: both on workers
    assert len(seen["threads"]) == 2 and threading.main_thread() not in seen["threads"]
    before, after = seen["ticks"][:2]
    assert after > before  # the UI thread's event loop kept running while the check worked
    assert seen["order"][:3] == ["check", "ask", "close"]
    assert not isinstance(done.args[0], Exception)
    assert window.session.store.fact(*FACT) == then  # restored
    window.last_message_box.close()
    _wait_for_workers(qtbot)


def test_a_cancelled_check_restores_nothing_and_closes_nothing(window, qtbot, confirmations, tmp_path,
                                                              monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPushButton

    from workbench.progress import Cancelled

    backup = tmp_path / "saved.sqlite"
    window.session.store.backup(backup)
    window.session.store.set_fact(*FACT, 9.9e9)
    seen = _slow_check(monkeypatch, steps=200)
    _ticking(qtbot, seen)
    session = window.session
    closed = []
    plain_close = window.close_editors
    window.close_editors = lambda *a, **k: closed.append(True) or plain_close(*a, **k)
    clicked = []

    def click_cancel():
        task = window.exports.task
        dialog = getattr(task, "dialog", None)
        if dialog is None or not seen["threads"]:
            QTimer.singleShot(20, click_cancel)  # the check has not started yet
            return
        dialog.findChild(QPushButton).click()
        clicked.append(True)

    QTimer.singleShot(100, click_cancel)
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        assert window.restore_store(str(backup)) is None
    assert clicked and isinstance(done.args[0], Cancelled)
    assert confirmations.asked == [] and closed == []  # never asked, nothing closed
    assert window.session is session and window.session.store.fact(*FACT) == 9.9e9
    assert not list(window.session.path.parent.glob("*.before-restore-*"))
    _wait_for_workers(qtbot)
    assert window.session is session and window.session.store.fact(*FACT) == 9.9e9
