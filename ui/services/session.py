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


def _os_login() -> str:
    """The operating-system login, as the app names a user no name was set for."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user database (some containers)
        return ""


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
        self.user = user  # the app's user name (settings, else the OS login; None: the OS user)

    @property
    def recorded_user(self) -> str | None:
        """Who the change log names for an edit, an undo or a redo: on a store joined to a desk the desk
        user, as every other workstation sees the change (a name set in the app's settings is kept
        beside it, as the command line keeps ``--by``: ``workbench.desk.roles.recorded_name``); else
        the app's user name."""
        from workbench.store import sync_state

        try:
            joined = bool(self.store.get_setting(sync_state.SETTING_URL))
        except (WorkbenchError, sqlite3.Error):
            joined = False
        if not joined:
            return self.user
        from workbench.desk.roles import recorded_name

        login = _os_login()
        given = self.user if self.user and self.user != login else None  # the OS login is no name given
        return recorded_name(self.store, given, login)

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
            with self.store.batch(origin, by=self.recorded_user):
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
            with self.store.batch(origin, by=self.recorded_user):
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

    def notify_pulled(self, changes: Changes | None) -> None:
        """Another workstation's changes arrived (a desk sync wrote them): the views refresh the rows and
        cells they touched (``changes``; None: everything may have changed, the views reload whole).

        The undo history stays: a step whose figure, company field or quote the pull changed is
        refused when undone, naming the change. Only a step that cannot tell (a deleted company,
        a renamed ticker, deleted quotes) is dropped with the rest of the history, as after an import.
        """
        touched = changes is None or bool(changes.facts or changes.companies or changes.renamed or changes.rows
                                          or changes.quotes)
        if touched and not self._undo_guards_every_step():
            self.undo_stack.clear()
        if changes is None:
            self.reloaded.emit()
        elif touched:
            self.changed.emit(changes)

    def _undo_guards_every_step(self) -> bool:
        """Every step on the undo stack refuses to put back a value changed since (see ``notify_pulled``)."""
        from workbench.edits import Batch, SetCompanyField, SetFact, SetQuote

        def guarded(edit) -> bool:
            if isinstance(edit, Batch):
                return all(guarded(e) for e in edit.edits)
            return isinstance(edit, (SetFact, SetCompanyField, SetQuote))

        stack = self.undo_stack
        return all(guarded(getattr(stack.command(i), "_edit", None)) for i in range(stack.count()))

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()

    def _run(self, fn, origin: str) -> bool:
        """An undo or redo; False when the store refused it (then unchanged), e.g. because the value
        was changed since by an import or another program: the views show what the store holds."""
        try:
            with self.store.batch(origin, by=self.recorded_user):
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
