"""TableFilterProxy: filter as you type and by group over a StoreTableModel, which sorts itself."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from ui.models.columns import SORT_ROLE


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
