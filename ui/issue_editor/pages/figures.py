"""The Figures and table tab: the figures drawn and the comparison table's settings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHeaderView, QTableWidgetItem, QVBoxLayout, QWidget

from ui.common.companies import company_label, resolve_company
from ui.issue_editor.fields import focus_widget, set_fields_read_only
from ui.issue_editor.pages.rows import RowsEditor
from ui.issue_editor.pages.table_spec import TableSpecEditor
from workbench.domain.issue import Figure
from workbench.errors import WorkbenchError
from workbench.report.freshness import segments_shown_as_new


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
                title = self._dataset_title(name)
                data.addItem(title, name)
                data.setItemData(data.count() - 1, title, Qt.ItemDataRole.ToolTipRole)  # the whole title
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


class FiguresPage(QWidget):
    """The Figures and table tab: the figures above, the comparison table below."""

    changed = Signal()
    HEADS = ("figures", "table")

    def __init__(self, store, companies: list[dict], parent=None):
        super().__init__(parent)
        self.store = store
        self.figures_editor = FiguresEditor(store, companies, self)
        self.table_editor = TableSpecEditor(store.segments(), self)
        figures = QGroupBox(QCoreApplication.translate("IssueEditor", "Figures"), self)
        fl = QVBoxLayout(figures)
        fl.addWidget(self.figures_editor)
        table = QGroupBox(QCoreApplication.translate("IssueEditor", "Comparison table"), self)
        tl = QVBoxLayout(table)
        tl.addWidget(self.table_editor)
        layout = QVBoxLayout(self)
        layout.addWidget(figures, 1)
        layout.addWidget(table, 1)
        self.figures_editor.changed.connect(self.changed)
        self.table_editor.changed.connect(self.changed)

    def load(self, issue) -> None:
        self.figures_editor.set_values(issue.figures)
        self.table_editor.set_spec(issue.table, new=segments_shown_as_new(self.store, issue))

    def apply(self, issue) -> None:
        issue.figures = self.figures_editor.values()
        issue.table = self.table_editor.spec()

    def set_read_only(self, read_only: bool) -> None:
        set_fields_read_only(self, read_only)
        if not read_only:
            self.figures_editor.update_enabled()
            self.table_editor.as_of.setEnabled(self.table_editor.has_as_of.isChecked())

    def focus_field(self, head: str, index: int | None, rest: str | None) -> bool:
        if head == "figures":
            col = FiguresEditor.PARTS.get(rest or "", FiguresEditor.DATA)
            return self.figures_editor.focus_cell(index or 0, col)
        part = (rest or "").split("[")[0].split(".")[0]
        target = {"source": self.table_editor.source, "title": self.table_editor.title,
                  "as_of": self.table_editor.as_of}.get(part, self.table_editor.segments)
        return focus_widget(target)
