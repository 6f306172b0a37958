"""StoreTableModel: the base of the table models, row keys plus a cache; data() only reads and formats.

Edits are validated by the core (``workbench.edits``, ``parse_number``, ``normalize_ticker``,
the store's rules) and applied through the session's undo stack; the models listen to the
session's ``changed`` signal and refresh exactly the rows and cells an edit touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from ui.models.columns import (BAND_BRUSH, DOWN_BRUSH, GROUP_ROLE, HEADER_GROUP_ROLE, HEADER_LABEL_ROLE, LEFT,
                               RIGHT, SIGNED_KINDS, SORT_ROLE, UP_BRUSH, Column, edit_text, format_cell, translate)
from ui.models.sorting import argsort, number_key, text_key
from workbench.domain.metrics import NumberStyle, colours_moves, prints_negative, prints_positive
from workbench.errors import ValidationError, WorkbenchError

if TYPE_CHECKING:  # the edit records load with the first edit, not with the first screen
    from workbench.edits import Changes, Edit


class StoreTableModel(QAbstractTableModel):
    """Base of the workbench's table models: rows are lists of raw values aligned with columns.

    The rows are kept twice over the same lists: in load (report) order (``_base_keys``,
    ``_base_rows``) and in the shown order (``_keys``, ``_rows``, ``_order`` giving each shown
    row's load index). Sorting computes the shown order from a key array per column, kept until
    a value in that column changes.
    """

    refused = Signal(QModelIndex, str)  # an edit the core refused, with the reason
    group_column: int | None = None

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.columns: list[Column] = []
        self._keys: list = []
        self._rows: list[list] = []
        self._base_keys: list = []
        self._base_rows: list[list] = []
        self._order: list[int] | range = range(0)  # shown row -> load index
        self._pos: dict = {}  # key -> shown row
        self._natural: dict = {}  # key -> load index
        self._search: list[str | None] = []  # by load index
        self._sort_keys: dict = {}  # column -> key array (load order), see ui.models.sorting
        self._in_order = False  # the shown rows follow ``_sort`` (no value in its column changed since)
        self._generation = 0  # counts reloads: keys read ahead for older rows are dropped
        self._ahead: set[int] = set()  # columns whose keys are still being read ahead
        self._touched: set[int] = set()  # columns changed since the keys were read ahead
        self._ahead_task = None  # the pool task reading keys ahead (see ui.models.prefetch)
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
        self._base_keys, self._base_rows = list(keys), list(rows)
        self._natural = dict(zip(self._base_keys, range(len(self._base_keys))))
        self._search = [None] * len(self._base_keys)
        self._sort_keys.clear()
        self._generation += 1
        self._ahead.clear()
        if self._ahead_task is not None:
            self._ahead_task.cancel()  # its keys are for the rows before this reload
        self._bands = self._make_bands()
        self._apply_sort()

    def _make_bands(self) -> dict:
        if self.group_column is None:
            return {}
        g = self.group_column
        order = dict.fromkeys(row[g] for row in self._base_rows)
        return {group: i % 2 for i, group in enumerate(order)}

    def _reindex(self) -> None:
        self._pos = dict(zip(self._keys, range(len(self._keys))))

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
                # the printed sign: a negative PE stays in the text colour, -0.004% prints 0.00% uncoloured
                if colours_moves(col.kind) and prints_negative(col.kind, value, self.number_style):
                    return DOWN_BRUSH
                if col.kind in SIGNED_KINDS and prints_positive(col.kind, value, self.number_style):
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

        Missing values always go last; equal values keep the report order (stable). Rows already
        in this order stay as they are, with no layout change (QTableView.sortByColumn asks twice).
        """
        if not 0 <= column < len(self.columns):
            column = -1
        if (column, Qt.SortOrder(order)) == self._sort and self._in_order:
            return
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
        n = len(self._base_keys)
        if 0 <= column < len(self.columns):
            perm = argsort(self.sort_key(column), descending=order == Qt.SortOrder.DescendingOrder)
        else:
            perm = range(n)  # report order: a range, not a list of 50,000 ints
        self._order = perm
        keys, rows = self._base_keys, self._base_rows
        self._keys = [keys[i] for i in perm]
        self._rows = [rows[i] for i in perm]
        self._reindex()
        self._in_order = True

    def sort_key(self, column: int):
        """The column's sort key array, in load order (computed once, kept until the column changes)."""
        key = self._sort_keys.get(column)
        if key is None:
            col = self.columns[column]
            values = self._column_values(column)
            key = number_key(values) if col.numeric else text_key(values, collate=col.collate)
            self._sort_keys[column] = key
        return key

    def _column_values(self, column: int) -> list:
        """Every row's raw value in ``column``, in load order (what sorting compares)."""
        return [row[column] for row in self._base_rows]

    # ------------------------------------------------------------------ sort keys read ahead (idle time)
    def prepare_sort_keys(self) -> None:
        """Compute the sort keys a first sort would need, in the idle time after the rows are shown:
        text columns one per event-loop turn (``read_keys_ahead`` adds what a subclass reads)."""
        from PySide6.QtCore import QTimer

        generation = self._generation
        self._touched.clear()
        pending = [c for c, col in enumerate(self.columns) if not col.numeric and c not in self._sort_keys]
        self._ahead.update(pending)

        def step() -> None:
            if self._generation != generation:
                return
            if pending:
                column = pending.pop(0)
                self._ahead.discard(column)
                if column < len(self.columns) and column not in self._sort_keys:
                    self.sort_key(column)
                QTimer.singleShot(0, step)

        QTimer.singleShot(0, step)
        self.read_keys_ahead(generation)

    def read_keys_ahead(self, generation: int) -> None:
        """Start reading the keys that need the store (figure columns), off the GUI thread."""

    def sort_keys_pending(self) -> bool:
        """Keys are still being computed or read ahead."""
        return bool(self._ahead)

    def _key_read_ahead(self, generation: int, column: int, key) -> None:
        """A key read ahead arrived: kept unless the rows were reloaded or the column changed since."""
        if generation != self._generation:
            return
        self._ahead.discard(column)
        if column not in self._touched and column not in self._sort_keys:
            self._sort_keys[column] = key

    def _column_changed(self, column: int, row: int | None = None, value=None) -> None:
        """A value in ``column`` changed (``row``'s, now ``value``): its sort key follows."""
        self._touched.add(column)
        key = self._sort_keys.get(column)
        if key is not None:
            if row is not None and self.columns[column].numeric:
                key[self._order[row]] = float("nan") if value is None or value == "" else value
            else:
                del self._sort_keys[column]
        if column == self._sort[0]:
            self._in_order = False

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
        g = self.group_column
        return [v for v in dict.fromkeys(row[g] for row in self._base_rows) if v not in (None, "")]

    def group_values(self) -> list:
        """Every shown row's group (segment / index), in the shown order (the group filter's input)."""
        if self.group_column is None:
            return [None] * len(self._rows)
        g = self.group_column
        return [row[g] for row in self._rows]

    def search_text(self, row: int) -> str:
        """The lower-cased text of the row's text columns, which the filter box searches."""
        i = self._order[row]
        text = self._search[i]
        if text is None:
            text = self._search[i] = self._search_text_of(self._rows[row])
        return text

    def search_texts(self) -> list[str]:
        """``search_text`` of every shown row, in the shown order (the filter box's input)."""
        texts = self._search
        if None in texts:  # one comprehension for the rows not searched yet, not a call per row
            columns = [c for c, col in enumerate(self.columns) if col.searchable]
            self._search = texts = [
                t if t is not None else " ".join([str(v) for v in [row[c] for c in columns if c < len(row)]
                                                  if v is not None and v != ""]).casefold()
                for t, row in zip(texts, self._base_rows)]
        return [texts[i] for i in self._order]

    def _search_text_of(self, cells: list) -> str:
        return " ".join(str(cells[c]) for c, col in enumerate(self.columns)
                        if col.searchable and c < len(cells) and cells[c] not in (None, "")).casefold()

    def cell_text(self, row: int, column: int) -> str:
        return format_cell(self.columns[column], self._rows[row][column], self.number_style)

    def prefetch(self, rows: list[int]) -> None:
        """Read whatever these rows need before a view paints them (models that read lazily)."""

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

    def ratio_metric(self, column: int) -> str | None:
        """The metric of an editable % column (a pasted 0.05 may be 5% as well as 0.05%), else None."""
        return None

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
        self._rows[row] = self._base_rows[self._order[row]] = values
        if not changed:
            return
        self._search[self._order[row]] = None
        for c in changed:
            self._column_changed(c, row, values[c])
        self.dataChanged.emit(self.index(row, changed[0]), self.index(row, changed[-1]))

    def _rekey(self, renamed: list[tuple[str, str]], key_column: int) -> None:
        for old, new in renamed:
            row = self._pos.pop(old, None)
            if row is None:
                continue
            self._keys[row] = self._base_keys[self._order[row]] = new
            self._pos[new] = row
            self._natural[new] = self._natural.pop(old, row)
            values = list(self._rows[row])
            values[key_column] = new
            self._refresh_row(row, values)
