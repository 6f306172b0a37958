"""Reusable widgets: the spreadsheet-like table view and page, TSV clipboard helpers, the chart panel.

Import the modules themselves (``ui.widgets.charts`` loads pyqtgraph, so nothing here imports it eagerly).
"""
