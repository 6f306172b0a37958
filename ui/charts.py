"""The chart widgets moved to ``ui.widgets``; this name stays importable.

``ChartArea`` comes without pyqtgraph (``ui.widgets.chart_area``); the other names load
``ui.widgets.charts`` (and pyqtgraph) when first asked for.
"""

from ui.widgets.chart_area import ChartArea

_FROM_CHARTS = ("PALETTE", "ChartPanel", "MonthAxis", "date_to_ts", "ts_to_date")


def __getattr__(name: str):
    if name in _FROM_CHARTS:
        import ui.widgets.charts

        return getattr(ui.widgets.charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ChartArea", *_FROM_CHARTS]
