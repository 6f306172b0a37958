"""A chart with nothing to draw (a note instead of data) offers no export: the button is disabled and says
why, before and after pyqtgraph has loaded, and an export asked for anyway writes nothing."""

from __future__ import annotations

import pytest

from ui.widgets.charts import ChartPanel
from workbench.charts import dataset_bars_spec
from workbench.errors import WorkbenchError


@pytest.fixture
def panel(qtbot):
    p = ChartPanel()
    qtbot.addWidget(p)
    p.resize(720, 360)
    p.show()
    return p


def test_empty_chart_cannot_be_exported(panel, demo_store, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    panel.show_message("选择一家公司")
    assert not panel.export_button.isEnabled()
    assert panel.export_button.toolTip() and panel.export_button.toolTip() != "导出"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a), (str(tmp_path / "x.png"), ""))[1])
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    assert panel.export_with_dialog("png") is None
    assert warned and "没有数据" in warned[0]
    assert not (tmp_path / "x.png").exists()
    for kind in ("png", "svg"):
        with pytest.raises(WorkbenchError):
            getattr(panel, f"export_{kind}")(tmp_path / f"y.{kind}")
        assert not (tmp_path / f"y.{kind}").exists()

    panel.show_spec(dataset_bars_spec(demo_store, "cloud_vendors_cy2024q3"))
    assert panel.export_button.isEnabled()
    assert panel.export_png(tmp_path / "z.png").stat().st_size > 0


def test_chart_area_slots_without_data_offer_no_export(qtbot, demo_store, tmp_path, monkeypatch):
    import ui.widgets.chart_area as chart_area
    from ui.widgets.chart_area import ChartArea

    monkeypatch.setattr(chart_area, "pictures_folder", lambda: tmp_path / "pictures")
    area = ChartArea()
    qtbot.addWidget(area)
    area.resize(1100, 320)
    area.show()
    area.set_store(demo_store)  # no company selected: the company slot shows a note
    before = area._panels["company"]
    assert not before.export_button.isEnabled()  # the sketch before pyqtgraph
    assert area._panels["market"].export_button.isEnabled()
    area.load_panels()
    assert not area.company.export_button.isEnabled()
    assert area.market.export_button.isEnabled()
    area.show_company("688608.SH")
    assert area.company.export_button.isEnabled()
