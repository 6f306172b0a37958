"""Week-over-week comparison of two issues: changed figures (forecasts flagged), companies in and out, metadata."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QSplitter, QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ui.common.i18n import for_ui, label_for_ui
from workbench.domain.metrics import format_value
from workbench.errors import WorkbenchError

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
UP = QBrush(QColor("#c62828"))  # A-share convention: red up, green down
DOWN = QBrush(QColor("#1b7f3b"))
FORECAST_BACK = QBrush(QColor("#fff4dc"))
SORT_ROLE = Qt.ItemDataRole.UserRole


class DiffTableModel(QAbstractTableModel):
    """The changed values of an IssueDiff: company, column, before, after, change and the forecast flag."""

    COLUMNS = ("name", "ticker", "column", "before", "after", "delta", "forecast")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.changes: list = []

    def set_changes(self, changes: list) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.endResetModel()

    def change_at(self, row: int):
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Company"), self.tr("Ticker"), self.tr("Column"), self.tr("Before"), self.tr("After"),
                    self.tr("Change"), self.tr("Forecast"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.COLUMNS[section] in ("before", "after", "delta"):
            return RIGHT
        return None

    @staticmethod
    def _delta(c) -> float | None:
        if c.before is None or c.after is None:
            return None
        return c.after - c.before

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.changes):
            return None
        c = self.changes[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "name":
                return c.name
            if key == "ticker":
                return c.ticker
            if key == "column":
                return c.label
            if key == "before":
                return format_value(c.kind, c.before)
            if key == "after":
                return format_value(c.kind, c.after)
            if key == "delta":
                d = self._delta(c)
                return "" if d is None else format_value(c.kind, d, signed=True) if c.kind == "ratio" \
                    else ("+" if d > 0 else "") + format_value(c.kind, d)
            if key == "forecast":
                return self.tr("Forecast revised") if c.is_forecast else ""
        if role == SORT_ROLE:
            if key in ("before", "after"):
                return getattr(c, key)
            if key == "delta":
                return self._delta(c)
            if key == "forecast":
                return int(c.is_forecast)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("before", "after", "delta"):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and key == "delta":
            d = self._delta(c)
            if d:
                return UP if d > 0 else DOWN
        if role == Qt.ItemDataRole.BackgroundRole and c.is_forecast:
            return FORECAST_BACK
        if role == Qt.ItemDataRole.ToolTipRole:  # as the command line describes it, in the UI's words
            tag = f"（{self.tr('Forecast revised')}）" if c.is_forecast else ""
            return (f"{c.name}（{c.ticker}）{c.label}: {format_value(c.kind, c.before)} → "
                    f"{format_value(c.kind, c.after)}{tag}")
        return None


class _DiffProxy(QSortFilterProxyModel):
    """Sorts on raw values (missing last) and can keep forecast revisions only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.forecast_only = False
        self.setSortRole(SORT_ROLE)

    def set_forecast_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.forecast_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent) -> bool:
        if not self.forecast_only:
            return True
        c = self.sourceModel().change_at(row)
        return c is not None and c.is_forecast

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return b is None and a is not None
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a < b
        return str(a) < str(b)


class DiffView(QWidget):
    """Pick two issues and see what changed between them."""

    compared = Signal(object)  # the IssueDiff
    company_activated = Signal(str)  # a changed row was double-clicked (its ticker)

    def __init__(self, store_path: str | Path, parent=None):
        super().__init__(parent)
        from workbench.store import Store

        self.store = Store(store_path)
        self.diff = None
        self.before = QComboBox(self)
        self.after = QComboBox(self)
        for combo in (self.before, self.after):
            combo.setMinimumContentsLength(36)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.swap_button = QPushButton("⇄", self)
        self.swap_button.setToolTip(self.tr("Swap the two issues"))
        self.swap_button.setFixedWidth(34)
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setDefault(True)
        self.forecast_only = QCheckBox(self.tr("Forecast revisions only"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #333; padding: 2px 0;")

        self.model = DiffTableModel(self)
        self.proxy = _DiffProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for col, width in enumerate((110, 96, 120, 90, 90, 90, 110)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.changes_tree = QTreeWidget(self)
        self.changes_tree.setHeaderLabels([self.tr("What"), self.tr("Before"), self.tr("After")])
        self.changes_tree.setRootIsDecorated(True)
        self.changes_tree.setWordWrap(True)
        self.changes_tree.setAlternatingRowColors(True)
        tree_header = self.changes_tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        tree_header.resizeSection(0, 200)
        for col in (1, 2):  # before and after share the rest; long headlines wrap
            tree_header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

        pick = QHBoxLayout()
        pick.setContentsMargins(0, 0, 0, 0)
        pick.addWidget(QLabel(self.tr("Before"), self))
        pick.addWidget(self.before, 1)
        pick.addWidget(self.swap_button)
        pick.addWidget(QLabel(self.tr("After"), self))
        pick.addWidget(self.after, 1)
        pick.addWidget(self.compare_button)
        options = QHBoxLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(self.summary, 1)
        options.addWidget(self.forecast_only)
        table_box = QWidget(self)
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self._heading(self.tr("Figures in the comparison table")))
        tl.addWidget(self.table, 1)
        tree_box = QWidget(self)
        trl = QVBoxLayout(tree_box)
        trl.setContentsMargins(0, 0, 0, 0)
        trl.addWidget(self._heading(self.tr("Headline, rating, themes and companies")))
        trl.addWidget(self.changes_tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(tree_box)
        self.splitter.addWidget(table_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(pick)
        layout.addLayout(options)
        layout.addWidget(self.splitter, 1)

        self.swap_button.clicked.connect(self._on_swap_clicked)
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.forecast_only.toggled.connect(self.proxy.set_forecast_only)
        self.reload_issues()

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet("color: #8B1A1A; font-weight: bold; padding: 4px 0 2px 0;")
        return label

    def reload_issues(self) -> None:
        """Fill both pickers, newest first; the default compares last week with this week."""
        issues = self.store.issues()
        for combo in (self.before, self.after):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for i in issues:
                status = {"draft": self.tr("Draft"), "review": self.tr("In review"),
                          "final": self.tr("Final")}.get(i["status"], i["status"])
                combo.addItem(f"#{i['id']}  {i['period_start']} – {i['period_end']}  {i['headline']}  ({status})",
                              i["id"])
            if current is not None and combo.findData(current) >= 0:
                combo.setCurrentIndex(combo.findData(current))
            combo.blockSignals(False)
        if len(issues) >= 2 and self.before.currentData() == self.after.currentData():
            self.after.setCurrentIndex(0)
            self.before.setCurrentIndex(1)
        enough = len(issues) >= 2
        self.compare_button.setEnabled(enough)
        if not enough:
            self.summary.setText(self.tr("Two issues are needed for a comparison."))

    def set_issues(self, before_id: int, after_id: int) -> None:
        self.before.setCurrentIndex(max(0, self.before.findData(before_id)))
        self.after.setCurrentIndex(max(0, self.after.findData(after_id)))

    def _on_swap_clicked(self) -> None:
        a, b = self.before.currentData(), self.after.currentData()
        if a is not None and b is not None:
            self.set_issues(b, a)
            if self.diff is not None:
                self.compare()

    def _on_compare_clicked(self) -> None:
        self.compare()

    def compare(self, before_id: int | None = None, after_id: int | None = None):
        """Diff two issues (by default the two picked) and show the result; returns the IssueDiff."""
        from workbench.drafting.diff import diff_issues

        if before_id is not None and after_id is not None:
            self.set_issues(before_id, after_id)
        a, b = self.before.currentData(), self.after.currentData()
        if a is None or b is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            diff = diff_issues(self.store, a, b)
        except WorkbenchError as exc:
            self.summary.setText(for_ui(exc.message))
            self.summary.setStyleSheet("color: #c62828;")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.summary.setStyleSheet("color: #333; padding: 2px 0;")
        self.show_diff(diff)
        self.compared.emit(diff)
        return diff

    def show_diff(self, diff) -> None:
        self.diff = diff
        self.model.set_changes(diff.changes)
        tree = self.changes_tree
        tree.clear()

        def group(title: str, rows: list[tuple[str, str, str]]) -> None:
            if not rows:
                return
            top = QTreeWidgetItem(tree, [f"{title} ({len(rows)})"])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for what, before, after in rows:
                item = QTreeWidgetItem(top, [what, before, after])
                item.setToolTip(0, what)
                item.setToolTip(1, before)
                item.setToolTip(2, after)
            top.setExpanded(True)

        group(self.tr("Headline, rating and themes"), [(label_for_ui(w), b, a) for w, b, a in diff.meta])
        group(self.tr("Companies added"), [(f"{n}（{t}）", "—", self.tr("in the table")) for t, n in diff.added])
        group(self.tr("Companies removed"), [(f"{n}（{t}）", self.tr("in the table"), "—") for t, n in diff.removed])
        group(self.tr("Segment changes"), [(f"{n}（{t}）", a, b) for t, n, a, b in diff.moved])
        columns = diff.column_changes
        group(self.tr("Table columns"), [(label_for_ui(c.what), c.before, c.after) for c in columns])
        if diff.is_empty():
            summary = self.tr("No changes between the two issues.")
        else:
            summary = (
                self.tr("%1 figures changed, %2 of them forecast revisions · %3 companies added, %4 removed · "
                        "%5 other changes")
                .replace("%1", str(len(diff.changes))).replace("%2", str(len(diff.forecast_changes)))
                .replace("%3", str(len(diff.added))).replace("%4", str(len(diff.removed)))
                .replace("%5", str(len(diff.meta) + len(diff.moved) + len(columns))))
        # a draft is read with the store's data now, as the command line's 未定稿，按当前数据 says
        self.summary.setText(" · ".join([summary] + [for_ui(note) for note in diff.live_notes()]))
        if not tree.topLevelItemCount():
            none = QTreeWidgetItem(tree, [self.tr("No changes in headline, rating, themes or companies")])
            none.setFirstColumnSpanned(True)  # across the columns: the first alone is too narrow for it
            none.setToolTip(0, none.text(0))

    def _on_table_double_clicked(self, index) -> None:
        change = self.model.change_at(self.proxy.mapToSource(index).row())
        if change is not None:
            self.company_activated.emit(change.ticker)

    def close_store(self) -> None:
        self.store.close()

    def closeEvent(self, event) -> None:
        self.close_store()
        super().closeEvent(event)


__all__ = ["DiffView", "DiffTableModel"]
