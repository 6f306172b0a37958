"""Export Table to Excel from the Issues view and the issue editor: on a worker, into the chosen file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from ui.common.i18n import for_ui
from workbench.store import Store


def fact_row(path: Path, ticker: str) -> int:
    ws = load_workbook(path).active
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == ticker)


def test_issues_view_button_writes_the_workbook(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "chosen.xlsx"
    offered = []

    def save_name(parent, title, default, filters):
        offered.append((title, Path(default).name, filters))
        return str(out), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    page = window.issues_page
    window.tabs.setCurrentWidget(page)
    assert page.export_table_button.isEnabled() and page.export_table_action in page.list_page.context_actions
    assert page.export_table_button.text() == "导出对比表 Excel…"
    with qtbot.waitSignal(window.table_export_done, timeout=30000) as done:
        page.export_table_button.click()
    assert done.args[0] == out and out.exists()
    assert offered == [("导出对比表 Excel", "先进科技主题周报_20241223-20241229_对比表.xlsx",
                        "Excel 工作簿 (*.xlsx)")]
    ws = load_workbook(out).active
    assert ws["A1"].value == "【草稿】科技重点公司对比（截至2024年12月29日）"  # the demo issue is a draft
    with Store(window.session.path) as s:
        pe = s.fact("300493.SZ", "pe", "2024E")
    assert ws.cell(fact_row(out, "300493.SZ"), 12).value == pytest.approx(pe, abs=1e-9)
    assert str(out) in window.statusBar().currentMessage()


def test_context_menu_action_with_an_injected_path(window, qtbot, tmp_path):
    out = tmp_path / "from-menu.xlsx"
    issue_id = window.issues_page.current_issue_id()
    with qtbot.waitSignal(window.table_export_done, timeout=30000) as done:
        window.export_table_xlsx(issue_id, out_path=str(out))
    assert done.args[0] == out and load_workbook(out).active.max_row > 60


def test_cancelled_dialog_writes_nothing(window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: asked.append(a) or ("", "")))
    window.issues_page.export_table_action.trigger()
    assert len(asked) == 1  # the context-menu action asked for a file
    assert getattr(window, "_table_export_task", None) is None
    assert list(tmp_path.glob("*.xlsx")) == []


def test_a_missing_folder_is_reported(window, qtbot, tmp_path):
    out = tmp_path / "missing" / "t.xlsx"
    with qtbot.waitSignal(window.table_export_done, timeout=30000) as done:
        window.export_table_xlsx(out_path=str(out))
    exc = done.args[0]
    assert isinstance(exc, Exception) and not out.exists()
    assert window.last_message_box.text().endswith(for_ui(exc.message))  # the Chinese UI drops the gloss
    assert "目标文件夹不存在" in window.statusBar().currentMessage()


def test_issue_editor_exports_the_table(qtbot, demo_path, tmp_path):
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(demo_path, "latest", user="tester", confirm=lambda *a: True)
    qtbot.addWidget(editor)
    assert editor.export_table_action.isEnabled()
    out = tmp_path / "editor.xlsx"
    with qtbot.waitSignal(editor.table_exported, timeout=30000) as done:
        editor.export_table_xlsx(out)
    assert done.args[0] == out and out.exists()
    assert editor.export_table_action.isEnabled()  # no longer busy
    assert str(out) in editor.autosave_label.text()
