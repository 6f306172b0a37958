"""Table models over the store: row keys plus a cache; data() only reads and formats.

Edits are validated by the core (``workbench.edits``, ``parse_number``, ``normalize_ticker``,
the store's rules) and applied through the session's undo stack; the models listen to the
session's ``changed`` signal and refresh exactly the rows and cells an edit touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cmp_to_key

from PySide6.QtCore import (QAbstractTableModel, QCollator, QCoreApplication, QLocale, QModelIndex,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QBrush, QColor, QFont

from ui.i18n import is_chinese
from workbench.domain.issue import standard_table_columns
from workbench.domain.metrics import METRICS, YI, NumberStyle, colours_moves, format_value
from workbench.domain.periods import period_label, period_sort_key
from workbench.edits import (AddCompany, Batch, Changes, DeleteCompanies, DeleteQuotes, Edit, RenameTicker,
                             SetCompanyField, SetFact, SetIndexCode, SetQuote, clean_text, close_from_display,
                             fact_from_display, fact_unchanged, ratio_from_display, same_as_shown)
from workbench.errors import ValidationError, WorkbenchError

SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw value (float, None, text) sorting uses
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's segment / index, for the group filter
HEADER_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # header text spanning several columns
HEADER_LABEL_ROLE = Qt.ItemDataRole.UserRole + 3  # a column's own header under the group

TEXT = "text"
INT = "int"

# A-share convention: red for up (positive changes), green for down (negative values).
UP_BRUSH = QBrush(QColor("#c62828"))
DOWN_BRUSH = QBrush(QColor("#1b7f3b"))
BAND_BRUSH = QBrush(QColor("#f5f1ea"))
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
SIGNED_KINDS = ("ratio",)  # kinds whose positive values mean "up" and are shown red


translate = QCoreApplication.translate


def metric_name(code: str) -> str:
    """A metric's name in the UI language (the core knows both)."""
    m = METRICS.get(code)
    if m is None:
        return code
    return m.zh if is_chinese() else m.en


def column_period_label(period: str) -> str:
    label = period_label(period)
    if period.endswith("YTD") and not is_chinese():
        return "YTD"
    return label


_collator: QCollator | None = None


def collator() -> QCollator:
    """Chinese collation (pinyin order for hanzi, natural order for digits)."""
    global _collator
    if _collator is None:
        _collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _collator.setNumericMode(True)
    return _collator


@dataclass(frozen=True)
class Column:
    """One column of a table model: what it shows and how."""

    key: object
    label: str
    group: str = ""
    kind: str = TEXT  # text | int | amount | ratio | multiple | price | per_share
    editable: bool = False
    width: int = 90
    collate: bool = False  # sort with the Chinese collator
    searchable: bool = False  # the filter box looks in this column
    signed: bool = False  # show a + sign on positive values
    stretch: bool = False  # takes the table's spare width

    @property
    def title(self) -> str:
        """The one-line header (used for copied TSV headers)."""
        return f"{self.group} {self.label}".strip() if self.group else self.label

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


def format_cell(column: Column, value, style: NumberStyle | None = None) -> str:
    """A cell's text; numbers in the house's number style (the PDF and the .xlsx print the same)."""
    if column.kind == TEXT:
        return "" if value is None else str(value)
    if column.kind == INT:
        return "--" if value is None else str(int(value))
    return format_value(column.kind, value, signed=column.signed, style=style)


def edit_text(column: Column, value) -> str:
    """The text an editor starts with: full precision in the display unit."""
    if value is None:
        return ""
    if column.kind == "amount":
        return f"{value / YI:.10g}"
    if column.kind == "ratio":
        return f"{value * 100:.10g}%"
    if column.numeric:
        return f"{value:.10g}"
    return str(value)


class StoreTableModel(QAbstractTableModel):
    """Base of the workbench's table models: rows are lists of raw values aligned with columns."""

    refused = Signal(QModelIndex, str)  # an edit the core refused, with the reason
    group_column: int | None = None

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.columns: list[Column] = []
        self._keys: list = []
        self._rows: list[list] = []
        self._pos: dict = {}
        self._natural: dict = {}
        self._search: list[str | None] = []
        self._ranks: dict[int, dict] = {}
        self._bands: dict = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.number_style = NumberStyle()
        session.changed.connect(self._on_session_changed)
        session.reloaded.connect(self.reload)

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self.beginResetModel()
        self.number_style = NumberStyle.lenient(self.session.store.house().get("number_style"))
        self.columns = self._make_columns()
        keys, rows = self._load()
        self._set_rows(keys, rows)
        self.endResetModel()

    def _make_columns(self) -> list[Column]:
        raise NotImplementedError

    def _load(self) -> tuple[list, list[list]]:
        raise NotImplementedError

    def _set_rows(self, keys: list, rows: list[list]) -> None:
        self._keys, self._rows = list(keys), rows
        self._natural = {k: i for i, k in enumerate(self._keys)}
        self._search = [None] * len(self._keys)
        self._ranks.clear()
        self._bands = self._make_bands()
        self._apply_sort()

    def _make_bands(self) -> dict:
        if self.group_column is None:
            return {}
        order: dict = {}
        for row in self._rows:
            order.setdefault(row[self.group_column], len(order))
        return {g: i % 2 for g, i in order.items()}

    def _reindex(self) -> None:
        self._pos = {k: i for i, k in enumerate(self._keys)}

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows) or c >= len(self.columns):
            return None
        col = self.columns[c]
        value = self._rows[r][c]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_cell(col, value, self.number_style)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(col, value)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col.numeric else LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if col.numeric and value is not None:
                if value < 0 and colours_moves(col.kind):  # a negative PE stays in the text colour
                    return DOWN_BRUSH
                if value > 0 and col.kind in SIGNED_KINDS:
                    return UP_BRUSH
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._bands and self._bands.get(self._rows[r][self.group_column]):
                return BAND_BRUSH
            return None
        if role == GROUP_ROLE:
            return self.group_of(r)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(r, c)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        if not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.title
        if role == HEADER_GROUP_ROLE:
            return col.group
        if role == HEADER_LABEL_ROLE:
            return col.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            edit = self.edit_for(index.row(), index.column(), value)
            if edit is None:
                return True
            question = self.unusual_question([edit])
            if question and self.ask_unusual is not None and not self.ask_unusual(question):
                return False  # the user kept the stored value
            self.session.apply(edit, self.edit_text_for(edit))
        except WorkbenchError as exc:
            self.refused.emit(index, exc.message)
            return False
        return True

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows by raw values (numbers numerically, names in pinyin order); -1 restores report order.

        Missing values always go last; equal values keep the report order (stable).
        """
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [(self._keys[i.row()], i.column()) if i.row() < len(self._keys) else None for i in persistent]
        self._sort = (column, Qt.SortOrder(order))
        self._apply_sort()
        after = [self.index(self._pos[k[0]], k[1]) if k is not None and k[0] in self._pos else QModelIndex()
                 for k in before]
        self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        n = len(self._keys)
        natural = [self._natural.get(k, n + i) for i, k in enumerate(self._keys)]
        if not 0 <= column < len(self.columns):
            perm = sorted(range(n), key=natural.__getitem__)
        else:
            col = self.columns[column]
            values = self._sort_values(column)
            present = [i for i in range(n) if values[i] is not None and values[i] != ""]
            missing = [i for i in range(n) if values[i] is None or values[i] == ""]
            present.sort(key=natural.__getitem__)
            missing.sort(key=natural.__getitem__)
            if col.collate:
                ranks = self._collation_ranks(column, values)
                key = lambda i: ranks[values[i]]  # noqa: E731
            elif col.numeric:
                key = values.__getitem__
            else:
                key = lambda i: str(values[i]).casefold()  # noqa: E731
            present.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
            perm = present + missing
        self._keys = [self._keys[i] for i in perm]
        self._rows = [self._rows[i] for i in perm]
        self._search = [self._search[i] for i in perm]
        self._reindex()

    def _sort_values(self, column: int) -> list:
        """Every row's raw value in ``column``, in the current row order (what sorting compares)."""
        return [row[column] for row in self._rows]

    def _collation_ranks(self, column: int, values: list) -> dict:
        ranks = self._ranks.get(column)
        if ranks is None or any(v not in ranks for v in values if v is not None and v != ""):
            unique = sorted({v for v in values if v is not None and v != ""}, key=cmp_to_key(collator().compare))
            ranks = {v: i for i, v in enumerate(unique)}
            self._ranks[column] = ranks
        return ranks

    # ------------------------------------------------------------------ helpers for views
    def key_at(self, row: int):
        return self._keys[row]

    def row_of(self, key) -> int | None:
        return self._pos.get(key)

    def keys(self) -> list:
        return list(self._keys)

    def total_count(self) -> int:
        """Rows before any filter (a model that filters in the store says how many it left out)."""
        return len(self._keys)

    def value(self, row: int, column: int):
        return self._rows[row][column]

    def group_of(self, row: int):
        if self.group_column is None:
            return None
        return self._rows[row][self.group_column]

    def groups(self) -> list[str]:
        """The group filter's choices, in report order."""
        if self.group_column is None:
            return []
        seen: dict = {}
        order = sorted(range(len(self._keys)), key=lambda i: self._natural.get(self._keys[i], i))
        for i in order:
            g = self._rows[i][self.group_column]
            if g not in (None, ""):
                seen.setdefault(g, None)
        return list(seen)

    def search_text(self, row: int) -> str:
        """The lower-cased text of the row's text columns, which the filter box searches."""
        text = self._search[row]
        if text is None:
            cells = self._rows[row]
            text = " ".join(str(cells[c]) for c, col in enumerate(self.columns)
                            if col.searchable and cells[c] not in (None, "")).casefold()
            self._search[row] = text
        return text

    def cell_text(self, row: int, column: int) -> str:
        return format_cell(self.columns[column], self._rows[row][column], self.number_style)

    def row_label(self, row: int) -> str:
        """What a row is, in words, for messages about one of its cells."""
        key = self._keys[row]
        return " ".join(map(str, key)) if isinstance(key, tuple) else str(key)

    def tooltip(self, row: int, column: int):
        return None

    def header_tooltip(self, col: Column) -> str:
        return col.title

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    # ------------------------------------------------------------------ editing (subclasses)
    def edit_for(self, row: int, column: int, value) -> Edit | None:
        """The edit record for a value typed or pasted into a cell; None when nothing changes.

        Raises WorkbenchError with a message for the user when the value is refused.
        """
        raise ValidationError(translate("StoreTableModel", "This column cannot be edited."))

    ask_unusual = None  # (question) -> bool: asked before a plausible but unusual value is stored

    def unusual_question(self, edits: list[Edit]) -> str:
        """The question to ask before storing ``edits`` (values that are possible but usually a slip), or ""."""
        return ""

    def delete_edit(self, cells: list[tuple[int, int]]) -> tuple[Edit | None, str]:
        """The edit deleting the selected cells (or their rows), and the question to ask first."""
        return None, ""

    def edit_text_for(self, edit: Edit) -> str:
        return translate("StoreTableModel", "Edit cell")

    # ------------------------------------------------------------------ refreshing after edits
    def _on_session_changed(self, changes: Changes) -> None:
        raise NotImplementedError

    def _refresh_row(self, row: int, values: list) -> None:
        """Put a row's new values in the cache; dataChanged names only the cells that differ."""
        changed = [c for c, (a, b) in enumerate(zip(self._rows[row], values)) if a != b]
        self._rows[row] = values
        if not changed:
            return
        self._search[row] = None
        self._ranks.clear()
        self.dataChanged.emit(self.index(row, changed[0]), self.index(row, changed[-1]))

    def _rekey(self, renamed: list[tuple[str, str]], key_column: int) -> None:
        for old, new in renamed:
            row = self._pos.pop(old, None)
            if row is None:
                continue
            self._keys[row] = new
            self._pos[new] = row
            self._natural[new] = self._natural.pop(old, row)
            values = list(self._rows[row])
            values[key_column] = new
            self._refresh_row(row, values)


# ============================================================================ companies
class CompanyTableModel(StoreTableModel):
    """Companies in report order: ticker, short name, full name, segment, industry (all editable)."""

    TICKER, NAME, FULL_NAME, SEGMENT, INDUSTRY = range(5)
    group_column = SEGMENT

    def _make_columns(self) -> list[Column]:
        return [
            Column("ticker", translate("CompanyTableModel", "Ticker"), editable=True, width=110, searchable=True),
            Column("name", translate("CompanyTableModel", "Name"), editable=True, width=120, collate=True,
                   searchable=True),
            Column("full_name", translate("CompanyTableModel", "Full name"), editable=True, width=300, collate=True,
                   searchable=True, stretch=True),
            Column("segment", translate("CompanyTableModel", "Segment"), editable=True, width=160, collate=True,
                   searchable=True),
            Column("industry", translate("CompanyTableModel", "Industry"), editable=True, width=110, collate=True,
                   searchable=True),
        ]

    def _load(self):
        companies = self.session.store.companies()
        keys = [c["ticker"] for c in companies]
        rows = [[c["ticker"], c["name"], c["full_name"], c["segment"], c["industry"]] for c in companies]
        return keys, rows

    def _row_from_store(self, ticker: str) -> list:
        c = self.session.store.company(ticker)
        return [c["ticker"], c["name"], c["full_name"], c["segment"], c["industry"]]

    def groups(self) -> list[str]:
        return self.session.store.segments()

    def edit_for(self, row, column, value):
        ticker = self._keys[row]
        key = self.columns[column].key
        if key == "ticker":
            text = clean_text(value)
            if text is None:
                raise ValidationError(translate("CompanyTableModel", "The ticker cannot be empty."))
            edit = RenameTicker(ticker, text)  # normalises; raises for an invalid ticker
            return None if edit.new == ticker else edit
        new = clean_text(value)
        if new == self._rows[row][column]:
            return None
        if key == "name" and new is None:
            raise ValidationError(translate("CompanyTableModel", "The company name cannot be empty."))
        return SetCompanyField(ticker, key, new)

    def add_edit(self, ticker: str, name: str, segment: str | None = None) -> AddCompany:
        return AddCompany(ticker, name, segment)

    def delete_edit(self, cells):
        rows = sorted({r for r, _ in cells})
        if not rows:
            return None, ""
        tickers = [self._keys[r] for r in rows]
        names = "、".join(str(self._rows[r][self.NAME]) for r in rows[:5]) + ("…" if len(rows) > 5 else "")
        question = translate("CompanyTableModel", "Delete %1 companies (%2) with all their financial data?") \
            .replace("%1", str(len(rows))).replace("%2", names)
        return DeleteCompanies(tickers), question

    def edit_text_for(self, edit):
        if isinstance(edit, RenameTicker):
            return translate("CompanyTableModel", "Change ticker %1").replace("%1", edit.new)
        if isinstance(edit, DeleteCompanies):
            return translate("CompanyTableModel", "Delete companies")
        if isinstance(edit, AddCompany):
            return translate("CompanyTableModel", "Add company %1").replace("%1", edit.name)
        return translate("CompanyTableModel", "Edit company")

    def _on_session_changed(self, changes: Changes) -> None:
        if changes.rows:
            self.reload()
            return
        if changes.renamed:
            self._rekey(changes.renamed, self.TICKER)
        for ticker in changes.companies:
            row = self._pos.get(ticker)
            if row is not None:
                self._refresh_row(row, self._row_from_store(ticker))


# ============================================================================ financials
def default_fact_columns(store) -> list[tuple[str, str]]:
    """The report's 11 columns when the store has most of them, else every column with facts."""
    standard = [(c.metric, c.period) for c in standard_table_columns(2024)]
    available = store.fact_columns()
    if sum(1 for c in standard if c in set(available)) * 2 >= len(standard):
        return standard
    return all_fact_columns(available)


def all_fact_columns(available: list[tuple[str, str]]) -> list[tuple[str, str]]:
    order = {code: i for i, code in enumerate(METRICS)}
    return sorted(available, key=lambda mp: (order.get(mp[0], len(order)), mp[0], period_sort_key(mp[1])))


def fact_column(metric: str, period: str) -> Column:
    """Header group and label of a metric/period column, as the report's table prints them."""
    m = METRICS.get(metric)
    kind = m.kind if m else "price"
    plabel = column_period_label(period)
    if metric.endswith("_yoy") and metric[:-4] in METRICS:
        group, label = metric_name(metric[:-4]), f"{plabel} YoY"
    elif metric == "pe":
        group, label = translate("FinancialsTableModel", "Valuation"), f"PE {plabel}"
    elif metric == "ytd_return":
        group, label = translate("FinancialsTableModel", "Valuation"), translate("FinancialsTableModel", "YTD")
    else:
        group, label = metric_name(metric), plabel
    base = METRICS.get(metric[:-4]) if metric.endswith("_yoy") else m
    if base is not None and base.kind == "amount":
        # the report's header: 营业收入(亿元) spanning the amounts and their YoY
        group = group + "(" + translate("FinancialsTableModel", "100m CNY") + ")"
    width = 84 if kind == "multiple" else 96
    return Column((metric, period), label, group, kind=kind, editable=True, width=width)


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
        super().__init__(session, parent)

    def set_fact_columns(self, columns: list[tuple[str, str]] | None) -> None:
        """Show these (metric, period) columns; None means the default set."""
        self._fact_columns = columns
        self.reload()

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
        self._colpos = {c.key: i for i, c in enumerate(cols) if i >= self.FIXED}
        return cols

    BATCH = 256  # rows whose facts are read at once, as the view scrolls to them

    def _load(self):
        """Every company's segment, ticker and name; facts are read as rows are shown (``_ensure``).

        A store with 50,000 companies holds about a million facts: reading only the rows the
        view shows (a batch at a time) keeps opening fast and memory in step with what is shown.
        """
        companies = self.session.store.companies()
        blank = [None] * (len(self.columns) - self.FIXED)
        self._loaded: set = set()
        self._whole: dict[int, dict] = {}  # column -> every company's value (read to sort by it)
        keys = [c["ticker"] for c in companies]
        rows = [[c["segment"], c["ticker"], c["name"], *blank] for c in companies]
        return keys, rows

    def _ensure(self, row: int) -> None:
        """Read the facts of ``row`` and the next rows (a batch, in the current order) not yet read."""
        if self._keys[row] in self._loaded or len(self.columns) <= self.FIXED:
            return
        batch = [k for k in self._keys[row:row + self.BATCH] if k not in self._loaded]
        wanted = [c.key for c in self.columns[self.FIXED:]]
        matrix = self.session.store.fact_matrix(wanted, batch)
        empty: dict = {}
        for ticker in batch:
            facts = matrix.get(ticker, empty)
            cells = self._rows[self._pos[ticker]]
            for j, key in enumerate(wanted, start=self.FIXED):
                cells[j] = facts.get(key)
            self._loaded.add(ticker)

    def _sort_values(self, column: int) -> list:
        if column < self.FIXED:
            return super()._sort_values(column)
        whole = self._whole.get(column)
        if whole is None:  # one query for the column, kept until the grid reloads
            whole = self._whole[column] = self.session.store.fact_values(*self.columns[column].key)
        return [whole.get(k) for k in self._keys]

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
        metric, period = col.key
        new = fact_from_display(metric, value)
        # the store's value, not the cache: another writer may have changed it since the grid was filled
        stored = self.session.store.fact(self._keys[row], metric, period)
        if fact_unchanged(metric, stored, new, style=self.number_style):
            return None  # what the cell shows, typed or pasted back: the stored figure stays as it is
        return SetFact(self._keys[row], metric, period, new)

    def unusual_question(self, edits):
        """A negative revenue is possible (brokers, insurers) but is usually a sign or unit slip: ask first."""
        negative = [e for e in edits if isinstance(e, SetFact) and e.metric == "revenue"
                    and e.value is not None and e.value < 0]
        if not negative:
            return ""
        names = {k: self._rows[r][self.NAME] for k, r in self._pos.items()}
        cells = "；".join(f"{names.get(e.ticker, e.ticker)} {period_label(e.period)} "
                         f"{format_value('amount', e.value, style=self.number_style)} 亿元" for e in negative[:5])
        more = "…" if len(negative) > 5 else ""
        return translate("FinancialsTableModel", "Negative revenue: %1%2. Only a few companies (brokers, insurers) "
                         "report a negative revenue; check the sign and the unit. Store it anyway?") \
            .replace("%1", cells).replace("%2", more)

    def delete_edit(self, cells):
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
        if isinstance(edit, SetFact):
            return translate("FinancialsTableModel", "Edit %1").replace("%1", metric_name(edit.metric))
        return translate("FinancialsTableModel", "Clear values")

    def tooltip(self, row, column):
        col = self.columns[column]
        if column < self.FIXED:
            return None
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
            from ui.provenance import source_line

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

    def _on_session_changed(self, changes: Changes) -> None:
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
            self._rows[row][column] = store.fact(ticker, metric, period)
            if column in self._whole:
                self._whole[column][ticker] = self._rows[row][column]
            touched.setdefault(row, []).append(column)
        if touched:
            self._ranks.clear()
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


# ============================================================================ index quotes
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
        index_id, date = self._keys[row]
        current = self.session.store.quotes(index_id, start=date, end=date)  # not the cache: it may be stale
        close, change = (current[0]["close"], current[0]["change"]) if current else \
            (self._rows[row][self.CLOSE], self._rows[row][self.CHANGE])
        if column == self.CLOSE:
            new = close_from_display(value)
            if same_as_shown(self.columns[column].kind, close, new, close_from_display, style=self.number_style):
                return None
            return SetQuote(index_id, date, new, change)
        if column == self.CHANGE:
            new = ratio_from_display(value)
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

    def delete_edit(self, cells):
        rows = sorted({r for r, _ in cells})
        if not rows:
            return None, ""
        question = translate("QuoteTableModel", "Delete %1 index quotes?").replace("%1", str(len(rows)))
        return DeleteQuotes([self._keys[r] for r in rows]), question

    def edit_text_for(self, edit):
        if isinstance(edit, DeleteQuotes):
            return translate("QuoteTableModel", "Delete quotes")
        if isinstance(edit, SetIndexCode):
            return translate("QuoteTableModel", "Set index code")
        return translate("QuoteTableModel", "Edit quote")

    def _on_session_changed(self, changes: Changes) -> None:
        if changes.quotes:
            self.reload()


# ============================================================================ issues
class IssueListModel(StoreTableModel):
    """Weekly issues, newest first (read-only), narrowed by the store's full-text search and a status.

    The search goes to the store (``Store.issues(query=, status=)``, FTS5 over every issue's text),
    so an issue is found by words of its sections, not only by the columns shown.
    """

    ID, SERIES, HEADLINE, PERIOD, PUBLISHED, STATUS, VERSION, UPDATED = range(8)
    STATUS_BRUSHES = {"draft": QBrush(QColor("#2f4f7f")), "review": QBrush(QColor("#8a5a00")),
                      "final": QBrush(QColor("#1b5e20"))}

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.query = ""
        self.status: str | None = None
        self._status_of: dict[int, str] = {}  # issue id -> status code
        self._total = 0

    def _make_columns(self):
        return [
            Column("id", translate("IssueListModel", "No."), kind=INT, width=50),
            Column("series", translate("IssueListModel", "Series"), width=150, collate=True, searchable=True),
            Column("headline", translate("IssueListModel", "Headline"), width=380, collate=True, searchable=True,
                   stretch=True),
            Column("period", translate("IssueListModel", "Period"), width=190, searchable=True),
            Column("publish_date", translate("IssueListModel", "Published"), width=96, searchable=True),
            Column("status", translate("IssueListModel", "Status"), width=80, searchable=True),
            Column("version", translate("IssueListModel", "Version"), kind=INT, width=56),
            Column("updated_at", translate("IssueListModel", "Last changed"), width=150),
        ]

    @staticmethod
    def status_text(status: str) -> str:
        if status == "draft":
            return translate("IssueListModel", "Draft")
        if status == "review":
            return translate("IssueListModel", "In review")
        if status == "final":
            return translate("IssueListModel", "Final")
        return status

    def set_filter(self, query: str | None = None, status: str | None = None) -> None:
        """Show only issues whose text matches ``query`` (3+ characters: FTS5) and with ``status``."""
        query = (query or "").strip()
        if query == self.query and status == self.status:
            return
        self.query, self.status = query, status or None
        self.reload()

    def is_filtered(self) -> bool:
        return bool(self.query or self.status)

    def total_count(self) -> int:
        return self._total

    def status_at(self, row: int) -> str:
        return self._status_of.get(self._keys[row], "")

    def _load(self):
        store = self.session.store
        issues = store.issues(query=self.query or None, status=self.status)
        self._total = len(store.issues()) if self.is_filtered() else len(issues)
        keys = [i["id"] for i in issues]
        self._status_of = {i["id"]: i["status"] for i in issues}
        rows = [[i["id"], i["series"], i["headline"], f"{i['period_start']} – {i['period_end']}", i["publish_date"],
                 self.status_text(i["status"]), i["version"], (i["updated_at"] or "")[:19].replace("T", " ")]
                for i in issues]
        return keys, rows

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.STATUS \
                and index.row() < len(self._keys):
            return self.STATUS_BRUSHES.get(self.status_at(index.row()))
        return super().data(index, role)

    def _on_session_changed(self, changes: Changes) -> None:
        pass


# ============================================================================ filtering
class TableFilterProxy(QSortFilterProxyModel):
    """Filter as you type over every text column (key column -1), plus a group (segment) filter.

    Sorting is delegated to the source model, which sorts its row keys by raw values in one
    Python sort: much faster than comparing cells through data() one pair at a time.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._terms: list[str] = []
        self._group: str | None = None

    def set_text(self, text: str) -> None:
        self._terms = text.casefold().split()
        self.setFilterFixedString(text)

    def set_group(self, group: str | None) -> None:
        self.beginFilterChange()
        self._group = group or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def group(self) -> str | None:
        return self._group

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        if self._group is not None and model.group_of(source_row) != self._group:
            return False
        if not self._terms:
            return True
        column = self.filterKeyColumn()
        if column < 0:
            text = model.search_text(source_row)
        else:
            text = model.cell_text(source_row, column).casefold()
        return all(term in text for term in self._terms)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def source_index(self, proxy_row: int, column: int = 0) -> QModelIndex:
        return self.mapToSource(self.index(proxy_row, column))


__all__ = ["CompanyTableModel", "FinancialsTableModel", "QuoteTableModel", "IssueListModel", "TableFilterProxy",
           "StoreTableModel", "Column", "SORT_ROLE", "GROUP_ROLE", "HEADER_GROUP_ROLE", "HEADER_LABEL_ROLE"]
