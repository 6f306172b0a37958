"""The charts before pyqtgraph has loaded: the store's current data sketched with QPainter, then the live chart.

The truths checked against are independent of the sketch: the store's facts read with SQL, the
live pyqtgraph chart drawn from the same spec, and pyqtgraph's own tick choice.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from ui.widgets.chart_sketch import ChartSketch, tick_levels
from ui.widgets.chart_style import PALETTE
from workbench.charts import company_bars_spec, dataset_bars_spec, relative_performance_spec

ROOT = Path(__file__).resolve().parents[2]
SIZE = (427, 194)  # a chart slot's drawing area in a 1400 px wide window


@pytest.fixture
def pictures(tmp_path, monkeypatch):
    import ui.widgets.chart_area as chart_area

    folder = tmp_path / "pictures"
    monkeypatch.setattr(chart_area, "pictures_folder", lambda: folder)
    return folder


def make_area(qtbot, ticker="300502.SZ"):
    from ui.widgets.chart_area import ChartArea

    area = ChartArea()
    qtbot.addWidget(area)
    area.resize(1100, 320)
    area.current_ticker = ticker
    with qtbot.waitExposed(area):
        area.show()
    return area


def is_colour(pixel: int, colour: str, tolerance: int = 40) -> bool:
    a, b = QColor(pixel), QColor(colour)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


def bars_of(image: QImage, colour: str) -> list[tuple[float, int]]:
    """Bars of one colour as (centre x, height in pixels), left to right, found by scanning the image."""
    lowest = max(y for y in range(image.height()) for x in range(0, image.width(), 2)
                 if is_colour(image.pixel(x, y), colour))
    row = lowest - 1  # just above the bars' common base
    runs, start = [], None
    for x in range(image.width() + 1):
        inside = x < image.width() and is_colour(image.pixel(x, row), colour)
        if inside and start is None:
            start = x
        elif not inside and start is not None:
            if x - start >= 4:  # a bar, not a legend swatch's line or a glyph
                runs.append((start, x - 1))
            start = None
    bars = []
    for a, b in runs:
        x = (a + b) // 2
        top = row
        while top > 0 and is_colour(image.pixel(x, top - 1), colour):
            top -= 1
        bars.append(((a + b) / 2, lowest - top + 1))
    return bars


def facts_by_sql(path, ticker: str, metric: str) -> list[float]:
    """The company's figures in 亿元, by period, straight from the store file."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? ORDER BY period",
                            (ticker, metric)).fetchall()
    finally:
        conn.close()
    return [v / 1e8 for (v,) in rows]


def assert_heights_follow(bars: list[tuple[float, int]], values: list[float], scale: float) -> None:
    assert len(bars) == len(values)
    for (_, height), value in zip(bars, values):
        assert height == pytest.approx(value * scale, abs=2.0)


def sketch_image(spec, qtbot) -> QImage:
    sketch = ChartSketch()
    qtbot.addWidget(sketch)
    sketch.show_spec(spec)
    return sketch.render_image(*SIZE)


def live_image(spec, qtbot) -> QImage:
    from ui.widgets.charts import ChartPanel

    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(SIZE[0], SIZE[1] + 40)
    panel.show()
    panel.show_spec(spec)
    panel.graphics.resize(*SIZE)
    qtbot.wait(50)
    return panel.graphics.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def coloured(image: QImage, colour: str) -> set[tuple[int, int]]:
    return {(x, y) for y in range(image.height()) for x in range(image.width()) if is_colour(image.pixel(x, y), colour)}


def near(points: set, others: set, reach: int = 2) -> float:
    """The share of ``points`` with a point of ``others`` within ``reach`` pixels."""
    if not points:
        return 0.0
    hits = sum(1 for x, y in points if any((x + dx, y + dy) in others
                                          for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)))
    return hits / len(points)


def differing(a: QImage, b: QImage) -> float:
    """The share of pixels that differ visibly between two images of one size."""
    assert a.size() == b.size()
    a, b = a.convertToFormat(QImage.Format.Format_ARGB32), b.convertToFormat(QImage.Format.Format_ARGB32)
    n = sum(1 for y in range(a.height()) for x in range(a.width()) if not is_colour(a.pixel(x, y), QColor(b.pixel(x, y)).name(), 60))
    return n / (a.width() * a.height())


# ---------------------------------------------------------------------------- the drawing
def test_bars_stand_as_high_as_the_stores_figures(qtbot, demo_store, demo_path):
    image = sketch_image(company_bars_spec(demo_store, "300502.SZ"), qtbot)
    revenue = facts_by_sql(demo_path, "300502.SZ", "revenue")
    profit = facts_by_sql(demo_path, "300502.SZ", "net_profit")
    revenue_bars, profit_bars = bars_of(image, PALETTE[0]), bars_of(image, PALETTE[1])
    scale = revenue_bars[-1][1] / revenue[-1]  # pixels per 亿元, from the tallest bar
    assert scale > 0.8  # a bar chart tall enough to measure
    assert_heights_follow(revenue_bars, revenue, scale)
    assert_heights_follow(profit_bars, profit, scale)
    # periods left to right, each period's net profit between its revenue and the next period's
    order = sorted([(x, "r") for x, _ in revenue_bars] + [(x, "p") for x, _ in profit_bars])
    assert [kind for _, kind in order] == ["r", "p"] * len(revenue)


@pytest.mark.parametrize("chart", ["line", "company", "dataset"])
def test_the_sketch_draws_what_the_live_chart_draws(qtbot, demo_store, chart):
    spec = {"line": lambda: relative_performance_spec(demo_store, "申万电子", "2024-12-29"),
            "company": lambda: company_bars_spec(demo_store, "300308.SZ"),
            "dataset": lambda: dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3")}[chart]()
    sketch, live = sketch_image(spec, qtbot), live_image(spec, qtbot)
    for k in range(len(spec.series)):  # each series' pixels where pyqtgraph puts them
        drawn, truth = coloured(sketch, PALETTE[k]), coloured(live, PALETTE[k])
        assert len(drawn) == pytest.approx(len(truth), rel=0.25)
        assert near(drawn, truth) > 0.9 and near(truth, drawn) > 0.9
    dark = "#333333"  # axis labels, legend, readout: the same words in the same places
    assert near(coloured(sketch, dark), coloured(live, dark)) > 0.85
    assert differing(sketch, live) < 0.06


@pytest.mark.parametrize("lo, hi, size", [(91.8, 127.7, 93.5), (0, 27, 91.5), (0, 1981.6, 90.5), (-12.3, 48.9, 300),
                                          (0.0, 1.0, 120), (99.2, 100.9, 45), (-3e6, 7e6, 600)])
def test_ticks_are_pyqtgraphs(lo, hi, size):
    import pyqtgraph as pg

    axis = pg.AxisItem("left")
    expected = [(spacing, list(values)) for spacing, values in axis.tickValues(lo, hi, size)]
    got = tick_levels(lo, hi, size)
    assert [s for s, _ in got] == pytest.approx([s for s, _ in expected])
    for (_, values), (_, want) in zip(got, expected):
        assert values == pytest.approx(want)


# ---------------------------------------------------------------------------- the chart area
def test_a_first_start_sketches_the_stores_charts_then_the_live_charts_replace_them(qtbot, demo_store, pictures,
                                                                                    tmp_path):
    area = make_area(qtbot)
    area.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert not area.is_live()
    market, company = area._panels["market"], area._panels["company"]
    assert not market.showing_picture() and not company.showing_picture()
    assert market.sketch.spec == relative_performance_spec(demo_store, "申万电子", "2024-12-29")
    assert company.sketch.spec == company_bars_spec(demo_store, "300502.SZ")
    qtbot.wait(20)
    before = area.grab().toImage()
    before.save(str(tmp_path / "before.png"))
    with qtbot.waitSignal(area.panels_ready, timeout=5000):
        pass
    assert area.is_live()
    assert area.market.spec == market.sketch.spec and area.company.spec == company.sketch.spec
    qtbot.wait(50)
    after = area.grab().toImage()
    after.save(str(tmp_path / "after.png"))
    assert differing(before, after) < 0.05  # the swap is not a jump
    assert area.market.show_crosshair_at(10)  # the live chart answers the mouse


def test_data_changed_outside_the_app_is_sketched_never_shown_from_the_old_picture(qtbot, demo_path, pictures):
    from workbench.store import Store

    with Store(demo_path) as store:
        first = make_area(qtbot)
        first.set_store(store, cover_index="申万电子", end="2024-12-29")
        first.load_panels()
        first.save_pictures()
        first.close()
    with Store(demo_path) as other:  # another program writes to the store between two sessions
        other.write_facts([("300502.SZ", "revenue", "2023A", 12.0e8)], source="test", as_of="2024-12-29")
    with Store(demo_path) as store:
        second = make_area(qtbot)
        second.set_store(store, cover_index="申万电子", end="2024-12-29")
        assert second._panels["market"].showing_picture()  # its data did not change
        company = second._panels["company"]
        assert not company.showing_picture()
        revenue = facts_by_sql(demo_path, "300502.SZ", "revenue")
        assert revenue[0] == pytest.approx(12.0)
        image = company.sketch.render_image(*SIZE)
        bars = bars_of(image, PALETTE[0])
        assert_heights_follow(bars, revenue, bars[-1][1] / revenue[-1])


def test_an_export_clicked_before_the_live_chart_is_in_exports_the_live_chart(qtbot, demo_store, pictures, tmp_path,
                                                                            monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "chart.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    area = make_area(qtbot)
    area.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert not area.is_live()
    png = next(a for a in area._panels["company"].export_button.menu().actions() if a.data() == "png")
    png.trigger()
    assert area.is_live()
    image = QImage(str(target))
    assert not image.isNull() and image.width() >= 600
    assert area.company.spec == company_bars_spec(demo_store, "300502.SZ")


def test_a_first_start_draws_the_charts_before_pyqtgraph_loads(demo_path, tmp_path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from ui.app import create_application, show_main_window\n"
        "app = create_application([])\n"
        "window = show_main_window(Path(sys.argv[1]))\n"
        "def ready():\n"
        "    slots = window.charts._panels.values()\n"
        "    print('pyqtgraph' in sys.modules, window.charts.is_live(),\n"
        "          [s.sketch.spec is not None for s in slots])\n"
        "    window.charts.panels_ready.connect(lambda: (print('pyqtgraph' in sys.modules), app.quit()))\n"
        "window.charts_ready.connect(ready)\n"
        "QTimer.singleShot(60000, lambda: app.exit(3))\n"
        "app.exec()\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, str(demo_path)], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["False False [True, True]", "True"]


def test_the_window_paints_its_drawn_charts_before_it_says_they_are_drawn(qtbot, demo_path, settings, pictures):
    from ui.main_window import MainWindow

    window = MainWindow(settings=settings, confirm=lambda *args: True)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitExposed(window):
        window.show()
    seen = []

    def drawn():
        seen.extend((slot.sketch.painted, (slot.sketch.width(), slot.sketch.height()))
                    for slot in window.charts._panels.values())

    window.charts_ready.connect(drawn)
    with qtbot.waitSignal(window.charts_ready, timeout=20000):
        assert window.open_store(demo_path)
    assert len(seen) == 2
    for painted, size in seen:  # on screen, at the size the layout gave it (not a default size)
        assert painted == size and size[0] > 300 and size[1] > 150
    assert not window.charts.is_live()
    with qtbot.waitSignal(window.charts.panels_ready, timeout=10000):
        pass


def test_clicks_before_the_live_charts_are_in_are_kept_and_the_live_charts_answer_the_mouse(qtbot, demo_store,
                                                                                          pictures):
    from PySide6.QtCore import QPoint, Qt

    area = make_area(qtbot)
    area.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    market = area._panels["market"]
    qtbot.mouseClick(market.sketch, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))  # nothing to do, no harm
    area.chooser.setCurrentIndex(1)  # another market chart, chosen before pyqtgraph has loaded
    assert not area.is_live()
    bars = dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3")
    assert market.sketch.spec == bars
    with qtbot.waitSignal(area.panels_ready, timeout=5000):
        pass
    assert area.market.spec == bars  # the choice carried over to the live chart
    area.chooser.setCurrentIndex(0)
    panel = area.market
    assert panel.spec.kind == "line" and not panel.vline.isVisible()
    centre = panel.graphics.mapFromScene(panel.plot.vb.sceneBoundingRect().center())
    # (sent to the chart's own window: a move of a widget's cursor goes to whichever window is topmost at
    # that point, another test's window left open on the same worker among them; and first beside the
    # centre, since Qt drops a move to where the cursor already is)
    from PySide6.QtTest import QTest

    window = panel.graphics.window()
    for point in (centre + QPoint(7, 5), centre):
        QTest.mouseMove(window.windowHandle(), panel.graphics.viewport().mapTo(window, point))
    qtbot.waitUntil(panel.vline.isVisible, timeout=5000)  # the crosshair follows the mouse


def test_a_picture_taken_at_another_size_is_not_shown_the_chart_is_drawn_at_this_size(qtbot, demo_store, pictures):
    first = make_area(qtbot)
    first.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    first.load_panels()
    first.save_pictures()
    same = make_area(qtbot)
    same.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert all(slot.showing_picture() for slot in same._panels.values())
    narrower = make_area(qtbot)
    narrower.resize(900, 320)
    qtbot.waitUntil(lambda: narrower.width() == 900)
    narrower.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    for slot in narrower._panels.values():
        assert not slot.showing_picture()
    assert narrower._panels["company"].sketch.spec == company_bars_spec(demo_store, "300502.SZ")
    same.resize(900, 320)  # a window resized while its pictures are shown draws the charts instead
    qtbot.waitUntil(lambda: not any(slot.showing_picture() for slot in same._panels.values()), timeout=2000)
