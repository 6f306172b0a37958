"""A desk task (a sync, a lease's release) that ends after its window closed calls nothing back on
the closed window: no error in the event loop of whatever window comes next."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from shiboken6 import delete

from ui.desk.sync_worker import DeskQueue


def test_a_task_ending_after_its_queue_is_gone_calls_nothing_back(qtbot, demo_path):
    window = QObject()  # the queue goes with its window (the controller's child)
    desk_queue = DeskQueue(window)
    gate = threading.Event()
    called = []

    def job(store, progress):
        gate.wait(10)
        return "synced"

    task = desk_queue.submit(demo_path, job, called.append, called.append)
    delete(window)  # the window closed while the task still runs
    gate.set()
    task.thread.join(10)
    qtbot.wait(200)  # the task's result reaches the UI thread (an error there fails the test)
    assert called == []


def test_a_live_queue_still_calls_back_and_goes_idle(qtbot, demo_path):
    desk_queue = DeskQueue()
    called = []
    with qtbot.waitSignal(desk_queue.idle, timeout=10000):
        desk_queue.submit(demo_path, lambda store, progress: "synced", called.append, called.append)
    assert called == ["synced"]
