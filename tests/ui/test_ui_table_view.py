"""Spreadsheet behaviour of the views: TSV copy/paste, delete with confirmation, editing in the cell."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_testing import find_column, snapshot

from ui.widgets.clipboard import parse_tsv, to_tsv
from workbench.domain.metrics import YI


def select(view, top, left, bottom, right):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    selection = QItemSelection(proxy.index(top, left), proxy.index(bottom, right))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_tsv_round_trip():
    rows = [["a", "1,234.5"], ["tab\there", 'quote "x"'], ["line\nbreak", ""]]
    assert parse_tsv(to_tsv(rows)) == rows
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]  # Excel's trailing line end


def test_copy_selection_as_tsv_with_headers(window):
    page = window.financials_page
    col = find_column(page.model, ("revenue", "2023A"))
    select(page.view, 0, 1, 1, col)
    window.tabs.setCurrentWidget(page)
    page.view.setFocus()
    window.copy_with_headers()
    rows = parse_tsv(QApplication.clipboard().text())
    assert rows[0][0] == page.model.headerData(1, Qt.Orientation.Horizontal) == "代码"
    assert rows[0][-1] == "营业收入(亿元) 2023"
    assert rows[1][:2] == ["300493.SZ", "润欣科技"] and rows[1][-1] == "21.6"
    assert len(rows) == 3


def test_paste_3x4_block_is_one_undo_step(window):
    page = window.financials_page
    store = window.session.store
    model = page.model
    first = find_column(model, ("revenue", "2023A"))
    tickers = [model.key_at(r) for r in range(3)]
    keys = [c.key for c in model.columns[first:first + 4]]
    def facts_now():  # what a fact is: value and where it came from (not the change log's bookkeeping)
        return {(t, k): {f: (store.fact_row(t, *k) or {}).get(f) for f in ("value", "source", "as_of", "src_row",
                                                                           "src_col")}
                for t in tickers for k in keys}

    before = facts_now()
    block = ("30.5\t12.5%\t1,234.5\t--\n"
             "(2.5)\t-3\t20\t5.25%\n"
             "1\t0\t2\t0.5\n")
    select(page.view, 0, first, 0, first)
    assert page.view.paste_text(block)

    expected = [[30.5 * YI, 0.125, 1234.5 * YI, None],
                [-2.5 * YI, -0.03, 20 * YI, 0.0525],
                [1 * YI, 0.0, 2 * YI, 0.005]]
    for i, t in enumerate(tickers):
        for j, k in enumerate(keys):
            got = store.fact(t, *k)
            assert got == (pytest.approx(expected[i][j]) if expected[i][j] is not None else None), (t, k)
    assert model.index(0, first + 2).data() == "1234.5"  # the house's style: no thousands separators
    assert window.session.undo_stack.count() == 1
    assert window.isWindowModified()

    window.undo_action.trigger()
    assert facts_now() == before
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert store.fact(tickers[0], *keys[0]) == pytest.approx(30.5 * YI)


def test_paste_with_headers_skips_them_and_fills_a_selection(window):
    page = window.financials_page
    store = window.session.store
    col = find_column(page.model, ("pe", "2024E"))
    header = page.model.headerData(col, Qt.Orientation.Horizontal)
    select(page.view, 0, col, 0, col)
    assert page.view.paste_text(f"{header}\n42\n")
    assert store.fact(page.model.key_at(0), "pe", "2024E") == 42
    # one value pasted over a selected range fills it
    select(page.view, 1, col, 3, col)
    assert page.view.paste_text("7.5")
    assert [store.fact(page.model.key_at(r), "pe", "2024E") for r in (1, 2, 3)] == [7.5, 7.5, 7.5]
    assert window.session.undo_stack.count() == 2


@pytest.mark.parametrize("block", ["1\tabc\n", "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n", "x\n"])
def test_bad_paste_changes_nothing(window, block):
    page = window.financials_page
    before = snapshot(window.session.store)
    col = find_column(page.model, ("revenue", "2023A")) if block != "x\n" else 2  # name column is read-only
    select(page.view, 0, col, 0, col)
    assert not page.view.paste_text(block)
    assert page.view.last_refusal
    assert snapshot(window.session.store) == before
    assert window.session.undo_stack.count() == 0


def test_paste_invalid_ticker_in_companies_refused(window):
    page = window.companies_page
    before = snapshot(window.session.store)
    select(page.view, 0, 0, 0, 0)
    assert not page.view.paste_text("300494\n688591.SH\n")  # row 2 would take row 3's ticker
    assert snapshot(window.session.store) == before
    assert "688591.SH" in page.view.last_refusal


def test_delete_asks_first_and_is_one_undo_step(window, confirmations):
    page = window.companies_page
    store = window.session.store
    window.tabs.setCurrentWidget(page)
    before = snapshot(store)
    select(page.view, 0, 0, 2, 1)
    confirmations.answer = False
    window.delete()
    assert confirmations.asked and "润欣科技" in confirmations.asked[-1]
    assert snapshot(store) == before
    confirmations.answer = True
    window.delete()
    assert store.counts()["companies"] == 63
    assert page.model.rowCount() == 63
    assert window.session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert snapshot(store)["facts"] == before["facts"]
    assert store.counts()["companies"] == 66 and page.model.rowCount() == 66


def test_delete_values_in_financials(window):
    page = window.financials_page
    store = window.session.store
    window.tabs.setCurrentWidget(page)
    col = find_column(page.model, ("revenue", "2023A"))
    select(page.view, 0, col, 1, col + 1)
    window.delete()
    assert store.fact("300493.SZ", "revenue", "2023A") is None
    assert store.fact("688018.SH", "revenue_yoy", "2023A") is None
    assert page.model.index(0, col).data() == "--"
    window.undo_action.trigger()
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(21.6 * YI)


def test_add_company_is_one_step_and_duplicates_refused(window):
    store = window.session.store
    assert window.add_company("600519", "贵州茅台", "白酒") is None
    assert store.company("600519.SH")["segment"] == "白酒"
    assert window.companies_page.model.row_of("600519.SH") is not None
    assert window.financials_page.model.row_of("600519.SH") is not None
    assert window.add_company("600519.SH", "重复") is not None  # duplicate ticker
    assert window.add_company("12345X", "x") is not None  # invalid ticker
    assert window.add_company("600520", " ") is not None  # empty name
    assert window.session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert not store.has_company("600519.SH")


def test_edit_in_the_cell_with_enter(qtbot, window):
    page = window.financials_page
    view = page.view
    col = find_column(page.model, ("pe", "2025E"))
    index = page.proxy.index(0, col)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "91.9"
    editor.selectAll()
    qtbot.keyClicks(editor, "88.8")
    with qtbot.waitSignal(page.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.store.fact("300493.SZ", "pe", "2025E") == pytest.approx(88.8)


def test_bad_value_in_the_cell_shows_why(qtbot, window):
    page = window.financials_page
    view = page.view
    col = find_column(page.model, ("pe", "2025E"))
    index = page.proxy.index(0, col)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "abc")
    with qtbot.waitSignal(page.model.refused, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "abc" in view.last_refusal
    assert "abc" in window.statusBar().currentMessage()
    assert window.session.store.fact("300493.SZ", "pe", "2025E") == pytest.approx(91.9)


def test_chinese_typed_through_the_input_method(qtbot, window):
    page = window.financials_page
    page.filter_edit.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("光模块")
    QApplication.sendEvent(page.filter_edit, event)
    assert page.filter_edit.text() == "光模块"
    assert page.proxy.rowCount() == sum(1 for r in range(page.model.rowCount()) if page.model.group_of(r) == "光模块")
    assert "/" in page.count_label.text() or "行" in page.count_label.text()

    companies = window.companies_page
    index = companies.proxy.index(0, 3)
    companies.view.edit(index)
    editor = companies.view.findChild(QLineEdit)
    editor.selectAll()
    commit = QInputMethodEvent("", [])
    commit.setCommitString("端侧芯片")
    QApplication.sendEvent(editor, commit)
    with qtbot.waitSignal(companies.model.dataChanged, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.store.company("300493.SZ")["segment"] == "端侧芯片"


def test_segment_combo_filters(window):
    page = window.financials_page
    combo = page.group_combo
    assert combo.itemData(0) is None and combo.count() == 1 + len(window.session.store.segments())
    combo.setCurrentIndex(combo.findData("PCB"))
    assert {page.model.group_of(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
            for r in range(page.proxy.rowCount())} == {"PCB"}
    combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == page.model.rowCount()


def test_header_click_sorts(qtbot, window):
    page = window.financials_page
    col = find_column(page.model, ("ytd_return", "2024YTD"))
    page.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    values = [page.proxy.index(r, col).data(Qt.ItemDataRole.UserRole) for r in range(page.proxy.rowCount())]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)
    window.report_order()
    assert page.proxy.index(0, 1).data() == "300493.SZ"


def test_the_old_module_paths_give_the_moved_classes():
    # other code and saved scripts import these from where they used to live
    import ui.charts
    import ui.clipboard
    import ui.models
    import ui.table_view
    import ui.widgets.charts
    import ui.widgets.clipboard
    import ui.widgets.table_view
    from ui.models.financials import FinancialsTableModel
    from ui.models.proxy import TableFilterProxy

    assert ui.table_view.TablePage is ui.widgets.table_view.TablePage
    assert ui.table_view.ask_confirm is ui.widgets.table_view.ask_confirm
    assert ui.clipboard.parse_tsv is ui.widgets.clipboard.parse_tsv
    assert ui.charts.ChartArea is ui.widgets.charts.ChartArea
    assert ui.models.FinancialsTableModel is FinancialsTableModel
    assert ui.models.TableFilterProxy is TableFilterProxy
