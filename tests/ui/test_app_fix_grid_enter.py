"""Enter in the main window's grids types a column of figures as Excel and WPS do: after a value is typed,
Enter (or Return) commits it and moves to the same column of the next row, Shift+Enter to the row above;
on the last row it stays. Tab keeps moving across, a refused value keeps the cell, and Escape still
cancels without writing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_testing import find_column


def type_into(qtbot, view, index, text):
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next((e for e in view.findChildren(QLineEdit) if e.isVisible()), None)  # not a closed one
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    return editor


def ticker_at(page, row):
    return page.model.key_at(page.proxy.mapToSource(page.proxy.index(row, 0)).row())


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_commits_and_moves_down_the_column(qtbot, window, key):
    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    view = page.view
    col = find_column(page.model, ("pe", "2025E"))
    first, second = ticker_at(page, 0), ticker_at(page, 1)
    editor = type_into(qtbot, view, page.proxy.index(0, col), "25.3")
    with qtbot.waitSignal(page.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 1, timeout=2000)
    assert view.currentIndex().column() == col
    assert window.session.store.fact(first, "pe", "2025E") == pytest.approx(25.3)
    # the next figure goes straight into the row below
    editor = type_into(qtbot, view, view.currentIndex(), "31.7")
    with qtbot.waitSignal(page.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 2, timeout=2000)
    assert window.session.store.fact(second, "pe", "2025E") == pytest.approx(31.7)


def test_shift_enter_moves_up_and_the_last_row_stays(qtbot, window):
    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    view = page.view
    col = find_column(page.model, ("pe", "2025E"))
    editor = type_into(qtbot, view, page.proxy.index(2, col), "40.1")
    with qtbot.waitSignal(page.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 1, timeout=2000)
    assert view.currentIndex().column() == col
    assert window.session.store.fact(ticker_at(page, 2), "pe", "2025E") == pytest.approx(40.1)

    last = page.proxy.rowCount() - 1
    editor = type_into(qtbot, view, page.proxy.index(last, col), "12.5")
    with qtbot.waitSignal(page.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (last, col)
    assert window.session.store.fact(ticker_at(page, last), "pe", "2025E") == pytest.approx(12.5)


def test_a_refused_value_keeps_the_cell_and_tab_still_moves_across(qtbot, window):
    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    view = page.view
    col = find_column(page.model, ("pe", "2025E"))
    editor = type_into(qtbot, view, page.proxy.index(0, col), "abc")
    with qtbot.waitSignal(page.model.refused, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert view.currentIndex().row() == 0 and view.refusal_bubble.isVisible()  # the why stays beside the cell

    editor = type_into(qtbot, view, page.proxy.index(1, col), "33.3")
    with qtbot.waitSignal(page.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.wait(50)
    assert view.currentIndex().row() == 1 and view.currentIndex().column() != col  # across, not down


def test_escape_cancels_and_stays(qtbot, window):
    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    view = page.view
    col = find_column(page.model, ("pe", "2025E"))
    ticker = ticker_at(page, 0)
    before = window.session.store.fact(ticker, "pe", "2025E")
    editor = type_into(qtbot, view, page.proxy.index(0, col), "77.7")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert view.currentIndex().row() == 0
    assert window.session.store.fact(ticker, "pe", "2025E") == before
    assert not isinstance(QApplication.focusWidget(), QLineEdit) or QApplication.focusWidget() is not editor
