"""Where a figure came from, shown: a Financials cell's 数据来源… dialog and the preview's list of
the printed table's figures, over the store's change log (the words are ``ui.common.provenance``'s).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ui.common.geometry import remember_geometry
from ui.common.i18n import for_ui
from ui.common.provenance import HistoryFn, change_cells, source_line
from workbench.domain.metrics import METRICS, NumberStyle, format_value, stored_figure, values_written

translate = QCoreApplication.translate
_FROM_HISTORY = object()  # FactHistoryDialog's stored value when none is given


class HistoryTable(QTableWidget):
    """A fact's changes, newest first, in the report's units."""

    def __init__(self, parent=None, *, compact: bool = False):
        super().__init__(0, 7, parent)
        self.setHorizontalHeaderLabels([
            self.tr("When"), self.tr("How"), self.tr("By"), self.tr("From"), self.tr("As of"), self.tr("Before"),
            self.tr("After")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        widths = (118, 64, 64, 200, 78, 56, 56) if compact else (140, 110, 80, 260, 86, 80, 80)
        for i, width in enumerate(widths):
            header.resizeSection(i, width)
        if compact:
            # a side panel is narrower than the columns: the source keeps its width and the
            # table scrolls sideways, rather than squeezing the source to nothing
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
            header.setMinimumSectionSize(40)
        else:
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty_text = self.tr("No recorded changes")

    def set_history(self, history: list[dict], kind: str, style: NumberStyle | None = None) -> None:
        rows = list(reversed(history))  # newest first: the current value's origin on top
        self.setRowCount(max(len(rows), 1))
        if not rows:
            self.setSpan(0, 0, 1, self.columnCount())
            self.setItem(0, 0, QTableWidgetItem(self.empty_text))
            return
        self.clearSpans()
        for r, entry in enumerate(rows):
            self._set_entry(r, entry, kind, style)

    def set_sections(self, sections: list[tuple[str, list[dict], str]], style: NumberStyle | None = None) -> None:
        """Several figures' changes, one after another: each (heading, history, kind) as a heading row
        across the table, then its changes newest first (or that it has none)."""
        self.clearSpans()
        self.setRowCount(sum(1 + max(len(history), 1) for _, history, _ in sections))
        r = 0
        for heading, history, kind in sections:
            self._set_span_row(r, heading, bold=True)
            r += 1
            if not history:
                self._set_span_row(r, self.empty_text)
                r += 1
            for entry in reversed(history):
                self._set_entry(r, entry, kind, style)
                r += 1

    def _set_span_row(self, r: int, text: str, *, bold: bool = False) -> None:
        for c in range(self.columnCount()):
            self.takeItem(r, c)  # a row reused from a longer list keeps no cell under the span
        self.setSpan(r, 0, 1, self.columnCount())
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setBackground(QBrush(QColor("#eef2f7")))
        self.setItem(r, 0, item)

    def _set_entry(self, r: int, entry: dict, kind: str, style: NumberStyle | None) -> None:
        cells = change_cells(entry, kind, style)
        if kind in _WRITTEN_KINDS:  # old and new as written, every digit, as trace prints a change
            cells[5:7] = values_written(kind, entry.get("old"), entry.get("new"))
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c >= 5:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c == 3:
                item.setToolTip(text)
            self.setItem(r, c, item)


#: The kinds of a company's figures: a change to one is shown as written (``values_written``), and a
#: current value the report's rounding shortens names the stored figure (``stored_figure``).
_WRITTEN_KINDS = {m.kind: m.display_unit() for m in METRICS.values()}


class FactHistoryDialog(QDialog):
    """数据来源: one figure's current value and its every change (the store's change log).

    ``stored``: the value the store holds, named beside the rounded ``value_text`` when rounding hides
    digits of it (as trace does); by default the newest change's new value."""

    def __init__(self, title: str, value_text: str, history: list[dict], kind: str,
                 style: NumberStyle | None = None, parent=None, *, stored=_FROM_HISTORY):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Where is this from — %1").replace("%1", title))
        self.heading = QLabel(f"<b>{title}</b>", self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        if stored is _FROM_HISTORY:
            stored = history[-1].get("new") if history else None
        current = self.tr("Current value: %1").replace("%1", value_text)
        if kind in _WRITTEN_KINDS and value_text == format_value(kind, stored, style=style):
            unit = "" if kind == "ratio" else _WRITTEN_KINDS[kind]  # a ratio prints its % itself
            full = stored_figure(kind, stored, unit)
            if full:  # (the app's words for trace's 库中 stored)
                current += self.tr(" (stored: %1)").replace("%1", full)
        if history:
            current += "\n" + self.tr("Came from: %1").replace("%1", source_line(history[-1], kind))
        self.current = QLabel(current, self)
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = HistoryTable(self)
        self.table.set_history(history, kind, style)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.current)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        remember_geometry(self, "fact_history", 900, 360)


class TableSourcesPanel(QWidget):
    """The printed comparison table's figures; picking one shows where it came from.

    ``set_table`` takes the report spec's ``TableEntry`` (what the PDF prints, or the frozen
    snapshot of a final issue); ``history`` reads the change log of one fact. A YoY the table
    computed from two stored levels is explained as ``workbench trace`` explains it; the store it is
    read from is ``store`` (a store, or a callable giving the current one), else the one ``history``
    belongs to (a store's own ``history``, or the issue editor's, which reads its ``store``).
    """

    figure_selected = Signal(str, str, str)  # ticker, metric, period

    def __init__(self, history: HistoryFn, parent=None, *, store=None):
        super().__init__(parent)
        self.history = history
        self._store_given = store
        self.style_: NumberStyle | None = None
        self._table = None
        self.hint = QLabel(self.tr("Pick a figure of the comparison table to see where it came from."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.figures = QTableWidget(0, 0, self)
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.figures.setWordWrap(False)
        self.figures.verticalHeader().setDefaultSectionSize(22)
        self.review_heading = QLabel(self.tr("Market review: each index's close and weekly change"), self)
        self.review = QTableWidget(0, 6, self)  # the review's figures, filled by set_review
        self.review.setHorizontalHeaderLabels([self.tr("Index"), self.tr("Date"), self.tr("Close"),
                                               self.tr("Weekly change"), self.tr("Base date"), self.tr("Base close")])
        self.review.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.review.setWordWrap(False)
        self.review.verticalHeader().setVisible(False)
        self.review.verticalHeader().setDefaultSectionSize(22)
        review_box = QWidget(self)
        review_layout = QVBoxLayout(review_box)
        review_layout.setContentsMargins(0, 0, 0, 0)
        review_layout.addWidget(self.review_heading)
        review_layout.addWidget(self.review, 1)
        self.review_box = review_box
        self.review_box.hide()  # until an issue's review has figures
        self._review: list[dict] = []
        self.changes = HistoryTable(self, compact=True)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower = QWidget(self)
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.detail)
        lower_box.addWidget(self.changes, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.figures)
        split.addWidget(review_box)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        self.figures.currentCellChanged.connect(self._on_figures_current_cell_changed)
        self.review.currentCellChanged.connect(self._on_review_current_cell_changed)

    def set_table(self, table, style: NumberStyle | None = None) -> None:
        """Show the table's rows (name, ticker) and columns (group + label) with their printed values."""
        self._table = table
        self.style_ = style
        columns = list(table.columns) if table is not None else []
        rows = list(table.rows) if table is not None else []
        self.figures.clear()
        self.figures.setColumnCount(2 + len(columns))
        self.figures.setRowCount(len(rows))
        self.figures.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Ticker")] + [f"{c.group}\n{c.label}".strip() for c in columns])
        header = self.figures.horizontalHeader()
        for i in range(self.figures.columnCount()):
            header.resizeSection(i, (76, 88)[i] if i < 2 else 64)
        for r, row in enumerate(rows):
            self.figures.setItem(r, 0, QTableWidgetItem(row.name))
            self.figures.setItem(r, 1, QTableWidgetItem(row.ticker))
            for c, (col, value) in enumerate(zip(columns, row.values)):
                item = QTableWidgetItem(format_value(col.kind, value, style=style))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.figures.setItem(r, 2 + c, item)
        self.detail.setText("")
        self.changes.set_history([], "multiple")

    def select_figure(self, ticker: str, metric: str, period: str) -> bool:
        """Pick the printed figure of ``ticker`` in the (metric, period) column; False when not printed."""
        if self._table is None:
            return False
        r = next((i for i, row in enumerate(self._table.rows) if row.ticker == ticker), None)
        c = next((i for i, col in enumerate(self._table.columns) if (col.metric, col.period) == (metric, period)),
                 None)
        if r is None or c is None:
            return False
        self.figures.setCurrentCell(r, 2 + c)
        return True

    def _on_figures_current_cell_changed(self, row: int, column: int, *previous) -> None:
        if self._table is None or row < 0 or column < 2 or row >= len(self._table.rows):
            return
        entry, col = self._table.rows[row], self._table.columns[column - 2]
        value = entry.values[column - 2]
        history = self.history(entry.ticker, col.metric, col.period)
        printed = format_value(col.kind, value, style=self.style_)
        text = self.tr("%1 %2 · %3: printed %4").replace("%1", entry.name).replace("%2", entry.ticker) \
            .replace("%3", f"{col.group} {col.label}".strip()).replace("%4", printed)
        computed = self._computed_yoy(entry.ticker, col.metric, col.period) if value is not None else None
        if computed is not None:
            self._show_computed(entry.ticker, col, text, printed, computed, history)
            self.figure_selected.emit(entry.ticker, col.metric, col.period)
            return
        if history:
            text += "\n" + self.tr("Came from: %1").replace("%1", source_line(history[-1], col.kind))
            now = history[-1].get("new")
            if format_value(col.kind, now, style=self.style_) != printed:
                text += "\n" + self.tr("The store now holds %1 (changed since this was printed).") \
                    .replace("%1", format_value(col.kind, now, style=self.style_))
        self.detail.setText(text)
        self.changes.set_history(history, col.kind, self.style_)
        self.figure_selected.emit(entry.ticker, col.metric, col.period)

    # ------------------------------------------------------------------ a YoY computed from two levels
    def _store(self):
        """The store the figures are read from (see the class's docstring), or None."""
        given = self._store_given
        if given is not None:
            return given() if callable(given) and not hasattr(given, "fact_row") else given
        owner = getattr(self.history, "__self__", None)
        if owner is None:
            return None
        return owner if hasattr(owner, "fact_row") else getattr(owner, "store", None)

    def _computed_yoy(self, ticker: str, metric: str, period: str):
        """The YoY the table computed from the two stored levels (``workbench.analysis.growth``, what
        ``workbench trace`` explains), or None for a figure the store holds."""
        from workbench.analysis.growth import computed_yoy, yoy_inputs
        from workbench.errors import WorkbenchError

        if yoy_inputs(metric, period) is None:
            return None
        store = self._store()
        if store is None:
            return None
        try:
            return computed_yoy(store, ticker, metric, period)
        except WorkbenchError:
            return None

    def _show_computed(self, ticker: str, col, text: str, printed: str, computed, history: list[dict]) -> None:
        """A computed YoY: its formula on the two levels, each level with where it came from, and each
        level's changes (and a YoY once stored, since removed), as trace lists them."""
        lines = [text, for_ui(computed.explanation)]
        now = format_value(col.kind, computed.value, style=self.style_)
        if now != printed:
            lines.append(self.tr("From the levels the store holds now it is %1 (changed since this was printed).")
                         .replace("%1", now))
        # the two levels on one line (the pane is short); where each came from heads its changes below
        levels = [(for_ui(line), self.history(ticker, computed.level, period)) for period, line in computed.levels()]
        lines.append(" · ".join(line for line, _ in levels))
        sections = [(line, level_history, "amount") for line, level_history in levels]
        if history:
            sections.append((self.tr("A YoY was stored and removed since"), history, col.kind))
        self.detail.setText("\n".join(lines))
        self.changes.set_sections(sections, self.style_)


    # ------------------------------------------------------------------ the market review's figures
    def set_review(self, rows: list[dict]) -> None:
        """Show the market review's figures, one row per index (``workbench.trace.week_sources``):
        its last close in the week, the weekly change and the close it is measured from."""
        from workbench.trace import printed_percent_text

        self._review = [r for r in rows or [] if r.get("close") is not None]
        self.review.clearContents()
        self.review.setRowCount(len(self._review))
        for r, row in enumerate(self._review):
            change = printed_percent_text(row["change"]) if row.get("change") is not None else "--"
            cells = [row["name"], row.get("date") or "", format_value("price", row.get("close")), change,
                     row.get("base_date") or "", format_value("price", row.get("base_close"))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 3, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.review.setItem(r, c, item)
        self.review_box.setVisible(bool(self._review))

    def select_review_figure(self, name: str, column: int) -> bool:
        """Pick an index's figure in the review table (column 2: close, 3: weekly change, 5: base close)."""
        r = next((i for i, row in enumerate(self._review) if row["name"] == name), None)
        if r is None:
            return False
        self.review.setCurrentCell(r, column)
        return True

    def _on_review_current_cell_changed(self, row: int, column: int, *previous) -> None:
        if not 0 <= row < len(self._review) or column < 0:
            return
        from workbench.trace import printed_percent_text

        fig = self._review[row]
        close = format_value("price", fig["close"])
        if column in (4, 5) and fig.get("base_date"):
            history, kind = fig["base_history"], "price"
            text = self.tr("%1 · the close the weekly change is measured from: %2 on %3") \
                .replace("%1", fig["name"]).replace("%2", format_value("price", fig["base_close"])) \
                .replace("%3", fig["base_date"])
        elif column == 3 and fig.get("change") is not None:
            change = printed_percent_text(fig["change"])
            if fig.get("change_source") == "computed":
                history, kind = fig["close_history"], "price"
                text = self.tr("%1 · weekly change %2 = %3 (%4) / %5 (%6) - 1, computed from the closes") \
                    .replace("%1", fig["name"]).replace("%2", change).replace("%3", close) \
                    .replace("%4", fig["date"]).replace("%5", format_value("price", fig["base_close"])) \
                    .replace("%6", fig["base_date"])
            else:
                history, kind = fig["change_history"], "ratio"
                text = self.tr("%1 · weekly change %2: the file's own, no close before the week to check it") \
                    .replace("%1", fig["name"]).replace("%2", change)
        else:
            history, kind = fig["close_history"], "price"
            text = self.tr("%1 · close on %2: %3").replace("%1", fig["name"]).replace("%2", fig["date"]) \
                .replace("%3", close)
        if history:
            text += "\n" + self.tr("Came from: %1").replace("%1", source_line(history[-1], kind))
        self.detail.setText(text)
        self.changes.set_history(history, kind, self.style_)


__all__ = ["FactHistoryDialog", "HistoryTable", "TableSourcesPanel"]
