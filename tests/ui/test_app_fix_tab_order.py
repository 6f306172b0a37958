"""Tab is never trapped in a table. The main window's editable grids keep Tab moving between cells as a
spreadsheet does, but Tab on the last cell (Shift+Tab on the first) and Ctrl+Tab anywhere leave the grid, so
the charts below are reached from the keyboard; the preview's read-only 数据来源 tables and the import
dialog's preview let Tab leave at once, and its 截至日期, 金额单位, 检查 and 关闭 are reached."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def focus(widget):
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    return QApplication.focusWidget()


def press(key, modifiers=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)
    QApplication.processEvents()
    return QApplication.focusWidget()


@pytest.fixture
def grid(window, qtbot):
    window.activateWindow()
    window.tabs.setCurrentWidget(window.financials_page)
    window.ensure_charts()
    page = window.financials_page
    view = page.view
    assert focus(view) is view
    return window, page, view


def test_tab_moves_between_cells_then_leaves_at_the_last(grid):
    window, page, view = grid
    view.setCurrentIndex(view.model().index(0, 0))
    assert press(Qt.Key.Key_Tab) is view and view.currentIndex().column() == 1  # a spreadsheet's Tab
    last_row = view.model().rowCount() - 1
    last_column = max(c for c in range(view.model().columnCount()) if not view.isColumnHidden(c))
    view.setCurrentIndex(view.model().index(last_row, last_column))
    after = press(Qt.Key.Key_Tab)
    assert after is not view and not view.isAncestorOf(after)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (last_row, last_column)  # no wrap


def test_shift_tab_on_the_first_cell_leaves_backwards(grid):
    window, page, view = grid
    view.setCurrentIndex(view.model().index(0, 0))
    after = press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert after is not view and not view.isAncestorOf(after)


def test_ctrl_tab_leaves_the_grid_from_any_cell_and_the_charts_are_reached(grid):
    window, page, view = grid
    view.setCurrentIndex(view.model().index(2, 3))
    seen = [press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)]
    assert seen[0] is not view
    for _ in range(12):
        seen.append(press(Qt.Key.Key_Tab))
    area = window.charts
    assert any(w is not None and area.isAncestorOf(w) for w in seen), [type(w).__name__ for w in seen]


def test_the_read_only_issue_list_lets_tab_leave_at_once(window):
    assert window.financials_page.view.tabKeyNavigation()  # cells to type in: a spreadsheet's Tab
    view = window.issues_page.list_page.view
    window.tabs.setCurrentWidget(window.issues_page)
    assert not view.tabKeyNavigation()
    assert focus(view) is view
    view.setCurrentIndex(view.model().index(0, 0))
    after = press(Qt.Key.Key_Tab)
    assert after is not view and not view.isAncestorOf(after)


def test_the_preview_source_tables_let_tab_leave(make_editor, qtbot):
    editor = make_editor()
    editor.show()
    qtbot.waitExposed(editor)
    editor.side.setCurrentWidget(editor.preview)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    for table in (panel.figures, panel.review, panel.changes):
        assert not table.tabKeyNavigation()


def test_the_import_dialog_reaches_every_control(qtbot, session, tmp_path):
    from ui.dialogs.importing import ImportDialog

    data = tmp_path / "quotes.csv"
    data.write_text("指数,日期,收盘\n沪深300,2025-01-03,3800.5\n", encoding="utf-8")
    dialog = ImportDialog(session, paths=[str(data)])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    focus(dialog.file_list)
    seen = []
    for _ in range(40):
        seen.append(press(Qt.Key.Key_Tab))
    close = next(b for b in dialog.findChildren(type(dialog.check_button)) if b.text() == dialog.tr("Close"))
    for wanted in (dialog.as_of_check, dialog.amount_unit, dialog.check_button, close, dialog.preview_view):
        assert wanted in seen, wanted
    assert not dialog.preview_view.tabKeyNavigation()
    # the visual order: the files, then the as-of date and unit above the preview, the buttons last
    first = {w: seen.index(w) for w in (dialog.as_of_check, dialog.preview_view, dialog.check_button, close)}
    assert first[dialog.as_of_check] < first[dialog.preview_view] < first[dialog.check_button] < first[close]
