"""Values no report can print never land at the cell: refused where the eye is, naming row and column."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from ui_testing import find_column, snapshot


def select(view, top, left, bottom, right):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    selection = QItemSelection(proxy.index(top, left), proxy.index(bottom, right))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


@pytest.mark.parametrize("metric, period, text", [
    ("revenue", "2023A", "1e300"),        # 1e300 亿元
    ("revenue", "2023A", "inf"),
    ("pe", "2024E", "100000"),             # a PE of 100,000x
    ("revenue_yoy", "2023A", "1e9%"),
])
def test_typed_implausible_value_is_refused_at_the_cell(window, qtbot, metric, period, text):
    page = window.financials_page
    model = page.model
    col = find_column(model, (metric, period))
    before = snapshot(window.session.store)
    index = page.proxy.index(1, col)
    page.view.setCurrentIndex(index)
    assert not page.proxy.setData(index, text)
    assert snapshot(window.session.store) == before
    assert window.session.undo_stack.count() == 0
    bubble = page.view.refusal_bubble
    assert bubble.isVisible()
    # the message names the row (company) and the column, and sits next to the cell
    name, ticker = model.value(1, model.NAME), model.key_at(1)
    assert name in bubble.text() and ticker in bubble.text()
    assert model.columns[col].title in bubble.text()
    cell = page.view.visualRect(index)
    assert abs(bubble.geometry().top() - cell.bottom()) <= 4
    assert bubble.geometry().left() <= cell.right()


def test_pasted_block_with_one_absurd_value_changes_nothing(window):
    page = window.financials_page
    model = page.model
    col = find_column(model, ("revenue", "2023A"))
    before = snapshot(window.session.store)
    select(page.view, 0, col, 0, col)
    assert not page.view.paste_text("30.5\n1e300\n20\n")
    assert snapshot(window.session.store) == before
    assert window.session.undo_stack.count() == 0
    text = page.view.refusal_bubble.text()
    assert model.value(1, model.NAME) in text and model.columns[col].title in text
    assert "超出合理范围" in text
    # the bubble points at the refused cell (the second row), not the paste's first cell
    cell = page.view.visualRect(page.proxy.index(1, col))
    assert abs(page.view.refusal_bubble.geometry().top() - cell.bottom()) <= 4


def test_a_good_value_after_a_refusal_lands_and_hides_the_message(window):
    page = window.financials_page
    store = window.session.store
    col = find_column(page.model, ("pe", "2024E"))
    index = page.proxy.index(0, col)
    assert not page.proxy.setData(index, "1e6")
    assert page.view.refusal_bubble.isVisible()
    assert page.proxy.setData(index, "42")
    assert store.fact(page.model.key_at(0), "pe", "2024E") == 42
    assert not page.view.refusal_bubble.isVisible()


@pytest.mark.parametrize("column, text", [("CLOSE", "1e9"), ("CLOSE", "0"), ("CHANGE", "5000%")])
def test_implausible_quote_is_refused(window, column, text):
    page = window.quotes_page
    model = page.model
    before = snapshot(window.session.store)
    index = page.proxy.index(0, getattr(model, column))
    assert not page.proxy.setData(index, text)
    assert snapshot(window.session.store) == before
    text = page.view.refusal_bubble.text()
    assert model.value(0, model.INDEX) in text and model.value(0, model.DATE) in text


def test_plausible_values_still_land(window):
    page = window.financials_page
    store = window.session.store
    col = find_column(page.model, ("revenue", "2023A"))
    assert page.proxy.setData(page.proxy.index(0, col), "32,100")  # 3.21 万亿元, Sinopec-sized
    assert store.fact(page.model.key_at(0), "revenue", "2023A") == 3_210_000_000_000.0
    quotes = window.quotes_page
    assert quotes.proxy.setData(quotes.proxy.index(0, quotes.model.CLOSE), "3,500.5")
    index_id, date = quotes.model.key_at(0)
    assert store.quotes(index_id, start=date, end=date)[0]["close"] == 3500.5


def test_a_value_still_being_typed_lands_when_the_window_closes(window, demo_path):
    from PySide6.QtWidgets import QLineEdit

    from workbench.store import Store

    page = window.financials_page
    col = find_column(page.model, ("pe", "2024E"))
    ticker = page.model.key_at(0)
    index = page.proxy.index(0, col)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = next(w for w in page.view.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.setText("42")
    assert window.close()
    with Store(demo_path) as store:
        assert store.fact(ticker, "pe", "2024E") == 42
