"""Pieces every editor page shares: the house colours, date fields, row buttons, focus and read-only."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QCheckBox, QComboBox, QDateEdit, QLineEdit,
                               QListWidget, QPlainTextEdit, QPushButton, QTableWidget, QTextBrowser, QTextEdit,
                               QToolButton, QWidget)

from ui.common.geometry import reveal

HOUSE_RED = "#8B1A1A"
ERROR_RED = "#c62828"
AMBER = "#b26a00"


def qdate(iso: str | None) -> QDate:
    d = QDate.fromString((iso or "")[:10], "yyyy-MM-dd")
    return d if d.isValid() else QDate.currentDate()


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def date_edit(parent) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def small_button(text: str, parent, tip: str = "") -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setAutoRaise(False)
    if tip:
        button.setToolTip(tip)
    button.setMinimumWidth(28)
    return button


def focus_widget(widget: QWidget) -> bool:
    """Scroll ``widget`` into view and give it the focus (a line edit's text selected)."""
    reveal(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    return True


def set_fields_read_only(page: QWidget, read_only: bool, keep: tuple[QWidget, ...] = ()) -> None:
    """Every field under ``page`` read-only (text stays selectable) or editable again; buttons off.

    ``keep`` lists buttons that stay usable (e.g. one that opens another window).
    """
    for w in page.findChildren(QWidget):
        if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit)) and not isinstance(w, QTextBrowser):
            if w.parent() is not None and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
                continue
            w.setReadOnly(read_only)
            _look_read_only(w, read_only)
        elif isinstance(w, QAbstractSpinBox):
            w.setReadOnly(read_only)
            _look_read_only(w, read_only)
        elif isinstance(w, (QComboBox, QCheckBox, QPushButton, QToolButton)):
            if w in keep:
                continue
            w.setEnabled(not read_only)
        elif isinstance(w, QTableWidget):
            _look_read_only(w, read_only)
            w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                              QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        elif isinstance(w, QListWidget):
            w.setEnabled(not read_only)


def _look_read_only(w: QWidget, read_only: bool) -> None:
    """A read-only field drawn as the disabled lists and menus beside it are (grey ground, grey text), so
    a field that cannot be typed in never looks as if it could; its own colours come back with editing."""
    if read_only:
        if w.property("editable_palette") is None:
            w.setProperty("editable_palette", QPalette(w.palette()) if w.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
                          else QPalette())
        palette = QPalette(w.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Text,
                         QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):  # (a date's arrow too)
                palette.setColor(group, role, palette.color(QPalette.ColorGroup.Disabled, role))
        w.setPalette(palette)
    elif w.property("editable_palette") is not None:
        w.setPalette(w.property("editable_palette"))
        w.setProperty("editable_palette", None)
