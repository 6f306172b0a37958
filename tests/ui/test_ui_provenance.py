"""Every figure can be traced in the app: the cell tooltip, 数据来源… on a Financials cell, and the
preview's list of the printed table, all from the store's change log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from ui_testing import find_column

TICKER = "300493.SZ"  # 润欣科技, the table's first row


def select(view, top, left, bottom, right):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    selection = QItemSelection(proxy.index(top, left), proxy.index(bottom, right))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


@pytest.fixture
def imported(demo_path, tmp_path):
    """The demo store after a week's long CSV set 润欣科技's 2023 revenue to 29.661 亿元 (row 2 of the file)."""
    from workbench.imports import import_files
    from workbench.store import Store

    path = tmp_path / "wind_week.csv"
    path.write_text("ticker,name,period,metric,value\n"
                    f"{TICKER},润欣科技,2023A,revenue,2966100000\n", encoding="utf-8")
    with Store(demo_path) as store:
        import_files(store, [path], as_of="2024-12-27", allow_older=True)  # the demo's figure is as of 12-29
    return path


@pytest.fixture
def fin(imported, window):
    window.tabs.setCurrentWidget(window.financials_page)
    window.session.user = "分析师甲"
    page = window.financials_page
    page.model.reload()
    return window, page, page.model.row_of(TICKER), find_column(page.model, ("revenue", "2023A"))


def test_cell_tooltip_names_the_file_row_and_as_of_date(fin):
    window, page, row, col = fin
    tip = page.model.index(row, col).data(3)  # ToolTipRole
    assert "wind_week.csv" in tip and "第 2 行" in tip and "2024-12-27" in tip and "导入" in tip


def test_where_is_this_from_shows_import_then_edit_by_whom(fin):
    window, page, row, col = fin
    index = page.proxy.mapFromSource(page.model.index(row, col))
    page.view.setCurrentIndex(index)
    assert page.proxy.setData(index, "30")
    dialog = window.show_provenance()
    table = dialog.table
    # newest first: the edit, by whom, from 29.661 (as the file wrote it, every digit) to 30.0; then the
    # import with its file, row and as-of date
    assert [table.item(0, c).text() for c in (1, 2, 5, 6)] == ["手工修改", "分析师甲", "29.661", "30.0"]
    assert table.item(1, 1).text() == "导入"
    assert "wind_week.csv" in table.item(1, 3).text() and "第 2 行" in table.item(1, 3).text()
    assert table.item(1, 4).text() == "2024-12-27"
    assert [table.item(1, c).text() for c in (5, 6)] == ["21.6", "29.661"]
    assert "润欣科技" in dialog.windowTitle() and "30.0" in dialog.current.text()
    dialog.close()


def test_paste_and_undo_are_recorded_as_such(fin):
    window, page, row, col = fin
    select(page.view, row, col, row, col)
    assert page.view.paste_text("31.5\n")
    window.session.undo_stack.undo()
    history = window.session.store.history(TICKER, "revenue", "2023A")
    origins = [h["origin"] for h in history]
    assert "paste" in origins and origins[-1] == "undo"
    assert window.session.store.fact(TICKER, "revenue", "2023A") == 2_966_100_000
    dialog = window.show_provenance((TICKER, "revenue", "2023A"))
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert texts[0] == "撤销" and "粘贴" in texts
    dialog.close()


def test_provenance_is_in_the_financials_context_menu_only_for_figures(fin):
    window, page, row, col = fin
    assert window.provenance_action in page.context_actions
    assert window.provenance_action not in window.companies_page.context_actions
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(row, page.model.NAME)))
    assert window.show_provenance() is None  # a name is not a figure: nothing to trace


# ---------------------------------------------------------------------- the preview's 数据来源 list
def test_preview_lists_the_printed_table_and_traces_a_figure(imported, demo_path, qtbot):
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(demo_path, "latest", confirm=lambda *a: True, user="tester")
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    assert panel.isVisibleTo(editor.preview)
    assert panel.select_figure(TICKER, "revenue", "2023A")
    assert "润欣科技" in panel.detail.text() and "29.7" in panel.detail.text()
    assert "wind_week.csv" in panel.detail.text()
    assert panel.changes.item(0, 1).text() == "导入"
    # a column the table does not print cannot be picked
    assert not panel.select_figure(TICKER, "eps", "2023A")


def test_a_final_issue_lists_its_published_figures_and_names_a_later_change(imported, demo_path, qtbot):
    from ui.issue_editor import IssueEditor
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(demo_path) as store:
        change_status(store, 1, "review", by="tester")
        change_status(store, 1, "final", by="tester")
        store.set_fact(TICKER, "revenue", "2023A", 3_333_000_000.0, source="手工录入")  # after publication
    editor = IssueEditor(demo_path, 1, confirm=lambda *a: True, user="tester")
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    assert editor.preview.frozen
    assert panel.select_figure(TICKER, "revenue", "2023A")
    text = panel.detail.text()
    assert "PDF 中为 29.7" in text  # as published, from the frozen snapshot
    assert "数据库中现为 33.3" in text  # and the store's value since
    assert panel.figures.item(0, 2).text() == "29.7"


def test_a_value_changed_outside_the_workbench_names_no_file_in_the_dialog(imported, demo_path, request):
    import sqlite3

    con = sqlite3.connect(demo_path, isolation_level=None)
    con.execute("UPDATE facts SET value = value * 2 WHERE ticker = ? AND metric = 'revenue' AND period = '2023A'",
                [TICKER])
    con.close()
    window = request.getfixturevalue("window")
    window.tabs.setCurrentWidget(window.financials_page)
    window.financials_page.model.reload()
    dialog = window.show_provenance((TICKER, "revenue", "2023A"))
    table = dialog.table
    # newest first: the raw write (29.661 doubled, every digit), from no file or cell and of no as-of date;
    # then the import
    assert [table.item(0, c).text() for c in (1, 5, 6)] == ["工作台之外写入", "29.661", "59.322"]
    assert table.item(0, 3).text() == "" and table.item(0, 4).text() in ("", "—")
    assert "wind_week.csv" in table.item(1, 3).text() and table.item(1, 4).text() == "2024-12-27"
    dialog.close()


def test_the_side_panels_history_keeps_its_source_column_readable_when_narrow(qtbot):
    from ui.dialogs.provenance import HistoryTable

    table = HistoryTable(compact=True)
    qtbot.addWidget(table)
    table.resize(440, 200)  # the editor's side panel at 1280x720
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert header.sectionSize(3) >= 150  # 出处 keeps its width; the table scrolls sideways
    assert header.length() > table.viewport().width()


def test_a_value_confirmed_by_a_later_file_reads_as_confirmed(imported, window, tmp_path):
    from workbench.imports import import_files

    later = tmp_path / "wind_next.csv"
    later.write_text(imported.read_text(encoding="utf-8"), encoding="utf-8")  # the same figure, a week on
    import_files(window.session.store, [later], as_of="2025-01-03")
    dialog = window.show_provenance((TICKER, "revenue", "2023A"))
    table = dialog.table
    assert table.item(0, 1).text() == "确认（值未变）" and "wind_next.csv" in table.item(0, 3).text()
    assert table.item(0, 4).text() == "2025-01-03" and table.item(0, 5).text() == table.item(0, 6).text()
    assert table.item(1, 1).text() == "导入"
    dialog.close()
