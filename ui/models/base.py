"""StoreTableModel: the base of the table models, row keys plus a cache; data() only reads and formats.

Edits are validated by the core (``workbench.edits``, ``parse_number``, ``normalize_ticker``,
the store's rules) and applied through the session's undo stack; the models listen to the
session's ``changed`` signal and refresh exactly the rows and cells an edit touched.
"""

from __future__ import annotations

from functools import cmp_to_key

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from ui.models.columns import (BAND_BRUSH, DOWN_BRUSH, GROUP_ROLE, HEADER_GROUP_ROLE, HEADER_LABEL_ROLE, LEFT,
                               RIGHT, SIGNED_KINDS, SORT_ROLE, UP_BRUSH, Column, collator, edit_text, format_cell,
                               translate)
from workbench.domain.metrics import NumberStyle, colours_moves
from workbench.edits import Changes, Edit
from workbench.errors import ValidationError, WorkbenchError


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
