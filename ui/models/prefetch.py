"""Sort keys read ahead, in the idle time after a grid is filled, so a first sort finds them ready.

A figure column's key needs one read of the column from the store (a scan of every fact: about 60 ms
with 50,000 companies), a name column's the Chinese collation of every name (about 80 ms). The
models compute their text columns' keys one per event-loop turn on the GUI thread, and read their
figure columns on a pool thread with a reader of its own (sqlite3 works without the GIL while it
scans, so the GUI stays free). A key is kept only if nothing changed its column meanwhile.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    column_ready = Signal(int, int, object)  # generation, column, key array
    finished = Signal(int)  # generation
    answered = Signal(int, object)  # a ReaderTask's token and answer (None when the read failed)


class ColumnKeysTask(QRunnable):
    """Read figure columns' values with a read-only reader of the store and turn them into sort keys.

    ``columns`` are (column, (metric, period)); ``keys`` the model's row keys in load order;
    ``make_key(values)`` builds the key array from the values in that order.
    """

    def __init__(self, db_path: Path, generation: int, columns: list[tuple[int, tuple[str, str]]], keys: list,
                 make_key: Callable):
        super().__init__()
        self.db_path, self.generation = Path(db_path), generation
        self.columns, self.keys, self.make_key = list(columns), list(keys), make_key
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)  # the model keeps it until it finished

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from workbench.store.reader import open_reader

        try:
            reader = open_reader(self.db_path)
            if reader is None:
                return
            with reader:
                for column, (metric, period) in self.columns:
                    if self._cancel.is_set():
                        return
                    values = reader.fact_values(metric, period)
                    key = self.make_key([values.get(k) for k in self.keys])
                    self.signals.column_ready.emit(self.generation, column, key)
        except (sqlite3.Error, OSError, ValueError):  # reading ahead is optional: a sort reads the column itself
            return
        finally:
            self.signals.finished.emit(self.generation)


class ReaderTask(QRunnable):
    """``fn(reader)`` on a pool thread with a read-only reader of the store; ``answered(token, answer)``."""

    def __init__(self, db_path: Path, fn: Callable, token: int = 0):
        super().__init__()
        self.db_path, self.fn, self.token = Path(db_path), fn, token
        self.signals = _Signals()
        self.setAutoDelete(False)  # the caller keeps it until it answered

    def run(self) -> None:
        from workbench.store.reader import open_reader

        answer = None
        try:
            reader = open_reader(self.db_path)
            if reader is not None:
                with reader:
                    answer = self.fn(reader)
        except (sqlite3.Error, OSError, ValueError):
            answer = None
        finally:
            self.signals.answered.emit(self.token, answer)


def start(task: QRunnable) -> None:
    QThreadPool.globalInstance().start(task)


__all__ = ["ColumnKeysTask", "ReaderTask", "start"]
