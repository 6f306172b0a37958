"""Desk work off the UI thread: a serial queue of store tasks on the thread pool, and the LISTEN
thread that hears other workstations' pushes.

Each task opens its own Store on the same path (SQLite connections belong to one thread); tasks run
one after another, in the order asked, so a lease released when an editor closes never lands after
the lease taken when it is opened again.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from ui.services.workers import StoreTask

#: Seconds between reconnection attempts of the LISTEN thread while the server is unreachable.
LISTEN_RETRY_S = 30.0
#: Finished tasks kept referenced (see DeskQueue._done).
KEEP_SPENT = 16
#: How often the UI thread looks at what the LISTEN thread heard (milliseconds).
LISTEN_POLL_MS = 200


class DeskQueue(QObject):
    """Run desk tasks on the global thread pool, one at a time, first come first served."""

    idle = Signal()  # the queue ran dry

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._waiting: list[tuple[StoreTask, Callable, Callable]] = []
        self._running: StoreTask | None = None
        self._spent: list[StoreTask] = []

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._waiting)

    def submit(self, db_path: str | Path, fn: Callable, on_finished: Callable, on_failed: Callable) -> StoreTask:
        """Queue ``fn(store, progress)``; the callbacks run in the UI thread."""
        task = StoreTask(db_path, fn)
        self._waiting.append((task, on_finished, on_failed))
        if self._running is None:
            self._start_next()
        return task

    def flush(self) -> None:
        """Start everything still waiting at once (the window is closing: no one reopens a draft now)."""
        waiting, self._waiting = self._waiting, []
        # the queue goes with its window: what runs or just ran must outlive it
        _orphans.extend(self._spent + ([self._running] if self._running is not None else []))
        for task, _, _ in waiting:
            _orphans.append(task)  # kept for good: a closing window's few releases
            QThreadPool.globalInstance().start(task)

    def _start_next(self) -> None:
        if not self._waiting:
            self._running = None
            self.idle.emit()
            return
        task, on_finished, on_failed = self._waiting.pop(0)
        self._running = task
        task.signals.finished.connect(lambda result, t=task, cb=on_finished: self._done(t, cb, result))
        task.signals.failed.connect(lambda exc, t=task, cb=on_failed: self._done(t, cb, exc))
        QThreadPool.globalInstance().start(task)

    def _done(self, task: StoreTask, callback: Callable, value) -> None:
        if task is not self._running:
            return
        # the pool thread may still be returning from run() when its result arrives here: the
        # task object stays referenced for a while instead of being freed under it; its
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
            self._running = None
            self._start_next()


_orphans: list[StoreTask] = []  # tasks started by flush(), never freed under their pool thread


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
