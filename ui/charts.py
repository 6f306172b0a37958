"""The chart widgets moved to ``ui.widgets.charts`` (which loads pyqtgraph); this name stays importable."""

from ui.widgets.charts import PALETTE, ChartArea, ChartPanel, MonthAxis, date_to_ts, ts_to_date

__all__ = ["PALETTE", "ChartArea", "ChartPanel", "MonthAxis", "date_to_ts", "ts_to_date"]
