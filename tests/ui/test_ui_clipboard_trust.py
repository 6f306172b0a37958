"""Copy and paste never change a stored figure; copying gives the cells only unless asked for headers."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QApplication
from ui_testing import find_column, snapshot

from ui.widgets.clipboard import parse_tsv


def select(view, top, left, bottom, right):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    selection = QItemSelection(proxy.index(top, left), proxy.index(bottom, right))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def copy_paste_back(window, page, top, left, bottom, right):
    select(page.view, top, left, bottom, right)
    window.tabs.setCurrentWidget(page)
    page.view.setFocus()
    window.copy()
    text = QApplication.clipboard().text()
    select(page.view, top, left, top, left)
    changed = []
    page.model.dataChanged.connect(lambda a, b, *rest: changed.append((a.row(), a.column())))
    window.paste()
    return text, changed


def test_copy_and_paste_back_a_precise_revenue_changes_nothing(window):
    page = window.financials_page
    store = window.session.store
    col = find_column(page.model, ("revenue", "2023A"))
    ticker = page.model.key_at(0)
    # an imported figure more precise than the grid's one decimal (29,661,000,000 CNY = 296.61 亿元)
    store.set_fact(ticker, "revenue", "2023A", 29_661_000_000.0, source="Wind 导出 2024-12-27", as_of="2024-12-27")
    page.model.reload()
    before = store.fact_row(ticker, "revenue", "2023A")
    text, changed = copy_paste_back(window, page, 0, col, 0, col)
    assert text == "296.6\r\n"
    after = store.fact_row(ticker, "revenue", "2023A")
    assert after == before
    assert after["value"] == 29_661_000_000.0 and after["source"] == "Wind 导出 2024-12-27"
    assert window.session.undo_stack.count() == 0
    assert changed == []
    assert not window.isWindowModified()


def test_copy_and_paste_back_a_block_changes_nothing(window):
    page = window.financials_page
    store = window.session.store
    model = page.model
    first = find_column(model, ("revenue", "2023A"))
    last = find_column(model, ("pe", "2024E"))
    # make every figure of the block more precise than shown
    for r in range(4):
        for c in range(first, last + 1):
            value = model.value(r, c)
            if value is not None:
                store.set_fact(model.key_at(r), *model.columns[c].key, value * 1.000123, source="Wind 导出")
    model.reload()
    before = snapshot(store)
    text, changed = copy_paste_back(window, page, 0, first, 3, last)
    assert len(parse_tsv(text)) == 4  # the cells only: no header row
    assert snapshot(store) == before
    assert window.session.undo_stack.count() == 0
    assert changed == []


def test_typing_the_shown_value_is_no_change(window):
    page = window.financials_page
    store = window.session.store
    col = find_column(page.model, ("net_profit", "2023A"))
    ticker = page.model.key_at(1)
    store.set_fact(ticker, "net_profit", "2023A", 1_234_567_890.0, source="Wind 导出")
    page.model.reload()
    index = page.model.index(1, col)
    assert index.data() == "12.3"
    assert page.model.setData(index, "12.3")
    assert store.fact_row(ticker, "net_profit", "2023A")["source"] == "Wind 导出"
    assert store.fact(ticker, "net_profit", "2023A") == 1_234_567_890.0
    assert window.session.undo_stack.count() == 0
    # a different value is an edit: stored in full, one undo step
    assert page.model.setData(index, "12.4")
    assert store.fact(ticker, "net_profit", "2023A") == 1_240_000_000.0
    assert window.session.undo_stack.count() == 1


def test_paste_of_a_changed_value_in_a_block_changes_only_that_cell(window):
    page = window.financials_page
    store = window.session.store
    model = page.model
    col = find_column(model, ("revenue", "2023A"))
    tickers = [model.key_at(r) for r in range(2)]
    store.set_fact(tickers[0], "revenue", "2023A", 29_661_000_000.0, source="Wind 导出")
    store.set_fact(tickers[1], "revenue", "2023A", 1_555_555_555.0, source="Wind 导出")
    model.reload()
    select(page.view, 0, col, 0, col)
    assert page.view.paste_text("296.6\n20.0\n")
    assert store.fact_row(tickers[0], "revenue", "2023A")["source"] == "Wind 导出"
    assert store.fact(tickers[0], "revenue", "2023A") == 29_661_000_000.0
    assert store.fact(tickers[1], "revenue", "2023A") == 2_000_000_000.0
    assert window.session.undo_stack.count() == 1


def test_quote_close_and_change_pasted_back_change_nothing(window):
    page = window.quotes_page
    store = window.session.store
    model = page.model
    index_id, date = model.key_at(0)
    store.set_quote(index_id, date, 987.6543, 0.009512)
    model.reload()
    before = snapshot(store)
    text, changed = copy_paste_back(window, page, 0, model.CLOSE, 0, model.CHANGE)
    assert text == "987.65\t+0.95%\r\n"
    assert snapshot(store) == before
    assert window.session.undo_stack.count() == 0


def test_copy_gives_cells_only_and_copy_with_headers_adds_them(window):
    page = window.financials_page
    col = find_column(page.model, ("revenue", "2023A"))
    select(page.view, 0, 1, 1, col)
    window.tabs.setCurrentWidget(page)
    page.view.setFocus()
    window.copy()
    rows = parse_tsv(QApplication.clipboard().text())
    assert len(rows) == 2
    assert rows[0][:2] == ["300493.SZ", "润欣科技"] and rows[0][-1] == "21.6"
    window.copy_with_headers_action.trigger()
    rows = parse_tsv(QApplication.clipboard().text())
    assert len(rows) == 3
    assert rows[0][0] == "代码" and rows[0][-1] == "营业收入(亿元) 2023"
    assert rows[1][:2] == ["300493.SZ", "润欣科技"]


def test_copy_with_headers_is_in_the_edit_menu_and_context_menu_with_a_shortcut(window):
    action = window.copy_with_headers_action
    assert action.text().replace("&", "").startswith("复制（含表头）")
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "编辑" in a.text())
    assert action in edit_menu.actions()
    for page in (window.companies_page, window.financials_page, window.quotes_page):
        assert action in page.context_actions


def test_paste_over_a_stale_cell_compares_with_the_store_not_the_screen(window):
    """Another writer changed the figure after the grid was filled: pasting what the grid still shows
    is a change (the user's value lands, one undo step), not silently nothing."""
    from workbench.store import Store

    page = window.financials_page
    store = window.session.store
    col = find_column(page.model, ("revenue", "2023A"))
    ticker = page.model.key_at(0)
    store.set_fact(ticker, "revenue", "2023A", 29_661_000_000.0, source="Wind 导出")
    page.model.reload()
    assert page.model.index(0, col).data() == "296.6"
    with Store(window.session.path) as other:  # a second writer (another window, a script)
        other.set_fact(ticker, "revenue", "2023A", 30_000_000_000.0, source="另一个窗口")
    select(page.view, 0, col, 0, col)
    assert page.view.paste_text("296.6\n")
    assert abs(store.fact(ticker, "revenue", "2023A") - 29_660_000_000) < 1  # 296.6 亿元, the pasted value
    assert window.session.undo_stack.count() == 1
    assert page.model.index(0, col).data() == "296.6"


def test_typing_over_a_stale_quote_compares_with_the_store(window):
    from workbench.store import Store

    page = window.quotes_page
    model = page.model
    index_id, date = model.key_at(0)
    window.session.store.set_quote(index_id, date, 987.6543, 0.009512)
    model.reload()
    with Store(window.session.path) as other:
        other.set_quote(index_id, date, 990.0, 0.009512)
    assert model.setData(model.index(0, model.CLOSE), "987.65")
    assert window.session.store.quotes(index_id, start=date, end=date)[0]["close"] == 987.65
    assert window.session.undo_stack.count() == 1
