"""Autosave: the fields go to the store's autosave slot a pause after each change, and come back after a crash."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from ui.issue_editor import prompts
from workbench.errors import WorkbenchError

DEFAULT_AUTOSAVE_MS = 3000
SAME_FIELDS = ("headline", "series", "period_start", "period_end", "publish_date", "industry", "rating",
               "rating_action", "analysts")


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class Autosave(QObject):
    """The editor's autosave: a single-shot timer restarted by the first change after each write.

    Works on the editor it is given (its store, fields, header and signals); it never saves the issue.
    """

    def __init__(self, editor, interval_ms: int = DEFAULT_AUTOSAVE_MS):
        super().__init__(editor)
        self.editor = editor
        self.pending = False  # the fields hold changes the autosave slot does not
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)

    def changed(self) -> None:
        """A field changed: autosave after the interval (counted from the first change since the last write)."""
        self.pending = True
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def forget(self) -> None:
        """The fields now match what is stored (saved, reloaded or discarded): nothing to autosave."""
        self.timer.stop()
        self.pending = False

    def save_now(self) -> bool:
        """Write the current fields to the store's autosave slot (not the issue itself)."""
        editor = self.editor
        self.timer.stop()
        if not self.pending or editor.read_only:
            return False
        try:
            editor.store.autosave(editor.current_issue())
        except WorkbenchError as exc:
            editor.header.show_note(exc.message)
            return False
        self.pending = False
        editor.header.show_note(QCoreApplication.translate("IssueEditor", "Autosaved %1")
                                .replace("%1", datetime.now().strftime("%H:%M:%S")))
        editor.autosaved.emit()
        return True

    def offer(self) -> None:
        """An autosave newer than the stored issue (the editor was not saved, or the app crashed): offer it."""
        editor = self.editor
        store, issue = editor.store, editor.issue
        saved = store.autosaved(issue.id)
        if saved is None:
            return
        if issue.status == "final" or saved.content_json() == issue.content_json() and \
                all(getattr(saved, k) == getattr(issue, k) for k in SAME_FIELDS):
            store.discard_autosave(issue.id)
            return
        newer = _parse_time(saved.updated_at)
        stored = _parse_time(issue.updated_at)
        if newer is not None and stored is not None and newer < stored:
            store.discard_autosave(issue.id)
            return
        when = (saved.updated_at or "")[:19].replace("T", " ")
        ask = editor.ask_restore or prompts.ask_restore_autosave
        if ask(editor, QCoreApplication.translate("IssueEditor", "Restore unsaved changes?"),
               QCoreApplication.translate("IssueEditor", "Issue #%1 has changes autosaved at %2 that were never "
                                                         "saved. Restore them?")
               .replace("%1", str(issue.id)).replace("%2", when)):
            saved.id, saved.status, saved.version = issue.id, issue.status, issue.version
            saved.updated_at = issue.updated_at
            editor.load(saved)
            editor.issue = issue  # the stored issue stays the base; the fields hold the restored text
            editor.restored_autosave = True
            editor.set_dirty(True)
            editor.header.show_note(QCoreApplication.translate("IssueEditor", "Restored the autosave of %1 — not "
                                                                              "saved yet").replace("%1", when))
        else:
            store.discard_autosave(issue.id)
