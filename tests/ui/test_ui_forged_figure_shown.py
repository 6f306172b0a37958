"""A store that already holds a figure that is not a number (a desk of the release before let an
analyst's psql insert through, and a station took it) opens in the app: the table shows that cell
as invalid text, sorts the column, and paints (the app once crashed on opening such a store)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

T = "688018.SH"


def _poison(path, value):
    conn = sqlite3.connect(path)
    with conn:
        cur = conn.execute("UPDATE facts SET value = ? WHERE ticker = ? AND metric = 'revenue' AND period = '2023A'",
                           [value, T])
        assert cur.rowcount == 1
    conn.close()


def _cell(model, ticker, title_part):
    cols = [c for c in range(model.columnCount()) if title_part in str(model.headerData(c, Qt.Orientation.Horizontal))]
    for r in range(model.rowCount()):
        if any(ticker == model.index(r, c).data() for c in range(3)):
            return [model.index(r, c) for c in cols]
    raise AssertionError(f"{ticker} not in the table")


def test_the_table_shows_a_stored_text_figure_as_invalid_and_paints(qtbot, demo_path, settings, confirmations):
    from ui.main_window import MainWindow

    _poison(demo_path, "abc")
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    assert w.open_store(demo_path)
    qtbot.wait(50)
    image = w.grab()  # paints every visible table: no crash
    assert not image.isNull()
    from ui.models.financials import FinancialsTableModel
    from ui.widgets.table_view import DataTableView

    models = [v.model().sourceModel() for v in w.findChildren(DataTableView)
              if isinstance(getattr(v.model(), "sourceModel", lambda: None)(), FinancialsTableModel)]
    assert models, "the financials table model"
    model = models[0]
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    texts = [model.data(i) for i in _cell(model, T, "营业收入")]
    assert any("abc" in t and "非数字" in t for t in texts), texts
    # the editor starts from the text as stored, to be typed over
    assert "abc" in [model.data(i, Qt.ItemDataRole.EditRole) for i in _cell(model, T, "营业收入")]
    # sorting the column puts the invalid cell somewhere and raises nothing
    for c in range(model.columnCount()):
        model.sort(c, Qt.SortOrder.AscendingOrder)
        model.sort(c, Qt.SortOrder.DescendingOrder)
    assert not w.grab().isNull()
