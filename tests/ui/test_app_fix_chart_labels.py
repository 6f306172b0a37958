"""A bar's value label prints as the report does: the house's thousands separator and the decimals the
values were written with (the PDF's bar labels), in the live chart, its PNG/SVG exports and the sketch.

The truths are independent of the app: the numbers the demo dataset was written with, spelled out
here, and the labels the PDF's renderer (``workbench.report.charts``) draws for the same spec.
"""

from __future__ import annotations

import pyqtgraph as pg
import pytest

from ui.widgets.charts import ChartPanel
from workbench.charts import ChartSpec, Series, dataset_bars_spec
from workbench.domain.metrics import NumberStyle

# the demo dataset's 营业收入 series, as written in its file: 655.9, 883.7, 1588.8, 405.9 (亿美元)
WRITTEN = {False: ["655.9", "883.7", "1588.8", "405.9"], True: ["655.9", "883.7", "1,588.8", "405.9"]}


def panel_labels(panel) -> list[str]:
    return [item.textItem.toPlainText() for item in panel.plot.items if isinstance(item, pg.TextItem)]


def pdf_strings(spec, thousands: bool) -> set[str]:
    from reportlab.graphics.shapes import String

    from workbench.report.charts import spec_to_drawing

    drawing = spec_to_drawing(spec, 400, 240, "Helvetica", thousands=thousands)
    out = set()

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                out.add(child.text)
            walk(child)
    walk(drawing)
    return out


@pytest.fixture
def panel(qtbot):
    p = ChartPanel()
    qtbot.addWidget(p)
    p.resize(720, 360)
    p.show()
    return p


@pytest.mark.parametrize("thousands", [False, True])
def test_bar_labels_print_as_the_report(panel, demo_store, thousands):
    spec = dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3", series="营业收入")
    panel.number_style = NumberStyle(thousands=thousands)
    panel.show_spec(spec)
    labels = panel_labels(panel)
    assert labels == WRITTEN[thousands]
    assert set(labels) <= pdf_strings(spec, thousands)  # what the PDF prints beside the same bars


def test_bar_labels_keep_two_decimals_at_most_and_round_half_away(panel):
    # 0.125 and -2.345 as written: two decimals at most (as the PDF), half away from zero (as the grid)
    spec = ChartSpec("bars", "t", ("a", "b", "c"), (Series("s", (12.5, 0.125, -2.345)),), unit="亿元")
    panel.number_style = NumberStyle(thousands=True)
    panel.show_spec(spec)
    assert panel_labels(panel) == ["12.50", "0.13", "-2.35"]


def test_exports_and_sketch_print_the_house_style(panel, demo_store, tmp_path, qtbot, monkeypatch):
    from ui.widgets import chart_sketch
    from ui.widgets.chart_sketch import ChartSketch

    spec = dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3", series="营业收入")
    style = NumberStyle(thousands=False)
    panel.number_style = style
    panel.show_spec(spec)
    svg = panel.export_svg(tmp_path / "c.svg").read_text(encoding="utf-8")
    assert "1588.8" in svg and "1,589" not in svg and "1,588.8" not in svg
    copy = panel._export_copy()
    try:
        assert panel_labels(copy) == WRITTEN[False]
    finally:
        copy.close()
        copy.deleteLater()

    drawn = []
    real = chart_sketch._draw_text
    monkeypatch.setattr(chart_sketch, "_draw_text", lambda p, font, colour, rect, text, **kw:
                        (drawn.append(text), real(p, font, colour, rect, text, **kw)))
    sketch = ChartSketch()
    qtbot.addWidget(sketch)
    sketch.number_style = NumberStyle(thousands=True)
    sketch.show_spec(spec)
    sketch.render_image(720, 360)
    assert [t for t in WRITTEN[True] if t in drawn] == WRITTEN[True]
    assert "1,589" not in drawn


def test_chart_area_takes_the_store_house_style(qtbot, demo_store, tmp_path, monkeypatch):
    import ui.widgets.chart_area as chart_area
    from ui.widgets.chart_area import ChartArea

    monkeypatch.setattr(chart_area, "pictures_folder", lambda: tmp_path / "pictures")
    demo_store.update_house(number_style={"thousands": True})
    area = ChartArea()
    qtbot.addWidget(area)
    area.resize(1100, 320)
    area.show()
    area.set_store(demo_store)
    index = next(i for i in range(area.chooser.count()) if "云" in area.chooser.itemText(i))
    area.chooser.setCurrentIndex(index)
    labels = panel_labels(area.market)
    assert "1,588.8" in labels and "1,589" not in labels


def test_the_sketch_prints_its_value_axis_as_the_live_chart_does(panel, demo_store, qtbot):
    """The pre-load sketch's left-axis labels are the live chart's, the house's separator included."""
    from ui.widgets.chart_sketch import ChartSketch
    from ui.widgets.chart_style import value_tick_strings

    spec = dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3", series="营业收入")  # bars up to 1588.8
    style = NumberStyle(thousands=True)
    sketch = ChartSketch()
    qtbot.addWidget(sketch)
    sketch.number_style = style
    sketch.show_spec(spec)
    sketch.render_image(720, 360)
    layout = sketch.layout_at(720, 360)
    shown = [text for _, text in layout.left.labels]
    assert any("," in t for t in shown), shown  # 1,500 or 2,000: the ticks pass a thousand
    values = [v for v, _ in layout.left.labels]
    spacing = min(b - a for a, b in zip(values, values[1:])) if len(values) > 1 else 1.0
    assert shown == value_tick_strings(values, spacing, style)
    assert all(t.replace(",", "") == value_tick_strings([v], spacing)[0] for v, t in zip(values, shown))
