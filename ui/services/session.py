"""One open store in the app: the Store, its undo stack and the signal views refresh on."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.errors import WorkbenchError

if TYPE_CHECKING:  # the edit records load with the first edit, not with the first screen
    from workbench.edits import Changes, Edit


def explain(exc: sqlite3.Error, path):
    """SQLite's error in words, as the core says it (``workbench.store.access.explain``)."""
    from workbench.store.access import explain as core_explain  # the store's module, loaded with it

    return core_explain(exc, path)


class EditCommand(QUndoCommand):
    """An undo step wrapping a Qt-free edit record; the record is applied before it is pushed."""

    def __init__(self, session: "StoreSession", edit: Edit, text: str):
        super().__init__(text)
        self._session = session
        self._edit = edit
        self._pushed = True

    def redo(self) -> None:
        if self._pushed:  # applied (and validated) by StoreSession.apply before the push
            self._pushed = False
            return
        if not self._session._run(self._edit.apply, "redo"):
            self.setObsolete(True)  # refused (changed since): the stack drops the step, nothing is pretended

    def undo(self) -> None:
        if not self._session._run(self._edit.revert, "undo"):
            self.setObsolete(True)


class StoreSession(QObject):
    """The store behind the window; every edit goes through ``apply`` so it can be undone.

    ``store`` is a ``Store``, or the window's ``LazyStore`` (workbench/store/reader.py), which reads
    through a plain sqlite3 reader and opens the full Store for the first write.
    """

    changed = Signal(object)  # workbench.edits.Changes
    reloaded = Signal()  # everything may have changed (import, store switched)
    saved = Signal(str)  # time of the last write, for the status bar
    failed = Signal(str)  # an undo or redo the store refused

    def __init__(self, store, parent: QObject | None = None, *, user: str | None = None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.last_saved: datetime | None = None
        self.user = user  # recorded in the change log with every edit (None: the OS user)

    @property
    def path(self):
        return self.store.path

    def apply(self, edit: Edit, text: str, origin: str = "edit") -> Changes:
        """Apply one edit to the store and push it on the undo stack.

        ``origin`` (edit, paste, delete) goes into the store's change log with the user.
        Raises WorkbenchError when the core refuses the edit; the store is then unchanged.
        """
        self.check_writable()
        try:
            with self.store.batch(origin, by=self.user):
                changes = edit.apply(self.store)
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        self.undo_stack.push(EditCommand(self, edit, text))
        self._after_write(changes)
        return changes

    def apply_many(self, edits: list[Edit], text: str, origin: str = "paste") -> Changes:
        """Apply several edits as one undo step (all or nothing), logged as one change batch."""
        from workbench.edits import apply_edits

        self.check_writable()
        try:
            with self.store.batch(origin, by=self.user):
                step, changes = apply_edits(self.store, edits)
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        self.undo_stack.push(EditCommand(self, step, text))
        self._after_write(changes)
        return changes

    @property
    def read_only(self) -> bool:
        """The store is opened read-only (the file or its folder is not writable): view and export only."""
        return bool(getattr(self.store, "read_only", False))

    def check_writable(self) -> None:
        if self.read_only:  # refused before anything is tried, with the core's words for it
            raise explain(sqlite3.OperationalError("attempt to write a readonly database"), self.path)

    def notify_reloaded(self, *, clear_undo: bool = True) -> None:
        """The store changed behind the undo stack's back (an import): refresh all views."""
        if clear_undo:
            self.undo_stack.clear()
        self.reloaded.emit()
        self._mark_saved()

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()

    def _run(self, fn, origin: str) -> bool:
        """An undo or redo; False when the store refused it (then unchanged), e.g. because the value
        was changed since by an import or another program: the views show what the store holds."""
        try:
            with self.store.batch(origin, by=self.user):
                changes = fn(self.store)
        except WorkbenchError as exc:
            self.reloaded.emit()
            self.failed.emit(exc.message)
            return False
        except sqlite3.Error as exc:
            self.failed.emit(explain(exc, self.path).message)
            return False
        self._after_write(changes)
        return True

    def _after_write(self, changes: Changes) -> None:
        self.changed.emit(changes)
        self._mark_saved()

    def _mark_saved(self) -> None:
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved.strftime("%H:%M:%S"))
