"""The table views moved to ``ui.widgets.table_view``; this name stays importable."""

from ui.widgets.table_view import ROW_HEIGHT, DataTableView, GroupedHeaderView, TablePage, ask_confirm

__all__ = ["ROW_HEIGHT", "DataTableView", "GroupedHeaderView", "TablePage", "ask_confirm"]
