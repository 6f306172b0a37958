"""The 指数行情 grid types a column of closes as the figures grid does: its model re-reads the quotes
on every change, yet after a close is typed Enter moves down to the next row (the next value typed
lands there, never lost), and Tab moves to the next cell of the same row, not to the top-left cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit


def _type(qtbot, view, index, text):
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next((e for e in view.findChildren(QLineEdit) if e.isVisible()), None)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    return editor


def _close(store, key) -> float:
    index_id, day = key
    return next(q["close"] for q in store.quotes(index_id) if q["date"] == day)


def test_enter_after_a_close_moves_down_and_the_next_close_lands_there(qtbot, window):
    page = window.quotes_page
    window.tabs.setCurrentWidget(page)
    view, proxy, model, store = page.view, page.view.model(), page.model, window.session.store
    col = proxy.mapFromSource(model.index(0, model.CLOSE)).column()
    keys = [model.key_at(proxy.mapToSource(proxy.index(r, col)).row()) for r in (0, 1)]
    editor = _type(qtbot, view, proxy.index(0, col), "3401.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().isValid() and view.currentIndex().row() == 1, timeout=3000)
    assert view.currentIndex().column() == col and view.hasFocus()
    assert _close(store, keys[0]) == 3401.5
    editor = _type(qtbot, view, view.currentIndex(), "2205.25")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 2, timeout=3000)
    assert _close(store, keys[1]) == 2205.25  # the second value went to the second row


def test_tab_after_a_close_moves_to_the_next_cell_of_the_row(qtbot, window):
    page = window.quotes_page
    window.tabs.setCurrentWidget(page)
    view, proxy, model = page.view, page.view.model(), page.model
    col = proxy.mapFromSource(model.index(0, model.CLOSE)).column()
    editor = _type(qtbot, view, proxy.index(3, col), "3402.5")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: view.currentIndex().isValid() and view.currentIndex().column() != col, timeout=3000)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (3, col + 1)
