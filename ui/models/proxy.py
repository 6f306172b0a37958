"""TableFilterProxy: filter as you type and by group over a StoreTableModel, which sorts itself."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from ui.models.columns import SORT_ROLE


class TableFilterProxy(QSortFilterProxyModel):
    """Filter as you type over every text column (key column -1), plus a group (segment) filter.

    Sorting is delegated to the source model, which sorts its rows by a key array per column.
    While a filter is on, whether each source row matches is worked out for every row at once
    (list operations over the model's search texts and groups) and kept until the filter or the
    rows change, so ``filterAcceptsRow`` only looks an answer up; with no filter it returns at once.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._terms: list[str] = []
        self._group: str | None = None
        self._matches: list[bool] | None = None  # per source row, while a filter is on

    def setSourceModel(self, model) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal in (old.modelReset, old.layoutChanged, old.rowsInserted, old.rowsRemoved):
                signal.disconnect(self._forget_matches)
            old.dataChanged.disconnect(self._on_source_data_changed)
        self._matches = None
        if model is not None:
            # connected before the proxy's own handlers: the answers are fresh when it filters again
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._forget_matches)
            model.dataChanged.connect(self._on_source_data_changed)
        super().setSourceModel(model)

    # A new filter re-maps every row in one layout change: removing or inserting thousands of
    # scattered rows one range at a time (what a filter change does) costs several times more.
    def set_text(self, text: str) -> None:
        self._terms = text.casefold().split()
        self._matches = None
        self.invalidate()

    def set_group(self, group: str | None) -> None:
        self._group = group or None
        self._matches = None
        self.invalidate()

    def group(self) -> str | None:
        return self._group

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self._group is None and not self._terms:
            return True
        matches = self._matches
        if matches is None:
            matches = self._matches = self._match_all()
        return matches[source_row]

    def _match_all(self) -> list[bool]:
        model = self.sourceModel()
        n = model.rowCount()
        group, terms = self._group, self._terms
        accept = [True] * n if group is None else [g == group for g in model.group_values()]
        if terms:
            column = self.filterKeyColumn()
            texts = model.search_texts() if column < 0 else \
                [model.cell_text(r, column).casefold() for r in range(n)]
            for term in terms:
                accept = [ok and term in text for ok, text in zip(accept, texts)]
        return accept

    def _match(self, row: int) -> bool:
        model = self.sourceModel()
        if self._group is not None and model.group_of(row) != self._group:
            return False
        column = self.filterKeyColumn()
        text = model.search_text(row) if column < 0 else model.cell_text(row, column).casefold()
        return all(term in text for term in self._terms)

    def _forget_matches(self, *args) -> None:
        self._matches = None

    def _on_source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        matches = self._matches
        if matches is not None:
            for row in range(top_left.row(), bottom_right.row() + 1):
                if row < len(matches):
                    matches[row] = self._match(row)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def source_index(self, proxy_row: int, column: int = 0) -> QModelIndex:
        return self.mapToSource(self.index(proxy_row, column))
