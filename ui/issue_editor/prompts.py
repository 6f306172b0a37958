"""The editor's own questions: save before closing, restore an autosave, overwrite another save.

The editor looks these up here when it asks (``prompts.ask_save_changes``), so a test replaces
them on this module.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QTextEdit

from ui.common.prompts import ask_confirm, ask_line  # noqa: F401  (the editor's defaults, asked through here)


def save_changes_box(parent, title: str, text: str) -> QMessageBox:
    """保存 / 不保存 / 取消 for unsaved text: Save is the default, Escape cancels."""
    B = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, B.Save | B.Discard | B.Cancel, parent)
    box.button(B.Save).setText(QApplication.translate("IssueEditor", "Save"))
    box.button(B.Discard).setText(QApplication.translate("IssueEditor", "Don't Save"))
    box.button(B.Cancel).setText(QApplication.translate("IssueEditor", "Cancel"))
    box.setDefaultButton(B.Save)
    box.setEscapeButton(B.Cancel)
    return box


def ask_save_changes(parent, title: str, text: str) -> str:
    """The default close question: ``save``, ``discard`` or ``cancel`` (also for a closed box)."""
    box = save_changes_box(parent, title, text)
    box.exec()
    B = QMessageBox.StandardButton
    clicked = box.standardButton(box.clickedButton()) if box.clickedButton() is not None else B.Cancel
    return {B.Save: "save", B.Discard: "discard"}.get(clicked, "cancel")


def restore_autosave_box(parent, title: str, text: str) -> QMessageBox:
    """恢复 / 丢弃 for an autosave that was never saved: restoring is the default (nothing is lost on Enter)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    restore = box.addButton(QApplication.translate("IssueEditor", "Restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QApplication.translate("IssueEditor", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(restore)  # closing the box keeps the autosave in the fields, not lost
    return box


def ask_restore_autosave(parent, title: str, text: str) -> bool:
    """The default restore question: True unless the user chose 丢弃 (Discard)."""
    box = restore_autosave_box(parent, title, text)
    box.exec()
    return box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.DestructiveRole \
        if box.clickedButton() is not None else True


def ask_overwrite_changes(parent, title: str, text: str) -> bool:
    """The default two-writers question: overwrite the version saved elsewhere? Cancel is the default."""
    B = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, B.Save | B.Cancel, parent)
    box.button(B.Save).setText(QApplication.translate("IssueEditor", "Overwrite"))
    box.button(B.Cancel).setText(QApplication.translate("IssueEditor", "Cancel"))
    box.setDefaultButton(B.Cancel)
    box.setEscapeButton(B.Cancel)
    return box.exec() == B.Save


def restore_changed_box(parent, title: str, text: str, details: str) -> QMessageBox:
    """The restore question for an autosave made before the issue was changed elsewhere, with the fields
    that differ under 显示详细信息 in a pane big enough to read several of them without scrolling."""
    box = restore_autosave_box(parent, title, text)
    if details:
        box.setDetailedText(details)
        pane = box.findChild(QTextEdit)
        if pane is not None:
            metrics = pane.fontMetrics()
            pane.setMinimumWidth(48 * metrics.horizontalAdvance("中"))
            pane.setFixedHeight(16 * metrics.lineSpacing())  # Qt's own pane is a fixed 100 px: about 4 lines
    return box


def ask_restore_changed(parent, title: str, text: str, details: str) -> bool:
    """The restore question for an autosave made before the issue was changed elsewhere: 恢复 (the default)
    or 丢弃, with the fields that differ from the stored issue to compare under 显示详细信息."""
    box = restore_changed_box(parent, title, text, details)
    box.exec()
    return box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.DestructiveRole \
        if box.clickedButton() is not None else True
