"""The Index quotes view's model: closes and weekly changes per index, the benchmark marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ui.models.base import StoreTableModel
from ui.models.columns import Column, translate
from workbench.errors import ValidationError


class QuoteTableModel(StoreTableModel):
    """Index closes and weekly changes, newest first within each index; close and change editable.

    The benchmark index (``Store.benchmark()``) is marked: its name in bold and a 基准 tag.
    """

    INDEX, CODE, DATE, CLOSE, CHANGE, BENCHMARK = range(6)
    group_column = INDEX
    TAG_BRUSH = QBrush(QColor("#8B1A1A"))  # the house red of the report's headings

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.benchmark_id: int | None = None
        self._bold = None

    def _make_columns(self):
        return [
            Column("index", translate("QuoteTableModel", "Index"), width=150, collate=True, searchable=True),
            Column("code", translate("QuoteTableModel", "Code"), editable=True, width=100, searchable=True),
            Column("date", translate("QuoteTableModel", "Date"), width=100, searchable=True),
            Column("close", translate("QuoteTableModel", "Close"), kind="price", editable=True, width=100),
            Column("change", translate("QuoteTableModel", "Weekly change"), kind="ratio", editable=True, width=110,
                   signed=True),
            Column("benchmark", translate("QuoteTableModel", "Benchmark"), width=70, searchable=True),
        ]

    def _load(self):
        store = self.session.store
        bench = store.benchmark()
        self.benchmark_id = bench["id"] if bench else None
        tag = translate("QuoteTableModel", "Benchmark")
        quotes = store.all_quotes()
        # newest first within each index, indices in their configured order
        by_index: dict[int, list[dict]] = {}
        for q in quotes:
            by_index.setdefault(q["index_id"], []).append(q)
        keys, rows = [], []
        for index_id, items in by_index.items():
            marked = tag if index_id == self.benchmark_id else None
            for q in reversed(items):
                keys.append((q["index_id"], q["date"]))
                rows.append([q["name"], q["index_code"], q["date"], q["close"], q["change"], marked])
        return keys, rows

    def row_label(self, row: int) -> str:
        return f"{self._rows[row][self.INDEX]} {self._rows[row][self.DATE]}"

    def index_id_at(self, row: int) -> int:
        return self._keys[row][0]

    def is_benchmark_row(self, row: int) -> bool:
        return self.benchmark_id is not None and self._keys[row][0] == self.benchmark_id

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole) and index.isValid() \
                and index.row() < len(self._keys) and index.column() in (self.INDEX, self.BENCHMARK) \
                and self.is_benchmark_row(index.row()):
            if role == Qt.ItemDataRole.ForegroundRole:
                return self.TAG_BRUSH if index.column() == self.BENCHMARK else None
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return super().data(index, role)

    def tooltip(self, row, column):
        if column in (self.INDEX, self.BENCHMARK) and self.is_benchmark_row(row):
            return translate("QuoteTableModel", "%1 is the benchmark index: the cover chart compares the sector "
                             "index with it, and the market review says whether the sector beat it.") \
                .replace("%1", self._rows[row][self.INDEX])
        return None

    def header_tooltip(self, col):
        if col.key == "benchmark":
            return translate("QuoteTableModel", "The benchmark index (right-click an index to change it)")
        return col.title

    def groups(self):
        return [i["name"] for i in self.session.store.indices()]

    def edit_for(self, row, column, value):
        from workbench.edits import (SetIndexCode, SetQuote, clean_text, close_from_display, ratio_from_display,
                                     same_as_shown)  # (loaded with the first edit)
        from workbench.domain.values import error_cell_message, is_error_cell

        index_id, date = self._keys[row]
        current = self.session.store.quotes(index_id, start=date, end=date)  # not the cache: it may be stale
        close, change = (current[0]["close"], current[0]["change"]) if current else \
            (self._rows[row][self.CLOSE], self._rows[row][self.CHANGE])
        if column in (self.CLOSE, self.CHANGE) and is_error_cell(value):  # never a silent clear (Delete clears)
            if column == self.CHANGE and change is None:
                return None
            raise ValidationError(error_cell_message(value))
        if column == self.CLOSE:
            new = close_from_display(value)
            if same_as_shown(self.columns[column].kind, close, new, close_from_display, style=self.number_style):
                return None
            return SetQuote(index_id, date, new, change)
        if column == self.CHANGE:
            new = ratio_from_display(value)
            from workbench.imports.layouts import WEEK_CHANGE_LIMIT, week_change_message

            if new is not None and abs(new) > WEEK_CHANGE_LIMIT:  # the import's limit: one rule for both
                raise ValidationError(week_change_message(new))
            if same_as_shown(self.columns[column].kind, change, new, ratio_from_display,
                             signed=self.columns[column].signed, style=self.number_style):
                return None
            return SetQuote(index_id, date, close, new)
        if column == self.CODE:
            code = clean_text(value)
            if code == self._rows[row][self.CODE]:
                return None
            return SetIndexCode(index_id, code)
        raise ValidationError(translate("QuoteTableModel", "Only the code, the close and the change can be edited."))

    def ratio_metric(self, column):
        return "index_change" if column == self.CHANGE else None

    def delete_edit(self, cells):
        rows = sorted({r for r, _ in cells})
        if not rows:
            return None, ""
        question = translate("QuoteTableModel", "Delete %1 index quotes?").replace("%1", str(len(rows)))
        from workbench.edits import DeleteQuotes

        return DeleteQuotes([self._keys[r] for r in rows]), question

    def edit_text_for(self, edit):
        """The Undo/Redo entry: the index, the date and the column edited, so two edits read apart."""
        from workbench.edits import DeleteQuotes, SetIndexCode, SetQuote

        if isinstance(edit, DeleteQuotes):
            return translate("QuoteTableModel", "Delete quotes")
        if isinstance(edit, SetIndexCode):
            return translate("QuoteTableModel", "Set the code of %1").replace("%1", self._index_name(edit.index_id))
        if isinstance(edit, SetQuote):
            row = self._pos.get((edit.index_id, edit.date))
            # the weekly change when only it differs from the row as shown; else the close
            column = self.CHANGE if row is not None and edit.close == self._rows[row][self.CLOSE] \
                and edit.change != self._rows[row][self.CHANGE] else self.CLOSE
            return translate("QuoteTableModel", "Edit %1 %2 %3").replace("%1", self._index_name(edit.index_id)) \
                .replace("%2", edit.date).replace("%3", self.columns[column].title)
        return translate("QuoteTableModel", "Edit quote")

    def _index_name(self, index_id: int) -> str:
        for key, row in zip(self._keys, self._rows):
            if key[0] == index_id:
                return str(row[self.INDEX])
        return next((i["name"] for i in self.session.store.indices() if i["id"] == index_id), str(index_id))

    def _on_session_changed(self, changes) -> None:
        if changes.quotes:
            self.reload()
