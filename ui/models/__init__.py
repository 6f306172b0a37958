"""Table models over the store: row keys plus a cache; data() only reads and formats.

One module per view (companies, financials, quotes, issues) over ``base.StoreTableModel``;
``columns`` holds what they share (roles, colours, the Column record, cell formatting) and
``proxy`` the filter proxy. The names are re-exported here, where the rest of the app finds them.
"""

from ui.models.base import StoreTableModel
from ui.models.columns import (BAND_BRUSH, DOWN_BRUSH, GROUP_ROLE, HEADER_GROUP_ROLE, HEADER_LABEL_ROLE, INT, LEFT,
                               RIGHT, SIGNED_KINDS, SORT_ROLE, TEXT, UP_BRUSH, Column, collator, column_period_label,
                               edit_text, format_cell, metric_name)
from ui.models.companies import CompanyTableModel
from ui.models.financials import (FinancialsTableModel, all_fact_columns, default_fact_columns, fact_column,
                                  report_fact_columns)
from ui.models.issues import IssueListModel
from ui.models.proxy import TableFilterProxy
from ui.models.quotes import QuoteTableModel

__all__ = ["CompanyTableModel", "FinancialsTableModel", "QuoteTableModel", "IssueListModel", "TableFilterProxy",
           "StoreTableModel", "Column", "SORT_ROLE", "GROUP_ROLE", "HEADER_GROUP_ROLE", "HEADER_LABEL_ROLE",
           "BAND_BRUSH", "DOWN_BRUSH", "UP_BRUSH", "INT", "TEXT", "LEFT", "RIGHT", "SIGNED_KINDS", "collator",
           "column_period_label", "edit_text", "format_cell", "metric_name", "all_fact_columns",
           "default_fact_columns", "fact_column", "report_fact_columns"]
