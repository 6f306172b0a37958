"""An exported chart has one shape and size whatever the window's, and every part of it (the legend
too) at the export's scale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ui.widgets.chart_style import PALETTE
from workbench.charts import relative_performance_spec


@pytest.fixture
def panel(qtbot):
    from ui.widgets.charts import ChartPanel

    p = ChartPanel()
    qtbot.addWidget(p)
    p.show()
    return p


def red_rows(image: QImage, colour: str = PALETTE[0]) -> list[int]:
    """Rows of the image's upper third holding the first series' colour: the legend's swatch line."""
    from PySide6.QtGui import QColor

    want = QColor(colour)
    target = QImage(image).convertToFormat(QImage.Format.Format_ARGB32)
    rows = []
    for y in range(target.height() // 3):
        for x in range(target.width()):
            c = target.pixelColor(x, y)
            if abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 60:
                rows.append(y)
                break
    return rows


@pytest.mark.parametrize("size", [(1280, 150), (420, 300)])
def test_the_png_has_one_size_whatever_the_widget(panel, demo_store, tmp_path, qtbot, size):
    panel.show_spec(relative_performance_spec(demo_store, "申万电子", "2024-12-29"))
    panel.resize(*size)
    panel.graphics.resize(*size)
    qtbot.wait(20)
    image = QImage(str(panel.export_png(tmp_path / "c.png")))
    assert (image.width(), image.height()) == (1600, 960)
    assert panel.graphics.size().width() == size[0]  # the window's chart is left as it was


def test_the_legend_is_drawn_at_the_exports_scale(panel, demo_store, tmp_path):
    panel.show_spec(relative_performance_spec(demo_store, "申万电子", "2024-12-29"))
    one = QImage(str(panel.export_png(tmp_path / "one.png", scale=1.0)))
    two = QImage(str(panel.export_png(tmp_path / "two.png", scale=2.0)))
    assert (two.width(), two.height()) == (2 * one.width(), 2 * one.height())
    swatch_one, swatch_two = red_rows(one), red_rows(two)
    assert swatch_one and swatch_two
    assert min(swatch_two) == pytest.approx(2 * min(swatch_one), abs=3)  # the legend where it is, scaled
    small = two.scaled(one.size(), Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    top = one.height() // 6  # title and legend
    differ = sum(1 for y in range(top) for x in range(one.width())
                 if abs(QImage(small).pixelColor(x, y).lightness() - one.pixelColor(x, y).lightness()) > 90)
    assert differ / (top * one.width()) < 0.02
