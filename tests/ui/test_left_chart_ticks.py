"""The live chart's value axis prints its ticks in the house's number style, as the PDF's axis does: digits
grouped (1,500) when the house groups them, plain (1500) when it does not; the same core printing as the
bar labels."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QImage, QPainter

from workbench.charts.spec import BARS, LINE, ChartSpec, Series
from workbench.domain.metrics import NumberStyle

DATES = tuple(f"2024-{m:02d}-15" for m in range(1, 13))
LINE_SPEC = ChartSpec(LINE, "指数走势", DATES, (Series("指数", tuple(1200.0 + 90 * i for i in range(12))),), unit="点")
BAR_SPEC = ChartSpec(BARS, "营业收入", ("恒玄科技", "乐鑫科技", "润欣科技"), (Series("2023", (2150.0, 1430.0, 3890.0)),),
                     unit="亿元", value_kind="amount")


def left_labels(spec, style, qtbot, tmp_path) -> list[str]:
    """Every label the live chart's left axis draws, read from pyqtgraph's own draw specs."""
    from ui.widgets.charts import ChartPanel

    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.number_style = style
    panel.resize(700, 420)
    panel.show()
    panel.show_spec(spec)
    qtbot.wait(50)
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = panel.plot.getAxis("left").generateDrawSpecs(painter)
    finally:
        painter.end()
    panel.grab().save(str(tmp_path / f"{spec.kind}_{'grouped' if style and style.thousands else 'plain'}.png"))
    return [text for _, _, text in texts]


@pytest.mark.parametrize("spec", [LINE_SPEC, BAR_SPEC], ids=["line", "bars"])
def test_a_house_that_groups_digits_groups_the_axis_ticks(qtbot, spec, tmp_path):
    grouped = left_labels(spec, NumberStyle(thousands=True), qtbot, tmp_path)
    big = [t for t in grouped if abs(float(t.replace(",", ""))) >= 1000]
    assert big, grouped
    assert all(re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", t) for t in big), grouped
    plain = left_labels(spec, NumberStyle(thousands=False), qtbot, tmp_path)
    assert plain == [t.replace(",", "") for t in grouped]  # the same ticks, only grouped
    assert left_labels(spec, None, qtbot, tmp_path) == plain  # no house style: the reference's, ungrouped


def test_tick_strings_use_the_core_s_printing():
    from ui.widgets.chart_style import short_value, value_tick_strings

    style = NumberStyle(thousands=True)
    assert value_tick_strings([1500.0, 2000.0, 12500.0], 500.0, style) == ["1,500", "2,000", "12,500"]
    assert value_tick_strings([0.5, 1.0], 0.25, style) == [short_value(0.5, 1, style), short_value(1.0, 1, style)]
    assert value_tick_strings([-1e-17, 1000000.0], 250000.0, None) == ["0", "1000000"]  # never -0, never 1e+06
