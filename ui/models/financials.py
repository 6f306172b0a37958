"""The Financials grid's model: companies down, metric/period columns across, facts read as rows are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.models.base import StoreTableModel
from ui.models.columns import Column, column_period_label, format_cell, metric_name, translate
from workbench.domain.issue import standard_table_columns
from workbench.domain.metrics import METRICS, PLAUSIBLE, format_value
from workbench.domain.periods import period_label, period_sort_key
from workbench.errors import ValidationError


def report_fact_columns(store) -> list[tuple[str, str]]:
    """The report's columns: the latest issue's table spec, else the reference issue's 11."""
    from workbench.errors import WorkbenchError

    try:
        columns = [(c.metric, c.period) for c in store.issue("latest").table.columns]
    except WorkbenchError:
        columns = []
    return list(dict.fromkeys(columns)) or [(c.metric, c.period) for c in standard_table_columns(2024)]


SAMPLED_FACTS = 20_000  # facts looked at (in key order: the first companies') before every fact is scanned


def default_fact_columns(store) -> list[tuple[str, str]]:
    """The report's columns when the store has most of them, else every column with facts.

    Whether it has them is first read from the first facts (``fact_columns_sampled``; a column found
    there has facts), so a big store opens without a scan of every fact; only when the sample finds
    too few does the whole list of columns decide, as it always did.
    """
    report = report_fact_columns(store)

    def most(available) -> bool:
        present = set(available)
        return sum(1 for c in report if c in present) * 2 >= len(report)

    sampled = getattr(store, "fact_columns_sampled", None)  # a plain Store has no sample: the whole list
    if sampled is not None and most(sampled(SAMPLED_FACTS)):
        return report
    available = store.fact_columns()
    return report if most(available) else all_fact_columns(available)


def all_fact_columns(available: list[tuple[str, str]]) -> list[tuple[str, str]]:
    order = {code: i for i, code in enumerate(METRICS)}
    return sorted(available, key=lambda mp: (order.get(mp[0], len(order)), mp[0], period_sort_key(mp[1])))


def _every_fact_column(reader) -> list[tuple[str, str]]:
    return reader.fact_columns()


def fact_column(metric: str, period: str) -> Column:
    """Header group and label of a metric/period column, as the report's table prints them."""
    m = METRICS.get(metric)
    kind = m.kind if m else "price"
    plabel = column_period_label(period)
    if metric.endswith("_yoy") and metric[:-4] in METRICS:
        group, label = metric_name(metric[:-4]), f"{plabel} YoY"
    elif metric == "pe":
        group, label = translate("FinancialsTableModel", "Valuation"), f"PE {plabel}"
    elif metric == "ytd_return":  # the year named (年初至今 2025): two YTD columns read apart
        year = period[:-3] if period.endswith("YTD") else period
        ytd = translate("FinancialsTableModel", "YTD")  # (a call of its own: the catalogue's tool finds it)
        group, label = translate("FinancialsTableModel", "Valuation"), f"{ytd} {year}".strip()
    else:
        group, label = metric_name(metric), plabel
    base = METRICS.get(metric[:-4]) if metric.endswith("_yoy") else m
    if base is not None and base.kind == "amount":
        # the report's header: 营业收入(亿元) spanning the amounts and their YoY
        group = group + "(" + translate("FinancialsTableModel", "100m CNY") + ")"
    width = 84 if kind == "multiple" else 96
    return Column((metric, period), label, group, kind=kind, editable=True, width=width)


_MIN_WIDTH = 44  # a column of dashes still takes a click
_CELL_PADDING = 16  # the cell's margins and focus frame
_HEADER_PADDING = 22  # the header's margins and its sort arrow


class FinancialsTableModel(StoreTableModel):
    """The comparison grid: companies down (by segment), metric/period columns across.

    Values are shown as the report prints them (亿元 1 decimal, % 2 decimals, PE 1 decimal);
    a typed or pasted amount is in 亿元, a ratio ``12.5`` or ``12.5%`` means 12.5%.
    """

    SEGMENT, TICKER, NAME = range(3)
    FIXED = 3
    group_column = SEGMENT

    def __init__(self, session, parent=None, fact_columns: list[tuple[str, str]] | None = None):
        self._fact_columns = fact_columns
        self._colpos: dict = {}
        self._columns_asked = 0  # counts the column sets asked for (``show_every_column`` answers the last)
        self._columns_task = None
        self._keys_prepared = False
        self.every_column_pending = False
        super().__init__(session, parent)

    def set_fact_columns(self, columns: list[tuple[str, str]] | None) -> None:
        """Show these (metric, period) columns; None means the default set."""
        self._columns_asked += 1  # an answer of ``show_every_column`` still on its way is not wanted now
        self.every_column_pending = False
        self._fact_columns = columns
        self.reload()
        if self._keys_prepared:
            self.prepare_sort_keys()

    def show_every_column(self) -> None:
        """Show every column with facts, its list read off the GUI thread (a scan of every fact: about
        0.4 s with a million facts); the grid keeps the columns it shows until the list is in."""
        from ui.models import prefetch

        path = getattr(self.session.store, "path", None)
        if path is None:
            self.set_fact_columns(all_fact_columns(self.session.store.fact_columns()))
            return
        self._columns_asked += 1
        asked = self._columns_asked
        task = prefetch.ReaderTask(path, _every_fact_column, asked)
        task.signals.answered.connect(self._on_every_column_read)
        self._columns_task = task  # kept (the pool does not own it) until the next one
        self.every_column_pending = True
        prefetch.start(task)

    def _on_every_column_read(self, asked: int, columns) -> None:
        if asked != self._columns_asked:
            return
        self.every_column_pending = False
        if columns is None:  # the reader could not read it: the store can
            columns = self.session.store.fact_columns()
        self.set_fact_columns(all_fact_columns(columns))

    def prepare_sort_keys(self) -> None:
        self._keys_prepared = True
        super().prepare_sort_keys()

    def default_columns_moved(self) -> bool:
        """The grid shows the default columns and they are no longer the ones it shows (another
        workstation's latest issue has another table): it must reload to show them."""
        if self._fact_columns is not None or self.every_column_pending:
            return False
        return default_fact_columns(self.session.store) != self.fact_columns()

    def fact_columns(self) -> list[tuple[str, str]]:
        return [c.key for c in self.columns[self.FIXED:]]

    def column_of(self, key: tuple[str, str]) -> int | None:
        return self._colpos.get(key)

    def _make_columns(self) -> list[Column]:
        wanted = self._fact_columns if self._fact_columns is not None else default_fact_columns(self.session.store)
        cols = [
            Column("segment", translate("FinancialsTableModel", "Segment"), width=128, collate=True, searchable=True),
            Column("ticker", translate("FinancialsTableModel", "Ticker"), width=96, searchable=True),
            Column("name", translate("FinancialsTableModel", "Name"), width=96, collate=True, searchable=True),
        ] + [fact_column(m, p) for m, p in wanted]
        cols = self._fitted(cols)
        self._colpos = {c.key: i for i, c in enumerate(cols) if i >= self.FIXED}
        return cols

    BATCH = 256  # rows whose facts are read at once, as the view scrolls to them

    def _load(self):
        """Every company's segment, ticker and name; facts are read as rows are shown (``_ensure``).

        A store with 50,000 companies holds about a million facts: reading only the rows the
        view shows (a batch at a time) keeps opening fast and memory in step with what is shown.
        A row holds its three fixed cells until its facts are read; then its facts follow them.
        """
        companies = self.session.store.companies()
        self._loaded: set = set()
        keys = [c["ticker"] for c in companies]
        rows = [[c["segment"], c["ticker"], c["name"]] for c in companies]
        return keys, rows

    def _fitted(self, columns: list[Column]) -> list[Column]:
        """The figure columns as wide as the widest figure they can print and their header, so a figure is
        never cut (225.21% read as 225.21) and the report's columns fit a 1366-wide window; a group's
        heading (营业收入(亿元)) fits across its columns. The widest figure is the ends of the metric's
        plausible range (the store refuses a figure beyond them) in the house's number style: no fact
        is read for it, the grid still reads only the rows it shows."""
        from dataclasses import replace

        from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication

        cell = QFontMetrics(QGuiApplication.font())
        bold = QFont(QGuiApplication.font())
        bold.setBold(True)
        head = QFontMetrics(bold)  # a header may be drawn bold: measured so, it never cuts
        widths = [col.width for col in columns[:self.FIXED]]  # segment, ticker, name: as designed
        for c, col in enumerate(columns[self.FIXED:], self.FIXED):
            ends = PLAUSIBLE.get(col.key[0])
            if ends is None:  # a metric with no range: its designed width
                widths.append(col.width)
                continue
            texts = {format_cell(col, end, self.number_style) for end in ends}
            widest = max((cell.horizontalAdvance(t) for t in texts), default=0)
            label = max((head.horizontalAdvance(line) for line in (col.label or "").split("\n")), default=0)
            widths.append(max(_MIN_WIDTH, widest + _CELL_PADDING, label + _HEADER_PADDING))
        start = self.FIXED
        while start < len(columns):  # a group's heading spans its columns: the last one takes what is missing
            end = start
            while end + 1 < len(columns) and columns[end + 1].group == columns[start].group:
                end += 1
            need = head.horizontalAdvance(columns[start].group or "") + _HEADER_PADDING - sum(widths[start:end + 1])
            if need > 0:
                widths[end] += need
            start = end + 1
        return [replace(col, width=w) for col, w in zip(columns, widths)]

    def _ensure(self, row: int) -> None:
        """Read the facts of ``row`` and the next rows (a batch, in the current order) not yet read."""
        if self._keys[row] in self._loaded or len(self.columns) <= self.FIXED:
            return
        self._read_facts([k for k in self._keys[row:row + self.BATCH] if k not in self._loaded])

    def prefetch(self, rows: list[int]) -> None:
        """Read the facts of these rows (the ones a view is about to paint) in one query."""
        if len(self.columns) > self.FIXED:
            keys, loaded = self._keys, self._loaded
            batch = [keys[r] for r in rows if 0 <= r < len(keys) and keys[r] not in loaded]
            if batch:
                self._read_facts(batch)

    def _read_facts(self, batch: list[str]) -> None:
        wanted = [c.key for c in self.columns[self.FIXED:]]
        matrix = self.session.store.fact_matrix(wanted, batch)
        empty: dict = {}
        for ticker in batch:
            facts = matrix.get(ticker, empty)
            self._rows[self._pos[ticker]][self.FIXED:] = [facts.get(key) for key in wanted]
            self._loaded.add(ticker)

    def _column_values(self, column: int) -> list:
        if column < self.FIXED:
            return super()._column_values(column)
        # one query for the whole column; only its sort key is kept (until the grid reloads)
        whole = self.session.store.fact_values(*self.columns[column].key)
        return [whole.get(k) for k in self._base_keys]

    def read_keys_ahead(self, generation: int) -> None:
        """Read the figure columns' sort keys on a pool thread (one scan of the facts per column)."""
        from ui.models import prefetch
        from ui.models.sorting import _numpy, number_key

        columns = [(c, col.key) for c, col in enumerate(self.columns)
                   if c >= self.FIXED and c not in self._sort_keys]
        path = getattr(self.session.store, "path", None)
        if not columns or path is None:
            return
        _numpy()  # loaded on this thread: the pool thread never imports it (the store hides it while it loads)
        task = prefetch.ColumnKeysTask(path, generation, columns, self._base_keys, number_key)
        task.signals.column_ready.connect(self._key_read_ahead)
        task.signals.finished.connect(self._ahead_done)
        self._ahead.update(c for c, _ in columns)
        if self._ahead_task is not None:
            self._ahead_task.cancel()
        self._ahead_task = task  # kept (the pool does not own it) until the next one
        prefetch.start(task)

    def _ahead_done(self, generation: int) -> None:
        if generation == self._generation:  # columns whose read failed or was cancelled: a sort reads them
            self._ahead.difference_update([c for c in self._ahead if c >= self.FIXED])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() >= self.FIXED and index.row() < len(self._keys):
            self._ensure(index.row())
        return super().data(index, role)

    def value(self, row: int, column: int):
        if column >= self.FIXED:
            self._ensure(row)
        return super().value(row, column)

    def cell_text(self, row: int, column: int) -> str:
        if column >= self.FIXED:
            self._ensure(row)
        return super().cell_text(row, column)

    def groups(self) -> list[str]:
        return self.session.store.segments()

    def row_label(self, row: int) -> str:
        return f"{self._rows[row][self.NAME]} {self._keys[row]}"

    def edit_for(self, row, column, value):
        col = self.columns[column]
        if not col.editable:
            raise ValidationError(translate("FinancialsTableModel", "Edit companies in the Companies view."))
        from workbench.domain.values import error_cell_message, is_error_cell
        from workbench.edits import SetFact, fact_from_display, fact_unchanged  # (loaded with the first edit)

        metric, period = col.key
        # the store's value, not the cache: another writer may have changed it since the grid was filled
        stored = self.session.store.fact(self._keys[row], metric, period)
        if is_error_cell(value):  # #VALUE!, #N/A: no figure, never a silent clear (Delete clears)
            if stored is None:
                return None
            raise ValidationError(error_cell_message(value))
        new = fact_from_display(metric, value)
        if fact_unchanged(metric, stored, new, style=self.number_style):
            return None  # what the cell shows, typed or pasted back: the stored figure stays as it is
        return SetFact(self._keys[row], metric, period, new)

    def ratio_metric(self, column):
        col = self.columns[column]
        return col.key[0] if col.editable and col.kind == "ratio" else None

    def unusual_question(self, edits):
        """A negative revenue is possible (brokers, insurers) but is usually a sign or unit slip: ask first."""
        from workbench.edits import SetFact

        negative = [e for e in edits if isinstance(e, SetFact) and e.metric == "revenue"
                    and e.value is not None and e.value < 0]
        if not negative:
            return ""

        def name(ticker: str) -> str:
            row = self._pos.get(ticker)
            return ticker if row is None else self._rows[row][self.NAME]

        cells = "；".join(f"{name(e.ticker)} {period_label(e.period)} "
                         f"{format_value('amount', e.value, style=self.number_style)} 亿元" for e in negative[:5])
        more = "…" if len(negative) > 5 else ""
        return translate("FinancialsTableModel", "Negative revenue: %1%2. Only a few companies (brokers, insurers) "
                         "report a negative revenue; check the sign and the unit. Store it anyway?") \
            .replace("%1", cells).replace("%2", more)

    def delete_edit(self, cells):
        from workbench.edits import Batch, SetFact

        edits = []
        for r, c in sorted(set(cells)):
            col = self.columns[c]
            if col.editable:
                self._ensure(r)
            if col.editable and self._rows[r][c] is not None:
                edits.append(SetFact(self._keys[r], col.key[0], col.key[1], None))
        if not edits:
            return None, ""
        if len(edits) == 1:  # one value is one undo step away: no question
            return edits[0], ""
        question = translate("FinancialsTableModel", "Clear %1 values?").replace("%1", str(len(edits)))
        return Batch(edits), question

    def edit_text_for(self, edit):
        """The Undo/Redo entry: the company, the metric and the column as the grid heads it, so two edits read apart."""
        from workbench.edits import SetFact

        if isinstance(edit, SetFact):
            row = self._pos.get(edit.ticker)
            name = edit.ticker if row is None else self._rows[row][self.NAME]
            text = translate("FinancialsTableModel", "Clear %1 %2 %3") if edit.value is None else \
                translate("FinancialsTableModel", "Edit %1 %2 %3")
            return text.replace("%1", str(name)).replace("%2", metric_name(edit.metric)) \
                .replace("%3", column_period_label(edit.period))
        return translate("FinancialsTableModel", "Clear values")

    def tooltip(self, row, column):
        col = self.columns[column]
        if column < self.FIXED:
            return None
        self._ensure(row)
        value = self._rows[row][column]
        text = f"{self._rows[row][self.NAME]} · {col.title}"
        if value is None:
            return text
        fact = self.session.store.fact_row(self._keys[row], *col.key)
        if fact and fact.get("source"):
            source = translate("FinancialsTableModel", "Source")
            text += f"\n{source}: {fact['source']}"
            if fact.get("as_of"):
                text += f" ({fact['as_of']})"
        history = self.session.store.history(self._keys[row], *col.key)
        if history:
            from ui.common.provenance import source_line

            text += "\n" + translate("FinancialsTableModel", "Came from: %1").replace(
                "%1", source_line(history[-1], col.kind))
        text += "\n" + translate("FinancialsTableModel", "Right-click → Where Is This From… for every change")
        return text

    def header_tooltip(self, col):
        if isinstance(col.key, tuple):
            m = METRICS.get(col.key[0])
            unit = m.display_unit() if m else ""
            return f"{metric_name(col.key[0])} · {col.key[1]} · {unit}"
        return col.title

    def _on_session_changed(self, changes) -> None:
        if changes.rows:
            self.reload()
            return
        if changes.renamed:
            self._rekey(changes.renamed, self.TICKER)
        store = self.session.store
        touched: dict[int, list[int]] = {}
        for ticker, metric, period in changes.facts:
            row, column = self._pos.get(ticker), self._colpos.get((metric, period))
            if row is None or column is None:
                continue
            value = store.fact(ticker, metric, period)
            if ticker in self._loaded:  # a row not read yet reads the new value when shown
                self._rows[row][column] = value
            self._column_changed(column, row, value)
            touched.setdefault(row, []).append(column)
        for row, columns in touched.items():
            for column in columns:
                idx = self.index(row, column)
                self.dataChanged.emit(idx, idx)
        for ticker in changes.companies:
            row = self._pos.get(ticker)
            if row is not None:
                c = store.company(ticker)
                values = list(self._rows[row])
                values[self.SEGMENT], values[self.NAME] = c["segment"], c["name"]
                self._refresh_row(row, values)
