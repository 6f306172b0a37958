"""Small editable tables with add, remove and move buttons, and the Related reports tab built on one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ui.common.prompts import ask_confirm
from ui.issue_editor.fields import date_edit, iso, qdate, set_fields_read_only, small_button
from workbench.domain.issue import Figure, RelatedReport

translate = QCoreApplication.translate


def ask_before_removing(widget: QWidget, title: str, text: str) -> bool:
    """Ask before "−" takes away a row holding the user's work (the editor has no undo for it): through
    the editor's own question (``confirm``, injected by tests and scripts), found up the widget's
    parents when asked, else the default box, whose default button and Escape keep the row."""
    holder = widget.parentWidget()
    while holder is not None and not callable(getattr(holder, "confirm", None)):
        holder = holder.parentWidget()
    return (holder.confirm if holder is not None else ask_confirm)(widget, title, text)


def removal_question(value) -> tuple[str, str] | None:
    """The title and text "−" asks with before ``value`` (a figure or a related report) goes, naming it;
    None for a row with no title yet (just added: nothing typed is lost)."""
    name = (getattr(value, "title", "") or "").strip()
    if not name:
        return None
    if isinstance(value, Figure):
        return (translate("IssueEditor", "Remove Figure"),
                translate("IssueEditor", "Remove the figure “%1” from this issue?").replace("%1", name))
    if isinstance(value, RelatedReport):
        text = translate("IssueEditor", "Remove the related report “%1” (%2) from this issue?")
        return translate("IssueEditor", "Remove Related Report"), text.replace("%1", name).replace("%2", value.date)
    return (translate("IssueEditor", "Remove Row"),
            translate("IssueEditor", "Remove “%1” from this issue?").replace("%1", name))


class RowsEditor(QWidget):
    """A small table of rows with add, remove, up and down buttons; rows are rebuilt on every move."""

    changed = Signal()

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = small_button("+", self, self.tr("Add a row"))
        self.remove_button = small_button("−", self, self.tr("Remove the row"))
        self.up_button = small_button("↑", self, self.tr("Move up"))
        self.down_button = small_button("↓", self, self.tr("Move down"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._loading = False
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.table.itemChanged.connect(self._emit_changed)

    # subclasses: values() -> list, set_values(list), new_value()
    def _emit_changed(self, *args) -> None:
        if not self._loading:
            self.changed.emit()

    def _on_add_clicked(self) -> None:
        values = self.values()
        values.append(self.new_value())
        self.set_values(values)
        self.table.setCurrentCell(len(values) - 1, 0)
        self.changed.emit()

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        values = self.values()
        if 0 <= row < len(values):
            question = removal_question(values[row])
            if question is not None and not ask_before_removing(self, *question):
                return  # kept: the question's default, and Escape
            del values[row]
            self.set_values(values)
            self.table.setCurrentCell(min(row, len(values) - 1), 0)
            self.changed.emit()

    def _move(self, step: int) -> None:
        row, col = self.table.currentRow(), max(self.table.currentColumn(), 0)
        values = self.values()
        j = row + step
        if 0 <= row < len(values) and 0 <= j < len(values):
            values[row], values[j] = values[j], values[row]
            self.set_values(values)
            self.table.setCurrentCell(j, col)
            self.changed.emit()

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item else ""

    def focus_cell(self, row: int, col: int) -> bool:
        if not 0 <= row < self.table.rowCount():
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentCell(row, col)
        widget = self.table.cellWidget(row, col)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.scrollToItem(self.table.item(row, col) or self.table.item(row, 0))
        return True


class RelatedEditor(RowsEditor):
    """Related reports: title and date (the issue they cite is kept)."""

    def __init__(self, parent=None):
        super().__init__([self.tr("Title"), self.tr("Date")], parent)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(1, 130)

    def new_value(self) -> RelatedReport:
        return RelatedReport("", QDate.currentDate().toString("yyyy-MM-dd"))

    def set_values(self, related: list[RelatedReport]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for r, rel in enumerate(related):
            self.table.insertRow(r)
            title = QTableWidgetItem(rel.title)
            title.setData(Qt.ItemDataRole.UserRole, rel.issue_id)
            title.setToolTip(rel.title)
            self.table.setItem(r, 0, title)
            date = date_edit(self.table)
            date.setDate(qdate(rel.date))
            date.dateChanged.connect(self._emit_changed)
            self.table.setCellWidget(r, 1, date)
        self._loading = False

    def values(self) -> list[RelatedReport]:
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            out.append(RelatedReport(self._text(r, 0), iso(self.table.cellWidget(r, 1)),
                                     item.data(Qt.ItemDataRole.UserRole) if item else None))
        return out


class RelatedPage(QWidget):
    """The Related reports tab: earlier reports listed on page 1."""

    changed = Signal()
    HEADS = ("related",)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.related_editor = RelatedEditor(self)
        hint = QLabel(QCoreApplication.translate("IssueEditor", "Earlier reports listed on page 1 (at most three "
                                                 "print); copying an issue forward puts last week's issue first."),
                      self)
        hint.setStyleSheet("color: #888;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.related_editor, 1)
        self.related_editor.changed.connect(self.changed)

    def load(self, issue) -> None:
        self.related_editor.set_values(issue.related)

    def apply(self, issue) -> None:
        issue.related = self.related_editor.values()

    def set_read_only(self, read_only: bool) -> None:
        set_fields_read_only(self, read_only)

    def focus_field(self, head: str, index: int | None, rest: str | None) -> bool:
        return self.related_editor.focus_cell(index or 0, 0)
