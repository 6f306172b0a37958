"""ChartPanel draws every chart kind from its spec and exports PNG and SVG."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from ui.widgets.charts import ChartPanel, MonthAxis
from workbench.charts import ChartSpec, Series, company_bars_spec, dataset_bars_spec, relative_performance_spec


@pytest.fixture
def panel(qtbot):
    p = ChartPanel()
    qtbot.addWidget(p)
    p.resize(720, 360)
    p.show()
    return p


def items_of(panel, kind):
    return [i for i in panel.plot.items if isinstance(i, kind)]


def test_relative_performance_line(panel, demo_store):
    spec = relative_performance_spec(demo_store, "申万电子", "2024-12-29")
    panel.show_spec(spec)
    lines = items_of(panel, pg.PlotDataItem)
    assert [line.name() for line in lines] == ["申万电子", "沪深300"]
    assert len(lines[0].getData()[0]) == len(spec.x)
    axis = panel.plot.getAxis("bottom")
    assert isinstance(axis, MonthAxis)
    assert not panel.plot.getAxis("left").autoSIPrefix
    assert len(panel.legend.items) == 2
    # month ticks, labelled YYYY-MM
    lo, hi = panel.plot.vb.viewRange()[0]
    ticks = axis.tickValues(lo, hi, 600)
    labels = axis.tickStrings(ticks[0][1], 1, ticks[0][0])
    assert labels and all(len(t) == 7 and t[4] == "-" for t in labels)
    # the crosshair reads the values at a date
    readout = panel.show_crosshair_at(10)
    assert spec.x[10] in readout and "申万电子" in readout and "沪深300" in readout
    assert panel.vline.isVisible()


@pytest.mark.parametrize("build", ["dataset", "company"])
def test_grouped_bars(panel, demo_store, build):
    if build == "dataset":
        spec = dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3")
    else:
        spec = company_bars_spec(demo_store, "688608.SH")
    panel.show_spec(spec)
    bars = items_of(panel, pg.BarGraphItem)
    assert len(bars) == len(spec.series) >= 2
    assert [b.name() for b in bars] == [s.name for s in spec.series]
    heights = list(bars[0].opts["height"])
    assert heights == pytest.approx([v for v in spec.series[0].values if v is not None])
    ticks = panel.plot.getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == list(spec.x)
    assert not panel.plot.getAxis("left").autoSIPrefix
    assert panel.title_item.text == spec.title


def test_missing_values_are_gaps_not_zero(panel):
    spec = ChartSpec("bars", "t", ("a", "b", "c"), (Series("s", (1.0, None, 3.0)),), unit="亿元")
    panel.show_spec(spec)
    bar = items_of(panel, pg.BarGraphItem)[0]
    assert list(bar.opts["height"]) == [1.0, 3.0]


@pytest.mark.parametrize("kind", ["line", "bars"])
def test_png_and_svg_export(panel, demo_store, tmp_path, kind):
    spec = (relative_performance_spec(demo_store, "申万电子", "2024-12-29") if kind == "line"
            else dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3"))
    panel.show_spec(spec)
    png = panel.export_png(tmp_path / "chart.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 700
    svg = panel.export_svg(tmp_path / "chart.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "</svg>" in text
    assert spec.title in text  # the generator's title


def test_company_chart_follows_the_selection(window, qtbot):
    with qtbot.waitSignal(window.charts_ready, timeout=10000):
        window.ensure_charts()
    page = window.financials_page
    page.select_key("300308.SZ", 2)
    assert window.charts.current_ticker == "300308.SZ"
    assert "中际旭创" in window.charts.company.spec.title
    window.companies_page.select_key("002384.SZ", 1)
    assert "东山精密" in window.charts.company.spec.title
    # the market chart chooser offers the cover chart and the dataset
    assert window.charts.chooser.count() == 2
    window.charts.chooser.setCurrentIndex(1)
    assert window.charts.market.spec.kind == "bars"


def test_company_chart_follows_edits(window, qtbot):
    from ui_testing import find_column

    with qtbot.waitSignal(window.charts_ready, timeout=10000):
        window.ensure_charts()
    page = window.financials_page
    page.select_key("300308.SZ", 2)
    col = find_column(page.model, ("revenue", "2023A"))
    assert page.model.setData(page.model.index(page.model.row_of("300308.SZ"), col), "999.9")
    qtbot.waitUntil(lambda: window.charts.company.spec.series[0].values[0] == pytest.approx(999.9), timeout=3000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.charts.company.spec.series[0].values[0] == pytest.approx(107.2), timeout=3000)


# ---------------------------------------------------------------------------- pictures at start-up
@pytest.fixture
def pictures(tmp_path, monkeypatch):
    import ui.widgets.chart_area as chart_area

    folder = tmp_path / "pictures"
    monkeypatch.setattr(chart_area, "pictures_folder", lambda: folder)
    return folder


def make_area(qtbot):
    from ui.widgets.chart_area import ChartArea

    area = ChartArea()
    qtbot.addWidget(area)
    area.resize(1100, 320)
    area.current_ticker = "300502.SZ"
    with qtbot.waitExposed(area):
        area.show()
    return area


def test_a_chart_drawn_before_is_shown_from_its_picture_until_the_live_chart_replaces_it(qtbot, demo_store, pictures):
    first = make_area(qtbot)
    first.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert not first.is_live()  # no pictures yet: the charts are sketched until pyqtgraph has loaded
    assert not any(first._panels[slot].showing_picture() for slot in ("market", "company"))
    with qtbot.waitSignal(first.panels_ready, timeout=5000):
        pass
    first.save_pictures()
    assert sorted(p.name for p in pictures.iterdir()) == ["company.key", "company.png", "market.key", "market.png"]
    live = {slot: getattr(first, slot).graphics.grab().toImage() for slot in ("market", "company")}

    second = make_area(qtbot)
    second.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert not second.is_live()
    assert all(second._panels[slot].showing_picture() for slot in ("market", "company"))
    shown = {slot: second._panels[slot].picture.pixmap().toImage() for slot in ("market", "company")}
    for slot in ("market", "company"):  # the picture is the chart the live panel drew, pixel for pixel
        assert shown[slot].size() == live[slot].size()
        assert shown[slot].convertToFormat(QImage.Format.Format_ARGB32) == \
            live[slot].convertToFormat(QImage.Format.Format_ARGB32)
    with qtbot.waitSignal(second.panels_ready, timeout=5000):
        pass
    assert second.is_live()
    assert second.market.spec == relative_performance_spec(demo_store, "申万电子", "2024-12-29")
    assert second.company.spec == company_bars_spec(demo_store, "300502.SZ")


def test_other_data_never_shows_an_old_picture(qtbot, demo_store, pictures):
    first = make_area(qtbot)
    first.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    first.load_panels()
    first.save_pictures()
    second = make_area(qtbot)
    second.current_ticker = "002463.SZ"  # another company: the company chart has no picture
    second.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert not second.is_live()
    assert second._panels["market"].showing_picture()
    company = second._panels["company"]
    assert not company.showing_picture()  # its own data, sketched
    assert company.sketch.spec == company_bars_spec(demo_store, "002463.SZ")
    assert second.company.spec == company_bars_spec(demo_store, "002463.SZ")
    (pictures / "market.png").write_bytes(b"not a picture")  # a damaged picture is no picture
    third = make_area(qtbot)
    third.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    assert not third._panels["market"].showing_picture()
    assert third._panels["market"].sketch.spec == relative_performance_spec(demo_store, "申万电子", "2024-12-29")


def test_a_picture_is_written_again_only_when_its_chart_changed(qtbot, demo_store, pictures):
    area = make_area(qtbot)
    area.set_store(demo_store, cover_index="申万电子", end="2024-12-29")
    area.save_pictures()
    assert not pictures.exists()  # a sketch is never kept as a picture: only the live chart is
    area.load_panels()
    area.save_pictures()
    written = {p.name: p.read_bytes() for p in pictures.iterdir()}
    for p in pictures.iterdir():
        p.write_bytes(b"")  # had they been written again, they would not be empty
    area.save_pictures()
    assert all(p.read_bytes() == b"" for p in pictures.iterdir())
    area.show_company("002463.SZ")
    area.save_pictures()
    assert (pictures / "market.png").read_bytes() == b""
    assert (pictures / "company.png").read_bytes() not in (b"", written["company.png"])


@pytest.mark.parametrize("size", [(320, 160), (360, 200), (720, 360)])
@pytest.mark.parametrize("values", [(21.6, 19.2), (-8.0, 30.0), (-25.0, -3.0)])
def test_value_labels_are_never_cut_off_by_the_plot(panel, qtbot, size, values):
    """Each bar's value label lies inside the plot box, whatever the plot's height: the range keeps
    room for a label's line above the tallest bar (and below the lowest); a plot too low for that
    shows no labels rather than cut ones, and one of ordinary size shows them all."""
    spec = ChartSpec("bars", "t", ("2023", "24Q1-Q3"), (Series("营业收入", values), Series("归母净利润", (0.4, 0.4))),
                     unit="亿元")
    panel.resize(*size)
    panel.show_spec(spec)
    qtbot.wait(30)
    box = panel.plot.vb.sceneBoundingRect()
    labels = items_of(panel, pg.TextItem)
    assert sorted(t.textItem.toPlainText() for t in labels) == sorted(f"{v:.1f}" for v in (*values, 0.4, 0.4))
    shown = [t for t in labels if t.isVisible()]
    assert len(shown) in (0, len(labels))
    if size[1] >= 200:
        assert shown == labels
    for t in shown:
        glyphs = t.mapRectToScene(t.textItem.mapRectToParent(t.textItem.boundingRect()))
        glyphs.adjust(0, 4, 0, -4)  # the text's line, without the document's margins
        assert box.top() - 0.5 <= glyphs.top() and glyphs.bottom() <= box.bottom() + 0.5, (t.textItem.toPlainText(),
                                                                                      glyphs, box)
