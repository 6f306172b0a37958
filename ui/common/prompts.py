"""The small questions and message boxes every window asks: one copy of each.

Windows keep them injectable (``window.confirm = ...``) so tests answer without a modal loop.
Qt's enums are touched only inside the functions, never at import time (start-up stays light).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

ConfirmFn = Callable[[QWidget, str, str], bool]


def ask_confirm(parent: QWidget, title: str, text: str) -> bool:
    """The default confirmation: a Yes/No message box defaulting to No."""
    B = QMessageBox.StandardButton
    return QMessageBox.question(parent, title, text, B.Yes | B.No, B.No) == B.Yes


def ask_confirm_details(parent: QWidget, title: str, text: str, details: str) -> bool:
    """A Yes/No question, defaulting to No, with a list too long for a message box (figures, warnings):
    the list scrolls in a read-only area while the question and the buttons stay on the screen,
    the box sized to the screen's available area (1280x720 and 1366x768 laptops included)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

    from ui.common.geometry import fit_to_screen

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    question = QLabel(text, dialog)
    question.setWordWrap(True)
    question.setTextInteractionFlags(question.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(question)
    listing = QPlainTextEdit(details.strip("\n"), dialog)
    listing.setReadOnly(True)
    listing.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    layout.addWidget(listing, 1)
    B = QDialogButtonBox.StandardButton
    buttons = QDialogButtonBox(B.Yes | B.No, dialog)
    buttons.button(B.Yes).clicked.connect(dialog.accept)
    buttons.button(B.No).clicked.connect(dialog.reject)
    layout.addWidget(buttons)
    no = buttons.button(B.No)
    no.setDefault(True)
    no.setFocus()
    # tall enough for the list when the screen allows (about 30 wrapped lines), never past its edge
    lines = sum(1 + len(line) // 60 for line in details.strip("\n").splitlines()) if details.strip() else 1
    wanted = question.sizeHint().height() + buttons.sizeHint().height() + 60 \
        + min(lines, 30) * listing.fontMetrics().lineSpacing()
    fit_to_screen(dialog, 640, max(240, wanted))
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_line(parent: QWidget, title: str, label: str) -> str | None:
    """The default question for a reason: a one-line input dialog; None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def choose_index(parent: QWidget, title: str, label: str, choices: list[tuple[int, str]]) -> int | None:
    """Pick one of ``choices`` ([(id, name)]) from a list of names; the id, or None when cancelled."""
    names = [name for _, name in choices]
    name, ok = QInputDialog.getItem(parent, title, label, names, 0, False)
    return dict((n, i) for i, n in choices).get(name) if ok else None


def message_box(parent: QWidget, icon, title: str, text: str, informative: str = "") -> QMessageBox:
    """A window-modal message box with selectable text, opened (not run): returns it for tests to read."""
    from PySide6.QtCore import Qt

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if informative:
        box.setInformativeText(informative)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


__all__ = ["ConfirmFn", "ask_confirm", "ask_confirm_details", "ask_line", "choose_index", "message_box"]
