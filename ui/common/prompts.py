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


__all__ = ["ConfirmFn", "ask_confirm", "ask_line", "choose_index", "message_box"]
