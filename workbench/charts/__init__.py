"""Chart specs: one frozen description per chart, drawn by pyqtgraph in the app and by reportlab in the PDF."""

from workbench.charts.spec import ChartSpec, Series
from workbench.charts.build import (
    company_bars_spec,
    dataset_bars_spec,
    figure_spec,
    relative_performance_cutoff,
    relative_performance_short,
    relative_performance_spec,
)

__all__ = ["ChartSpec", "Series", "company_bars_spec", "dataset_bars_spec", "figure_spec",
           "relative_performance_cutoff", "relative_performance_short", "relative_performance_spec"]
