"""Room for what matters at small screens and large scales: the 周报 list shows several rows, the import
dialog's column table has room while an empty problem list does not take it, and the import dialog
says how to start."""

from __future__ import annotations

import pytest

from ui.dialogs.importing import ImportDialog

pytestmark = pytest.mark.usefixtures("workbench_qapp")

WIDE = ("ticker,name,营业收入[亿元]2023,归母净利润[亿元]2023,市盈率2024E,市值[亿元]\n"
        "300493.SZ,润欣科技,25.3,0.4,128.3,80\n688018.SH,乐鑫科技,14.2,1.4,76.4,90\n")


def rows_shown(view) -> float:
    """How many rows of a table view its viewport shows."""
    return view.viewport().height() / max(1, view.verticalHeader().defaultSectionSize())


def test_the_import_dialog_says_to_start_with_add_files(qtbot, session):
    dialog = ImportDialog(session, None)
    qtbot.addWidget(dialog)
    add = next(b for b in dialog.findChildren(type(dialog.check_button)) if b.text().startswith(("添加文件", "Add Files")))
    assert add.text().rstrip("…") in dialog.info.text()


def test_the_column_table_has_room_and_an_empty_problem_list_does_not(qtbot, session, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(WIDE, encoding="utf-8")
    dialog = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(dialog)
    dialog.resize(910, 512)  # 1366x768 at 150%
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.show_problems([], [])
    qtbot.wait(20)
    assert dialog.mapping.rowCount() >= 4
    assert rows_shown(dialog.mapping) >= 3
    assert dialog.problem_list.parentWidget().height() < dialog.mapping.height()


def test_the_issue_list_shows_several_rows_in_a_small_window(window, qtbot):
    window.resize(910, 512)  # 1366x768 at 150%
    window.tabs.setCurrentWidget(window.issues_page)
    qtbot.wait(20)
    assert rows_shown(window.issues_page.list_page.view) >= 3
