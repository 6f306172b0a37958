"""Long work (import, export) on a QThreadPool worker with a cancellable progress dialog.

The worker opens its own Store on the same path (SQLite connections belong to one thread) and
calls a plain core function with a progress callback; after a cancel, the callback returns False
and the core stops and rolls back.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ui.common.lazy_qt import Qt  # the desk loads this module with the window: no Qt enums before its first paint


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception


class StoreTask(QRunnable):
    """Run ``fn(store, progress)`` on a pool thread with a Store of its own."""

    def __init__(self, db_path: str | Path, fn: Callable):
        super().__init__()
        self.db_path = Path(db_path)
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)  # the caller keeps it until finished/failed arrive
        # The store module loads sqlite-utils with numpy and pandas hidden for a moment: load it here, on
        # the GUI thread, so a first load on the pool thread never hides them from an import the GUI makes.
        import workbench.store.store  # noqa: F401

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, message: str = "") -> bool:
        self._emit(self.signals.progress, int(done), int(total), str(message or ""))
        return not self._cancel.is_set()

    @staticmethod
    def _emit(signal, *args) -> None:
        """Report to the UI thread; after the app has closed there is no one to tell (a desk task
        abandoned at exit ends later), which is no error."""
        try:
            signal.emit(*args)
        except RuntimeError:  # "Signal source has been deleted": the app is gone
            pass

    def run(self) -> None:
        from workbench.store import Store

        try:
            with Store(self.db_path) as store:
                result = self.fn(store, self.progress)
        except BaseException as exc:  # reported to the UI thread, never raised in the pool
            import sqlite3
            import traceback

            if isinstance(exc, sqlite3.Error):  # locked, read-only, full...: said in words, no traceback
                from workbench.store.access import explain

                exc = explain(exc, self.db_path)
            exc.__traceback_text__ = traceback.format_exc()
            self._emit(self.signals.failed, exc)
            return
        self._emit(self.signals.finished, result)


_running: set[StoreTask] = set()
_spent_dialogs: list = []  # QProgressDialogs of finished tasks, deleted at the next start


def run_store_task(parent: QWidget | None, title: str, db_path, fn: Callable, *,
                   on_finished: Callable[[object], None], on_failed: Callable[[BaseException], None],
                   cancel_text: str | None = None, detached: bool = False) -> StoreTask:
    """Start ``fn`` on the global thread pool with a window-modal progress dialog that can cancel it.

    ``detached``: on a daemon thread of its own instead, for work that waits on the network (the
    desk): the app's exit never waits for it (the pool's threads are waited for)."""
    from PySide6.QtWidgets import QProgressDialog  # not with the module: the desk loads it before the first paint
    while _spent_dialogs:  # deleted here, never from inside their own setValue()
        spent = _spent_dialogs.pop()
        if isValid(spent):  # not already gone with its parent window
            spent.deleteLater()
    task = StoreTask(db_path, fn)
    dialog = QProgressDialog(title, cancel_text or QCoreApplication.translate("TaskProgress", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    task.dialog = dialog

    finished = False

    def on_progress(done: int, total: int, message: str) -> None:
        if finished:  # a report queued behind the result: the dialog is gone
            return
        if total > 0 and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total > 0 else 0)
        if message:
            from ui.common.i18n import for_ui  # the core's words in the UI's language

            dialog.setLabelText(f"{title}\n{for_ui(message)}")

    def done(callback, value) -> None:
        nonlocal finished
        if finished:
            return
        finished = True
        task.signals.progress.disconnect(on_progress)
        _running.discard(task)
        # A modal progress dialog processes events inside setValue(), so the result can arrive
        # while setValue() is still on the stack: hide the dialog now, delete it later.
        dialog.reset()
        dialog.hide()
        _spent_dialogs.append(dialog)
        callback(value)

    dialog.canceled.connect(task.cancel)
    task.signals.progress.connect(on_progress)
    task.signals.finished.connect(lambda result: done(on_finished, result))
    task.signals.failed.connect(lambda exc: done(on_failed, exc))
    _running.add(task)
    if detached:
        threading.Thread(target=task.run, name="store-task", daemon=True).start()
    else:
        QThreadPool.globalInstance().start(task)
    return task
