"""A chart's 导出 button is wide enough for its words and its menu arrow (with an instant popup the style
draws the arrow inside the button, over the last character when the button is only as wide as its
text: 导出 read as 导. at 1366 px), before pyqtgraph loads (the picture) and after (the live chart); its
menu still exports the kind chosen."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle

from ui.widgets.chart_area import ChartPicture
from ui.widgets.charts import ChartPanel


def _room_for_words_and_arrow(button) -> int:
    words = button.fontMetrics().horizontalAdvance(button.text())
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    return words + arrow


def test_the_export_buttons_leave_room_for_the_arrow(qtbot):
    for widget in (ChartPanel(), ChartPicture()):
        qtbot.addWidget(widget)
        widget.resize(400, 300)
        widget.show()
        button = widget.export_button
        assert button.text()
        assert button.width() >= _room_for_words_and_arrow(button) + button.fontMetrics().averageCharWidth(), \
            (type(widget).__name__, button.width(), _room_for_words_and_arrow(button))


def test_the_menus_ask_for_the_kind_chosen(qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(ChartPanel, "export_with_dialog", lambda self, kind: asked.append(kind))
    panel = ChartPanel()
    qtbot.addWidget(panel)
    picture = ChartPicture()
    qtbot.addWidget(picture)
    wanted = []
    picture.export_requested.connect(wanted.append)
    for widget in (panel, picture):
        for action in widget.export_button.menu().actions():
            action.trigger()
    assert asked == ["png", "svg"] and wanted == ["png", "svg"]
