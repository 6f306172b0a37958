"""The house profile: name, colour, series, licence statement, declaration, disclaimer and rating definitions.

These texts print on every issue's closing pages; they change rarely and apply to all issues,
so they are edited here and shown read-only in the issue editor.
"""

from __future__ import annotations

import copy
import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QColorDialog, QDialog, QDialogButtonBox, QFormLayout,
                               QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QScrollArea, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ui.common.geometry import remember_geometry
from workbench.domain.metrics import YI, NumberStyle, format_value
from workbench.errors import WorkbenchError


class PairTable(QWidget):
    """A small two-column table (e.g. rating and its definition) with add and remove buttons."""

    def __init__(self, keys: tuple[str, str], headers: tuple[str, str], parent=None):
        super().__init__(parent)
        self.keys = keys
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().resizeSection(0, 110)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton(self.tr("Add row"), self)
        remove = QPushButton(self.tr("Remove row"), self)
        add.setAutoDefault(False)
        remove.setAutoDefault(False)
        add.clicked.connect(self.add_row)
        remove.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._extra: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.table.setRowCount(0)
        self._extra = []
        for row in rows or []:
            if isinstance(row, dict):
                self.add_row(str(row.get(self.keys[0], "")), str(row.get(self.keys[1], "")))
                self._extra.append({k: v for k, v in row.items() if k not in self.keys})
        shown = min(max(self.table.rowCount(), 3), 6)  # every row of a usual rating scale, no scrolling
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 24 * shown + 4)

    def add_row(self, first: str = "", second: str = "") -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(first))
        item = QTableWidgetItem(second)
        item.setToolTip(second)
        self.table.setItem(r, 1, item)

    def _on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
            if r < len(self._extra):
                del self._extra[r]

    def rows(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            values = [(self.table.item(r, c).text().strip() if self.table.item(r, c) else "") for c in (0, 1)]
            if not any(values):
                continue
            extra = self._extra[r] if r < len(self._extra) else {}
            out.append({**extra, self.keys[0]: values[0], self.keys[1]: values[1]})
        return out


class AnalystsTable(QWidget):
    """The house's analysts (name, SAC registration number, contact), edited in place."""

    COLUMNS = ("name", "sac_no", "contact")

    def __init__(self, analysts: list[dict], parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("SAC registration no."), self.tr("Contact")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(0, 140)
        self.table.horizontalHeader().resizeSection(1, 200)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton(self.tr("Add analyst"), self)
        remove = QPushButton(self.tr("Remove analyst"), self)
        for b in (add, remove):
            b.setAutoDefault(False)
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self._on_remove_clicked)
        hint = QLabel(self.tr("Each signing analyst prints with the SAC registration number: S or A followed by "
                              "13 digits. An analyst who signs an issue cannot be removed."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.removed: list[int] = []
        self._shown = {a["id"]: tuple((a.get(c) or "").strip() for c in self.COLUMNS) for a in analysts}
        for a in analysts:
            self.add_row(a["name"], a["sac_no"], a.get("contact") or "", a["id"])

    def add_row(self, name: str = "", sac_no: str = "", contact: str = "", analyst_id: int | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, text in enumerate((name, sac_no, contact)):
            item = QTableWidgetItem(text)
            if col == 0:
                item.setData(Qt.ItemDataRole.UserRole, analyst_id)
            self.table.setItem(row, col, item)
        return row

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        analyst_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if analyst_id is not None:
            self.removed.append(int(analyst_id))
        self.table.removeRow(row)

    def rows(self) -> list[dict]:
        out = []
        for row in range(self.table.rowCount()):
            texts = [(self.table.item(row, c).text() if self.table.item(row, c) else "").strip() for c in range(3)]
            if not any(texts) and self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) is None:
                continue  # an empty new row
            out.append({"id": self.table.item(row, 0).data(Qt.ItemDataRole.UserRole), "row": row,
                        **dict(zip(self.COLUMNS, texts))})
        return out

    def _changed(self, row: dict) -> bool:
        """Whether a listed analyst's row differs from what the dialog showed (OK writes only those)."""
        return tuple(row[c] for c in self.COLUMNS) != self._shown.get(row["id"])

    def apply(self, store) -> None:
        """Write the table to the store (the caller holds the transaction); errors name the row."""
        for analyst_id in self.removed:
            store.delete_analyst(analyst_id)
        for r in self.rows():
            try:
                if r["id"] is None:
                    store.add_analyst(r["name"], r["sac_no"], r["contact"] or None)
                elif self._changed(r):
                    store.update_analyst(int(r["id"]), name=r["name"], sac_no=r["sac_no"], contact=r["contact"])
            except WorkbenchError as exc:
                raise WorkbenchError(self.tr("Analyst row %1: %2").replace("%1", str(r["row"] + 1))
                                     .replace("%2", exc.message)) from None


class NumberStyleEditor(QWidget):
    """The house's number style: thousands separators and decimals, with a sample as printed."""

    def __init__(self, style: NumberStyle, parent=None):
        super().__init__(parent)
        self._stored = style  # what the editor does not show (price decimals) stays as stored
        self.thousands = QCheckBox(self.tr("Group thousands in amounts (2,319.1)"), self)
        self.thousands.setChecked(style.thousands)
        self.amount = self._spin(style.amount_decimals)
        self.ratio = self._spin(style.ratio_decimals)
        self.multiple = self._spin(style.multiple_decimals)
        self.sample = QLabel(self)
        self.sample.setStyleSheet("color: #666;")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for label, spin in ((self.tr("Amount decimals (亿元)"), self.amount), (self.tr("Percent decimals"), self.ratio),
                            (self.tr("PE decimals"), self.multiple)):
            row.addWidget(QLabel(label, self))
            row.addWidget(spin)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thousands)
        layout.addLayout(row)
        layout.addWidget(self.sample)
        self.thousands.toggled.connect(self._update_sample)
        self._update_sample()

    def _spin(self, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, NumberStyle.MAX_DECIMALS)
        spin.setValue(value)
        spin.valueChanged.connect(self._update_sample)
        return spin

    def style(self) -> NumberStyle:
        return dataclasses.replace(self._stored, thousands=self.thousands.isChecked(),
                                   amount_decimals=self.amount.value(), ratio_decimals=self.ratio.value(),
                                   multiple_decimals=self.multiple.value())

    def _update_sample(self) -> None:
        st = self.style()
        sample = "  ".join((format_value("amount", 2319.1 * YI, style=st), format_value("ratio", 0.028, style=st),
                            format_value("multiple", -12.34, style=st)))
        self.sample.setText(self.tr("Printed as: %1").replace("%1", sample))


def _blank_equal(stored, shown) -> bool:
    """Whether a field as the dialog shows it is the stored value (missing and empty alike, text as trimmed)."""
    if isinstance(stored, str):
        stored = stored.strip()
    return (stored or None) == (shown or None) or stored == shown


class HouseDialog(QDialog):
    """Edit the house profile of the store; OK writes it with ``store.update_house``."""

    saved = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.house = store.house()
        self.setWindowTitle(self.tr("House profile"))
        remember_geometry(self, "house", 820, 700)
        h = self.house

        self.name_zh = QLineEdit(h.get("name_zh") or "", self)
        self.name_en = QLineEdit(h.get("name_en") or "", self)
        self.colour = QLineEdit(h.get("colour") or "", self)
        self.colour.setPlaceholderText("#9E1B32")
        self.colour.setMaximumWidth(120)
        self.swatch = QPushButton(self)
        self.swatch.setFixedSize(28, 22)
        self.swatch.setAutoDefault(False)
        self.swatch.setToolTip(self.tr("Choose the house colour"))
        self.swatch.clicked.connect(self._on_swatch_clicked)
        self.colour.textChanged.connect(self._update_swatch)
        self.footer = QLineEdit(h.get("footer") or "", self)
        self.series = QPlainTextEdit("\n".join(h.get("series") or []), self)
        self.series.setMaximumHeight(90)
        self.licence = self._text(h.get("licence"))
        self.declaration = self._text(h.get("declaration"))
        self.disclaimer = self._text(h.get("disclaimer"))
        ratings = h.get("ratings") or {}
        self.horizon_stock = QLineEdit(ratings.get("horizon_stock") or "", self)
        self.horizon_industry = QLineEdit(ratings.get("horizon_industry") or "", self)
        self.stock_ratings = PairTable(("name", "rule"), (self.tr("Rating"), self.tr("Definition")), self)
        self.stock_ratings.set_rows(ratings.get("stock") or [])
        self.industry_ratings = PairTable(("name", "rule"), (self.tr("Rating"), self.tr("Definition")), self)
        self.industry_ratings.set_rows(ratings.get("industry") or [])
        self.benchmarks = PairTable(("market", "index"), (self.tr("Market"), self.tr("Benchmark index")), self)
        self.benchmarks.set_rows(ratings.get("benchmarks") or [])
        self.rating_note = self._text(ratings.get("note"))
        self.rating_note.setMaximumHeight(80)
        self.analysts = AnalystsTable(store.analysts(), self)
        self.numbers = NumberStyleEditor(NumberStyle.lenient(h.get("number_style")), self)

        general = QWidget(self)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour)
        colour_row.addWidget(self.swatch)
        colour_row.addStretch(1)
        form = QFormLayout(general)
        form.addRow(self.tr("House name (Chinese)"), self.name_zh)
        form.addRow(self.tr("House name (English)"), self.name_en)
        form.addRow(self.tr("House colour"), colour_row)
        form.addRow(self.tr("Page footer"), self.footer)
        form.addRow(self.tr("Report series (one per line)"), self.series)
        form.addRow(self.tr("Licence statement"), self.licence)
        form.addRow(self.tr("Number style"), self.numbers)

        ratings_form = QWidget(self)
        rform = QFormLayout(ratings_form)
        rform.addRow(self.tr("Stock rating horizon"), self.horizon_stock)
        rform.addRow(self.tr("Stock ratings"), self.stock_ratings)
        rform.addRow(self.tr("Industry rating horizon"), self.horizon_industry)
        rform.addRow(self.tr("Industry ratings"), self.industry_ratings)
        rform.addRow(self.tr("Benchmarks"), self.benchmarks)
        rform.addRow(self.tr("Note"), self.rating_note)
        ratings_page = QScrollArea(self)
        ratings_page.setWidget(ratings_form)
        ratings_page.setWidgetResizable(True)
        ratings_page.setFrameShape(QFrame.Shape.NoFrame)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, self.tr("House"))
        self.tabs.addTab(self.analysts, self.tr("Analysts"))
        self.tabs.addTab(self._page(self.declaration), self.tr("Analyst declaration"))
        self.tabs.addTab(self._page(self.disclaimer), self.tr("Disclaimer"))
        self.tabs.addTab(ratings_page, self.tr("Rating definitions"))
        note = QLabel(self.tr("These texts print on every issue, drafts and future issues alike; "
                              "final issues keep the texts they were published with."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._update_swatch()

    def _text(self, value) -> QPlainTextEdit:
        edit = QPlainTextEdit(value or "", self)
        edit.setTabChangesFocus(True)
        return edit

    def _page(self, edit: QPlainTextEdit) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(edit)
        return page

    def _update_swatch(self) -> None:
        colour = QColor(self.colour.text().strip())
        self.swatch.setStyleSheet(f"background: {colour.name() if colour.isValid() else '#ffffff'};"
                                  "border: 1px solid #999;")

    def _on_swatch_clicked(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour.text().strip() or "#9E1B32"), self,
                                       self.tr("House colour"))
        if chosen.isValid():
            self.colour.setText(chosen.name().upper())

    def fields(self) -> dict:
        """The values to write, in ``store.update_house`` field names."""
        ratings = copy.deepcopy(self.house.get("ratings") or {})
        ratings.update({
            "horizon_stock": self.horizon_stock.text().strip(),
            "horizon_industry": self.horizon_industry.text().strip(),
            "stock": self.stock_ratings.rows(),
            "industry": self.industry_ratings.rows(),
            "benchmarks": self.benchmarks.rows(),
            "note": self.rating_note.toPlainText().strip(),
        })
        return {
            "name_zh": self.name_zh.text().strip(), "name_en": self.name_en.text().strip(),
            "colour": self.colour.text().strip(), "footer": self.footer.text().strip(),
            "series": [s.strip() for s in self.series.toPlainText().splitlines() if s.strip()],
            "licence": self.licence.toPlainText().strip(), "declaration": self.declaration.toPlainText().strip(),
            "disclaimer": self.disclaimer.toPlainText().strip(), "ratings": ratings,
            "number_style": self.numbers.style().to_dict(),
        }

    def changed_fields(self) -> dict:
        """The fields whose value differs from the house as the dialog opened (OK writes only these)."""
        stored = self.house
        out = {}
        for name, value in self.fields().items():
            if name == "number_style":
                same = NumberStyle.lenient(stored.get(name)).to_dict() == value
            elif name == "ratings":
                old = stored.get(name) or {}
                same = all(_blank_equal(old.get(k), v) for k, v in value.items())
            else:
                same = _blank_equal(stored.get(name), value)
            if not same:
                out[name] = value
        return out

    def accept(self) -> None:
        values = self.fields()
        colour = values["colour"]
        if colour and not QColor(colour).isValid():
            self.error.setText(self.tr("“%1” is not a colour; use the form #RRGGBB.").replace("%1", colour))
            self.tabs.setCurrentIndex(0)
            self.colour.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            with self.store.transaction():  # the house and its analysts land together or not at all
                changed = self.changed_fields()
                if changed:
                    self.store.update_house(**changed)
                self.analysts.apply(self.store)
        except WorkbenchError as exc:
            from ui.common.i18n import for_ui

            self.error.setText(for_ui(exc.message))
            return
        self.house = self.store.house()
        self.saved.emit()
        super().accept()


__all__ = ["HouseDialog"]
