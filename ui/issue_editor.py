"""The issue editor: one weekly issue's metadata, text, themes, figures and table, with its lifecycle.

Everything the editor decides is decided by the core: it builds an ``Issue`` from its fields and
hands it to ``update_issue``, ``preflight``, ``draft_market_review``, ``insert_note``,
``change_status`` and ``export_issue``. The editor opens its own Store (one per thread); long work
(finalising, exporting, the preview) runs on pool workers that open theirs.
"""

from __future__ import annotations

import copy
import html
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QDateEdit,
                               QFileDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QPushButton, QSizePolicy, QSplitter, QStyle, QTableWidget, QTableWidgetItem,
                               QTabWidget, QTextBrowser, QTextEdit, QToolBar, QToolButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ui.geometry import reveal, scroll_page
from ui.notes_view import company_label, current_user, make_company_completer, resolve_company
from ui.rich_text import MarkupTextEdit
from workbench.domain.compliance import INDUSTRY_RATINGS, RATING_ACTIONS
from workbench.domain.issue import Figure, Issue, RelatedReport, Theme, validate_issue
from workbench.errors import ValidationError, WorkbenchError
from workbench.paths import resource

HOUSE_RED = "#8B1A1A"
ERROR_RED = "#c62828"
AMBER = "#b26a00"
DEFAULT_AUTOSAVE_MS = 3000
FIELD_RE = re.compile(r"^(?P<head>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>.+))?$")


def icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", f"{name}.svg")))


def dot_icon(colour: str, size: int = 12) -> QIcon:
    """A filled circle: red for blockers, amber for warnings."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def ask_confirm(parent, title: str, text: str) -> bool:
    """The default confirmation: a Yes/No message box defaulting to No."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


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


def ask_line(parent, title: str, label: str) -> str | None:
    """The default question for a reason: a one-line input dialog; None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def _qdate(iso: str | None) -> QDate:
    d = QDate.fromString((iso or "")[:10], "yyyy-MM-dd")
    return d if d.isValid() else QDate.currentDate()


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def _date_edit(parent) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _small_button(text: str, parent, tip: str = "") -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setAutoRaise(False)
    if tip:
        button.setToolTip(tip)
    button.setMinimumWidth(28)
    return button


def new_issue_from_last_week(store_path: str | Path, parent=None) -> int | None:
    """Copy the latest issue forward a week (the core's copy_forward); returns the new issue's id.

    When the core refuses (e.g. the store holds no issue yet) the reason is shown and None returned.
    """
    from ui.notes_view import current_user
    from workbench.drafting.lifecycle import copy_forward
    from workbench.store import Store

    try:
        with Store(store_path) as store:
            return copy_forward(store, "latest", by=current_user()).id
    except WorkbenchError as exc:
        QMessageBox.warning(parent, QApplication.translate("IssueEditor", "New issue from last week"),
                            exc.message)
        return None


# ====================================================================== panels
class SectionBox(QFrame):
    """A text section: the section title (as the PDF prints it), a hint, buttons and the editor."""

    def __init__(self, title: str, hint: str, editor: QWidget, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.title = QLabel(title, self)
        self.title.setStyleSheet(f"color: {HOUSE_RED}; font-weight: bold;")
        self.hint = QLabel(hint, self)
        self.hint.setStyleSheet("color: #888;")
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.hint)
        head.addStretch(1)
        head.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(editor, 1)

    def add_button(self, button: QWidget) -> None:
        self.buttons.addWidget(button)


class NotesPanel(QWidget):
    """The week's notes beside the text, each insertable into a section in one step."""

    insert_requested = Signal(str, str)  # note text, section key

    def __init__(self, parent=None):
        super().__init__(parent)
        self.notes: list[dict] = []
        self.heading = QLabel(self)
        self.heading.setStyleSheet("color: #555;")
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.section = QComboBox(self)
        self.insert_button = QPushButton(self.tr("Insert into section"), self)
        self.insert_button.setToolTip(self.tr("Add the selected note to the chosen section"))
        for key, text in self.section_names().items():
            self.section.addItem(text, key)
            action = QAction(self.tr("Insert into “%1”").replace("%1", text), self.list)
            action.triggered.connect(lambda checked=False, key=key: self.insert_selected(key))
            self.list.addAction(action)
        self.section.setCurrentIndex(self.section.findData("views"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Section"), self))
        row.addWidget(self.section, 1)
        row.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.insert_button.clicked.connect(lambda: self.insert_selected())
        self.list.itemDoubleClicked.connect(lambda item: self.insert_selected())
        self.list.currentRowChanged.connect(lambda row: self.insert_button.setEnabled(row >= 0))

    def section_names(self) -> dict[str, str]:
        return {"market_review": self.tr("Market review"), "views": self.tr("Industry views"),
                "advice": self.tr("Investment advice"), "risks": self.tr("Risks")}

    def set_notes(self, notes: list[dict], start: str, end: str, names: dict[str, str]) -> None:
        self.notes = list(notes)
        self.list.clear()
        self.heading.setText(self.tr("%1 notes dated %2 – %3").replace("%1", str(len(notes)))
                             .replace("%2", start).replace("%3", end))
        for note in notes:
            companies = "、".join(names.get(t, t) for t in (note.get("tickers") or "").split())
            meta = " · ".join(x for x in (note.get("date", "")[5:], note.get("author") or "", companies,
                                          "、".join(note.get("tags") or [])) if x)
            item = QListWidgetItem(f"{meta}\n{note.get('text') or ''}", self.list)
            item.setToolTip(note.get("text") or "")
            item.setData(Qt.ItemDataRole.UserRole, note.get("id"))
        if notes:
            self.list.setCurrentRow(0)
        else:
            QListWidgetItem(self.tr("No notes in this issue's week."), self.list).setFlags(Qt.ItemFlag.NoItemFlags)
        self.insert_button.setEnabled(bool(notes))

    def insert_selected(self, section: str | None = None) -> bool:
        row = self.list.currentRow()
        if not 0 <= row < len(self.notes):
            return False
        self.insert_requested.emit(self.notes[row].get("text") or "", section or self.section.currentData())
        return True


class PreflightPanel(QWidget):
    """Blockers (red) and warnings (amber) of the current draft; clicking one jumps to the field at fault."""

    run_requested = Signal()
    finding_activated = Signal(str)  # Finding.field

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result = None
        self.run_button = QPushButton(self.tr("Run preflight"), self)
        self.run_button.setIcon(icon("find"))
        self.summary = QLabel(self.tr("Not checked yet"), self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setIconSize(QSize(12, 12))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.run_button)
        head.addWidget(self.summary, 1)
        hint = QLabel(self.tr("Click a finding to go to the field at fault."), self)
        hint.setStyleSheet("color: #888;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        self.run_button.clicked.connect(self.run_requested)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.itemActivated.connect(self._on_list_item_activated)

    def set_result(self, result) -> None:
        self.result = result
        self.list.clear()
        red, amber = dot_icon(ERROR_RED), dot_icon("#f0a500")
        for finding, kind_icon, colour in [(f, red, ERROR_RED) for f in result.blockers] + \
                                          [(f, amber, AMBER) for f in result.warnings]:
            item = QListWidgetItem(kind_icon, f"{finding.message}\n↳ {finding.label}", self.list)
            item.setForeground(QColor(colour))
            item.setData(Qt.ItemDataRole.UserRole, finding.field)
            item.setToolTip(f"{finding.code} · {finding.field}")
        if result.blockers:
            text = self.tr("%1 blockers, %2 warnings: not ready to publish")
            style = f"color: {ERROR_RED}; font-weight: bold;"
        elif result.warnings:
            text = self.tr("No blockers, %2 warnings")
            style = f"color: {AMBER}; font-weight: bold;"
        else:
            text = self.tr("No blockers, no warnings: ready to publish")
            style = "color: #1b7f3b; font-weight: bold;"
        self.summary.setText(text.replace("%1", str(len(result.blockers))).replace("%2", str(len(result.warnings))))
        self.summary.setStyleSheet(style)

    def follow_issue(self, status: str, version: int) -> None:
        """Drop a check made before the issue changed status or version; a final issue says it is final.

        A finding from before 定稿 or a correction no longer describes the issue, so it is not shown
        as if it did.
        """
        state = (status, version)
        if getattr(self, "_state", None) == state:
            return
        first = getattr(self, "_state", None) is None
        self._state = state
        if status == "final":
            text = self.tr("Final v%1: it passed preflight when it was finalised").replace("%1", str(version))
            style = "color: #1b7f3b; font-weight: bold;"
        elif first or self.result is None:
            return
        else:
            text = self.tr("The issue's status changed since the last check: run preflight again")
            style = "color: #888;"
        self.result = None
        self.list.clear()
        self.summary.setText(text)
        self.summary.setStyleSheet(style)

    def item_for_field(self, field: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == field:
                return self.list.item(i)
        return None

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        field = item.data(Qt.ItemDataRole.UserRole)
        if field:
            self.finding_activated.emit(field)


# ====================================================================== structured parts
class ThemesEditor(QWidget):
    """Investment themes: name, rationale and the stocks to watch, picked by name or ticker."""

    changed = Signal()

    def __init__(self, store, companies: list[dict], parent=None):
        super().__init__(parent)
        self.store = store
        self.companies = companies
        self.names = {c["ticker"]: c["name"] for c in companies}
        self._themes: list[Theme] = []
        self._loading = False

        self.list = QListWidget(self)
        self.list.setMinimumWidth(200)
        self.add_button = _small_button("+", self, self.tr("Add a theme"))
        self.remove_button = _small_button("−", self, self.tr("Remove the theme"))
        self.up_button = _small_button("↑", self, self.tr("Move up"))
        self.down_button = _small_button("↓", self, self.tr("Move down"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Theme name, printed in bold, e.g. AI 新消费场景"))
        self.rationale = MarkupTextEdit(self, placeholder=self.tr("One line: why this theme, now"))
        self.rationale.setMaximumHeight(90)
        self.stocks = QListWidget(self)
        self.stocks.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.stocks.setToolTip(self.tr("Drag to reorder; the PDF prints them in this order"))
        self.stock_edit = QLineEdit(self)
        self.stock_edit.setPlaceholderText(self.tr("Add a stock: type a name or ticker, e.g. 恒玄 or 688608"))
        self.completer = make_company_completer(companies, self.stock_edit)
        self.stock_edit.setCompleter(self.completer)
        self.add_stock_button = QPushButton(self.tr("Add"), self)
        self.remove_stock_button = QPushButton(self.tr("Remove"), self)
        self.stock_error = QLabel(self)
        self.stock_error.setStyleSheet(f"color: {ERROR_RED};")

        left_buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            left_buttons.addWidget(b)
        left_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(left_buttons)
        stock_row = QHBoxLayout()
        stock_row.addWidget(self.stock_edit, 1)
        stock_row.addWidget(self.add_stock_button)
        stock_row.addWidget(self.remove_stock_button)
        self.detail = QWidget(self)
        form = QFormLayout(self.detail)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Rationale"), self.rationale)
        form.addRow(self.tr("Stocks to watch"), self.stocks)
        form.addRow("", stock_row)
        form.addRow("", self.stock_error)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.detail, 5)

        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.name.textChanged.connect(self._on_detail_changed)
        self.rationale.textChanged.connect(self._on_detail_changed)
        self.stocks.model().rowsMoved.connect(self._on_detail_changed)
        self.completer.activated.connect(self._on_completer_activated)
        self.stock_edit.returnPressed.connect(self._on_add_stock_clicked)
        self.add_stock_button.clicked.connect(self._on_add_stock_clicked)
        self.remove_stock_button.clicked.connect(self._on_remove_stock_clicked)

    # ------------------------------------------------------------------ data
    def set_themes(self, themes: list[Theme]) -> None:
        self._loading = True
        self._themes = [copy.deepcopy(t) for t in themes]
        self.list.clear()
        for i, t in enumerate(self._themes):
            self.list.addItem(self._list_text(i, t))
        self._loading = False
        self.list.setCurrentRow(0 if self._themes else -1)
        self._show_current()

    def themes(self) -> list[Theme]:
        return [copy.deepcopy(t) for t in self._themes]

    def current(self) -> int:
        return self.list.currentRow()

    def _list_text(self, i: int, t: Theme) -> str:
        name = t.name or self.tr("(unnamed)")
        return f"{i + 1}. {name}  ·  {len(t.tickers)}"

    def _show_current(self) -> None:
        i = self.current()
        self._loading = True
        has = 0 <= i < len(self._themes)
        self.detail.setEnabled(has and not getattr(self, "read_only", False))
        theme = self._themes[i] if has else Theme("")
        self.name.setText(theme.name)
        self.rationale.set_markup(theme.rationale)
        self.stocks.clear()
        for t in theme.tickers:
            item = QListWidgetItem(f"{self.names.get(t, '?')} {t}", self.stocks)
            item.setData(Qt.ItemDataRole.UserRole, t)
        self.stock_error.clear()
        self._loading = False

    def _on_list_current_row_changed(self, row: int) -> None:
        if not self._loading:
            self._show_current()

    def _on_detail_changed(self, *args) -> None:
        i = self.current()
        if self._loading or not 0 <= i < len(self._themes):
            return
        theme = self._themes[i]
        theme.name = self.name.text()
        theme.rationale = self.rationale.markup()
        theme.tickers = [self.stocks.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.stocks.count())]
        self.list.item(i).setText(self._list_text(i, theme))
        self.changed.emit()

    def _on_add_clicked(self) -> None:
        self._themes.append(Theme(self.tr("New theme")))
        self.list.addItem(self._list_text(len(self._themes) - 1, self._themes[-1]))
        self.list.setCurrentRow(len(self._themes) - 1)
        self.name.setFocus()
        self.name.selectAll()
        self.changed.emit()

    def _on_remove_clicked(self) -> None:
        i = self.current()
        if 0 <= i < len(self._themes):
            del self._themes[i]
            self.set_themes(self._themes)
            self.list.setCurrentRow(min(i, len(self._themes) - 1))
            self.changed.emit()

    def _move(self, step: int) -> None:
        i = self.current()
        j = i + step
        if 0 <= i < len(self._themes) and 0 <= j < len(self._themes):
            self._themes[i], self._themes[j] = self._themes[j], self._themes[i]
            self.set_themes(self._themes)
            self.list.setCurrentRow(j)
            self.changed.emit()

    # ------------------------------------------------------------------ stocks
    def add_stock(self, text: str) -> str | None:
        """Add the company ``text`` names (a name, part of one, or a ticker) to the theme; returns its ticker."""
        i = self.current()
        if not 0 <= i < len(self._themes):
            return None
        company = resolve_company(self.store, text, self.companies)
        if company is None:
            self.stock_error.setText(self.tr("No single company matches “%1”.").replace("%1", text.strip()))
            return None
        ticker = company["ticker"]
        self.names[ticker] = company["name"]
        if ticker not in self._themes[i].tickers:
            item = QListWidgetItem(company_label(company), self.stocks)
            item.setData(Qt.ItemDataRole.UserRole, ticker)
            self._on_detail_changed()
        self.stock_error.clear()
        self.stock_edit.clear()
        return ticker

    def _on_completer_activated(self, text: str) -> None:
        self.add_stock(text)
        QTimer.singleShot(0, self.stock_edit.clear)  # the completer writes its text after this signal

    def _on_add_stock_clicked(self) -> None:
        if self.stock_edit.text().strip():
            self.add_stock(self.stock_edit.text())

    def _on_remove_stock_clicked(self) -> None:
        for item in self.stocks.selectedItems() or ([self.stocks.currentItem()] if self.stocks.currentItem() else []):
            self.stocks.takeItem(self.stocks.row(item))
        self._on_detail_changed()

    def focus_part(self, index: int, part: str | None) -> bool:
        if not 0 <= index < len(self._themes):
            return False
        self.list.setCurrentRow(index)
        if part == "rationale":
            self.rationale.setFocus(Qt.FocusReason.OtherFocusReason)
        elif part == "tickers":
            self.stocks.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.stocks.count():
                self.stocks.setCurrentRow(0)
        else:
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.name.selectAll()
        return True


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
        self.add_button = _small_button("+", self, self.tr("Add a row"))
        self.remove_button = _small_button("−", self, self.tr("Remove the row"))
        self.up_button = _small_button("↑", self, self.tr("Move up"))
        self.down_button = _small_button("↓", self, self.tr("Move down"))
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
            date = _date_edit(self.table)
            date.setDate(_qdate(rel.date))
            date.dateChanged.connect(self._emit_changed)
            self.table.setCellWidget(r, 1, date)
        self._loading = False

    def values(self) -> list[RelatedReport]:
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            out.append(RelatedReport(self._text(r, 0), _iso(self.table.cellWidget(r, 1)),
                                     item.data(Qt.ItemDataRole.UserRole) if item else None))
        return out


class FiguresEditor(RowsEditor):
    """The figures: kind, the data drawn (dataset, index or company), series, title, unit and source line."""

    KIND, DATA, SERIES, TITLE, UNIT, SOURCE = range(6)
    PARTS = {"title": TITLE, "unit": UNIT, "source": SOURCE}

    def __init__(self, store, companies: list[dict], parent=None):
        super().__init__([self.tr("Kind"), self.tr("Data"), self.tr("Series"), self.tr("Title"), self.tr("Unit"),
                          self.tr("Source line")], parent)
        self.store = store
        self.companies = companies
        self.datasets = store.datasets()
        self.index_names = [i["name"] for i in store.indices()]
        self._params: list[dict] = []
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for col, width in ((self.KIND, 120), (self.DATA, 210), (self.SERIES, 90), (self.UNIT, 64)):
            header.resizeSection(col, width)
        for col in (self.TITLE, self.SOURCE):  # the long texts share the rest
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

    def kind_names(self) -> dict[str, str]:
        return {"dataset_bars": self.tr("Bars of a dataset"), "relative_performance": self.tr("Index vs benchmark"),
                "company_bars": self.tr("Company bars")}

    def new_value(self) -> Figure:
        return Figure("dataset_bars", "", dataset=self.datasets[0] if self.datasets else None)

    def set_values(self, figures: list[Figure]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        self._params = [dict(f.params) for f in figures]
        for r, f in enumerate(figures):
            self.table.insertRow(r)
            kind = QComboBox(self.table)
            for key, text in self.kind_names().items():
                kind.addItem(text, key)
            if kind.findData(f.kind) < 0:
                kind.addItem(f.kind, f.kind)
            kind.setCurrentIndex(kind.findData(f.kind))
            self.table.setCellWidget(r, self.KIND, kind)
            data = QComboBox(self.table)
            data.setEditable(f.kind == "company_bars")
            self.table.setCellWidget(r, self.DATA, data)
            series = QComboBox(self.table)
            series.setEditable(True)
            self.table.setCellWidget(r, self.SERIES, series)
            self._fill_data(r, f)
            for col, text in ((self.TITLE, f.title), (self.UNIT, f.unit), (self.SOURCE, f.source)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
            kind.currentIndexChanged.connect(lambda i, kind=kind: self._on_kind_changed(kind))
            data.currentIndexChanged.connect(lambda i, data=data: self._on_data_changed(data))
            data.editTextChanged.connect(self._emit_changed)
            series.currentTextChanged.connect(self._emit_changed)
        self._loading = False

    def _dataset_title(self, name: str) -> str:
        """A dataset as the analyst knows it (its title), not its file-like name."""
        try:
            return self.store.dataset(name).get("title") or name
        except WorkbenchError:
            return name

    def _row_of(self, widget: QWidget) -> int:
        for r in range(self.table.rowCount()):
            for c in (self.KIND, self.DATA, self.SERIES):
                if self.table.cellWidget(r, c) is widget:
                    return r
        return -1

    def _fill_data(self, row: int, f: Figure) -> None:
        data: QComboBox = self.table.cellWidget(row, self.DATA)
        series: QComboBox = self.table.cellWidget(row, self.SERIES)
        data.blockSignals(True)
        series.blockSignals(True)
        data.clear()
        if f.kind == "dataset_bars":
            for name in self.datasets:
                data.addItem(self._dataset_title(name), name)
                data.setItemData(data.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
            current = f.dataset
        elif f.kind == "relative_performance":
            for name in self.index_names:
                data.addItem(name, name)
            current = f.params.get("index")
        else:
            for c in self.companies:
                data.addItem(company_label(c), c["ticker"])
            current = f.params.get("ticker")
        if current and data.findData(current) < 0:
            data.addItem(str(current), current)
        data.setCurrentIndex(max(0, data.findData(current)) if current else -1)
        self._fill_series(row, f.series)
        series.setEnabled(f.kind == "dataset_bars")
        data.blockSignals(False)
        series.blockSignals(False)

    def _fill_series(self, row: int, current: str | None) -> None:
        data: QComboBox = self.table.cellWidget(row, self.DATA)
        series: QComboBox = self.table.cellWidget(row, self.SERIES)
        kind = self.table.cellWidget(row, self.KIND).currentData()
        series.blockSignals(True)
        series.clear()
        series.addItem(self.tr("(all)"), None)
        if kind == "dataset_bars" and data.currentData():
            try:
                for name in self.store.dataset(data.currentData())["series"]:
                    series.addItem(name, name)
            except WorkbenchError:
                pass
        i = series.findData(current) if current else 0
        if current and i < 0:
            series.addItem(current, current)
            i = series.count() - 1
        series.setCurrentIndex(max(i, 0))
        series.blockSignals(False)

    def _on_kind_changed(self, kind: QComboBox) -> None:
        row = self._row_of(kind)
        if row < 0 or self._loading:
            return
        f = self.values()[row]
        self.table.cellWidget(row, self.DATA).setEditable(f.kind == "company_bars")
        self._fill_data(row, Figure(f.kind, f.title, f.unit, f.source))
        self.changed.emit()

    def _on_data_changed(self, data: QComboBox) -> None:
        row = self._row_of(data)
        if row < 0 or self._loading:
            return
        self._fill_series(row, None)
        self.changed.emit()

    def values(self) -> list[Figure]:
        out = []
        for r in range(self.table.rowCount()):
            kind = self.table.cellWidget(r, self.KIND).currentData()
            data: QComboBox = self.table.cellWidget(r, self.DATA)
            series = self.table.cellWidget(r, self.SERIES)
            params = dict(self._params[r]) if r < len(self._params) else {}
            value = data.currentData()
            if kind == "company_bars" and (value is None or data.currentText() != data.itemText(data.currentIndex())):
                company = resolve_company(self.store, data.currentText(), self.companies)
                value = company["ticker"] if company else data.currentText().strip()
            f = Figure(kind, self._text(r, self.TITLE), self._text(r, self.UNIT), self._text(r, self.SOURCE),
                       params=params)
            if kind == "dataset_bars":
                f.dataset = value
                f.series = series.currentData() if series.currentIndex() > 0 else None
            elif kind == "relative_performance":
                params["index"] = value or ""
            elif kind == "company_bars":
                params["ticker"] = value or ""
            out.append(f)
        return out

    def update_enabled(self) -> None:
        """Only bars of a dataset have a series to choose."""
        for r in range(self.table.rowCount()):
            kind = self.table.cellWidget(r, self.KIND).currentData()
            self.table.cellWidget(r, self.SERIES).setEnabled(kind == "dataset_bars")

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._params) and 0 <= row + step < len(self._params):
            super()._move(step)


class TableSpecEditor(QWidget):
    """The comparison table: title, as-of date, source line and the segments it shows."""

    changed = Signal()

    def __init__(self, segments: list[str], parent=None):
        super().__init__(parent)
        self.all_segments = segments
        self._spec = None
        self._loading = False
        self.title = QLineEdit(self)
        self.has_as_of = QCheckBox(self.tr("Data as of"), self)
        self.as_of = _date_edit(self)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("资料来源：Wind，iFinD 一致预期，…")
        self.segments = QListWidget(self)
        self.segments.setFlow(QListWidget.Flow.LeftToRight)
        self.segments.setWrapping(True)
        self.segments.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.segments.setSpacing(3)
        self.segments.setMaximumHeight(96)
        self.segments.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # the table's segment order
        self.segments.setToolTip(self.tr("Tick the segments the table shows; drag them into the order it prints"))
        self.all_button = QPushButton(self.tr("All"), self)
        self.none_button = QPushButton(self.tr("None"), self)
        self.columns = QLabel(self)
        self.columns.setWordWrap(True)
        self.columns.setStyleSheet("color: #555;")
        as_of_row = QHBoxLayout()
        as_of_row.addWidget(self.has_as_of)
        as_of_row.addWidget(self.as_of)
        as_of_row.addStretch(1)
        seg_buttons = QHBoxLayout()
        seg_buttons.addWidget(self.all_button)
        seg_buttons.addWidget(self.none_button)
        seg_buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title)
        form.addRow("", as_of_row)
        form.addRow(self.tr("Source line"), self.source)
        form.addRow(self.tr("Segments"), self.segments)
        form.addRow("", seg_buttons)
        form.addRow(self.tr("Columns"), self.columns)
        for signal in (self.title.textChanged, self.source.textChanged, self.as_of.dateChanged,
                       self.has_as_of.toggled, self.segments.itemChanged, self.segments.model().rowsMoved):
            signal.connect(self._emit_changed)
        self.has_as_of.toggled.connect(self.as_of.setEnabled)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))

    def _emit_changed(self, *args) -> None:
        if not self._loading:
            self.changed.emit()

    def _check_all(self, on: bool) -> None:
        self._loading = True
        for i in range(self.segments.count()):
            self.segments.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._loading = False
        self.changed.emit()

    def set_spec(self, spec) -> None:
        self._loading = True
        self._spec = copy.deepcopy(spec)
        self.title.setText(spec.title)
        self.has_as_of.setChecked(bool(spec.as_of))
        self.as_of.setEnabled(bool(spec.as_of))
        self.as_of.setDate(_qdate(spec.as_of))
        self.source.setText(spec.source)
        self.segments.clear()
        chosen = spec.segments if spec.segments is not None else self.all_segments
        names = list(dict.fromkeys([*chosen, *self.all_segments]))  # the printed order first
        for name in names:
            item = QListWidgetItem(name, self.segments)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        groups = list(dict.fromkeys(c.group for c in spec.columns if c.group))
        labels = "、".join(c.label or f"{c.metric} {c.period}" for c in spec.columns)
        self.columns.setText(self.tr("%1 columns under %2: %3").replace("%1", str(len(spec.columns)))
                             .replace("%2", " / ".join(groups) or "—").replace("%3", labels or "—"))
        self._loading = False

    def spec(self):
        spec = copy.deepcopy(self._spec)
        spec.title = self.title.text().strip()
        spec.as_of = _iso(self.as_of) if self.has_as_of.isChecked() else None
        spec.source = self.source.text().strip()
        chosen = [self.segments.item(i).text() for i in range(self.segments.count())
                  if self.segments.item(i).checkState() == Qt.CheckState.Checked]
        # every segment in store order is what None means: keep None so new segments join automatically
        spec.segments = None if self._spec.segments is None and chosen == list(self.all_segments) else chosen
        return spec


# ====================================================================== the editor
class IssueEditor(QWidget):
    """Edit one weekly issue; embeddable in a tab or shown as a window.

    ``confirm(parent, title, text) -> bool`` and ``ask_text(parent, title, label) -> str | None`` are
    injectable (tests); ``autosave_ms`` is the delay between a change and its autosave; ``user`` is
    recorded with status changes (default: the settings' user name, else the OS user).
    ``ask_save(parent, title, text) -> "save" | "discard" | "cancel"`` is asked on closing with
    unsaved changes; ``ask_restore(parent, title, text) -> bool`` offers an autosave (default: the
    injected ``confirm``, else a box whose default button restores).
    """

    modified = Signal(bool)
    saved = Signal(int)
    autosaved = Signal()
    status_changed = Signal(str)  # the new status, after a lifecycle step succeeded
    lifecycle_failed = Signal(str)  # why a lifecycle step (review, final, correction) was refused
    title_changed = Signal(str)  # for the tab or window title
    exported = Signal(object)  # the ExportResult, or the exception that stopped the export
    table_exported = Signal(object)  # the comparison table workbook's Path, or the exception
    message = Signal(str)  # a line for the status bar

    def __init__(self, store_path: str | Path, issue_id: int | str, parent=None, *, confirm=None, ask_text=None,
                 autosave_ms: int = DEFAULT_AUTOSAVE_MS, user: str | None = None,
                 settings: QSettings | None = None, ask_save=None, ask_restore=None, ask_overwrite=None):
        super().__init__(parent)
        from workbench.store import Store

        self.store_path = Path(store_path)
        self.store = Store(self.store_path)
        self.confirm = confirm or ask_confirm
        self.ask_text = ask_text or ask_line
        self.ask_save = ask_save  # None: the module's ask_save_changes, looked up when asked
        self.ask_restore = ask_restore or confirm  # None: the module's ask_restore_autosave
        self.ask_overwrite = ask_overwrite  # None: the module's ask_overwrite_changes
        self.user = user or current_user(settings)
        self.settings = settings
        self.issue: Issue = self.store.issue(issue_id)
        self.companies = self.store.companies()
        self.names = {c["ticker"]: c["name"] for c in self.companies}
        self.read_only = False
        self.desk_read_only = False  # someone else holds the draft's lease on the desk (ui/desk/lease.py)
        self.restored_autosave = False
        self._loading = False
        self._dirty = False
        self._autosave_pending = False
        self._task = None
        self._focus_text_edit: MarkupTextEdit | None = None

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave_now)

        self._build_actions()
        self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # each page scrolls, so a 1280x720 laptop reaches every field (ui/geometry.py)
        for page, title in ((self._build_meta_page(), self.tr("Issue")), (self._build_text_page(), self.tr("Text")),
                            (self._build_themes_page(), self.tr("Themes")),
                            (self._build_figures_page(), self.tr("Figures and table")),
                            (self._build_related_page(), self.tr("Related reports")),
                            (self._build_house_page(), self.tr("House texts"))):
            self.tabs.addTab(scroll_page(page, self.tabs), title)
        self._build_side()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([880, 480])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)

        self._connect_changes()
        for key in ("Ctrl+W", "Esc"):  # close, through the Save / Discard / Cancel prompt
            QShortcut(QKeySequence(key), self, self.close, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)
        self.load(self.issue)
        self._offer_autosave()

    # ------------------------------------------------------------------ construction
    def _build_actions(self) -> None:
        style = self.style()
        sp = QStyle.StandardPixmap

        def action(text: str, slot, tip: str, std=None, name: str | None = None, key: str = "") -> QAction:
            a = QAction(text, self)
            if key:  # every command has a shortcut, named in its tooltip
                a.setShortcuts([QKeySequence(key)])
                shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                tip = tip if shown in tip else f"{tip} ({shown})"
            a.setToolTip(tip)
            a.setStatusTip(tip)
            if name:
                a.setIcon(icon(name))
            elif std is not None:
                a.setIcon(style.standardIcon(std))
            a.triggered.connect(lambda checked=False: slot())
            return a

        self.save_action = action(self.tr("Save"), self.save, self.tr("Save the issue (Ctrl+S)"),
                                  sp.SP_DialogSaveButton, key="Ctrl+S")
        self.submit_action = action(self.tr("Submit for review"), self.submit_for_review,
                                    self.tr("Save and hand the issue to review"), sp.SP_ArrowForward,
                                    key="Ctrl+Shift+R")
        self.back_action = action(self.tr("Back to draft"), self.back_to_draft,
                                  self.tr("Return the issue to its authors"), sp.SP_ArrowBack, key="Ctrl+Shift+D")
        self.finalise_action = action(self.tr("Finalise…"), self.finalise,
                                      self.tr("Freeze the issue: its text, numbers and PDF become the published "
                                              "record"), sp.SP_DialogApplyButton, key="Ctrl+Shift+F")
        self.correction_action = action(self.tr("Correction…"), self.correction,
                                        self.tr("Reopen a final issue as a new version, giving a reason"),
                                        sp.SP_BrowserReload, key="Ctrl+Shift+K")
        self.preflight_action = action(self.tr("Preflight"), self.run_preflight,
                                       self.tr("Check the issue against the publishing rules"), name="find", key="F7")
        self.export_action = action(self.tr("Export PDF…"), lambda: self.export_pdf(),
                                    self.tr("Write the issue's PDF"), name="export-pdf", key="Ctrl+Shift+E")
        self.export_table_action = action(self.tr("Export Table to Excel…"), lambda: self.export_table_xlsx(),
                                          self.tr("Write the issue's comparison table as an Excel workbook, "
                                                  "as printed"), key="Ctrl+Shift+X")
        self.toolbar = QToolBar(self)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.save_action, None, self.submit_action, self.back_action, self.finalise_action,
                  self.correction_action, None, self.preflight_action, self.export_action,
                  self.export_table_action):
            self.toolbar.addSeparator() if a is None else self.toolbar.addAction(a)

    def _build_header(self) -> None:
        self.status_chip = QLabel(self)
        self.status_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_chip.setMinimumWidth(64)
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setStyleSheet(f"color: {HOUSE_RED};")
        self.subtitle_label = QLabel(self)
        self.subtitle_label.setStyleSheet("color: #666;")
        for label in (self.title_label, self.subtitle_label):  # a long headline never widens the window
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(80)
        self.autosave_label = QLabel(self)
        self.autosave_label.setStyleSheet("color: #888;")
        self.header = QHBoxLayout()
        self.header.setContentsMargins(2, 2, 2, 2)
        self.header.addWidget(self.status_chip)
        self.header.addSpacing(6)
        self.header.addWidget(self.title_label)
        self.header.addSpacing(8)
        self.header.addWidget(self.subtitle_label)
        self.header.addStretch(1)
        self.header.addWidget(self.autosave_label)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("background: #eef6ee; border: 1px solid #9cc79c; color: #1b5e20;"
                                  "padding: 6px 10px; border-radius: 3px;")
        self.banner.hide()
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(f"background: #fdecea; border: 1px solid #f2b8b5; color: {ERROR_RED};"
                                       "padding: 6px 10px; border-radius: 3px;")
        self.error_label.hide()

    def _build_meta_page(self) -> QWidget:
        page = QWidget(self)
        self.headline = QLineEdit(self)
        self.headline.setPlaceholderText("周观点：…")
        self.series = QComboBox(self)
        self.series.setEditable(True)
        self.series.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for s in self.store.house().get("series") or []:
            self.series.addItem(s)
        self.industry = QLineEdit(self)
        self.rating = QComboBox(self)
        self.rating.addItems(INDUSTRY_RATINGS)
        self.rating_action = QComboBox(self)
        self.rating_action.addItems(RATING_ACTIONS)
        self.period_start = _date_edit(self)
        self.period_end = _date_edit(self)
        self.publish_date = _date_edit(self)
        self.analysts = QListWidget(self)
        self.analysts.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.analysts.setToolTip(self.tr("Tick the signing analysts; drag to set the order they print in"))
        self.review_indices = QListWidget(self)
        self.review_indices.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.review_indices.setToolTip(self.tr("Indices quoted in the market review, in this order"))
        self.sector_index = QComboBox(self)
        self.cover_index = QComboBox(self)
        names = [i["name"] for i in self.store.indices()]
        for combo in (self.sector_index, self.cover_index):
            combo.addItem(self.tr("(none)"), "")
            for n in names:
                combo.addItem(n, n)

        rating_row = QHBoxLayout()
        rating_row.addWidget(self.rating)
        rating_row.addWidget(QLabel(self.tr("Action"), self))
        rating_row.addWidget(self.rating_action)
        rating_row.addStretch(1)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_start)
        period_row.addWidget(QLabel("–", self))
        period_row.addWidget(self.period_end)
        period_row.addStretch(1)

        main = QGroupBox(self.tr("Cover"), page)
        form = QFormLayout(main)
        form.addRow(self.tr("Headline"), self.headline)
        form.addRow(self.tr("Series"), self.series)
        form.addRow(self.tr("Period"), period_row)
        form.addRow(self.tr("Publication date"), self.publish_date)
        form.addRow(self.tr("Industry"), self.industry)
        form.addRow(self.tr("Industry rating"), rating_row)
        people = QGroupBox(self.tr("Signing analysts"), page)
        pl = QVBoxLayout(people)
        pl.addWidget(self.analysts)
        market = QGroupBox(self.tr("Market review and cover chart"), page)
        mform = QFormLayout(market)
        mform.addRow(self.tr("Indices reviewed"), self.review_indices)
        mform.addRow(self.tr("Sector index"), self.sector_index)
        mform.addRow(self.tr("Cover chart index"), self.cover_index)
        self.history = QTreeWidget(page)
        self.history.setHeaderLabels([self.tr("When"), self.tr("By"), self.tr("Status"), self.tr("Version"),
                                      self.tr("Reason")])
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setToolTip(self.tr("Every status change of this issue: who, when and why"))
        for col, width in enumerate((140, 90, 150, 50)):
            self.history.header().resizeSection(col, width)
        self.history.header().setStretchLastSection(True)
        history = QGroupBox(self.tr("Status history"), page)
        hl = QVBoxLayout(history)
        hl.addWidget(self.history)
        grid = QGridLayout(page)
        grid.addWidget(main, 0, 0, 1, 2)
        grid.addWidget(people, 1, 0)
        grid.addWidget(market, 1, 1)
        grid.addWidget(history, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)  # spare height stays below the form, not inside half-empty lists
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return page

    def _fit_lists(self) -> None:
        """The index list and the history as tall as their rows; the analyst list matches the index box."""
        row = max(self.review_indices.sizeHintForRow(0), self.review_indices.fontMetrics().height() + 4)
        rows = max(4, min(10, self.review_indices.count()))
        self.review_indices.setFixedHeight(rows * row + 2 * self.review_indices.frameWidth() + 6)
        header = self.history.header().sizeHint().height()
        self.history.setFixedHeight(header + 5 * (self.history.fontMetrics().height() + 8)
                                    + 2 * self.history.frameWidth())

    def _fill_history(self) -> None:
        """The issue's status log, newest last (the core records each step with who, when and why)."""
        from ui.models import IssueListModel

        self.history.clear()
        for entry in self.store.issue_log(self.issue.id):
            before = entry.get("from_status")
            after = IssueListModel.status_text(entry["to_status"])
            change = f"{IssueListModel.status_text(before)} → {after}" if before else \
                self.tr("Created as %1").replace("%1", after)
            by = entry.get("by") or ""
            reason = entry.get("reason") or ""
            when = (entry.get("at") or "")[:16].replace("T", " ")
            item = QTreeWidgetItem(self.history, [when, by, change, f"v{entry.get('version', '')}", reason])
            item.setToolTip(4, reason)
        if not self.history.topLevelItemCount():
            item = QTreeWidgetItem(self.history, ["", "", self.tr("No status change recorded yet"), "", ""])
            item.setForeground(2, QColor("#888888"))

    def _build_text_page(self) -> QWidget:
        page = QWidget(self)
        self.market_review_edit = MarkupTextEdit(
            page, placeholder=self.tr("Write the review, or press Draft market review"))
        self.views_edit = MarkupTextEdit(page, bullets=True, placeholder=self.tr("One bullet per paragraph"))
        self.advice_edit = MarkupTextEdit(page, placeholder=self.tr("The thesis sentence before the themes"))
        self.risks_edit = MarkupTextEdit(page, bullets=True, placeholder=self.tr("One risk per line"))
        self.section_edits = {"market_review": self.market_review_edit, "views": self.views_edit,
                              "advice": self.advice_edit, "risks": self.risks_edit}
        self.draft_review_button = QPushButton(self.tr("Draft market review"), page)
        self.draft_review_button.setToolTip(self.tr("Write the review from the week's index quotes"))
        self.draft_review_button.clicked.connect(self.draft_market_review)
        self.bold_button = QToolButton(page)
        self.bold_button.setText("B")
        bold_font = self.bold_button.font()
        bold_font.setBold(True)
        self.bold_button.setFont(bold_font)
        self.bold_button.setCheckable(True)
        self.bold_button.setToolTip(self.tr("Bold (Ctrl+B)"))
        self.bold_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bold_button.clicked.connect(self._on_bold_button_clicked)
        hint = QLabel(self.tr("The PDF prints paragraphs, bullets and bold only. Ctrl+B bold · Shift+Enter a line "
                              "break inside a bullet · pasted text loses its formatting."), page)
        hint.setStyleSheet("color: #888;")
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.bold_button)
        top.addWidget(hint, 1)
        boxes = [
            SectionBox(self.tr("Market review"), self.tr("the week's index closes and changes"),
                       self.market_review_edit, page),
            SectionBox(self.tr("Industry views"), self.tr("one bullet per paragraph"), self.views_edit, page),
            SectionBox(self.tr("Investment advice"), self.tr("the thesis; the numbered themes follow (see Themes)"),
                       self.advice_edit, page),
            SectionBox(self.tr("Risks"), self.tr("one risk per line"), self.risks_edit, page),
        ]
        boxes[0].add_button(self.draft_review_button)
        self.review_note = QLabel(boxes[0])
        self.review_note.setWordWrap(True)
        self.review_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_note.setStyleSheet(f"background: #fff4dc; border: 1px solid #f0c36d; color: {AMBER};"
                                       "padding: 3px 8px; border-radius: 3px;")
        self.review_note.hide()
        boxes[0].layout().insertWidget(1, self.review_note)
        self.text_splitter = QSplitter(Qt.Orientation.Vertical, page)
        for box in boxes:
            self.text_splitter.addWidget(box)
        self.text_splitter.setSizes([120, 330, 100, 120])
        self.text_splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.text_splitter, 1)
        for edit in self.section_edits.values():
            edit.cursorPositionChanged.connect(self._update_bold_button)
        return page

    def _build_themes_page(self) -> QWidget:
        self.themes_editor = ThemesEditor(self.store, self.companies, self)
        page = QWidget(self)
        hint = QLabel(self.tr("Printed under Investment advice as numbered themes: bold name, rationale, "
                              "stocks in 【】."), page)
        hint.setStyleSheet("color: #888;")
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.themes_editor, 1)
        return page

    def _build_figures_page(self) -> QWidget:
        page = QWidget(self)
        self.figures_editor = FiguresEditor(self.store, self.companies, page)
        self.table_editor = TableSpecEditor(self.store.segments(), page)
        figures = QGroupBox(self.tr("Figures"), page)
        fl = QVBoxLayout(figures)
        fl.addWidget(self.figures_editor)
        table = QGroupBox(self.tr("Comparison table"), page)
        tl = QVBoxLayout(table)
        tl.addWidget(self.table_editor)
        layout = QVBoxLayout(page)
        layout.addWidget(figures, 1)
        layout.addWidget(table, 1)
        return page

    def _build_related_page(self) -> QWidget:
        page = QWidget(self)
        self.related_editor = RelatedEditor(page)
        hint = QLabel(self.tr("Earlier reports listed on page 1 (at most three print); copying an issue forward "
                              "puts last week's issue first."), page)
        hint.setStyleSheet("color: #888;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.related_editor, 1)
        return page

    def _build_house_page(self) -> QWidget:
        page = QWidget(self)
        self.house_view = QTextBrowser(page)
        self.house_view.document().setDocumentMargin(12)
        self.house_button = QPushButton(self.tr("Edit house profile…"), page)
        self.house_button.clicked.connect(self.edit_house)
        hint = QLabel(self.tr("The same on every issue; edited in the house profile."), page)
        hint.setStyleSheet("color: #888;")
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.house_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.house_view, 1)
        self._show_house()
        return page

    def _build_side(self) -> None:
        from ui.preview import PreviewPane

        self.notes_panel = NotesPanel(self)
        self.notes_panel.insert_requested.connect(self.insert_note)
        self.preflight_panel = PreflightPanel(self)
        self.preflight_panel.run_requested.connect(self.run_preflight)
        self.preflight_panel.finding_activated.connect(self.jump_to_field)
        self.preview = PreviewPane(self.store_path, self.current_issue, self, history=self._fact_history)
        self.side = QTabWidget(self)
        self.side.setDocumentMode(True)
        self.side.addTab(self.notes_panel, self.tr("This week's notes"))
        self.side.addTab(self.preflight_panel, self.tr("Preflight"))
        self.side.addTab(self.preview, self.tr("Preview"))

    def _connect_changes(self) -> None:
        for w in (self.headline, self.industry):
            w.textChanged.connect(self._on_changed)
        self.series.editTextChanged.connect(self._on_changed)
        for w in (self.rating, self.rating_action, self.sector_index, self.cover_index):
            w.currentIndexChanged.connect(self._on_changed)
        for w in (self.period_start, self.period_end, self.publish_date):
            w.dateChanged.connect(self._on_changed)
        self.period_start.dateChanged.connect(self._on_period_changed)
        self.period_end.dateChanged.connect(self._on_period_changed)
        for w in (self.analysts, self.review_indices):
            w.itemChanged.connect(self._on_changed)
            w.model().rowsMoved.connect(self._on_changed)
        for edit in self.section_edits.values():
            edit.textChanged.connect(self._on_changed)
        for part in (self.themes_editor, self.figures_editor, self.related_editor, self.table_editor):
            part.changed.connect(self._on_changed)
        self.headline.textChanged.connect(self._update_title)

    # ------------------------------------------------------------------ issue in and out
    def load(self, issue: Issue) -> None:
        """Show ``issue`` in every field (no change is recorded)."""
        self._loading = True
        try:
            self.issue = issue
            self.headline.setText(issue.headline)
            if self.series.findText(issue.series) < 0:
                self.series.addItem(issue.series)
            self.series.setCurrentText(issue.series)
            self.industry.setText(issue.industry)
            self._set_combo_text(self.rating, issue.rating)
            self._set_combo_text(self.rating_action, issue.rating_action)
            self.period_start.setDate(_qdate(issue.period_start))
            self.period_end.setDate(_qdate(issue.period_end))
            self.publish_date.setDate(_qdate(issue.publish_date))
            self._fill_analysts(issue.analysts)
            self._fill_indices(issue.review_indices)
            self._fit_lists()
            for combo, value in ((self.sector_index, issue.sector_index), (self.cover_index, issue.cover_index)):
                if value and combo.findData(value) < 0:
                    combo.addItem(value, value)
                combo.setCurrentIndex(max(0, combo.findData(value or "")))
            self.market_review_edit.set_markup(issue.market_review)
            self.views_edit.set_items(issue.views)
            self.advice_edit.set_markup(issue.advice)
            self.risks_edit.set_items(issue.risks)
            self.themes_editor.set_themes(issue.themes)
            self.figures_editor.set_values(issue.figures)
            self.related_editor.set_values(issue.related)
            self.table_editor.set_spec(issue.table)
        finally:
            self._loading = False
        self._refresh_notes()
        self._update_status_ui()
        self._update_title()
        if self.preview.images:  # reloaded (a status change, a correction): the pages shown may be old
            self.preview.mark_stale()

    @staticmethod
    def _set_combo_text(combo: QComboBox, text: str) -> None:
        if combo.findText(text) < 0:
            combo.addItem(text)
        combo.setCurrentIndex(combo.findText(text))

    def _fill_analysts(self, chosen: list[int]) -> None:
        self.analysts.clear()
        rows = {a["id"]: a for a in self.store.analysts()}
        order = [a for a in chosen if a in rows] + [a for a in rows if a not in chosen]
        for analyst_id in order:
            a = rows[analyst_id]
            item = QListWidgetItem(f"{a['name']}    {a['sac_no']}", self.analysts)
            item.setData(Qt.ItemDataRole.UserRole, analyst_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if analyst_id in chosen else Qt.CheckState.Unchecked)
        for missing in (a for a in chosen if a not in rows):  # preflight names it; keep it visible
            item = QListWidgetItem(self.tr("Analyst #%1 (not in the store)").replace("%1", str(missing)),
                                   self.analysts)
            item.setData(Qt.ItemDataRole.UserRole, missing)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)

    def _fill_indices(self, chosen: list[str]) -> None:
        self.review_indices.clear()
        names = [i["name"] for i in self.store.indices()]
        for name in [n for n in chosen] + [n for n in names if n not in chosen]:
            item = QListWidgetItem(name, self.review_indices)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)

    @staticmethod
    def _checked(widget: QListWidget, role=Qt.ItemDataRole.UserRole) -> list:
        out = []
        for i in range(widget.count()):
            item = widget.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                value = item.data(role)
                out.append(item.text() if value is None else value)
        return out

    def current_issue(self) -> Issue:
        """The issue as the fields show it now (not saved); id, status and version are the stored ones."""
        issue = copy.deepcopy(self.issue)
        issue.headline = self.headline.text().strip()
        issue.series = self.series.currentText().strip()
        issue.industry = self.industry.text().strip()
        issue.rating = self.rating.currentText()
        issue.rating_action = self.rating_action.currentText()
        issue.period_start = _iso(self.period_start)
        issue.period_end = _iso(self.period_end)
        issue.publish_date = _iso(self.publish_date)
        issue.analysts = [int(a) for a in self._checked(self.analysts)]
        issue.review_indices = [self.review_indices.item(i).text() for i in range(self.review_indices.count())
                                if self.review_indices.item(i).checkState() == Qt.CheckState.Checked]
        issue.sector_index = self.sector_index.currentData() or ""
        issue.cover_index = self.cover_index.currentData() or ""
        issue.market_review = self.market_review_edit.markup()
        issue.views = self.views_edit.items()
        issue.advice = self.advice_edit.markup()
        issue.risks = self.risks_edit.items()
        issue.themes = self.themes_editor.themes()
        issue.figures = self.figures_editor.values()
        issue.related = self.related_editor.values()
        issue.table = self.table_editor.spec()
        return issue

    @property
    def issue_id(self) -> int:
        return self.issue.id

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    # ------------------------------------------------------------------ changes and autosave
    def _on_changed(self, *args) -> None:
        if self._loading or self.read_only:
            return
        self.error_label.hide()
        self._autosave_pending = True
        self.preview.mark_stale()  # re-rendered after a pause in typing
        if not self._dirty:
            self._dirty = True
            self.modified.emit(True)
            self._update_title()
        if not self.autosave_timer.isActive():
            self.autosave_timer.start()

    def autosave_now(self) -> bool:
        """Write the current fields to the store's autosave slot (not the issue itself)."""
        self.autosave_timer.stop()
        if not self._autosave_pending or self.read_only:
            return False
        try:
            self.store.autosave(self.current_issue())
        except WorkbenchError as exc:
            self.autosave_label.setText(exc.message)
            return False
        self._autosave_pending = False
        self.autosave_label.setText(self.tr("Autosaved %1").replace("%1", datetime.now().strftime("%H:%M:%S")))
        self.autosaved.emit()
        return True

    def _offer_autosave(self) -> None:
        """An autosave newer than the stored issue (the editor was not saved, or the app crashed): offer it."""
        saved = self.store.autosaved(self.issue.id)
        if saved is None:
            return
        if self.issue.status == "final" or saved.content_json() == self.issue.content_json() and \
                all(getattr(saved, k) == getattr(self.issue, k) for k in
                    ("headline", "series", "period_start", "period_end", "publish_date", "industry", "rating",
                     "rating_action", "analysts")):
            self.store.discard_autosave(self.issue.id)
            return
        newer = _parse_time(saved.updated_at)
        stored = _parse_time(self.issue.updated_at)
        if newer is not None and stored is not None and newer < stored:
            self.store.discard_autosave(self.issue.id)
            return
        when = (saved.updated_at or "")[:19].replace("T", " ")
        ask = self.ask_restore or ask_restore_autosave
        if ask(self, self.tr("Restore unsaved changes?"),
               self.tr("Issue #%1 has changes autosaved at %2 that were never saved. Restore them?")
               .replace("%1", str(self.issue.id)).replace("%2", when)):
            saved.id, saved.status, saved.version = self.issue.id, self.issue.status, self.issue.version
            saved.updated_at = self.issue.updated_at
            base = self.issue
            self.load(saved)
            self.issue = base  # the stored issue stays the base; the fields hold the restored text
            self.restored_autosave = True
            self._dirty = True
            self.modified.emit(True)
            self._update_title()
            self.autosave_label.setText(self.tr("Restored the autosave of %1 — not saved yet").replace("%1", when))
        else:
            self.store.discard_autosave(self.issue.id)

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Validate and save the fields as the issue (the autosave is then cleared); errors show inline."""
        from workbench.drafting.lifecycle import update_issue

        if self.read_only:
            return False
        issue = self.current_issue()
        try:
            validate_issue(issue)
            if not self._may_overwrite():
                self.show_error(self.tr("Not saved: issue #%1 was saved elsewhere since you opened it. Your changes "
                                        "are still here.").replace("%1", str(issue.id)))
                return False
            update_issue(self.store, issue)
        except WorkbenchError as exc:
            self.show_error(exc.message)
            return False
        self.autosave_timer.stop()
        self.store.discard_autosave(issue.id)
        self._autosave_pending = False
        self.issue = self.store.issue(issue.id)
        self.error_label.hide()
        if self._dirty:
            self._dirty = False
            self.modified.emit(False)
        when = datetime.now().strftime("%H:%M:%S")
        self.autosave_label.setText(self.tr("Saved %1").replace("%1", when))
        self._update_title()
        self.message.emit(self.tr("Issue #%1 saved").replace("%1", str(issue.id)))
        self.saved.emit(issue.id)
        return True

    def _may_overwrite(self) -> bool:
        """True unless the issue was saved elsewhere (another window, another workstation) since this
        editor loaded it and the user does not want to overwrite that version."""
        stored = self.store.issue(self.issue.id)
        if stored.updated_at == self.issue.updated_at:
            return True
        ask = self.ask_overwrite or ask_overwrite_changes
        when = (stored.updated_at or "")[:19].replace("T", " ")
        return ask(self, self.tr("Issue #%1").replace("%1", str(self.issue.id)),
                   self.tr("Issue #%1 was saved elsewhere at %2, after you opened it. Overwrite that version with "
                           "yours? Cancel keeps your changes here without saving.")
                   .replace("%1", str(self.issue.id)).replace("%2", when))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def reload(self) -> None:
        """Read the issue again from the store (unsaved changes are dropped)."""
        self.autosave_timer.stop()
        self._autosave_pending = False
        self.load(self.store.issue(self.issue.id))
        if self._dirty:
            self._dirty = False
            self.modified.emit(False)

    # ------------------------------------------------------------------ text helpers
    def draft_market_review(self) -> bool:
        """Fill the market review from the week's quotes (the core's wording); one undoable step."""
        from workbench.drafting.review import draft_market_review_result

        try:
            draft = draft_market_review_result(self.store, self.current_issue())
        except (WorkbenchError, StopIteration) as exc:
            self.show_error(self.tr("Cannot draft the market review: %1").replace("%1", getattr(exc, "message", "")
                                                                                   or str(exc)))
            return False
        self.market_review_edit.replace_markup(draft.text)
        self._show_review_note(draft)
        self.tabs.setCurrentIndex(1)
        return True

    def _show_review_note(self, draft) -> None:
        """Beside the review: which indices the draft left out (本周无行情) and why, or nothing."""
        lines = list(draft.notes)  # the core's notes name each index left out and why
        if draft.missing and not lines:
            lines.append(self.tr("Left out (no quote dated in the week): %1").replace("%1", "、".join(draft.missing)))
        self.review_note.setText("\n".join(lines))
        self.review_note.setVisible(bool(lines))

    def insert_note(self, text: str, section: str) -> bool:
        """Add a note's text to ``section`` (market_review, views, advice or risks) the way the core does."""
        from workbench.drafting.notes import insert_note

        if self.read_only:
            return False
        issue = self.current_issue()
        try:
            insert_note(issue, text, section)
        except ValidationError as exc:
            self.show_error(exc.message)
            return False
        edit = self.section_edits[section]
        if edit.bullets:
            edit.replace_items(getattr(issue, section))
        else:
            edit.replace_markup(getattr(issue, section))
        self.tabs.setCurrentIndex(1)
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        self.message.emit(self.tr("Note inserted into %1").replace("%1", self.notes_panel.section_names()[section]))
        return True

    def _refresh_notes(self) -> None:
        from workbench.drafting.notes import week_notes

        issue = self.current_issue() if not self._loading else self.issue
        self.notes_panel.set_notes(week_notes(self.store, issue), issue.period_start, issue.period_end, self.names)

    def _on_period_changed(self, *args) -> None:
        if not self._loading:
            self._refresh_notes()

    def _on_app_focus_changed(self, old, new) -> None:
        if isinstance(new, MarkupTextEdit) and new in self.section_edits.values():
            self._focus_text_edit = new
            self._update_bold_button()

    def _on_bold_button_clicked(self) -> None:
        edit = self._focus_text_edit or self.views_edit
        edit.toggle_bold()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_bold_button()

    def _update_bold_button(self) -> None:
        edit = self._focus_text_edit
        self.bold_button.setChecked(bool(edit and edit.is_bold()))

    # ------------------------------------------------------------------ house
    def _show_house(self) -> None:
        h = self.store.house()
        ratings = h.get("ratings") or {}
        esc = html.escape

        missing = esc(self.tr("(missing)"))
        titles = {k: esc(v) for k, v in (
            ("declaration", self.tr("Analyst declaration")), ("licence", self.tr("Licence statement")),
            ("ratings", self.tr("Rating definitions")), ("stock", self.tr("Stock ratings")),
            ("industry", self.tr("Industry ratings")), ("benchmarks", self.tr("Benchmarks")),
            ("disclaimer", self.tr("Disclaimer")), ("footer", self.tr("Page footer")))}

        def paras(text: str | None) -> str:
            return "".join(f"<p>{esc(p)}</p>" for p in (text or "").split("\n") if p.strip()) or \
                f"<p style='color:{ERROR_RED}'>{missing}</p>"

        def table(rows: list, keys: tuple[str, str]) -> str:
            body = "".join(f"<tr><td style='padding-right:12px'><b>{esc(str(r.get(keys[0], '')))}</b></td>"
                           f"<td>{esc(str(r.get(keys[1], '')))}</td></tr>" for r in rows or [] if isinstance(r, dict))
            return f"<table cellpadding='3'>{body}</table>" if body else paras("")

        head = f"style='color:{HOUSE_RED}; margin-top:14px'"
        parts = [
            f"<div style='line-height:145%'><h2 style='color:{HOUSE_RED}'>{esc(h.get('name_zh') or '')} "
            f"<span style='color:#777; font-size:10pt'>{esc(h.get('name_en') or '')}</span></h2>",
            f"<h3 {head}>{titles['declaration']}</h3>{paras(h.get('declaration'))}",
            f"<h3 {head}>{titles['licence']}</h3>{paras(h.get('licence'))}",
            f"<h3 {head}>{titles['ratings']}</h3>",
            f"<p><b>{titles['stock']}</b> · {esc(ratings.get('horizon_stock') or '')}</p>",
            table(ratings.get("stock"), ("name", "rule")),
            f"<p><b>{titles['industry']}</b> · {esc(ratings.get('horizon_industry') or '')}</p>",
            table(ratings.get("industry"), ("name", "rule")),
            f"<p><b>{titles['benchmarks']}</b></p>", table(ratings.get("benchmarks"), ("market", "index")),
            paras(ratings.get("note")) if ratings.get("note") else "",
            f"<h3 {head}>{titles['disclaimer']}</h3>{paras(h.get('disclaimer'))}",
            f"<p style='color:#777'>{titles['footer']}: {esc(h.get('footer') or '')}</p></div>",
        ]
        self.house_view.setHtml("".join(parts))

    def edit_house(self) -> bool:
        from ui.house_dialog import HouseDialog

        dialog = HouseDialog(self.store, self)
        accepted = bool(dialog.exec())
        if accepted:
            self._show_house()
            was_loading, self._loading = self._loading, True
            try:  # analysts added or renamed in the dialog, with the current ticks kept
                self._fill_analysts([int(a) for a in self._checked(self.analysts)])
            finally:
                self._loading = was_loading
            self.message.emit(self.tr("House profile saved"))
        return accepted

    # ------------------------------------------------------------------ preflight and jumping
    def run_preflight(self):
        """Check the issue as the fields show it now; the findings list in the Preflight panel."""
        from workbench.report import preflight

        try:
            result = preflight(self.store, self.current_issue())
        except WorkbenchError as exc:
            self.show_error(exc.message)
            return None
        self.preflight_panel.set_result(result)
        self.side.setCurrentWidget(self.preflight_panel)
        return result

    def jump_to_field(self, field: str) -> bool:
        """Show and focus the widget of a preflight field (``views[1]``, ``themes[2].tickers``, ``table.source``…)."""
        m = FIELD_RE.match(field or "")
        if not m:
            return False
        head, rest = m.group("head"), m.group("rest")
        index = int(m.group("index")) if m.group("index") is not None else None
        meta = {"headline": self.headline, "series": self.series, "industry": self.industry,
                "publish_date": self.publish_date, "period_start": self.period_start, "period_end": self.period_end,
                "period": self.period_start, "rating": self.rating, "rating_action": self.rating_action,
                "review_indices": self.review_indices, "sector_index": self.sector_index,
                "cover_index": self.cover_index}
        if head in meta:
            self.tabs.setCurrentIndex(0)
            return self._focus(meta[head])
        if head == "analysts":
            self.tabs.setCurrentIndex(0)
            self._focus(self.analysts)
            if index is not None:
                rows = [i for i in range(self.analysts.count())
                        if self.analysts.item(i).checkState() == Qt.CheckState.Checked]
                if index < len(rows):
                    self.analysts.setCurrentRow(rows[index])
            return True
        if head in self.section_edits:
            self.tabs.setCurrentIndex(1)
            edit = self.section_edits[head]
            self._focus(edit)
            if index is not None:
                edit.select_block(index)
            return True
        if head == "themes":
            self.tabs.setCurrentIndex(2)
            if index is None:
                return self._focus(self.themes_editor.list)
            return self.themes_editor.focus_part(index, rest)
        if head == "figures":
            self.tabs.setCurrentIndex(3)
            col = FiguresEditor.PARTS.get(rest or "", FiguresEditor.DATA)
            return self.figures_editor.focus_cell(index or 0, col)
        if head == "related":
            self.tabs.setCurrentIndex(4)
            return self.related_editor.focus_cell(index or 0, 0)
        if head == "table":
            self.tabs.setCurrentIndex(3)
            part = (rest or "").split("[")[0].split(".")[0]
            target = {"source": self.table_editor.source, "title": self.table_editor.title,
                      "as_of": self.table_editor.as_of}.get(part, self.table_editor.segments)
            return self._focus(target)
        if head == "house":
            self.tabs.setCurrentIndex(5)
            return self._focus(self.house_button)
        return False

    def _focus(self, widget: QWidget) -> bool:
        reveal(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True

    # ------------------------------------------------------------------ lifecycle
    def _change_status(self, status: str, reason: str | None = None) -> bool:
        from workbench.drafting.lifecycle import change_status

        if self._dirty and not self.save():
            return False
        try:
            change_status(self.store, self.issue.id, status, by=self.user, reason=reason)
        except WorkbenchError as exc:
            self.show_error(exc.message)
            self.lifecycle_failed.emit(exc.message)
            return False
        self.error_label.hide()  # an earlier refusal no longer stands
        self.reload()
        self.status_changed.emit(self.issue.status)
        return True

    def submit_for_review(self) -> bool:
        return self._change_status("review")

    def back_to_draft(self) -> bool:
        return self._change_status("draft")

    def finalise(self):
        """Freeze the issue on a worker (preflight, PDF, snapshot); returns the running task or None."""
        from ui.workers import run_store_task
        from workbench.drafting.lifecycle import change_status

        if self.issue.status != "review":
            self.show_error(self.tr("Only an issue in review can be finalised; submit it for review first."))
            return None
        if self._dirty and not self.save():
            return None
        if not self.confirm(self, self.tr("Finalise issue"),
                            self.tr("Finalise issue #%1? Its text, numbers and PDF are frozen as the published "
                                    "record; later changes need a correction.").replace("%1", str(self.issue.id))):
            return None
        issue_id, user = self.issue.id, self.user
        self._set_busy(True)
        self._task = run_store_task(
            self, self.tr("Finalising issue…"), self.store_path,
            lambda s, progress: change_status(s, issue_id, "final", by=user, progress=progress),
            on_finished=self._on_finalise_finished, on_failed=self._on_finalise_failed,
            cancel_text=self.tr("Cancel"))
        return self._task

    def _on_finalise_finished(self, issue) -> None:
        self._task = None
        self._set_busy(False)
        self.error_label.hide()
        self.reload()
        self.message.emit(self.tr("Issue #%1 is final").replace("%1", str(self.issue.id)))
        self.status_changed.emit(self.issue.status)

    def _on_finalise_failed(self, exc) -> None:
        self._task = None
        self._set_busy(False)
        self._show_task_error(exc, self.tr("Finalising failed: %1"))
        self.lifecycle_failed.emit(getattr(exc, "message", None) or str(exc))

    def correction(self) -> bool:
        """Reopen a final issue as a new draft version; asks for the reason."""
        from workbench.drafting.lifecycle import open_correction

        if self.issue.status != "final":
            return False
        reason = self.ask_text(self, self.tr("Correction"),
                               self.tr("Why is issue #%1 corrected? (kept in the issue's history)")
                               .replace("%1", str(self.issue.id)))
        if reason is None:
            return False
        try:
            open_correction(self.store, self.issue.id, reason=reason, by=self.user)
        except WorkbenchError as exc:
            self.show_error(exc.message)
            self.lifecycle_failed.emit(exc.message)
            return False
        self.error_label.hide()  # the refused attempt's message no longer stands
        self.reload()
        self.status_changed.emit(self.issue.status)
        return True

    def _show_task_error(self, exc, template: str) -> None:
        from workbench.progress import Cancelled
        from workbench.report import PreflightFailed

        if isinstance(exc, Cancelled):
            self.message.emit(self.tr("Cancelled"))
            return
        if isinstance(exc, PreflightFailed):
            self.preflight_panel.set_result(exc.result)
            self.side.setCurrentWidget(self.preflight_panel)
            self.show_error(self.tr("Preflight found blockers; fix them first (see Preflight)."))
            return
        text = getattr(exc, "message", None) or str(exc)
        self.show_error(template.replace("%1", text))

    def _set_busy(self, busy: bool) -> None:
        for a in (self.save_action, self.submit_action, self.back_action, self.finalise_action,
                  self.correction_action, self.export_action, self.export_table_action):
            a.setEnabled(not busy)
        if busy:
            self.autosave_timer.stop()
        else:
            self._update_status_ui()

    # ------------------------------------------------------------------ export
    def export_pdf(self, out_path: str | Path | None = None):
        """Export the saved issue (saving first) on a worker; returns the running task or None."""
        from workbench.drafting.lifecycle import export_issue

        default = f"{self.issue.series}_{self.issue.period_end.replace('-', '')}.pdf"
        return self._export(
            out_path, default, self.tr("Export PDF"), self.tr("PDF document (*.pdf)"), self.tr("Exporting PDF…"),
            export_issue,
            lambda result: self.tr("Exported %1 pages to %2").replace("%1", str(getattr(result, "pages", "?")))
            .replace("%2", str(getattr(result, "path", ""))),
            self.exported)

    def export_table_xlsx(self, out_path: str | Path | None = None):
        """Write the saved issue's comparison table (saving first) as .xlsx on a worker; returns the task or None."""
        from workbench.report.table_xlsx import export_table_xlsx

        period = f"{self.issue.period_start.replace('-', '')}-{self.issue.period_end.replace('-', '')}"
        return self._export(
            out_path, f"{self.issue.series}_{period}_对比表.xlsx", self.tr("Export Table to Excel"),
            self.tr("Excel workbook (*.xlsx)"), self.tr("Exporting the comparison table…"), export_table_xlsx,
            lambda path: self.tr("Comparison table written to %1").replace("%1", str(path)),
            self.table_exported)

    def _export(self, out_path, default_name: str, dialog_title: str, file_filter: str, busy_text: str,
                job, done_text, signal):
        """Save, ask for the target (unless given), run ``job(store, issue_id, target, progress=...)``
        on a worker; report to the status line and ``signal`` (the result, or the exception)."""
        from ui.workers import run_store_task

        if self._dirty and not self.save():
            return None
        if out_path is None:
            out_path, _ = QFileDialog.getSaveFileName(self, dialog_title, str(self.store_path.parent / default_name),
                                                      file_filter)
            if not out_path:
                return None
        issue_id, target = self.issue.id, str(out_path)

        def finished(result) -> None:
            self._task = None
            self._set_busy(False)
            text = done_text(result)
            self.autosave_label.setText(text)
            self.message.emit(text)
            signal.emit(result)

        def failed(exc) -> None:
            self._task = None
            self._set_busy(False)
            self._show_task_error(exc, self.tr("The export failed: %1"))
            signal.emit(exc)

        self._set_busy(True)
        self._task = run_store_task(
            self, busy_text, self.store_path,
            lambda s, progress: job(s, issue_id, target, progress=progress),
            on_finished=finished, on_failed=failed, cancel_text=self.tr("Cancel"))
        return self._task

    # ------------------------------------------------------------------ status and read-only
    def _update_status_ui(self) -> None:
        from ui.models import IssueListModel

        status = self.issue.status
        colours = {"draft": ("#e8eef7", "#2f4f7f"), "review": ("#fff4dc", "#8a5a00"),
                   "final": ("#e6f2e6", "#1b5e20")}
        back, fore = colours.get(status, ("#eee", "#333"))
        self.status_chip.setText(f"{IssueListModel.status_text(status)} · v{self.issue.version}")
        self.status_chip.setStyleSheet(f"background: {back}; color: {fore}; border-radius: 9px; padding: 2px 10px;"
                                       "font-weight: bold;")
        final = status == "final"
        held = self.desk_read_only or self.store.read_only  # a store this user may not write: view and export
        self.preflight_panel.follow_issue(status, self.issue.version)
        self._fill_history()
        self.set_read_only(final or held)
        self.save_action.setEnabled(not final and not held)
        self.submit_action.setEnabled(status == "draft" and not held)
        self.back_action.setEnabled(status == "review" and not held)
        self.finalise_action.setEnabled(status == "review" and not held)
        self.correction_action.setEnabled(final)
        self.export_action.setEnabled(True)
        self.export_table_action.setEnabled(True)
        if final:
            versions = self.store.versions(self.issue.id)
            v = versions[-1] if versions else {}
            sha = (v.get("pdf_sha256") or "")
            self.banner.setText(self.tr("Final v%1 · SHA-256 %2 · frozen %3 by %4 · read-only; changes need a "
                                        "correction.")
                                .replace("%1", str(v.get("version", self.issue.version)))
                                .replace("%2", f"{sha[:16]}…" if sha else "—")
                                .replace("%3", (v.get("frozen_at") or "")[:16].replace("T", " "))
                                .replace("%4", v.get("frozen_by") or "—"))
            self.banner.setToolTip(sha)
            self.banner.show()
        else:
            self.banner.hide()

    def set_read_only(self, read_only: bool) -> None:
        """A final issue: every field read-only (text stays selectable), editing buttons off."""
        self.read_only = read_only
        for page_index in range(self.tabs.count()):
            page = self.tabs.widget(page_index)
            for w in page.findChildren(QWidget):
                if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit)) and not isinstance(w, QTextBrowser):
                    if w.parent() is not None and isinstance(w.parent(), QComboBox):
                        continue
                    w.setReadOnly(read_only)
                elif isinstance(w, QAbstractSpinBox):
                    w.setReadOnly(read_only)
                elif isinstance(w, (QComboBox, QCheckBox, QPushButton, QToolButton)):
                    if w is self.house_button:
                        continue
                    w.setEnabled(not read_only)
                elif isinstance(w, QTableWidget):
                    w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                                      QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed
                                      | QAbstractItemView.EditTrigger.AnyKeyPressed)
                elif isinstance(w, QListWidget):
                    w.setEnabled(not read_only)
        self.themes_editor.read_only = read_only
        self.themes_editor.list.setEnabled(True)  # browsing the themes stays possible
        self.themes_editor.detail.setEnabled(not read_only and self.themes_editor.current() >= 0)
        self.notes_panel.insert_button.setEnabled(not read_only and bool(self.notes_panel.notes))
        self.notes_panel.section.setEnabled(not read_only)
        if not read_only:
            self.figures_editor.update_enabled()
            self.table_editor.as_of.setEnabled(self.table_editor.has_as_of.isChecked())
        if read_only:
            self.autosave_timer.stop()

    def _update_title(self) -> None:
        headline = self.headline.text().strip() or self.issue.headline
        self.title_label.setText(headline)
        self.title_label.setToolTip(headline)  # the label may be cut short on a narrow window
        self.subtitle_label.setText(f"——{self.series.currentText()} {_iso(self.period_start).replace('-', '')}-"
                                    f"{_iso(self.period_end).replace('-', '')}  ·  #{self.issue.id}")
        self.title_changed.emit(self.title_text())

    def title_text(self) -> str:
        """The window or tab title: the issue's number, the headline after its 周观点： lead, a * when unsaved."""
        headline = self.headline.text().strip() or self.issue.headline
        short = headline.split("：", 1)[-1]
        if len(short) > 24:
            short = short[:23] + "…"
        return f"#{self.issue.id} {short}{' *' if self._dirty else ''}"

    def _fact_history(self, ticker: str, metric: str, period: str) -> list[dict]:
        """The change log of one figure, for the preview's 数据来源 list."""
        return self.store.history(ticker, metric, period) if self.store is not None else []

    # ------------------------------------------------------------------ closing
    def close_store(self) -> None:
        """Keep unsaved work as an autosave, then close the editor's own store connection."""
        if self.store is None:
            return
        if self._dirty and not self.read_only:
            self._autosave_pending = True
            self.autosave_now()
        self.autosave_timer.stop()
        try:
            QApplication.instance().focusChanged.disconnect(self._on_app_focus_changed)
        except (RuntimeError, TypeError):
            pass
        self.store.close()
        self.store = None

    def confirm_close(self) -> bool:
        """Ask 保存 / 不保存 / 取消 when the fields hold unsaved changes; False keeps the editor open."""
        if self.store is None or not self._dirty or self.read_only:
            return True
        ask = self.ask_save or ask_save_changes
        answer = ask(self, self.tr("Issue #%1").replace("%1", str(self.issue.id)),
                     self.tr("Issue #%1 (%2) has changes that are not saved. Save them before closing?")
                     .replace("%1", str(self.issue.id)).replace("%2", self.title_text().split(" ", 1)[-1].rstrip(" *")))
        if answer == "save":
            return self.save()  # a refused save keeps the editor open, with the reason shown
        if answer == "discard":
            self.autosave_timer.stop()
            self._autosave_pending = False
            self.store.discard_autosave(self.issue.id)
            self._dirty = False
            self.modified.emit(False)
            return True
        return False

    def closeEvent(self, event) -> None:
        if not self.confirm_close():
            event.ignore()
            return
        self.close_store()
        super().closeEvent(event)


__all__ = ["IssueEditor", "new_issue_from_last_week", "NotesPanel", "PreflightPanel", "ThemesEditor"]
