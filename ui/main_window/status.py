"""The main window's status bar and title, and the messages it shows: a mixin of ``MainWindow``.

The saved state and counts in the status bar, the title with its demo and read-only marks, the line an
undo or a redo leaves, and the message boxes the parts open on the window. Only Qt loads with it (the
window needs it for its first paint); its texts keep the ``MainWindow`` translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.common.i18n import for_ui
from ui.main_window import actions

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

translate = QCoreApplication.translate


def _refusal_title(message: str) -> str:
    """撤销 for a refused undo, 重做 for a refused redo (the core's message says which)."""
    from workbench.edits import refused_step  # loaded with the first edit, before any refusal

    if refused_step(message) == "redo":
        return translate("MainWindow", "Redo")
    return translate("MainWindow", "Undo")


class StatusMixin:
    """The status bar, the title and the window's messages (mixed into ``MainWindow``)."""

    def _on_undo_index(self, stack) -> None:
        """An undo or a redo says what it did, replacing the message of the step it took back or made again."""
        index = stack.index()
        before, next_redo, count = getattr(self, "_undo_place", (0, None, 0))
        self._undo_place = (index, stack.command(index), stack.count())  # the step a redo would make again
        if stack.count() < count:  # a refused undo or redo dropped its step: the refusal stands
            return
        if index < before:
            self._show_message(translate("MainWindow", "Undone: %1").replace("%1", stack.text(index)))
        elif index == before + 1 and next_redo is not None and stack.command(before) is next_redo:
            self._show_message(translate("MainWindow", "Redone: %1").replace("%1", stack.text(before)))
        # otherwise a new step was pushed: its own message stands

    def _on_session_failed(self, message: str) -> None:
        """An undo or redo the store refused (the value changed since): said in the status bar and a box."""
        from PySide6.QtWidgets import QMessageBox

        self._show_message(message)
        QMessageBox.warning(self, _refusal_title(message), for_ui(message))

    def _show_message(self, text: str) -> None:
        """A line in the status bar; a core message reads in the UI language only."""
        self.statusBar().showMessage(for_ui(text), 8000)

    def message_box(self, icon, title: str, text: str, informative: str = "", parent=None) -> QMessageBox:
        """A message box on this window (or ``parent``), opened; kept as ``last_message_box``."""
        from ui.common.prompts import message_box

        self.last_message_box = message_box(parent or self, icon, title, for_ui(text), for_ui(informative))
        return self.last_message_box

    def refused_read_only(self, title: str) -> bool:
        """On a read-only store: say so in a message box (the core's words) and return True."""
        from PySide6.QtWidgets import QMessageBox

        from workbench.errors import WorkbenchError

        try:
            self.session.check_writable()
        except WorkbenchError as exc:
            self.message_box(QMessageBox.Icon.Warning, title, exc.message)
            return True
        return False

    def set_saved_text(self, text: str) -> None:
        self._saved_text = text
        self.update_saved_label()

    def update_saved_label(self, *args) -> None:
        """The status bar's save state; never "all saved" while an editor holds unsaved text."""
        dirty = self.unsaved_editors()
        if dirty:
            ids = "、".join(f"#{e.issue_id}" for e in dirty)
            self.saved_label.setText(translate("MainWindow", "Unsaved changes in issue %1").replace("%1", ids))
            self.saved_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        else:
            self.saved_label.setText(self._saved_text)
            self.saved_label.setStyleSheet("")

    def refresh_counts(self) -> None:
        if self.session is None:
            self.counts = {}
            self.counts_label.setText("")
            self.demo_label.hide()
            return
        c = self.session.store.counts()
        self.counts = c
        demo = self.session.store.is_demo()
        if demo != self.demo_label.isVisibleTo(self):
            self.demo_label.setVisible(demo)
            self._update_title()
        self.counts_label.setText(
            translate("MainWindow", "%1 companies · %2 facts · %3 quotes · %4 issues")
            .replace("%1", f"{c['companies']:,}").replace("%2", f"{c['facts']:,}")
            .replace("%3", f"{c['quotes']:,}").replace("%4", f"{c['issues']:,}"))
        actions.update_new_issue_action(self)

    def _on_undo_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _update_title(self) -> None:
        app = translate("MainWindow", "Analyst Workbench")
        if self.session is None:
            self.setWindowTitle(app)
        else:
            demo = translate("MainWindow", " (demo)") if self.demo_label.isVisibleTo(self) else ""
            demo += f" [{self.read_only_label.text()}]" if self.session.read_only else ""
            self.setWindowTitle(f"{self.session.path.name}[*]{demo} — {app}")
            self.setWindowModified(not self.session.undo_stack.isClean())


__all__ = ["StatusMixin"]
