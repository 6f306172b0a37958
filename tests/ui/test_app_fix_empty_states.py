"""Empty states say what to do: an empty store's 公司 and 财务对比 tables offer 导入… and 新增公司 (not a
blank grid and "0 行"); a new issue's 署名分析师 and 回顾的指数 say where analysts and indices come from;
导出 PDF on a store without an issue offers 新建周报…."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QToolButton

from workbench.store import Store


@pytest.fixture
def empty_path(tmp_path):
    path = tmp_path / "new.sqlite"
    Store(path).close()
    return path


@pytest.fixture
def empty_window(qtbot, empty_path, settings, confirmations):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    assert w.open_store(empty_path)
    return w


def offered(page) -> list:
    return [b.defaultAction() for b in page.empty_state.findChildren(QToolButton)]


def test_empty_tables_say_what_to_do(empty_window, tmp_path):
    w = empty_window
    for page in (w.companies_page, w.financials_page):
        w.tabs.setCurrentWidget(page)
        assert page.empty_state.isVisible()
        assert page.empty_label.text().strip()
        actions = offered(page)
        assert w.import_action in actions and w.add_company_action in actions
        assert all(b.isVisible() and b.text() for b in page.empty_state.findChildren(QToolButton))
        page.grab().save(str(tmp_path / f"{page.name}.png"))
    assert w.import_action in offered(w.quotes_page)


def test_the_empty_state_leaves_once_there_is_a_row(empty_window, qtbot):
    w = empty_window
    w.tabs.setCurrentWidget(w.companies_page)
    assert w.companies_page.empty_state.isVisible()
    assert w.editing.add_company("600519.SH", "贵州茅台") is None
    assert w.companies_page.model.total_count() == 1
    assert not w.companies_page.empty_state.isVisible()
    w.undo_action.trigger()  # the store is empty again: so is the table, and it says what to do
    assert w.companies_page.model.total_count() == 0
    assert w.companies_page.empty_state.isVisible()


def test_a_filter_that_hides_every_row_is_not_an_empty_store(window):
    page = window.companies_page
    window.tabs.setCurrentWidget(page)
    assert not page.empty_state.isVisible()
    page.filter_edit.setText("没有这样的公司zzz")
    assert page.proxy.rowCount() == 0
    assert not page.empty_state.isVisible()


def test_export_pdf_without_an_issue_offers_a_new_issue(empty_window, monkeypatch):
    w = empty_window
    asked = []
    monkeypatch.setattr(w.windows, "new_first_issue", lambda *a, **k: asked.append(True))
    boxes = []

    def exec_(box):
        boxes.append((box.text(), [b.text() for b in box.buttons()]))
        target = next((b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole), None)
        if target is not None:
            target.click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    w.export_pdf()
    assert boxes, "a message box says there is no issue"
    text, buttons = boxes[0]
    assert len(buttons) == 2  # 新建周报… and 取消
    assert asked == [True]


def test_a_new_issue_says_where_analysts_and_indices_come_from(qtbot, empty_path):
    from ui.issue_editor import IssueEditor
    from workbench.drafting.first import first_issue

    with Store(empty_path) as store:
        issue = first_issue(store, "2025-03-05", by="编辑")
    editor = IssueEditor(empty_path, issue.id, confirm=lambda *a: True, user="tester")
    qtbot.addWidget(editor)
    editor.resize(1366, 690)
    editor.show()
    qtbot.waitExposed(editor)
    meta = editor.meta_page if hasattr(editor, "meta_page") else None
    hints = [h for h in (getattr(meta, "analysts_hint", None), getattr(meta, "review_hint", None)) if h is not None]
    assert len(hints) == 2 and all(h.isVisible() and h.text() for h in hints)
    assert "机构信息" in hints[0].text() or "House" in hints[0].text()
