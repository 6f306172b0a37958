"""A short chart's value labels never sit on top of each other (fewer ticks when there is no room),
and the sketch shown before pyqtgraph loads labels the same values as the live chart."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from ui.widgets.chart_sketch import ChartSketch
from workbench.charts import relative_performance_spec

WIDTH = 700


def live_left_labels(spec, height, qtbot) -> list[tuple[float, str]]:
    """(centre y, text) of every label the live chart's left axis draws, read from pyqtgraph's own draw specs."""
    from ui.widgets.charts import ChartPanel

    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(WIDTH, height + 40)
    panel.show()
    panel.show_spec(spec)
    panel.graphics.resize(WIDTH, height)
    qtbot.wait(50)
    axis = panel.plot.getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return sorted((rect.center().y(), text) for rect, _, text in texts)


@pytest.mark.parametrize("height", [150, 170, 200])
def test_short_charts_label_values_apart_and_alike(qtbot, demo_store, height):
    spec = relative_performance_spec(demo_store, "申万电子", "2024-12-29")
    text_height = QFontMetricsF(QApplication.font()).height()
    live = live_left_labels(spec, height, qtbot)
    assert len(live) >= 2  # a scale is still drawn
    gaps = [b[0] - a[0] for a, b in zip(live, live[1:])]
    assert min(gaps) >= text_height  # no two labels overlap
    sketch = ChartSketch()
    qtbot.addWidget(sketch)
    sketch.show_spec(spec)
    drawn = sorted(text for _, text in sketch.layout_at(WIDTH, height).left.labels)
    assert drawn == sorted(text for _, text in live)


def test_a_tall_chart_keeps_pyqtgraphs_ticks(qtbot, demo_store):
    import pyqtgraph as pg

    from ui.widgets.chart_style import readable_levels

    levels = pg.AxisItem("left").tickValues(91.8, 127.7, 400)
    assert readable_levels(levels, 91.8, 127.7, 400, 15.0) == levels
