"""Desk work off the UI thread: serial lanes of store tasks, and the LISTEN thread that hears other
workstations' pushes.

Each task opens its own Store on the same path (SQLite connections belong to one thread). Tasks of
one lane run one after another, in the order asked, so a lease released when an editor closes never
lands after the lease taken when it is opened again; syncs have a lane of their own, so a lease
check never waits behind a sync held up by the server. Each task runs on a daemon thread of its
own, not the Qt thread pool: a task waiting on a server that stopped answering is abandoned when
the app exits (it ends by the connection's own limits), and the exit never waits for it.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from ui.services.workers import StoreTask

#: Seconds between reconnection attempts of the LISTEN thread while the server is unreachable.
LISTEN_RETRY_S = 30.0
#: How often the UI thread looks at what the LISTEN thread heard (milliseconds).
LISTEN_POLL_MS = 200
#: The lane of a task submitted without one (the syncs).
SYNC_LANE = "sync"
#: Finished tasks kept referenced (see DeskQueue._done).
KEEP_SPENT = 16


#: Longest the closing window waits for the lease releases it starts (a responsive server answers
#: in milliseconds; a stuck one is not waited for longer, and its leases run out by themselves).
RELEASE_WAIT_S = 3.0


def _start(task: StoreTask) -> None:
    """Run the task on a daemon thread (which keeps it referenced until run() returns)."""
    task.thread = threading.Thread(target=task.run, name="desk-task", daemon=True)
    task.thread.start()


class DeskQueue(QObject):
    """Run desk tasks off the UI thread, one at a time per lane, first come first served."""

    idle = Signal()  # every lane ran dry

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._waiting: dict[str, list[tuple[StoreTask, Callable, Callable]]] = {}
        self._running: dict[str, StoreTask] = {}
        self._spent: list[StoreTask] = []

    @property
    def busy(self) -> bool:
        return bool(self._running) or any(self._waiting.values())

    def submit(self, db_path: str | Path, fn: Callable, on_finished: Callable, on_failed: Callable,
               lane: str = SYNC_LANE) -> StoreTask:
        """Queue ``fn(store, progress)`` in ``lane``; the callbacks run in the UI thread."""
        task = StoreTask(db_path, fn)
        self._waiting.setdefault(lane, []).append((task, on_finished, on_failed))
        if lane not in self._running:
            self._start_next(lane)
        return task

    def flush(self, wait_s: float = RELEASE_WAIT_S) -> None:
        """Start everything still waiting at once (the window is closing: no one reopens a draft now),
        and give the lease lanes' work up to ``wait_s`` seconds to finish, so that a draft's lease is
        given back before the app ends; a sync is never waited for."""
        import time

        waiting, self._waiting = self._waiting, {}
        # the queue goes with its window: what runs or just ran must outlive it
        _orphans.extend(self._spent + list(self._running.values()))
        awaited = [task for lane, task in self._running.items() if lane != SYNC_LANE]
        for lane, tasks in waiting.items():
            for task, _, _ in tasks:
                _orphans.append(task)  # a closing window's few releases
                _start(task)
                if lane != SYNC_LANE:
                    awaited.append(task)
        deadline = time.monotonic() + wait_s
        for task in awaited:
            thread = getattr(task, "thread", None)
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))

    def _start_next(self, lane: str) -> None:
        if not self._waiting.get(lane):
            self._running.pop(lane, None)
            if not self.busy:
                self.idle.emit()
            return
        task, on_finished, on_failed = self._waiting[lane].pop(0)
        self._running[lane] = task
        task.signals.finished.connect(lambda result, t=task, cb=on_finished: self._done(lane, t, cb, result))
        task.signals.failed.connect(lambda exc, t=task, cb=on_failed: self._done(lane, t, cb, exc))
        _start(task)

    def _done(self, lane: str, task: StoreTask, callback: Callable, value) -> None:
        if not isValid(self):
            return  # the window closed while the task ran: nothing of it is left to call back
        if self._running.get(lane) is not task:
            return
        # the thread may still be returning from run() when its result arrives here: the task
        # stays referenced for a while, so that it is freed here and not under that thread; its
        # connections go, so that no reference cycle leaves its QObject to the garbage collector
        # of whatever thread runs it next
        for signal in (task.signals.finished, task.signals.failed):
            try:
                signal.disconnect()
            except (RuntimeError, TypeError):
                pass
        self._spent.append(task)
        del self._spent[:-KEEP_SPENT]
        try:
            callback(value)
        finally:
            self._start_next(lane)


_orphans: list[StoreTask] = []  # tasks of closed windows, never freed under their thread


class DeskListener:
    """A thread that LISTENs on the desk's notification channel and reports each push.

    It connects with the core's ``connect`` (its connect timeout), waits for notifications a
    second at a time so that ``stop()`` takes effect promptly, and reconnects every
    ``LISTEN_RETRY_S`` seconds while the server is unreachable. It never touches the store nor
    any Qt object: it only appends events (``("notified", workstation)`` or ``("connected",
    bool)``) to a thread-safe queue that the UI thread drains with ``events()``.
    """

    def __init__(self, url: str):
        self.url = url
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="desk-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def events(self) -> list[tuple[str, object]]:
        """What happened since the last call (UI thread)."""
        out = []
        while True:
            try:
                out.append(self._events.get_nowait())
            except queue.Empty:
                return out

    def _run(self) -> None:
        from workbench.desk.config import password_for
        from workbench.desk.connection import connect
        from workbench.desk.sync import NOTIFY_CHANNEL

        emit = self._events.put
        was_connected = None
        while not self._stop.is_set():
            try:
                with connect(self.url, password_for(self.url)) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    if was_connected is not True:
                        emit(("connected", True))
                    was_connected = True
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            emit(("notified", str(note.payload or "")))
                            if self._stop.is_set():
                                break
            except Exception:  # unreachable, refused, or the connection dropped: try again later
                if was_connected is not False and not self._stop.is_set():
                    emit(("connected", False))
                was_connected = False
            self._stop.wait(LISTEN_RETRY_S)
