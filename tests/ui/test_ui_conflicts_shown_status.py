"""The status bar's desk part in a narrow window (800 px): the last sync's time is shown whole or
its time alone or elided with "…", never cut mid-time, and its tooltip holds the whole text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from ui.common.times import local_time, short_time
from ui.desk.status import DeskStatusWidget


def test_the_last_sync_is_whole_or_elided_at_800_px(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    status = w.statusBar()
    # the store's own permanent labels as the main window has them (path, counts, save state)
    for text in ("/home/analyst/workbench/stores/sector-weekly-2026/semiconductors/store.sqlite",
                 "公司 128 · 数据 5,120 · 指数 12", "已保存 14:44"):
        label = QLabel(text, w)
        label.setContentsMargins(8, 0, 8, 0)
        status.addPermanentWidget(label)
    widget = DeskStatusWidget(w)
    status.addPermanentWidget(widget)
    last = "2026-11-30T14:41:40+00:00"
    widget.set_figures(last, 3, 2)
    w.resize(800, 500)
    w.show()
    qtbot.waitExposed(w)
    label = widget.sync_label
    whole = widget.tr("Last sync %1").replace("%1", short_time(last))
    shown = label.text()
    advance = label.fontMetrics().horizontalAdvance
    short = short_time(last)  # the time alone when the whole text does not fit
    assert shown in (whole, short) or (len(shown) > 1 and shown.startswith("…") and short.endswith(shown[1:]))
    assert advance(shown) <= label.contentsRect().width()  # drawn whole in the room it has
    assert whole in label.toolTip() and local_time(last) in label.toolTip()
    assert whole in widget.text()  # everything it says, for the smoke check, whole
