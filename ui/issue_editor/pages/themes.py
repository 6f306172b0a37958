"""The Themes tab: investment themes with their rationale and the stocks to watch."""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from ui.common.companies import company_label, make_company_completer, resolve_company
from ui.common.rich_text import MarkupTextEdit
from ui.issue_editor.fields import ERROR_RED, focus_widget, set_fields_read_only, small_button
from ui.issue_editor.pages.rows import ask_before_removing
from workbench.domain.issue import Theme


def named_stock_field(field: str, text: str, themes: list[Theme], store) -> str:
    """``themes[i].tickers`` of a finding whose ``text`` names one of theme i's stocks, made that stock's
    field (``themes[i].tickers[2]``) so its click selects it; any other field as it is."""
    from workbench.errors import WorkbenchError

    m = re.fullmatch(r"themes\[(\d+)\]\.tickers", field or "")
    if m is None or int(m.group(1)) >= len(themes):
        return field
    for row, ticker in enumerate(themes[int(m.group(1))].tickers):
        try:
            company = store.find_company(ticker)
        except WorkbenchError:
            company = None
        for code in {ticker, company["ticker"] if company else ticker}:  # as typed, or as the store knows it
            if code and re.search(rf"(?<![0-9A-Za-z.]){re.escape(code)}(?![0-9A-Za-z.])", text):
                return f"{field}[{row}]"
    return field


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
        self.add_button = small_button("+", self, self.tr("Add a theme"))
        self.remove_button = small_button("−", self, self.tr("Remove the theme"))
        self.up_button = small_button("↑", self, self.tr("Move up"))
        self.down_button = small_button("↓", self, self.tr("Move down"))
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
            theme = self._themes[i]
            if self._holds_work(theme):
                text = QCoreApplication.translate(
                    "IssueEditor", "Remove the theme “%1” with its rationale and its %2 stocks to watch?")
                text = text.replace("%1", theme.name.strip() or self.tr("(unnamed)")).replace(
                    "%2", str(len(theme.tickers)))
                if not ask_before_removing(self, QCoreApplication.translate("IssueEditor", "Remove Theme"), text):
                    return  # kept: the question's default, and Escape
            del self._themes[i]
            self.set_themes(self._themes)
            self.list.setCurrentRow(min(i, len(self._themes) - 1))
            self.changed.emit()

    def _holds_work(self, theme: Theme) -> bool:
        """Whether removing ``theme`` loses something typed (a theme just added, unnamed and empty, does not)."""
        return bool(theme.tickers or theme.rationale.strip()
                    or theme.name.strip() not in ("", self.tr("New theme")))

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
            needle = text.strip().upper()
            several = sum(needle in c["name"].upper() for c in self.companies) > 1
            self.stock_error.setText(
                (self.tr("Several companies match “%1”: type more of the name, or the ticker.") if several else
                 self.tr("No company matches “%1”. A company not in the store yet is added with Add Company in the "
                         "main window (Companies tab); then pick it here.")).replace("%1", text.strip()))
            return None
        ticker = company["ticker"]
        self.names[ticker] = company["name"]
        listed = [r for r in range(self.stocks.count()) if self.stocks.item(r).data(Qt.ItemDataRole.UserRole) == ticker]
        self.stock_edit.clear()
        if listed:  # already in the theme: shown, and said, not silently ignored
            self.stocks.setCurrentRow(listed[0])
            self.stock_error.setText(self.tr("%1 is already in this theme.").replace("%1", company_label(company)))
            return ticker
        item = QListWidgetItem(company_label(company), self.stocks)
        item.setData(Qt.ItemDataRole.UserRole, ticker)
        self._on_detail_changed()
        self.stock_error.clear()
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
        elif part and part.startswith("tickers"):  # tickers, or tickers[2]: the stock a finding names
            self.stocks.setFocus(Qt.FocusReason.OtherFocusReason)
            row = part[len("tickers["):-1] if part.startswith("tickers[") and part.endswith("]") else ""
            row = int(row) if row.isdigit() and int(row) < self.stocks.count() else 0
            if self.stocks.count():
                self.stocks.setCurrentRow(row)
        else:
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.name.selectAll()
        return True


class ThemesPage(QWidget):
    """The Themes tab: the numbered themes printed under Investment advice."""

    changed = Signal()
    HEADS = ("themes",)

    def __init__(self, store, companies: list[dict], parent=None):
        super().__init__(parent)
        self.themes_editor = ThemesEditor(store, companies, self)
        hint = QLabel(QCoreApplication.translate("IssueEditor", "Printed under Investment advice as numbered themes: "
                                                 "bold name, rationale, stocks in 【】."), self)
        hint.setStyleSheet("color: #888;")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.themes_editor, 1)
        self.themes_editor.changed.connect(self.changed)

    def load(self, issue) -> None:
        self.themes_editor.set_themes(issue.themes)

    def apply(self, issue) -> None:
        issue.themes = self.themes_editor.themes()

    def set_read_only(self, read_only: bool) -> None:
        set_fields_read_only(self, read_only)
        editor = self.themes_editor
        editor.read_only = read_only
        editor.list.setEnabled(True)  # browsing the themes stays possible
        editor.detail.setEnabled(not read_only and editor.current() >= 0)

    def focus_field(self, head: str, index: int | None, rest: str | None) -> bool:
        if index is None:
            return focus_widget(self.themes_editor.list)
        return self.themes_editor.focus_part(index, rest)
