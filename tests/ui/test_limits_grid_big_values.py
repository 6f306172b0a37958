"""A figure of 1e22 typed or pasted in the comparison grid: refused at the cell where the metric has a
plausible range (a revenue of 1e22 元 is a unit slip), stored exactly as the double it is where the
metric has none, and one undo step either way; never an OverflowError."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from ui_testing import find_column, snapshot

from workbench.domain.metrics import format_value

WHOLE = "1" + "0" * 22  # 1e22 written out: more than 64-bit integers hold


def _select(view, top, left, bottom, right):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    view.selectionModel().select(QItemSelection(proxy.index(top, left), proxy.index(bottom, right)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


@pytest.fixture
def custom_column(window):
    """The grid showing a metric with no plausible range (EBITDA, kept as it is given) beside revenue."""
    page = window.financials_page
    store = window.session.store
    page.model.set_fact_columns([("revenue", "2023A"), ("ebitda", "2024E")])
    first, second = page.model.key_at(0), page.model.key_at(1)
    store.set_fact(first, "ebitda", "2024E", 1.0)
    store.set_fact(second, "ebitda", "2024E", 2.0)
    page.model.reload()
    return page, find_column(page.model, ("ebitda", "2024E"))


@pytest.mark.parametrize("text", ["1e22", WHOLE, "1e14"])  # in 亿元: 1e30, 1e30 and 1e22 元
def test_a_revenue_of_1e22_typed_is_refused_at_the_cell(window, custom_column, text):
    page, _ = custom_column
    col = find_column(page.model, ("revenue", "2023A"))
    before = snapshot(window.session.store)
    index = page.proxy.index(0, col)
    page.view.setCurrentIndex(index)
    assert not page.proxy.setData(index, text)
    assert snapshot(window.session.store) == before
    assert window.session.undo_stack.count() == 0
    assert "超出合理范围" in page.view.refusal_bubble.text()


def test_a_revenue_of_1e22_pasted_is_refused_and_nothing_lands(window, custom_column):
    page, _ = custom_column
    col = find_column(page.model, ("revenue", "2023A"))
    before = snapshot(window.session.store)
    _select(page.view, 0, col, 0, col)
    assert not page.view.paste_text(f"30.5\n{WHOLE}\n")
    assert snapshot(window.session.store) == before
    assert window.session.undo_stack.count() == 0
    assert "超出合理范围" in page.view.refusal_bubble.text()


@pytest.mark.parametrize("text", ["1e22", WHOLE, "10,000,000,000,000,000,000,000"])
def test_a_big_figure_typed_where_no_range_applies_is_stored_exactly(window, custom_column, text):
    page, col = custom_column
    store = window.session.store
    ticker = page.model.key_at(0)
    assert page.proxy.setData(page.proxy.index(0, col), text)
    assert store.fact(ticker, "ebitda", "2024E") == 1e22 == 10**22
    assert page.model.cell_text(0, col) == format_value("price", 1e22)
    window.session.undo_stack.undo()
    assert store.fact(ticker, "ebitda", "2024E") == 1.0


def test_big_figures_pasted_where_no_range_applies_land_as_one_undo_step(window, custom_column):
    page, col = custom_column
    store = window.session.store
    first, second = page.model.key_at(0), page.model.key_at(1)
    _select(page.view, 0, col, 1, col)
    assert page.view.paste_text(f"{WHOLE}\n-1e22\n")
    assert (store.fact(first, "ebitda", "2024E"), store.fact(second, "ebitda", "2024E")) == (1e22, -1e22)
    assert window.session.undo_stack.count() == 1
    window.session.undo_stack.undo()
    assert (store.fact(first, "ebitda", "2024E"), store.fact(second, "ebitda", "2024E")) == (1.0, 2.0)
