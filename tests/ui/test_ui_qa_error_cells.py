"""A spreadsheet error cell (#VALUE!, #N/A, n/a) typed or pasted never clears a stored figure silently.

It is refused naming the cell (row and column); over an empty cell it changes nothing; an explicit
Delete still clears. The store is read directly to tell what changed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from ui_testing import find_column, snapshot


def select(view, top, left, bottom, right):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    view.selectionModel().select(QItemSelection(proxy.index(top, left), proxy.index(bottom, right)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


def stored_cell(window):
    """A company row and revenue column of the grid whose cell holds a stored figure."""
    page = window.financials_page
    col = find_column(page.model, ("revenue", "2023A"))
    for row in range(page.model.rowCount()):
        if window.session.store.fact(page.model.key_at(row), "revenue", "2023A") is not None:
            return page, row, col
    raise AssertionError("the demo holds no 2023A revenue")


@pytest.mark.parametrize("cell", ["#VALUE!", "#N/A", "n/a", "#DIV/0!"])
def test_pasting_an_error_cell_over_a_figure_is_refused_naming_the_cell(window, cell):
    page, row, col = stored_cell(window)
    store = window.session.store
    before = snapshot(store)
    select(page.view, row, col, row, col)
    assert not page.view.paste_text(f"{cell}\r\n")
    assert snapshot(store) == before and window.session.undo_stack.count() == 0
    refusal = page.view.last_refusal
    assert cell in refusal
    assert f"{row + 1}" in refusal and page.model.columns[col].title in refusal  # the row and the column
    assert page.view.refusal_bubble.isVisibleTo(page.view)


def test_a_block_with_an_error_cell_over_a_figure_pastes_nothing(window):
    page, row, col = stored_cell(window)
    store = window.session.store
    store.set_fact(page.model.key_at(row), *page.model.columns[col + 1].key, 123.0, source="Wind 导出")
    page.model.reload()
    before = snapshot(store)
    select(page.view, row, col, row, col)
    assert not page.view.paste_text("1.5\t#N/A\r\n")  # the second cell lands on the next column's figure
    assert snapshot(store) == before and window.session.undo_stack.count() == 0


def test_typing_an_error_cell_over_a_figure_is_refused(window, qtbot):
    page, row, col = stored_cell(window)
    store = window.session.store
    ticker = page.model.key_at(row)
    value = store.fact(ticker, "revenue", "2023A")
    with qtbot.waitSignal(page.model.refused) as refused:
        assert not page.model.setData(page.model.index(row, col), "#VALUE!", Qt.ItemDataRole.EditRole)
    assert "#VALUE!" in refused.args[1]
    assert store.fact(ticker, "revenue", "2023A") == value


def test_an_error_cell_over_an_empty_cell_changes_nothing(window):
    page, row, col = stored_cell(window)
    store = window.session.store
    ticker = page.model.key_at(row)
    store.set_fact(ticker, "revenue", "2023A", None, source="手工录入")
    page.model.reload()
    before = snapshot(store)
    select(page.view, row, col, row, col)
    assert page.view.paste_text("#N/A\r\n")
    assert snapshot(store) == before and window.session.undo_stack.count() == 0


def test_delete_still_clears_a_figure(window):
    page, row, col = stored_cell(window)
    ticker = page.model.key_at(row)
    select(page.view, row, col, row, col)
    assert page.view.delete_selection()
    assert window.session.store.fact(ticker, "revenue", "2023A") is None


def test_an_error_cell_over_a_weekly_change_is_refused(window):
    page = window.quotes_page
    model = page.model
    col = find_column(model, "change")
    row = next(r for r in range(model.rowCount()) if model.value(r, col) is not None)
    store = window.session.store
    before = snapshot(store)
    select(page.view, row, col, row, col)
    assert not page.view.paste_text("#N/A\r\n")
    assert snapshot(store) == before and "#N/A" in page.view.last_refusal
    close = find_column(model, "close")
    select(page.view, row, close, row, close)
    assert not page.view.paste_text("#VALUE!\r\n")
    assert snapshot(store) == before and "#VALUE!" in page.view.last_refusal
