"""At 1366 wide the Financials grid shows every printed figure whole: each figure column is as wide as
its widest printed value and its header, and the report's columns fit the window, so the last column's
% is never cut off (QA saw 225.21% read as 「225.21」). Truth: the ratios read from the store with
sqlite3 and printed with two decimals and a %."""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QFontMetrics

from ui.models.base import HEADER_LABEL_ROLE


def _ytd_texts(path, period) -> list[str]:
    con = sqlite3.connect(path)
    try:
        values = [v for (v,) in con.execute("SELECT value FROM facts WHERE metric = 'ytd_return' AND period = ?",
                                            [period])]
    finally:
        con.close()
    return [f"{v * 100:.2f}%" for v in values if v is not None]


def test_every_figure_and_header_fits_its_column_and_the_grid_fits_1366(window, qtbot):
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.financials_page)
    page = window.financials_page
    view, model = page.view, page.model
    qtbot.waitUntil(lambda: view.viewport().width() > 0)
    metrics = QFontMetrics(view.font())
    header = view.horizontalHeader()
    for c in range(model.FIXED, model.columnCount()):
        widest = max([metrics.horizontalAdvance(model.cell_text(r, c)) for r in range(model.rowCount())]
                     + [QFontMetrics(header.font()).horizontalAdvance(model.headerData(c, 1, HEADER_LABEL_ROLE))])
        assert header.sectionSize(c) >= widest + 6, (model.headerData(c, 1), header.sectionSize(c), widest)
    last = model.columnCount() - 1
    ytd_period = model.columns[last].key[1]
    assert model.columns[last].key[0] == "ytd_return"
    texts = _ytd_texts(window.session.path, ytd_period)
    assert "225.21%" in texts  # 润欣科技, the figure QA saw cut
    assert max(metrics.horizontalAdvance(t) for t in texts) + 6 <= header.sectionSize(last)
    # the report's columns fit the window: the last column ends inside the viewport, nothing scrolled off
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.viewport().width(), \
        (header.sectionViewportPosition(last), header.sectionSize(last), view.viewport().width())
    window.grab().save(str(window.session.path) + ".fin.png")
